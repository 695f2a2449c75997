//! (being written)
use leptos::prelude::*;

#[component]
pub fn InboxPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
