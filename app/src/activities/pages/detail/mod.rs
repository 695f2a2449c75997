//! One activity's public page (F-20 – F-23) at `/activities/{id}`.
//!
//! Rendered whole on the server (title, description and Open Graph tags included, so a shared
//! link previews well), readable without an account. The sign-up panel follows the viewer:
//! log in, complete the profile, acknowledge what the activity asks and sign up, or see and
//! cancel one's sign-up. Organisers get edit, sign-up list and cancel-with-reason.
//!
//! Every action is a plain form post that the server answers with a redirect back here, the
//! outcome in the address ([`Done`]) or a refusal (`?__err=`); the page the browser comes back
//! to is drawn by the server and says what happened in its status line, which takes the focus.
//! So the page is the same with or without its script, and on a light page the script holds
//! only the few parts that act before anything is sent (islands): the acknowledgements checked
//! before signing up, the two-step cancel, and copying the link.
//!
//! The parts: `facts` (what, when, where, who may come), `signup` (the panel and the sign-up
//! form), `signed_up` (one's sign-up and cancelling it), `share` (link, QR code, calendar),
//! `manager` (the organisers' tools) and `outcome` (the status line after an action).
mod facts;
mod manager;
mod outcome;
mod share;
mod signed_up;
mod signup;

use crate::activities::api::get_activity;
use crate::activities::model::{Done, Phase, MODE};
use crate::activities::pages::widgets::{label_of, PhaseBadge};
use crate::activities::views::ActivityDetail;
use crate::codes::SERVICE_CATEGORY;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::{error_text, NotFoundPage};
use crate::ui::fields::focus_id;
use crate::ui::head::PageTitle;
use crate::ui::light::{query_param, Island};
use facts::{Conditions, Facts, Plan};
use leptos::prelude::*;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::use_params_map;
use manager::ManagerTools;
use outcome::{shown_outcome, OutcomeMessage};
pub use share::ShareIsland;
pub use signed_up::CancelSignup;
pub use signup::SignupForm;
use signup::SignupPanel;

/// The address people reach the site by, for the share link and `og:url`: on the server the
/// configured public URL (else the request's host), in the browser the page's own origin.
fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>();
        match (crate::state::app_state(), parts) {
            (Ok(state), Some(parts)) => crate::activities::files::site_base(&state, &parts.headers),
            _ => String::new(),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }
}

/// The first ~100 characters of the content on one line, for search results and link previews.
fn description_of(content: &str) -> String {
    let flat = content.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = flat.chars().take(100).collect();
    if flat.chars().count() > 100 {
        out.push('…');
    }
    out
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let origin = site_origin();
    // The origin travels with the activity, so the browser hydrates the server's value.
    let detail = Resource::new(
        move || id.get(),
        move |id| {
            let origin = origin.clone();
            async move {
                match id {
                    Some(id) => get_activity(id).await.map(|d| (d, origin)),
                    None => Err(AppError::NotFound),
                }
            }
        },
    );
    view! {
        <Transition fallback=move || {
            view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok((d, origin)) => view! { <ActivityView detail=d origin /> }.into_any(),
                        Err(AppError::NotFound) => view! { <ActivityNotFound /> }.into_any(),
                        Err(e) => {
                            view! {
                                <PageTitle text=move || {
                                    format!("{} · {}", t_string!(i18n, activities.title), t_string!(i18n, app.name))
                                } />
                                <section class="page narrow">
                                    <h1>{move || t_string!(i18n, activities.title).to_string()}</h1>
                                    <p class="banner banner-error">{error_text(i18n, &e)}</p>
                                    <a href="/activities">
                                        {move || t_string!(i18n, activity_detail.back).to_string()}
                                    </a>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn ActivityNotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <NotFoundPage
            title=Signal::derive(move || t_string!(i18n, activity_detail.not_found_title).to_string())
            body=Signal::derive(move || t_string!(i18n, activity_detail.not_found_body).to_string())
            back_href="/activities"
            back=Signal::derive(move || t_string!(i18n, activity_detail.back).to_string())
        />
    }
}

/// The page's head tags and its body.
#[component]
fn ActivityView(detail: ActivityDetail, origin: String) -> impl IntoView {
    let i18n = use_i18n();
    let url = format!("{origin}/activities/{}", detail.summary.id);
    let title = detail.summary.title.clone();
    let title_text = title.clone();
    let description = description_of(&detail.content);
    view! {
        <PageTitle text=move || format!("{} · {}", title_text, t_string!(i18n, app.name)) />
        <Meta name="description" content=description.clone() />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Meta property="og:type" content="website" />
        <Meta property="og:url" content=url.clone() />
        <Meta property="og:site_name" content=move || t_string!(i18n, app.name).to_string() />
        <Link rel="canonical" href=url.clone() />
        <ActivityBody detail url />
    }
}

#[component]
fn ActivityBody(detail: ActivityDetail, url: String) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let id = d.summary.id;
    let title = d.summary.title.clone();
    let phase = d.summary.phase;
    let can_manage = d.viewer.as_ref().is_some_and(|v| v.can_manage);
    let category = d.summary.category.clone();
    let mode = d.summary.mode.clone();
    let full = phase == Phase::Recruiting && d.summary.confirmed >= d.summary.capacity;
    let cancel_reason = (phase == Phase::Cancelled).then(|| d.cancel_reason.clone());
    // A refusal in the address is the last post's answer: then nothing else is claimed done.
    let done = query_param(Done::PARAM)
        .filter(|_| query_param("__err").is_none())
        .and_then(|name| Done::parse(&name))
        .and_then(|done| shown_outcome(&d, done));
    // After an action, the keyboard and the screen reader start at what it did (the light
    // module does the same on its pages: `data-focus`).
    Effect::new(move |_| {
        if done.is_some() {
            focus_id("activity-status");
        }
    });

    view! {
        <section class="page activity-head">
            <nav class="breadcrumb" aria-label=move || t_string!(i18n, activity_detail.breadcrumb).to_string()>
                <ol>
                    <li>
                        <a href="/activities">{move || t_string!(i18n, activities.title).to_string()}</a>
                    </li>
                    <li aria-current="page">{title.clone()}</li>
                </ol>
            </nav>
            <h1>{title.clone()}</h1>
            <p class="status-line">
                <PhaseBadge phase />
                {full
                    .then(|| {
                        view! {
                            <span class="badge badge-full">
                                {move || t_string!(i18n, activity_detail.full_badge).to_string()}
                            </span>
                        }
                    })}
                <span class="tag">{move || label_of(i18n, &SERVICE_CATEGORY, &category)}</span>
                <span class="tag">{move || label_of(i18n, &MODE, &mode)}</span>
            </p>
            {cancel_reason
                .map(|reason| {
                    view! {
                        <div class="banner banner-warning">
                            <p>
                                <strong>{move || t_string!(i18n, activity_detail.cancelled_title).to_string()}</strong>
                            </p>
                            {(!reason.trim().is_empty())
                                .then(|| {
                                    view! {
                                        <p class="prewrap">
                                            {move || {
                                                t_string!(
                                                    i18n, activity_detail.cancelled_reason, reason = reason.clone()
                                                )
                                                    .to_string()
                                            }}
                                        </p>
                                    }
                                })}
                        </div>
                    }
                })}
            <div
                id="activity-status"
                class="activity-status"
                role="status"
                aria-live="polite"
                tabindex="-1"
                data-focus=done.is_some().then_some("")
            >
                {done.map(|done| view! { <OutcomeMessage done detail=d.clone() /> })}
            </div>
            <Facts detail=d.clone() />
        </section>
        <section class="page" aria-labelledby="signup-title" id="signup-panel">
            <h2 id="signup-title">{move || t_string!(i18n, activity_detail.signup).to_string()}</h2>
            <SignupPanel detail=d.clone() />
        </section>
        <section class="page" aria-labelledby="content-title">
            <h2 id="content-title">{move || t_string!(i18n, activity_detail.content).to_string()}</h2>
            <p class="prewrap activity-content">{d.content.clone()}</p>
        </section>
        <Conditions detail=d.clone() />
        {(!d.risks.trim().is_empty())
            .then(|| {
                view! {
                    <section class="page" aria-labelledby="risks-title">
                        <h2 id="risks-title">{move || t_string!(i18n, activity_detail.risks).to_string()}</h2>
                        <p class="prewrap">{d.risks.clone()}</p>
                    </section>
                }
            })}
        <Plan plan=d.plan.clone() />
        <section class="page" aria-labelledby="share-title">
            <h2 id="share-title">{move || t_string!(i18n, activity_detail.share).to_string()}</h2>
            <Island props=ShareIsland::new(id, url) />
        </section>
        {can_manage.then(|| view! { <ManagerTools id phase /> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_one_line_of_at_most_100_characters() {
        assert_eq!(description_of("第一行\n\n第二行  内容"), "第一行 第二行 内容");
        let long = "科".repeat(150);
        let d = description_of(&long);
        assert_eq!(d.chars().count(), 101);
        assert!(d.ends_with('…'));
    }
}
