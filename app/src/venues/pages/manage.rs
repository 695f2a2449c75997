//! `/orgs/{id}/manage/venues`: the console's list of the venues of the organisation's subtree,
//! with the way to register one and to edit each.
use super::{kind_label, place_text};
use crate::i18n::*;
use crate::orgs::pages::manage::nav::{ManageScope, ManageShell, Section};
use crate::ui::errors::error_text;
use crate::venues::api::org_venues;
use leptos::prelude::*;

#[component]
pub fn OrgVenuesPage() -> impl IntoView {
    let i18n = use_i18n();
    let scope = ManageScope::new();
    let venues = Resource::new(
        move || scope.key(),
        |key| async move {
            match key {
                Some(id) => org_venues(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Venues>
            <p class="actions">
                <a class="button primary" href=move || format!("/venues/new?org={}", scope.id())>
                    {move || t_string!(i18n, venues.new).to_string()}
                </a>
            </p>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    venues
                        .get()
                        .map(|result| match result {
                            Ok(Some(list)) if list.is_empty() => {
                                view! { <p class="empty">{move || t_string!(i18n, venues.none_yet).to_string()}</p> }
                                    .into_any()
                            }
                            Ok(Some(list)) => {
                                view! {
                                    <ul class="card-list org-venues">
                                        {list
                                            .into_iter()
                                            .map(|v| {
                                                let kind = v.kind.clone();
                                                view! {
                                                    <li class="card">
                                                        <h3>
                                                            <a href=format!("/venues/{}", v.id)>{v.name.clone()}</a>
                                                        </h3>
                                                        <p>
                                                            <span class="tag">{move || kind_label(i18n, &kind)}</span>
                                                            {v
                                                                .retired
                                                                .then(|| {
                                                                    view! {
                                                                        " "
                                                                        <span class="badge">
                                                                            {move || t_string!(i18n, venues.retired_badge).to_string()}
                                                                        </span>
                                                                    }
                                                                })}
                                                        </p>
                                                        <p>{place_text(&v.province, &v.city, &v.county, &v.address)}</p>
                                                        <p class="muted">{v.org_name.clone()}</p>
                                                        <p>
                                                            <a href=format!(
                                                                "/venues/{}/edit",
                                                                v.id,
                                                            )>{move || t_string!(i18n, venues.edit).to_string()}</a>
                                                        </p>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Ok(None) => ().into_any(),
                            Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                        })
                }}
            </Transition>
        </ManageShell>
    }
}
