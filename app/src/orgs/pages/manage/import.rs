//! (being written)
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
