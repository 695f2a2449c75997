//! (being written)
use leptos::prelude::*;

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! { <section class="page"><h1>"…"</h1></section> }
}
