//! (being written)
use leptos::prelude::*;

#[component]
pub fn ProjectPage() -> impl IntoView {
    view! { <section class="page"><h1>"…"</h1></section> }
}

#[component]
pub fn ProjectFormPage() -> impl IntoView {
    view! { <section class="page"><h1>"…"</h1></section> }
}
