//! (being written)
use leptos::prelude::*;

#[component]
pub fn ManagePage() -> impl IntoView {
    view! { <p>"…"</p> }
}
