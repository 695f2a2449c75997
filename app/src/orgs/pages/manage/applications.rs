//! (being written)
use leptos::prelude::*;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
