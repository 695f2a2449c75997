//! (being written)
use leptos::prelude::*;

#[component]
pub fn OrgsPage() -> impl IntoView {
    view! { <p>"…"</p> }
}

#[component]
pub fn OrgPage() -> impl IntoView {
    view! { <p>"…"</p> }
}
