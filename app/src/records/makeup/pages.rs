//! The make-up pages: the volunteer's request form and their requests
//! (`/activities/{id}/makeup`, `/me/makeups`) and the staff queue of an activity
//! (`/activities/{id}/makeups`).
//!
//! The request form is a plain multipart form posted to the server function: without
//! JavaScript (and with it, since nothing intercepts it) the server answers with a redirect back
//! to this page, where the new request is listed; a refusal comes back as `?__err=` and is shown
//! above the form and under its fields.
use super::model::{Cause, MakeupForm, MakeupQueue, MakeupStatus, MyMakeup, PendingMakeup};
use super::{load_makeup_form, load_makeup_queue, my_makeups, DecideMakeup};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::decision_queue::{DecisionQueue, QueueTexts};
use crate::ui::errors::refusal_from_address;
use crate::ui::errors::{error_text, invalid_text};
use crate::ui::format::{encode_component, local_time};
use crate::ui::head::PageTitle;
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

pub fn cause_label(i18n: I18nContext<Locale>, cause: Cause) -> String {
    match cause {
        Cause::Network => t_string!(i18n, makeup.cause_network),
        Cause::Operation => t_string!(i18n, makeup.cause_operation),
        Cause::Location => t_string!(i18n, makeup.cause_location),
        Cause::Other => t_string!(i18n, makeup.cause_other),
    }
    .to_string()
}

fn status_label(i18n: I18nContext<Locale>, status: MakeupStatus) -> String {
    match status {
        MakeupStatus::Pending => t_string!(i18n, makeup.status_pending),
        MakeupStatus::Approved => t_string!(i18n, makeup.status_approved),
        MakeupStatus::Rejected => t_string!(i18n, makeup.status_rejected),
    }
    .to_string()
}

fn activity_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())))
}

fn login_redirect(path: String) -> AnyView {
    view! { <Redirect path=format!("/login?next={}", encode_component(&path)) /> }.into_any()
}

/// `/activities/{id}/makeup`
#[component]
pub fn MakeupPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = activity_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_makeup_form(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let page_title = move || format!("{} · {}", t_string!(i18n, makeup.title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page makeup-page">
            <h1>{move || t_string!(i18n, makeup.title).to_string()}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match data.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        login_redirect(format!("/activities/{}/makeup", id.get().unwrap_or_default()))
                    }
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(form)) => view! { <MakeupFormView form /> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn MakeupFormView(form: MakeupForm) -> impl IntoView {
    let i18n = use_i18n();
    let refusal = refusal_from_address();
    let errors: FieldErrors = refusal.as_ref().and_then(|e| e.field_errors().cloned()).unwrap_or_default();
    let banner = refusal.as_ref().map(|e| error_text(i18n, e));
    let field_error = move |name: &str| errors.get(name).map(|invalid| invalid_text(i18n, invalid));
    let (cause_err, reason_err, from_err, to_err, file_err) =
        (field_error("cause"), field_error("reason"), field_error("from"), field_error("to"), field_error("file"));
    let id = form.activity_id;
    let schedule = format!("{} – {}", local_time(form.starts_at), local_time(form.ends_at));
    let blocked = form.blocked.map(|r| error_text(i18n, &AppError::Refused(r)));
    let from_value = crate::activities::model::format_local_input(form.starts_at);
    let to_value = crate::activities::model::format_local_input(form.ends_at);
    let invalid = |e: &Option<String>| if e.is_some() { "true" } else { "false" };
    view! {
        <p class="lead">
            <a href=format!("/activities/{id}")>{form.title.clone()}</a>
            " · "
            {schedule}
        </p>
        <p class="hint">{move || t_string!(i18n, makeup.intro).to_string()}</p>
        {banner
            .map(|b| {
                view! {
                    <p class="banner banner-error" role="alert" id="makeup-error">
                        {b}
                    </p>
                }
            })}
        {match blocked {
            Some(why) => {
                view! {
                    <p class="banner banner-info" id="makeup-blocked">
                        {why}
                    </p>
                }
                    .into_any()
            }
            None => {
                view! {
                    <form
                        class="form makeup-form"
                        method="post"
                        enctype="multipart/form-data"
                        action="/api/records/makeup-file"
                    >
                        <input type="hidden" name="activity_id" value=id.to_string() />
                        <div class="field" class:field-invalid=cause_err.is_some()>
                            <label for="f-cause">{move || t_string!(i18n, makeup.cause).to_string()}</label>
                            <select
                                id="f-cause"
                                name="cause"
                                aria-invalid=invalid(&cause_err)
                                aria-describedby="f-cause-error"
                            >
                                {Cause::ALL
                                    .into_iter()
                                    .map(|c| view! { <option value=c.code()>{move || cause_label(i18n, c)}</option> })
                                    .collect_view()}
                            </select>
                            <p class="field-error" id="f-cause-error">
                                {cause_err.clone()}
                            </p>
                        </div>
                        <div class="field" class:field-invalid=reason_err.is_some()>
                            <label for="f-reason">
                                {move || t_string!(i18n, makeup.reason).to_string()}
                                <span class="req">
                                    "*"
                                    <span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span>
                                </span>
                            </label>
                            <textarea
                                id="f-reason"
                                name="reason"
                                rows="3"
                                required
                                maxlength=super::model::MAX_REASON_CHARS
                                aria-invalid=invalid(&reason_err)
                                aria-describedby="f-reason-error"
                            ></textarea>
                            <p class="field-error" id="f-reason-error">
                                {reason_err.clone()}
                            </p>
                        </div>
                        <div class="field" class:field-invalid=from_err.is_some()>
                            <label for="f-from">{move || t_string!(i18n, makeup.from).to_string()}</label>
                            <input
                                id="f-from"
                                name="from"
                                type="datetime-local"
                                required
                                value=from_value
                                aria-invalid=invalid(&from_err)
                                aria-describedby="f-span-hint f-from-error"
                            />
                            <p class="field-error" id="f-from-error">
                                {from_err.clone()}
                            </p>
                        </div>
                        <div class="field" class:field-invalid=to_err.is_some()>
                            <label for="f-to">{move || t_string!(i18n, makeup.to).to_string()}</label>
                            <input
                                id="f-to"
                                name="to"
                                type="datetime-local"
                                required
                                value=to_value
                                aria-invalid=invalid(&to_err)
                                aria-describedby="f-span-hint f-to-error"
                            />
                            <p class="field-error" id="f-to-error">
                                {to_err.clone()}
                            </p>
                        </div>
                        <p class="hint" id="f-span-hint">
                            {move || t_string!(i18n, makeup.span_hint).to_string()}
                        </p>
                        <div class="field" class:field-invalid=file_err.is_some()>
                            <label for="f-file">{move || t_string!(i18n, makeup.photo).to_string()}</label>
                            <p class="hint" id="f-file-hint">
                                {move || t_string!(i18n, makeup.photo_hint).to_string()}
                            </p>
                            <input
                                id="f-file"
                                name="file"
                                type="file"
                                accept="image/jpeg,image/png,image/webp"
                                aria-invalid=invalid(&file_err)
                                aria-describedby="f-file-hint f-file-error"
                            />
                            <p class="field-error" id="f-file-error">
                                {file_err.clone()}
                            </p>
                        </div>
                        <div class="actions">
                            <button type="submit" class="button primary">
                                {move || t_string!(i18n, makeup.submit).to_string()}
                            </button>
                        </div>
                    </form>
                }
                    .into_any()
            }
        }}
        <h2>{move || t_string!(i18n, makeup.yours).to_string()}</h2>
        <RequestList requests=form.requests />
        <p>
            <a href="/me/makeups">{move || t_string!(i18n, makeup.all_yours).to_string()}</a>
        </p>
    }
}

#[component]
fn RequestList(requests: Vec<MyMakeup>) -> impl IntoView {
    let i18n = use_i18n();
    if requests.is_empty() {
        return view! { <p class="empty">{move || t_string!(i18n, makeup.none_yet).to_string()}</p> }.into_any();
    }
    view! {
        <ul class="card-list makeup-requests">
            {requests
                .into_iter()
                .map(|r| {
                    let status = r.status;
                    let decision = r.decision_reason.clone();
                    let photo = r.has_photo.then(|| format!("/makeups/{}/photo", r.id));
                    view! {
                        <li class="card makeup-request">
                            <h3>
                                <a href=format!("/activities/{}", r.activity_id)>{r.activity_title.clone()}</a>
                            </h3>
                            <dl class="facts">
                                <div>
                                    <dt>{move || t_string!(i18n, makeup.status).to_string()}</dt>
                                    <dd class=format!(
                                        "makeup-status makeup-{}",
                                        status.code(),
                                    )>{move || status_label(i18n, status)}</dd>
                                </div>
                                <div>
                                    <dt>{move || t_string!(i18n, makeup.cause).to_string()}</dt>
                                    <dd>{move || cause_label(i18n, r.cause)}</dd>
                                </div>
                                <div>
                                    <dt>{move || t_string!(i18n, makeup.span).to_string()}</dt>
                                    <dd>
                                        {format!(
                                            "{} – {}",
                                            local_time(r.claimed_from_at),
                                            local_time(r.claimed_to_at),
                                        )}
                                    </dd>
                                </div>
                                <div>
                                    <dt>{move || t_string!(i18n, makeup.reason).to_string()}</dt>
                                    <dd>{r.reason.clone()}</dd>
                                </div>
                                {(!decision.is_empty())
                                    .then(|| {
                                        view! {
                                            <div>
                                                <dt>{move || t_string!(i18n, makeup.decision_reason).to_string()}</dt>
                                                <dd class="decision-reason">{decision.clone()}</dd>
                                            </div>
                                        }
                                    })}
                            </dl>
                            {photo
                                .map(|href| {
                                    view! {
                                        <p>
                                            <a href=href rel="external" target="_blank">
                                                {move || t_string!(i18n, makeup.view_photo).to_string()}
                                            </a>
                                        </p>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// `/me/makeups`
#[component]
pub fn MyMakeupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| my_makeups());
    let page_title = move || format!("{} · {}", t_string!(i18n, makeup.mine_title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page my-makeups-page">
            <h1>{move || t_string!(i18n, makeup.mine_title).to_string()}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match data.get() {
                    Some(Err(AppError::Unauthenticated)) => login_redirect("/me/makeups".into()),
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(requests)) => view! { <RequestList requests /> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

/// `/activities/{id}/makeups`: the activity's pending requests, for its staff.
#[component]
pub fn MakeupQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = activity_id();
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_makeup_queue(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let page_title = move || format!("{} · {}", t_string!(i18n, makeup.queue_title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page makeup-queue-page">
            <h1>{move || t_string!(i18n, makeup.queue_title).to_string()}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match data.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        login_redirect(format!("/activities/{}/makeups", id.get().unwrap_or_default()))
                    }
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(queue)) => view! { <Queue queue /> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

fn pending_card(item: PendingMakeup) -> AnyView {
    let i18n = use_i18n();
    let name = if item.name.trim().is_empty() { item.masked_mobile.clone() } else { item.name.clone() };
    let photo = item.has_photo.then(|| format!("/makeups/{}/photo", item.id));
    view! {
        <h2 class="card-title">{name}" "<span class="muted">{item.masked_mobile.clone()}</span></h2>
        <dl class="facts">
            <div>
                <dt>{move || t_string!(i18n, makeup.cause).to_string()}</dt>
                <dd>{move || cause_label(i18n, item.cause)}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, makeup.span).to_string()}</dt>
                <dd>{format!("{} – {}", local_time(item.claimed_from_at), local_time(item.claimed_to_at))}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, makeup.reason).to_string()}</dt>
                <dd>{item.reason.clone()}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, makeup.filed_at).to_string()}</dt>
                <dd>{local_time(item.created_at)}</dd>
            </div>
        </dl>
        {photo
            .map(|href| {
                view! {
                    <p>
                        <a href=href rel="external" target="_blank">
                            {move || t_string!(i18n, makeup.view_photo).to_string()}
                        </a>
                    </p>
                }
            })}
    }
    .into_any()
}

fn done_text(i18n: I18nContext<Locale>, m: &PendingMakeup, approved: bool) -> String {
    let name = m.name.clone();
    if approved {
        t_string!(i18n, makeup.done_approved, name = name).to_string()
    } else {
        t_string!(i18n, makeup.done_rejected, name = name).to_string()
    }
}

#[component]
fn Queue(queue: MakeupQueue) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DecideMakeup>::new();
    let id = queue.activity_id;
    let texts = QueueTexts {
        approve: Signal::derive(move || t_string!(i18n, makeup.approve).to_string()),
        decline: Signal::derive(move || t_string!(i18n, makeup.reject).to_string()),
        prompt: Signal::derive(move || t_string!(i18n, makeup.reject_prompt).to_string()),
        reason: Signal::derive(move || t_string!(i18n, makeup.reject_reason).to_string()),
        confirm: Signal::derive(move || t_string!(i18n, makeup.reject_confirm).to_string()),
        cancel: Signal::derive(move || t_string!(i18n, makeup.cancel).to_string()),
        empty: Signal::derive(move || t_string!(i18n, makeup.queue_empty).to_string()),
    };
    view! {
        <p class="lead">
            <a href=format!("/activities/{id}")>{queue.title.clone()}</a>
            " · "
            {format!("{} – {}", local_time(queue.starts_at), local_time(queue.ends_at))}
        </p>
        <p class="hint">{move || t_string!(i18n, makeup.queue_hint).to_string()}</p>
        <DecisionQueue
            items=queue.items
            key=|m: &PendingMakeup| m.id
            id_field="request_id"
            action
            card=pending_card
            card_class="card makeup-card"
            texts
            done=done_text
            status_id="makeup-status"
        />
        <p>
            <a href=format!("/activities/{id}/review")>{move || t_string!(i18n, review.activity_link).to_string()}</a>
        </p>
    }
}
