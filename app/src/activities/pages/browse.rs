//! (being written)
use leptos::prelude::*;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    view! { <section class="page"><h1>"…"</h1></section> }
}
