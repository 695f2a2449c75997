//! (being written)
use leptos::prelude::*;

#[component]
pub fn StaffPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
