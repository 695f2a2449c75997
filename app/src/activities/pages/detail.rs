//! One activity's public page (F-20 – F-23) at `/activities/{id}`.
//!
//! Rendered whole on the server (title, description and Open Graph tags included, so a shared
//! link previews well), readable without an account. The sign-up panel follows the viewer:
//! log in, complete the profile, acknowledge what the activity asks and sign up, or see and
//! cancel one's sign-up. Organisers get edit, sign-up list and cancel-with-reason.
//!
//! After an action the page reads the activity again into a signal that only the changing parts
//! (status, places, the panel) follow, so the rest of the page and the keyboard focus stay put.
use crate::activities::api::{cancel_activity, cancel_sign_up, get_activity, sign_up};
use crate::activities::model::{
    check_acknowledgements, Phase, SignupInput, SignupStatus, CONTENT_FORM, MODE, SERVICE_OBJECT, SPECIAL_GROUP,
};
use crate::activities::pages::widgets::{label_of, places_text, time_range, PhaseBadge, SignupBadge};
use crate::activities::views::{ActivityDetail, MySignup, SignupResult};
use crate::error::{AppError, Refusal};
use crate::i18n::*;
use crate::ui::format::local_time;
use crate::ui::errors::error_text;
use crate::ui::fields::{error_of, focus_first_error, text, TextArea};
use crate::validation::FieldErrors;
use crate::codes::{ChoiceList, SERVICE_CATEGORY};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

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

fn labels_of(i18n: I18nContext<Locale>, list: &'static ChoiceList, codes: &[String]) -> String {
    codes.iter().map(|c| label_of(i18n, list, c)).collect::<Vec<_>>().join("、")
}

fn plan_label(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "purpose" => t_string!(i18n, activity_detail.plan_purpose).to_string(),
        "process" => t_string!(i18n, activity_detail.plan_process).to_string(),
        "support" => t_string!(i18n, activity_detail.plan_support).to_string(),
        "funding" => t_string!(i18n, activity_detail.plan_funding).to_string(),
        "emergency_plan" => t_string!(i18n, activity_detail.plan_emergency_plan).to_string(),
        "publicity" => t_string!(i18n, activity_detail.plan_publicity).to_string(),
        other => other.to_owned(),
    }
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
        <Transition fallback=move || view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok((d, origin)) => view! { <ActivityView detail=d origin /> }.into_any(),
                        Err(AppError::NotFound) => view! { <ActivityNotFound /> }.into_any(),
                        Err(e) => {
                            view! {
                                <Title text=move || format!("{} · {}", t_string!(i18n, activities.title), t_string!(i18n, app.name)) />
                                <section class="page narrow">
                                    <h1>{move || t_string!(i18n, activities.title).to_string()}</h1>
                                    <p class="banner banner-error">{error_text(i18n, &e)}</p>
                                    <a href="/activities">{move || t_string!(i18n, activity_detail.back).to_string()}</a>
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
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, activity_detail.not_found_title), t_string!(i18n, app.name)) />
        <section class="page narrow">
            <h1>{move || t_string!(i18n, activity_detail.not_found_title).to_string()}</h1>
            <p>{move || t_string!(i18n, activity_detail.not_found_body).to_string()}</p>
            <a class="button" href="/activities">{move || t_string!(i18n, activity_detail.back).to_string()}</a>
        </section>
    }
}

#[component]
fn ActivityView(detail: ActivityDetail, origin: String) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail.clone();
    let id = d.summary.id;
    let ctx = Ctx { id, live: RwSignal::new(detail), outcome: RwSignal::new(None) };
    let live = ctx.live;

    let path = format!("/activities/{id}");
    let url = format!("{origin}{path}");
    let title = d.summary.title.clone();
    let description = description_of(&d.content);
    let can_manage = d.viewer.as_ref().is_some_and(|v| v.can_manage);
    let category = d.summary.category.clone();
    let mode = d.summary.mode.clone();

    let phase = move || live.with(|d| d.summary.phase);
    let full = move || live.with(|d| d.summary.phase == Phase::Recruiting && d.summary.confirmed >= d.summary.capacity);
    let cancel_reason = move || live.with(|d| (d.summary.phase == Phase::Cancelled).then(|| d.cancel_reason.clone()));
    let title_text = title.clone();
    let crumb = title.clone();

    view! {
        <Title text=move || format!("{} · {}", title_text, t_string!(i18n, app.name)) />
        <Meta name="description" content=description.clone() />
        <Meta property="og:title" content=title.clone() />
        <Meta property="og:description" content=description />
        <Meta property="og:type" content="website" />
        <Meta property="og:url" content=url.clone() />
        <Meta property="og:site_name" content=move || t_string!(i18n, app.name).to_string() />
        <Link rel="canonical" href=url.clone() />
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
                {move || full().then(|| view! { <span class="badge badge-full">{move || t_string!(i18n, activity_detail.full_badge).to_string()}</span> })}
                <span class="tag">{move || label_of(i18n, &SERVICE_CATEGORY, &category)}</span>
                <span class="tag">{move || label_of(i18n, &MODE, &mode)}</span>
            </p>
            {move || {
                cancel_reason()
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
                                                {move || t_string!(i18n, activity_detail.cancelled_reason, reason = reason.clone()).to_string()}
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
        {(!d.plan.is_empty())
            .then(|| {
                let plan = d.plan.clone();
                view! {
                    <section class="page" aria-labelledby="activity-plan-title">
                        <details class="activity-plan" id="activity-plan">
                            <summary id="activity-plan-title">{move || t_string!(i18n, activity_detail.plan).to_string()}</summary>
                            <dl class="facts plan-facts">
                                {plan
                                    .into_iter()
                                    .map(|(field, value)| {
                                        view! {
                                            <dt>{move || plan_label(i18n, &field)}</dt>
                                            <dd class="prewrap">{value}</dd>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        </details>
                    </section>
                }
            })}
        <section class="page" aria-labelledby="share-title">
            <h2 id="share-title">{move || t_string!(i18n, activity_detail.share).to_string()}</h2>
            <ShareBox id url />
        </section>
        {can_manage.then(|| view! { <ManagerTools ctx /> })}
    }
}

/// The facts of the activity as a list of label and value.
#[component]
fn Facts(detail: ActivityDetail, live: RwSignal<ActivityDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let s = d.summary.clone();
    let when = time_range(s.starts_at, s.ends_at);
    let window = (local_time(s.signup_opens_at), local_time(s.signup_closes_at));
    let deadline = local_time(d.cancel_deadline_at);
    let place = if s.address.is_empty() { s.region_name.clone() } else { format!("{} · {}", s.region_name, s.address) };
    let online = s.mode != "offline" && !d.online_link.trim().is_empty();
    // The meeting link is for the people taking part: confirmed volunteers and the organisers.
    let link_visible = move || {
        live.with(|d| {
            d.viewer.as_ref().is_some_and(|v| {
                v.can_manage || v.signup.as_ref().is_some_and(|s| s.status == SignupStatus::Confirmed)
            })
        })
    };
    let link = d.online_link.clone();
    let (content_form, objects, groups) = (d.content_form.clone(), d.service_objects.clone(), d.special_groups.clone());
    let category = s.category.clone();
    let mode = s.mode.clone();
    let has_groups = !groups.is_empty();
    let needs_approval = d.needs_approval;
    let project = d.project.clone();
    let phone = d.contact_phone.clone();
    view! {
        <h2 class="sr-only" id="facts-title">{move || t_string!(i18n, activity_detail.info).to_string()}</h2>
        <dl class="facts activity-facts" aria-labelledby="facts-title">
            <dt>{move || t_string!(i18n, activity_detail.time).to_string()}</dt>
            <dd>{when}</dd>
            <dt>{move || t_string!(i18n, activity_detail.place).to_string()}</dt>
            <dd>{place}</dd>
            {online
                .then(|| {
                    view! {
                        <dt>{move || t_string!(i18n, activity_detail.online_link).to_string()}</dt>
                        <dd>
                            {move || {
                                if link_visible() {
                                    let href = link.clone();
                                    view! {
                                        <a href=href rel="noopener noreferrer" target="_blank">
                                            {link.clone()}
                                        </a>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <span class="muted">{move || t_string!(i18n, activity_detail.online_after_signup).to_string()}</span>
                                    }
                                        .into_any()
                                }
                            }}
                        </dd>
                    }
                })}
            <dt>{move || t_string!(i18n, activity_detail.places).to_string()}</dt>
            <dd>
                {move || live.with(|d| places_text(i18n, &d.summary))}
                {needs_approval
                    .then(|| view! { <span class="fact-note">{move || t_string!(i18n, activity_detail.needs_approval).to_string()}</span> })}
            </dd>
            <dt>{move || t_string!(i18n, activity_detail.signup_window).to_string()}</dt>
            <dd>
                {move || {
                    t_string!(i18n, activity_detail.signup_window_value, opens = window.0.clone(), closes = window.1.clone()).to_string()
                }}
            </dd>
            <dt>{move || t_string!(i18n, activity_detail.cancel_deadline).to_string()}</dt>
            <dd>{deadline}</dd>
            <dt>{move || t_string!(i18n, activity_detail.organiser).to_string()}</dt>
            <dd>
                <a href=format!("/orgs/{}", s.org_id)>{s.org_name.clone()}</a>
            </dd>
            {project
                .map(|(pid, name)| {
                    view! {
                        <dt>{move || t_string!(i18n, activity_detail.project).to_string()}</dt>
                        <dd>
                            <a href=format!("/projects/{pid}")>{name}</a>
                        </dd>
                    }
                })}
            <dt>{move || t_string!(i18n, activity_detail.category).to_string()}</dt>
            <dd>{move || label_of(i18n, &SERVICE_CATEGORY, &category)}</dd>
            <dt>{move || t_string!(i18n, activity_detail.content_form).to_string()}</dt>
            <dd>{move || label_of(i18n, &CONTENT_FORM, &content_form)}</dd>
            <dt>{move || t_string!(i18n, activity_detail.mode).to_string()}</dt>
            <dd>{move || label_of(i18n, &MODE, &mode)}</dd>
            <dt>{move || t_string!(i18n, activity_detail.service_objects).to_string()}</dt>
            <dd>{move || labels_of(i18n, &SERVICE_OBJECT, &objects)}</dd>
            {has_groups
                .then(|| {
                    view! {
                        <dt>{move || t_string!(i18n, activity_detail.special_groups).to_string()}</dt>
                        <dd>{move || labels_of(i18n, &SPECIAL_GROUP, &groups)}</dd>
                    }
                })}
            <dt>{move || t_string!(i18n, activity_detail.contact).to_string()}</dt>
            <dd>
                {d.contact_name.clone()} " " <a href=format!("tel:{phone}")>{phone.clone()}</a>
            </dd>
        </dl>
    }
}

/// Who may sign up: age, skills, qualification, training and insurance.
#[component]
fn Conditions(detail: ActivityDetail) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let age = match (d.min_age, d.max_age) {
        (Some(lo), Some(hi)) => Some((lo, hi, 0u8)),
        (Some(lo), None) => Some((lo, 0, 1)),
        (None, Some(hi)) => Some((0, hi, 2)),
        (None, None) => None,
    };
    let (skills, qualification) = (d.skills.clone(), d.qualification.clone());
    let (training, insurance) = (d.training_required, d.insurance_required);
    let none = age.is_none() && skills.trim().is_empty() && qualification.trim().is_empty() && !training && !insurance;
    view! {
        <section class="page" aria-labelledby="conditions-title">
            <h2 id="conditions-title">{move || t_string!(i18n, activity_detail.conditions).to_string()}</h2>
            {if none {
                view! { <p>{move || t_string!(i18n, activity_detail.no_conditions).to_string()}</p> }.into_any()
            } else {
                view! {
                    <dl class="facts">
                        {age
                            .map(|(lo, hi, kind)| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.age).to_string()}</dt>
                                    <dd>
                                        {move || match kind {
                                            0 => t_string!(i18n, activity_detail.age_between, min = lo, max = hi).to_string(),
                                            1 => t_string!(i18n, activity_detail.age_min, min = lo).to_string(),
                                            _ => t_string!(i18n, activity_detail.age_max, max = hi).to_string(),
                                        }}
                                    </dd>
                                }
                            })}
                        {(!skills.trim().is_empty())
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.skills).to_string()}</dt>
                                    <dd class="prewrap">{skills.clone()}</dd>
                                }
                            })}
                        {(!qualification.trim().is_empty())
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.qualification).to_string()}</dt>
                                    <dd>{qualification.clone()}</dd>
                                }
                            })}
                        {training
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.training).to_string()}</dt>
                                    <dd>{move || t_string!(i18n, activity_detail.training_required).to_string()}</dd>
                                }
                            })}
                        {insurance
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.insurance).to_string()}</dt>
                                    <dd>{move || t_string!(i18n, activity_detail.insurance_required).to_string()}</dd>
                                }
                            })}
                    </dl>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Other sign-ups of the viewer at the same time, as links.
#[component]
fn OverlapWarning(items: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="banner banner-warning overlap-warning">
            <p>{move || t_string!(i18n, activity_detail.overlap_warning).to_string()}</p>
            <ul>
                {items
                    .into_iter()
                    .map(|(id, title)| {
                        view! {
                            <li>
                                <a href=format!("/activities/{id}")>{title}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p>{move || t_string!(i18n, activity_detail.overlap_note).to_string()}</p>
        </div>
    }
}

#[component]
fn OutcomeMessage(outcome: Outcome) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        Outcome::SignedUp(result) => {
            let status = result.status;
            let position = result.waitlist_position.unwrap_or(0);
            let class = if status == SignupStatus::Confirmed { "banner banner-success" } else { "banner banner-info" };
            let overlaps = result.overlaps;
            view! {
                <p class=class>
                    {move || match status {
                        SignupStatus::Confirmed => t_string!(i18n, activity_detail.done_confirmed).to_string(),
                        SignupStatus::Waitlisted => t_string!(i18n, activity_detail.done_waitlisted, position = position).to_string(),
                        _ => t_string!(i18n, activity_detail.done_pending).to_string(),
                    }}
                </p>
                {(!overlaps.is_empty()).then(|| view! { <OverlapWarning items=overlaps.clone() /> })}
            }
                .into_any()
        }
        Outcome::SignupCancelled => {
            view! { <p class="banner banner-success">{move || t_string!(i18n, activity_detail.sign_up_cancelled).to_string()}</p> }
                .into_any()
        }
        Outcome::ActivityCancelled => {
            view! { <p class="banner banner-success">{move || t_string!(i18n, activity_detail.activity_cancelled).to_string()}</p> }
                .into_any()
        }
    }
}

/// The sign-up panel: what the viewer can do now, from the activity as last read.
#[component]
fn SignupPanel(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let id = ctx.id;
    move || {
        let d = ctx.live.get();
        let phase = d.summary.phase;
        let mine: Option<MySignup> = d.viewer.as_ref().and_then(|v| v.signup.clone());
        if let Some(s) = mine.clone().filter(|s| s.status.is_open()) {
            let deadline = if s.status == SignupStatus::Confirmed { d.cancel_deadline_at } else { d.summary.starts_at };
            let contact = format!("{} {}", d.contact_name, d.contact_phone);
            return view! { <SignedUp signup=s phase deadline contact ctx /> }.into_any();
        }
        let earlier = mine.map(|s| s.status);
        let message = |text: String| view! { <p class="panel-note">{text}</p> }.into_any();
        let body = match phase {
            Phase::Cancelled => message(t_string!(i18n, activity_detail.cancelled_no_signup).to_string()),
            Phase::Draft => message(t_string!(i18n, activity_detail.draft).to_string()),
            Phase::NotOpen => {
                let time = local_time(d.summary.signup_opens_at);
                message(t_string!(i18n, activity_detail.not_open, time = time).to_string())
            }
            Phase::SignupClosed | Phase::InProgress => message(t_string!(i18n, activity_detail.closed).to_string()),
            Phase::Ended => message(t_string!(i18n, activity_detail.ended).to_string()),
            Phase::Recruiting => match d.viewer.clone() {
                None => view! {
                    <p class="panel-note">{move || t_string!(i18n, activity_detail.login_hint).to_string()}</p>
                    <a class="button primary" href=format!("/login?next=/activities/{id}")>
                        {move || t_string!(i18n, activity_detail.login_to_sign_up).to_string()}
                    </a>
                }
                .into_any(),
                Some(v) if !v.profile_complete => view! {
                    <p class="panel-note">{move || t_string!(i18n, activity_detail.profile_incomplete).to_string()}</p>
                    <a class="button primary" href="/me/profile">
                        {move || t_string!(i18n, activity_detail.complete_profile).to_string()}
                    </a>
                }
                .into_any(),
                Some(_) if earlier == Some(SignupStatus::Declined) => {
                    message(t_string!(i18n, activity_detail.declined_hint).to_string())
                }
                Some(v) => {
                    let full = d.summary.confirmed >= d.summary.capacity;
                    view! {
                        {(earlier == Some(SignupStatus::Cancelled))
                            .then(|| view! { <p class="panel-note">{move || t_string!(i18n, activity_detail.cancelled_before).to_string()}</p> })}
                        <SignupForm
                            ctx
                            risks=d.risks.clone()
                            insurance=d.insurance_required
                            training=d.training_required
                            needs_approval=d.needs_approval
                            full
                            overlaps=v.overlaps.clone()
                        />
                    }
                        .into_any()
                }
            },
        };
        let status_line = earlier.filter(|_| phase != Phase::Recruiting || earlier == Some(SignupStatus::Declined)).map(|status| {
            view! {
                <p class="status-line">
                    <span class="status-label">{move || t_string!(i18n, activity_detail.your_status).to_string()}</span>
                    <SignupBadge status />
                </p>
            }
        });
        view! {
            {status_line}
            {body}
        }
        .into_any()
    }
}

/// A required acknowledgement: a checkbox with its error under it.
#[component]
fn AckCheck(name: &'static str, label: Signal<String>, checked: RwSignal<bool>, errors: RwSignal<FieldErrors>) -> impl IntoView {
    let error = error_of(errors, name);
    let id = format!("f-{name}");
    let label_for = id.clone();
    view! {
        <div class="field ack" class:field-invalid=move || error.get().is_some()>
            <label class="check" for=label_for>
                <input
                    type="checkbox"
                    id=id
                    name=name
                    aria-required="true"
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby=format!("f-{name}-error")
                    prop:checked=move || checked.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        checked.set(on);
                        if on {
                            errors.update(|e| e.0.retain(|x| x.field != name));
                        }
                    }
                />
                <span>{move || label.get()}</span>
            </label>
            <p class="field-error" id=format!("f-{name}-error")>{move || error.get()}</p>
        </div>
    }
}

#[component]
fn SignupForm(
    ctx: Ctx,
    risks: String,
    insurance: bool,
    training: bool,
    needs_approval: bool,
    full: bool,
    overlaps: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_risks = !risks.trim().is_empty();
    let risks_read = RwSignal::new(false);
    let insurance_ack = RwSignal::new(false);
    let training_ack = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let id = ctx.id;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let input = SignupInput {
            activity_id: id,
            risks_read: risks_read.get_untracked(),
            insurance_ack: insurance_ack.get_untracked(),
            training_ack: training_ack.get_untracked(),
        };
        // The same rule the server applies, checked here first so nothing is sent in vain.
        if let Err(e) = check_acknowledgements(&input, has_risks, insurance, training) {
            errors.set(e.clone());
            focus_first_error(&e);
            return;
        }
        errors.set(FieldErrors::new());
        failure.set(None);
        pending.set(true);
        leptos::task::spawn_local(async move {
            match sign_up(input).await {
                Ok(result) => {
                    pending.set(false);
                    ctx.announce(Outcome::SignedUp(result));
                }
                Err(AppError::Invalid(e)) => {
                    pending.set(false);
                    errors.set(e.clone());
                    focus_first_error(&e);
                }
                Err(e) => {
                    pending.set(false);
                    failure.set(Some(e));
                }
            }
        });
    };
    let ack_needed = has_risks || insurance || training;

    view! {
        {(!overlaps.is_empty()).then(|| view! { <OverlapWarning items=overlaps.clone() /> })}
        {full.then(|| view! { <p class="banner banner-info">{move || t_string!(i18n, activity_detail.full_waitlist).to_string()}</p> })}
        {needs_approval.then(|| view! { <p class="panel-note">{move || t_string!(i18n, activity_detail.needs_approval).to_string()}</p> })}
        <form class="signup-form" novalidate on:submit=submit>
            {ack_needed
                .then(|| {
                    view! {
                        <fieldset class="field acks">
                            <legend>{move || t_string!(i18n, activity_detail.ack_legend).to_string()}</legend>
                            {has_risks
                                .then(|| {
                                    view! {
                                        <p class="hint">{move || t_string!(i18n, activity_detail.risks_before).to_string()}</p>
                                        <p class="prewrap risk-text">{risks.clone()}</p>
                                        <AckCheck
                                            name="risks_read"
                                            label=text(move || t_string!(i18n, activity_detail.risks_read).to_string())
                                            checked=risks_read
                                            errors
                                        />
                                    }
                                })}
                            {insurance
                                .then(|| {
                                    view! {
                                        <AckCheck
                                            name="insurance_ack"
                                            label=text(move || t_string!(i18n, activity_detail.insurance_ack).to_string())
                                            checked=insurance_ack
                                            errors
                                        />
                                    }
                                })}
                            {training
                                .then(|| {
                                    view! {
                                        <AckCheck
                                            name="training_ack"
                                            label=text(move || t_string!(i18n, activity_detail.training_ack).to_string())
                                            checked=training_ack
                                            errors
                                        />
                                    }
                                })}
                        </fieldset>
                    }
                })}
            <div class="form-message" aria-live="polite">
                {move || {
                    failure
                        .get()
                        .map(|e| {
                            let incomplete = matches!(e, AppError::Refused(Refusal::ProfileIncomplete));
                            view! {
                                <div class="banner banner-error" role="alert">
                                    <p>{error_text(i18n, &e)}</p>
                                    {incomplete
                                        .then(|| {
                                            view! {
                                                <a href="/me/profile">{move || t_string!(i18n, activity_detail.complete_profile).to_string()}</a>
                                            }
                                        })}
                                </div>
                            }
                        })
                }}
            </div>
            <button type="submit" class="button primary block" id="sign-up" disabled=move || pending.get()>
                {move || {
                    if pending.get() {
                        t_string!(i18n, activity_detail.signing_up).to_string()
                    } else {
                        t_string!(i18n, activity_detail.sign_up).to_string()
                    }
                }}
            </button>
        </form>
    }
}

/// The viewer's open sign-up: its status and, while allowed, a two-step cancel.
#[component]
fn SignedUp(signup: MySignup, phase: Phase, deadline: i64, contact: String, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let status = signup.status;
    let position = signup.waitlist_position;
    let confirming = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<AppError>);
    let id = ctx.id;
    let ask = move |_| {
        confirming.set(true);
        failure.set(None);
        // The confirm button replaces this one: keep the keyboard where the choice is.
        request_animation_frame(|| focus_id("confirm-cancel-sign-up"));
    };
    let keep = move |_| {
        confirming.set(false);
        request_animation_frame(|| focus_id("cancel-sign-up"));
    };
    let confirm = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            match cancel_sign_up(id).await {
                Ok(()) => {
                    pending.set(false);
                    ctx.announce(Outcome::SignupCancelled);
                }
                Err(e) => {
                    pending.set(false);
                    failure.set(Some(e));
                }
            }
        });
    };
    let still_ahead = matches!(phase, Phase::NotOpen | Phase::Recruiting | Phase::SignupClosed | Phase::InProgress);
    let deadline_text = local_time(deadline);
    view! {
        <p class="status-line">
            <span class="status-label">{move || t_string!(i18n, activity_detail.your_status).to_string()}</span>
            <SignupBadge status />
            {position
                .map(|p| view! { <span class="waitlist-position">{move || t_string!(i18n, activity_detail.waitlist_position, position = p).to_string()}</span> })}
        </p>
        {(status == SignupStatus::Pending).then(|| view! { <p class="panel-note">{move || t_string!(i18n, activity_detail.pending_hint).to_string()}</p> })}
        {if signup.can_cancel {
            view! {
                <div class="cancel-sign-up">
                    <Show
                        when=move || confirming.get()
                        fallback=move || {
                            view! {
                                <button type="button" class="button danger" id="cancel-sign-up" on:click=ask>
                                    {move || t_string!(i18n, activity_detail.cancel_sign_up).to_string()}
                                </button>
                            }
                        }
                    >
                        <div class="confirm" role="group" aria-labelledby="cancel-sign-up-question">
                            <p id="cancel-sign-up-question">{move || t_string!(i18n, activity_detail.cancel_confirm_text).to_string()}</p>
                            <div class="actions">
                                <button
                                    type="button"
                                    class="button danger"
                                    id="confirm-cancel-sign-up"
                                    disabled=move || pending.get()
                                    on:click=confirm
                                >
                                    {move || {
                                        if pending.get() {
                                            t_string!(i18n, activity_detail.cancelling).to_string()
                                        } else {
                                            t_string!(i18n, activity_detail.confirm_cancel).to_string()
                                        }
                                    }}
                                </button>
                                <button type="button" class="button" on:click=keep>
                                    {move || t_string!(i18n, activity_detail.keep).to_string()}
                                </button>
                            </div>
                        </div>
                    </Show>
                    <div aria-live="polite">
                        {move || failure.get().map(|e| view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> })}
                    </div>
                </div>
            }
                .into_any()
        } else if still_ahead {
            view! {
                <p class="banner banner-info">
                    {move || {
                        t_string!(i18n, activity_detail.cancel_deadline_passed, time = deadline_text.clone(), contact = contact.clone())
                            .to_string()
                    }}
                </p>
            }
                .into_any()
        } else {
            ().into_any()
        }}
    }
}

/// The link to share (copyable), the page's QR code and the calendar file.
#[component]
fn ShareBox(id: i64, url: String) -> impl IntoView {
    let i18n = use_i18n();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| copy_link("share-url", move |ok| copied.set(Some(ok)));
    view! {
        <div class="share-box">
            <div class="field">
                <label for="share-url">{move || t_string!(i18n, activity_detail.share_link).to_string()}</label>
                <div class="inline-row">
                    <input id="share-url" type="text" readonly value=url />
                    // Copying needs the page's script; without it the link is there to select.
                    <Show when=move || hydrated.get()>
                        <button type="button" class="button" id="copy-link" on:click=copy>
                            {move || t_string!(i18n, activity_detail.copy).to_string()}
                        </button>
                    </Show>
                </div>
                <p class="inline-message" role="status">
                    {move || {
                        copied
                            .get()
                            .map(|ok| {
                                if ok {
                                    t_string!(i18n, activity_detail.copied).to_string()
                                } else {
                                    t_string!(i18n, activity_detail.copy_manual).to_string()
                                }
                            })
                    }}
                </p>
            </div>
            <img
                class="share-qr"
                src=format!("/activities/{id}/qr.svg")
                alt=move || t_string!(i18n, activity_detail.qr_alt).to_string()
                width="160"
                height="160"
            />
            <p>
                <a class="button" href=format!("/activities/{id}/calendar.ics") download=format!("activity-{id}.ics")>
                    {move || t_string!(i18n, activity_detail.calendar).to_string()}
                </a>
            </p>
        </div>
    }
}

/// Selects the link in its box and copies it: the asynchronous clipboard where the browser
/// offers it (secure pages), else the older copy command; `done(false)` leaves it selected for
/// the person to copy.
#[cfg(not(feature = "ssr"))]
fn copy_link(input_id: &str, done: impl Fn(bool) + Clone + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::js_sys;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        done(false);
        return;
    };
    let Some(input) = document.get_element_by_id(input_id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        done(false);
        return;
    };
    input.select();
    let value = input.value();
    let command = move || {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.exec_command("copy").ok())
            .unwrap_or(false)
    };
    let navigator = web_sys::window().map(|w| w.navigator());
    let has_clipboard = navigator
        .as_ref()
        .and_then(|n| js_sys::Reflect::get(n, &JsValue::from_str("clipboard")).ok())
        .is_some_and(|c| !c.is_undefined() && !c.is_null());
    match navigator.filter(|_| has_clipboard) {
        Some(navigator) => {
            let promise = navigator.clipboard().write_text(&value);
            let on_ok = done.clone();
            let ok = Closure::<dyn FnMut(JsValue)>::new(move |_| on_ok(true));
            let failed = Closure::<dyn FnMut(JsValue)>::new(move |_| done(command()));
            let _ = promise.then2(&ok, &failed);
            // One of them runs once, later; they are tiny, so they are left to the page.
            ok.forget();
            failed.forget();
        }
        None => done(command()),
    }
}

#[cfg(feature = "ssr")]
fn copy_link(_input_id: &str, done: impl Fn(bool) + Clone + 'static) {
    done(false);
}

/// Edit, the sign-up list, and cancelling the activity with a reason everyone is told.
#[component]
fn ManagerTools(ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let id = ctx.id;
    let open = move || !matches!(ctx.live.with(|d| d.summary.phase), Phase::Cancelled | Phase::Ended);
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let reason_error = error_of(errors, "reason");
    let ask = move |_| {
        asking.set(true);
        request_animation_frame(|| focus_id("f-reason"));
    };
    let keep = move |_| {
        asking.set(false);
        errors.set(FieldErrors::new());
        request_animation_frame(|| focus_id("cancel-activity"));
    };
    let confirm = move |_| {
        if pending.get_untracked() {
            return;
        }
        let why = reason.get_untracked();
        if let Err(invalid) = crate::validation::text(&why, true, 200) {
            let mut e = FieldErrors::new();
            e.push("reason", invalid);
            errors.set(e.clone());
            focus_first_error(&e);
            return;
        }
        errors.set(FieldErrors::new());
        failure.set(None);
        pending.set(true);
        leptos::task::spawn_local(async move {
            match cancel_activity(id, why).await {
                Ok(()) => {
                    pending.set(false);
                    asking.set(false);
                    ctx.announce(Outcome::ActivityCancelled);
                }
                Err(AppError::Invalid(e)) => {
                    pending.set(false);
                    errors.set(e.clone());
                    focus_first_error(&e);
                }
                Err(e) => {
                    pending.set(false);
                    failure.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="page manager-tools" aria-labelledby="manage-activity-title">
            <h2 id="manage-activity-title">{move || t_string!(i18n, activity_detail.manage).to_string()}</h2>
            <p class="actions">
                <Show when=open>
                    <a class="button" href=format!("/activities/{id}/edit")>{move || t_string!(i18n, activity_detail.edit).to_string()}</a>
                </Show>
                <a class="button" href=format!("/activities/{id}/signups")>{move || t_string!(i18n, activity_detail.signups).to_string()}</a>
            </p>
            <Show when=open>
                <Show
                    when=move || asking.get()
                    fallback=move || {
                        view! {
                            <button type="button" class="button danger" id="cancel-activity" on:click=ask>
                                {move || t_string!(i18n, activity_detail.cancel_activity).to_string()}
                            </button>
                        }
                    }
                >
                    <div class="confirm reason-confirm">
                        <TextArea
                            name="reason"
                            label=text(move || t_string!(i18n, activity_detail.cancel_reason).to_string())
                            hint=text(move || t_string!(i18n, activity_detail.cancel_reason_hint).to_string())
                            value=reason
                            error=reason_error
                        />
                        <div class="actions">
                            <button
                                type="button"
                                class="button danger"
                                id="confirm-cancel-activity"
                                disabled=move || pending.get()
                                on:click=confirm
                            >
                                {move || t_string!(i18n, activity_detail.confirm_cancel_activity).to_string()}
                            </button>
                            <button type="button" class="button" on:click=keep>
                                {move || t_string!(i18n, activity_detail.keep_activity).to_string()}
                            </button>
                        </div>
                    </div>
                </Show>
            </Show>
            <div aria-live="polite">
                {move || failure.get().map(|e| view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> })}
            </div>
        </section>
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
