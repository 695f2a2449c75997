//! The organiser's publish form (F-20), for `/activities/new` (`?org=` and `?project=` preselect)
//! and `/activities/{id}/edit`.
//!
//! Every field of [`ActivityInput`](crate::activities::model::ActivityInput) in six fieldsets,
//! checked in the browser by the server's own validator on submit and field by field on blur, so
//! a wrong time or a missing address is said before any request; what only the server knows (the
//! end already passed, places below those confirmed) comes back under the same fields.
mod basic;
mod conditions;
mod contact;
mod form;
mod locate;
mod plan;
mod signup;
mod state;
mod time_place;

use crate::activities::api::{load_activity_form, ActivityFormContext};
use crate::activities::model::{parse_local_datetime, ActivityStatus};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::format::encode_component;
use crate::ui::head::PageTitle;
use form::ActivityForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

/// The login address that comes back to this very page (path and query).
pub(super) fn login_here(location: &leptos_router::location::Location) -> String {
    let search = location.search.get_untracked();
    let path = location.pathname.get_untracked();
    let here = if search.is_empty() { path } else { format!("{path}?{search}") };
    format!("/login?next={}", encode_component(&here))
}

#[component]
pub fn PublishPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    // Both routes share this page: only the edit route has an `id`.
    let editing = Memo::new(move |_| params.with(|p| p.get("id").is_some()));
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.trim().parse::<i64>().ok())));
    let context = Resource::new(
        move || (editing.get(), id.get()),
        |(editing, id)| async move {
            match (editing, id) {
                (true, None) => Err(AppError::NotFound),
                (_, id) => load_activity_form(id).await,
            }
        },
    );
    let heading = move || {
        if editing.get() {
            t_string!(i18n, publish.title_edit).to_string()
        } else {
            t_string!(i18n, publish.title_new).to_string()
        }
    };
    let preset = move |key: &str| query.with_untracked(|q| q.get(key).and_then(|v| v.trim().parse::<i64>().ok()));
    view! {
        <PageTitle text=move || format!("{} · {}", heading(), t_string!(i18n, app.name)) />
        <section class="page narrow publish-page">
            <h1>{heading}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    context
                        .get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => {
                                view! { <Redirect path=login_here(&location) /> }.into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {error_text(i18n, &e)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(ctx) if ctx.orgs.is_empty() => view! { <NoOrgs /> }.into_any(),
                            Ok(ctx) => {
                                match closed_reason(&ctx) {
                                    Some(reason) => view! { <Closed reason id=id.get_untracked() /> }.into_any(),
                                    None => {
                                        view! {
                                            <ActivityForm
                                                ctx
                                                id=id.get_untracked()
                                                preset_org=preset("org")
                                                preset_project=preset("project")
                                            />
                                        }
                                            .into_any()
                                    }
                                }
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

/// Why a stored activity can no longer be edited: cancelled, or published and over (the server
/// refuses both; drafts stay editable whatever their dates).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClosedReason {
    Cancelled,
    Ended,
}

fn closed_reason(ctx: &ActivityFormContext) -> Option<ClosedReason> {
    let input = ctx.input.as_ref()?;
    match ctx.status {
        Some(ActivityStatus::Cancelled) => Some(ClosedReason::Cancelled),
        Some(ActivityStatus::Published) => {
            let now = chrono::Utc::now().timestamp_micros();
            parse_local_datetime(&input.ends_at).ok().filter(|end| *end <= now).map(|_| ClosedReason::Ended)
        }
        _ => None,
    }
}

#[component]
fn Closed(reason: ClosedReason, id: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="banner banner-info" role="status">
            {move || match reason {
                ClosedReason::Cancelled => t_string!(i18n, publish.closed_cancelled).to_string(),
                ClosedReason::Ended => t_string!(i18n, publish.closed_ended).to_string(),
            }}
        </p>
        {id
            .map(|id| {
                view! {
                    <p class="actions">
                        <a class="button" href=format!("/activities/{id}")>
                            {move || t_string!(i18n, publish.view_activity).to_string()}
                        </a>
                    </p>
                }
            })}
    }
}

/// Only staff of an approved organisation publish; say so and where to go instead.
#[component]
pub(super) fn NoOrgs(#[prop(optional)] for_projects: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="banner banner-info" role="status">
            {move || {
                if for_projects {
                    t_string!(i18n, projects.no_orgs).to_string()
                } else {
                    t_string!(i18n, publish.no_orgs).to_string()
                }
            }}
        </p>
        <p class="actions">
            <a class="button" href="/orgs">
                {move || t_string!(i18n, publish.find_orgs).to_string()}
            </a>
        </p>
    }
}
