//! One activity's public page (F-20 – F-23) at `/activities/{id}`.
//!
//! Rendered whole on the server (title, description and Open Graph tags included, so a shared
//! link previews well), readable without an account. The sign-up panel follows the viewer:
//! log in, complete the profile, acknowledge what the activity asks and sign up, or see and
//! cancel one's sign-up. Organisers get edit, sign-up list and cancel-with-reason.
//!
//! After an action the page reads the activity again into a signal that only the changing parts
//! (status, places, the panel) follow, so the rest of the page and the keyboard focus stay put.
//!
//! The parts: `facts` (what, when, where, who may come), `signup` (the panel and the sign-up
//! form), `signed_up` (one's sign-up and cancelling it), `share` (link, QR code, calendar) and
//! `manager` (the organisers' tools). Sign-up and cancel are plain form posts that work before
//! the page's script arrives; the server answers them with a redirect back here.
mod facts;
mod manager;
mod share;
mod signed_up;
mod signup;

use crate::activities::api::get_activity;
use crate::activities::model::{Phase, MODE};
use crate::activities::pages::widgets::{label_of, PhaseBadge};
use crate::activities::views::{ActivityDetail, SignupResult};
use crate::codes::SERVICE_CATEGORY;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::{error_text, NotFoundPage};
use crate::ui::head::PageTitle;
use crate::ui::light::{Island, IslandSpec};
use facts::{Conditions, Facts, Plan};
use leptos::prelude::*;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::use_params_map;
use manager::ManagerTools;
use serde::{Deserialize, Serialize};
use share::ShareBox;
use signup::{OutcomeMessage, SignupPanel};

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

/// Moves keyboard focus to an element (a status region after an action, a confirm button).
fn focus_id(id: &str) {
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(feature = "ssr")]
    let _ = id;
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

/// What the last action on the page did, announced in the page's status region.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    SignedUp(SignupResult),
    SignupCancelled,
    ActivityCancelled,
}

/// What the page's parts share: the activity as last read, and the status message slot.
#[derive(Clone, Copy)]
struct Ctx {
    id: i64,
    live: RwSignal<ActivityDetail>,
    outcome: RwSignal<Option<Outcome>>,
}

impl Ctx {
    /// Reads the activity again (places, phase, the viewer's sign-up) after an action.
    fn refresh(self) {
        let (id, live) = (self.id, self.live);
        leptos::task::spawn_local(async move {
            if let Ok(d) = get_activity(id).await {
                live.set(d);
            }
        });
    }

    /// Shows what an action did and moves focus to it (the control pressed may be gone).
    fn announce(self, outcome: Outcome) {
        self.outcome.set(Some(outcome));
        focus_id("activity-status");
        self.refresh();
    }
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

/// The page's head tags (rendered by the server and the app) and its body, the light page's
/// one island: what an action changes (places, phase, the sign-up) is shown across the body.
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
        <Link rel="canonical" href=url />
        <Island props=ActivityIsland { detail, origin } />
    }
}

/// The activity page's body as an island.
#[derive(Clone, Serialize, Deserialize)]
pub struct ActivityIsland {
    detail: ActivityDetail,
    origin: String,
}

impl IslandSpec for ActivityIsland {
    const NAME: &'static str = "activity";

    fn view(self) -> AnyView {
        view! { <ActivityBody detail=self.detail origin=self.origin /> }.into_any()
    }
}

#[component]
fn ActivityBody(detail: ActivityDetail, origin: String) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail.clone();
    let id = d.summary.id;
    let ctx = Ctx { id, live: RwSignal::new(detail), outcome: RwSignal::new(None) };
    let live = ctx.live;

    let path = format!("/activities/{id}");
    let url = format!("{origin}{path}");
    let title = d.summary.title.clone();
    let can_manage = d.viewer.as_ref().is_some_and(|v| v.can_manage);
    let category = d.summary.category.clone();
    let mode = d.summary.mode.clone();

    let phase = move || live.with(|d| d.summary.phase);
    let full = move || live.with(|d| d.summary.phase == Phase::Recruiting && d.summary.confirmed >= d.summary.capacity);
    let cancel_reason = move || live.with(|d| (d.summary.phase == Phase::Cancelled).then(|| d.cancel_reason.clone()));
    let crumb = title.clone();

    view! {
        <section class="page activity-head">
            <nav class="breadcrumb" aria-label=move || t_string!(i18n, activity_detail.breadcrumb).to_string()>
                <ol>
                    <li>
                        <a href="/activities">{move || t_string!(i18n, activities.title).to_string()}</a>
                    </li>
                    <li aria-current="page">{crumb}</li>
                </ol>
            </nav>
            <h1>{title.clone()}</h1>
            <p class="status-line">
                {move || view! { <PhaseBadge phase=phase() /> }}
                {move || {
                    full()
                        .then(|| {
                            view! {
                                <span class="badge badge-full">
                                    {move || t_string!(i18n, activity_detail.full_badge).to_string()}
                                </span>
                            }
                        })
                }} <span class="tag">{move || label_of(i18n, &SERVICE_CATEGORY, &category)}</span>
                <span class="tag">{move || label_of(i18n, &MODE, &mode)}</span>
            </p>
            {move || {
                cancel_reason()
                    .map(|reason| {
                        view! {
                            <div class="banner banner-warning">
                                <p>
                                    <strong>
                                        {move || t_string!(i18n, activity_detail.cancelled_title).to_string()}
                                    </strong>
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
                    })
            }}
            <div id="activity-status" class="activity-status" role="status" aria-live="polite" tabindex="-1">
                {move || ctx.outcome.get().map(|o| view! { <OutcomeMessage outcome=o /> })}
            </div>
            <Facts detail=d.clone() live />
        </section>
        <section class="page" aria-labelledby="signup-title" id="signup-panel">
            <h2 id="signup-title">{move || t_string!(i18n, activity_detail.signup).to_string()}</h2>
            <SignupPanel ctx />
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
            <ShareBox id url />
        </section>
        {can_manage.then(|| view! { <ManagerTools ctx /> })}
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
