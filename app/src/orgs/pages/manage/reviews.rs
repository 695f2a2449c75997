//! (being written)
use leptos::prelude::*;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
