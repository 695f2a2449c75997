//! (being written)
use leptos::prelude::*;

#[component]
pub fn MyOrgsPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
