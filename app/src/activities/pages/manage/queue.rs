//! Section 1 of the organiser's activities: sign-ups waiting for approval, decided through the
//! shared decision queue (approve, or decline with a reason the volunteer is told).
use super::{shown_name, Queue};
use crate::activities::api::DecideSignUp;
use crate::activities::views::SignupRequest;
use crate::i18n::*;
use crate::ui::decision_queue::{DecisionQueue, QueueTexts};
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use crate::ui::format::local_time;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// Section 1: sign-ups waiting for a decision, oldest first.
#[component]
pub(super) fn SignupQueue(queue: Queue, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DecideSignUp>::new();
    let texts = QueueTexts {
        approve: text(move || t_string!(i18n, manage_activities.approve).to_string()),
        decline: text(move || t_string!(i18n, manage_activities.decline).to_string()),
        prompt: text(move || t_string!(i18n, manage_activities.decline_prompt).to_string()),
        reason: text(move || t_string!(i18n, manage_activities.decline_reason).to_string()),
        confirm: text(move || t_string!(i18n, manage_activities.decline_confirm).to_string()),
        cancel: text(move || t_string!(i18n, manage.cancel).to_string()),
        empty: text(move || t_string!(i18n, manage_activities.queue_empty).to_string()),
    };
    // The activity cards' counts change with each decision.
    let on_decided = Callback::new(move |_| version.update(|v| *v += 1));
    view! {
        <section class="signup-queue" id="queue" aria-labelledby="queue-heading">
            <h2 id="queue-heading">{move || t_string!(i18n, manage_activities.queue_heading).to_string()}</h2>
            <p class="lead">{move || t_string!(i18n, manage_activities.queue_intro).to_string()}</p>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match queue.get() {
                    Some(Ok(Some(items))) => {
                        let count = items.len();
                        view! {
                            <p class="result-count">
                                {move || t_string!(i18n, manage_activities.queue_count, count = count).to_string()}
                            </p>
                            <DecisionQueue
                                items
                                key=|r: &SignupRequest| r.signup_id
                                id_field="signup_id"
                                action
                                card=request_card
                                card_class="card signup-request"
                                texts
                                done=decided_text
                                status_id="manage-status"
                                on_decided
                            />
                        }
                            .into_any()
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

fn decided_text(i18n: I18nContext<Locale>, request: &SignupRequest, approved: bool) -> String {
    let name = shown_name(i18n, &request.name);
    let activity = request.activity_title.clone();
    if approved {
        t_string!(i18n, manage_activities.approved, name = name, activity = activity).to_string()
    } else {
        t_string!(i18n, manage_activities.declined, name = name, activity = activity).to_string()
    }
}

/// Who asked to join which activity, and what they bring.
fn request_card(request: SignupRequest) -> AnyView {
    let i18n = use_i18n();
    let age = request.age;
    let qualifications = request.qualifications.trim().to_owned();
    view! {
        <h3 class="card-title">{shown_name(i18n, &request.name)}</h3>
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
    }
    .into_any()
}
