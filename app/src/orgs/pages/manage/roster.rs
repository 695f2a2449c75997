//! (being written)
use leptos::prelude::*;

#[component]
pub fn RosterPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
