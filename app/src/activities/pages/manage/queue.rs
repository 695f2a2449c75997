//! Section 1 of the organiser's activities: sign-ups waiting for approval.
use super::{shown_name, Queue};
use crate::activities::api::DecideSignUp;
use crate::activities::views::SignupRequest;
use crate::i18n::*;
use crate::orgs::pages::manage::nav::focus_later;
use crate::orgs::pages::manage::widgets::{refusal_field, ReasonConfirm};
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use crate::ui::format::local_time;
use leptos::prelude::*;

/// The id of the console's status line (focus goes there after a decided card disappears).
const STATUS_ID: &str = "manage-status";

/// Section 1: sign-ups waiting for a decision, oldest first.
#[component]
pub(super) fn SignupQueue(queue: Queue, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let decided = RwSignal::new(Vec::<i64>::new());
    let done = RwSignal::new(None::<String>);
    let on_decided = Callback::new(move |(id, message): (i64, String)| {
        decided.update(|d| d.push(id));
        done.set(Some(message));
        version.update(|v| *v += 1);
        focus_later(STATUS_ID);
    });
    view! {
        <section class="signup-queue" id="queue" aria-labelledby="queue-heading">
            <h2 id="queue-heading">{move || t_string!(i18n, manage_activities.queue_heading).to_string()}</h2>
            <p class="lead">{move || t_string!(i18n, manage_activities.queue_intro).to_string()}</p>
            <div id=STATUS_ID class="form-message" role="status" tabindex="-1">
                {move || done.get().map(|message| view! { <p class="banner banner-success">{message}</p> })}
            </div>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match queue.get() {
                    Some(Ok(Some(items))) => {
                        let items: Vec<SignupRequest> = items
                            .into_iter()
                            .filter(|r| !decided.with(|d| d.contains(&r.signup_id)))
                            .collect();
                        if items.is_empty() {
                            view! {
                                <p class="empty">
                                    {move || t_string!(i18n, manage_activities.queue_empty).to_string()}
                                </p>
                            }
                                .into_any()
                        } else {
                            let count = items.len();
                            view! {
                                <p class="result-count">
                                    {move || t_string!(i18n, manage_activities.queue_count, count = count).to_string()}
                                </p>
                                <ul class="card-list">
                                    {items
                                        .into_iter()
                                        .map(|request| view! { <RequestCard request on_decided /> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn RequestCard(request: SignupRequest, on_decided: Callback<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideSignUp>::new();
    let approving = RwSignal::new(true);
    let banner = RwSignal::new(None::<String>);
    let reason_error = RwSignal::new(None::<String>);
    let id = request.signup_id;
    let name = shown_name(i18n, &request.name);
    {
        let name = name.clone();
        let activity = request.activity_title.clone();
        Effect::new(move |_| match decide.value().get() {
            Some(Ok(())) => {
                let (name, activity) = (name.clone(), activity.clone());
                let message = if approving.get_untracked() {
                    t_string!(i18n, manage_activities.approved, name = name, activity = activity).to_string()
                } else {
                    t_string!(i18n, manage_activities.declined, name = name, activity = activity).to_string()
                };
                on_decided.run((id, message));
            }
            Some(Err(e)) => match e.field_errors().and_then(|f| refusal_field(i18n, f, "reason")) {
                Some(message) => reason_error.set(Some(message)),
                None => banner.set(Some(error_text(i18n, &e))),
            },
            None => {}
        });
    }
    let approve = move |_| {
        banner.set(None);
        approving.set(true);
        decide.dispatch(DecideSignUp { signup_id: id, approve: true, reason: String::new() });
    };
    let decline = Callback::new(move |reason: String| {
        banner.set(None);
        approving.set(false);
        decide.dispatch(DecideSignUp { signup_id: id, approve: false, reason });
    });
    let age = request.age;
    let qualifications = request.qualifications.trim().to_owned();
    view! {
        <li class="card signup-request" id=format!("signup-request-{id}")>
            <h3 class="card-title">{name}</h3>
            <dl class="facts">
                <dt>{move || t_string!(i18n, manage_activities.activity).to_string()}</dt>
                <dd>
                    <a href=format!("/activities/{}", request.activity_id)>{request.activity_title.clone()}</a>
                </dd>
                <dt>{move || t_string!(i18n, manage_activities.mobile).to_string()}</dt>
                <dd>{request.masked_mobile.clone()}</dd>
                <dt>{move || t_string!(i18n, manage_activities.age).to_string()}</dt>
                <dd>
                    {move || match age {
                        Some(age) => t_string!(i18n, manage_activities.age_years, age = age).to_string(),
                        None => t_string!(i18n, manage_activities.not_given).to_string(),
                    }}
                </dd>
                <dt>{move || t_string!(i18n, manage_activities.qualifications).to_string()}</dt>
                <dd class="pre-line">
                    {move || {
                        if qualifications.is_empty() {
                            t_string!(i18n, common.none).to_string()
                        } else {
                            qualifications.clone()
                        }
                    }}
                </dd>
                <dt>{move || t_string!(i18n, manage_activities.requested_at).to_string()}</dt>
                <dd>{local_time(request.requested_at)}</dd>
            </dl>
            {move || {
                banner
                    .get()
                    .map(|b| {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {b}
                            </p>
                        }
                    })
            }}
            <div class="decision">
                <button
                    type="button"
                    class="button primary"
                    id=format!("signup-{id}-approve")
                    disabled=move || decide.pending().get()
                    on:click=approve
                >
                    {move || t_string!(i18n, manage_activities.approve).to_string()}
                </button>
                <ReasonConfirm
                    id=format!("signup-{id}")
                    open_label=text(move || t_string!(i18n, manage_activities.decline).to_string())
                    prompt=text(move || t_string!(i18n, manage_activities.decline_prompt).to_string())
                    reason_label=text(move || t_string!(i18n, manage_activities.decline_reason).to_string())
                    confirm_label=text(move || t_string!(i18n, manage_activities.decline_confirm).to_string())
                    pending=decide.pending()
                    error=reason_error
                    on_confirm=decline
                />
            </div>
        </li>
    }
}
