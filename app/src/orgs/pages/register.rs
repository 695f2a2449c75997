//! (being written)
use leptos::prelude::*;

#[component]
pub fn RegisterOrgPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
