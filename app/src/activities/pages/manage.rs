//! (being written)
use leptos::prelude::*;

#[component]
pub fn OrgActivitiesPage() -> impl IntoView {
    view! { <section class="page"><h1>"…"</h1></section> }
}

#[component]
pub fn ParticipantsPage() -> impl IntoView {
    view! { <section class="page"><h1>"…"</h1></section> }
}
