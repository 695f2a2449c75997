//! The console's first page: the corps (top-level organisations), registering a new one, and
//! the registrations waiting in each corps' tree. Reviews happen on the organisations' own
//! review pages (`/orgs/{id}/manage/reviews`), where a platform admin may act as an admin of
//! every corps.
use super::{card_list, PlatformShell, Section};
use crate::i18n::*;
use crate::platform::api::list_corps;
use leptos::prelude::*;

#[component]
pub fn PlatformPage() -> impl IntoView {
    let i18n = use_i18n();
    let corps = Resource::new(|| (), |_| list_corps());
    view! {
        <PlatformShell section=Section::Corps>
            <p class="lead">{move || t_string!(i18n, platform.corps.intro).to_string()}</p>
            <p class="actions">
                <a class="button primary" href="/orgs/new">
                    {move || t_string!(i18n, platform.corps.register).to_string()}
                </a>
            </p>
            {card_list(
                corps,
                "corps-list",
                Some(Signal::derive(move || t_string!(i18n, platform.corps.empty).to_string())),
                move |c| {
                    let pending = c.pending_reviews;
                    view! {
                        <li class="card">
                            <p class="card-title">
                                <a href=format!("/orgs/{}", c.id)>{c.name.clone()}</a>
                            </p>
                            <p class="corps-pending">
                                {move || { t_string!(i18n, platform.corps.pending, count = pending).to_string() }}
                            </p>
                            <p class="actions">
                                <a class="button" href=format!("/orgs/{}/manage/reviews", c.id)>
                                    {move || t_string!(i18n, platform.corps.review).to_string()}
                                </a>
                                <a class="button" href=format!("/orgs/{}/manage", c.id)>
                                    {move || t_string!(i18n, platform.corps.manage).to_string()}
                                </a>
                            </p>
                        </li>
                    }
                },
            )}
        </PlatformShell>
    }
}
