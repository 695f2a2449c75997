//! (being written)
use leptos::prelude::*;

#[component]
pub fn PublishPage() -> impl IntoView {
    view! { <section class="page"><h1>"…"</h1></section> }
}
