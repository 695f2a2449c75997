//! The sign-up panel: what the viewer can do now, and the sign-up form.
//!
//! The form is an `ActionForm`: with the page's script it posts in place and the page announces
//! the outcome; without it, it is a plain form post that the server answers with a redirect back
//! here, a refusal riding along in the address, which the action reads as its first value.
use super::signed_up::SignedUp;
use super::{Ctx, Outcome};
use crate::activities::api::SignUp;
use crate::activities::model::{check_acknowledgements, Phase, SignupInput, SignupStatus};
use crate::activities::pages::widgets::SignupBadge;
use crate::activities::views::MySignup;
use crate::error::{AppError, Refusal};
use crate::i18n::*;
use crate::ui::errors::show_error;
use crate::ui::fields::{error_of, focus_first_error, text};
use crate::ui::format::local_time;
use crate::validation::FieldErrors;
use leptos::form::ActionForm;
use leptos::prelude::*;

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
pub(super) fn OutcomeMessage(outcome: Outcome) -> impl IntoView {
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
                        SignupStatus::Waitlisted => {
                            t_string!(i18n, activity_detail.done_waitlisted, position = position).to_string()
                        }
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
pub(super) fn SignupPanel(ctx: Ctx) -> impl IntoView {
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
                            .then(|| {
                                view! {
                                    <p class="panel-note">
                                        {move || t_string!(i18n, activity_detail.cancelled_before).to_string()}
                                    </p>
                                }
                            })}
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

/// A required acknowledgement: a checkbox with its error under it. Posted as
/// `input[<name>]=true` when ticked; an unticked box sends nothing, which the server reads as no.
#[component]
fn AckCheck(
    name: &'static str,
    label: Signal<String>,
    checked: RwSignal<bool>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let error = error_of(errors, name);
    let id = format!("f-{name}");
    let label_for = id.clone();
    view! {
        <div class="field ack" class:field-invalid=move || error.get().is_some()>
            <label class="check" for=label_for>
                <input
                    type="checkbox"
                    id=id
                    name=format!("input[{name}]")
                    value="true"
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
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
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
    let id = ctx.id;
    let has_risks = !risks.trim().is_empty();
    let risks_read = RwSignal::new(false);
    let insurance_ack = RwSignal::new(false);
    let training_ack = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    // Refused for an incomplete profile: the message comes with the way to complete it.
    let incomplete = RwSignal::new(false);
    let report = move |e: &AppError| {
        incomplete.set(matches!(e, AppError::Refused(Refusal::ProfileIncomplete)));
        show_error(i18n, e, errors, banner);
    };
    let action = ServerAction::<SignUp>::new();
    // A refusal that came back to a post without JavaScript is the action's value from the start.
    if let Some(Err(e)) = action.value().get_untracked() {
        report(&e);
    }
    Effect::new(move |_| match action.value().get() {
        Some(Ok(result)) => ctx.announce(Outcome::SignedUp(result)),
        Some(Err(e)) => report(&e),
        None => {}
    });
    // Runs before the form sends (capture phase): the same rule the server applies, checked
    // here first so nothing is sent in vain. Stopping the event keeps the form from posting.
    let check = move |ev: leptos::ev::SubmitEvent| {
        let input = SignupInput {
            activity_id: id,
            risks_read: risks_read.get_untracked(),
            insurance_ack: insurance_ack.get_untracked(),
            training_ack: training_ack.get_untracked(),
        };
        banner.set(None);
        incomplete.set(false);
        match check_acknowledgements(&input, has_risks, insurance, training) {
            Ok(()) => errors.set(FieldErrors::new()),
            Err(e) => {
                ev.prevent_default();
                errors.set(e.clone());
                focus_first_error(&e);
            }
        }
    };
    let pending = action.pending();
    let ack_needed = has_risks || insurance || training;

    view! {
        {(!overlaps.is_empty()).then(|| view! { <OverlapWarning items=overlaps.clone() /> })}
        {full
            .then(|| {
                view! {
                    <p class="banner banner-info">
                        {move || t_string!(i18n, activity_detail.full_waitlist).to_string()}
                    </p>
                }
            })}
        {needs_approval
            .then(|| {
                view! {
                    <p class="panel-note">{move || t_string!(i18n, activity_detail.needs_approval).to_string()}</p>
                }
            })}
        <ActionForm action attr:class="signup-form" on:submit:capture=check>
            <input type="hidden" name="input[activity_id]" value=id.to_string() />
            {ack_needed
                .then(|| {
                    view! {
                        <fieldset class="field acks">
                            <legend>{move || t_string!(i18n, activity_detail.ack_legend).to_string()}</legend>
                            {has_risks
                                .then(|| {
                                    view! {
                                        <p class="hint">
                                            {move || t_string!(i18n, activity_detail.risks_before).to_string()}
                                        </p>
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
                                            label=text(move || {
                                                t_string!(i18n, activity_detail.insurance_ack).to_string()
                                            })
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
                                            label=text(move || {
                                                t_string!(i18n, activity_detail.training_ack).to_string()
                                            })
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
                    banner
                        .get()
                        .map(|text| {
                            view! {
                                <div class="banner banner-error" role="alert">
                                    <p>{text}</p>
                                    {move || {
                                        incomplete
                                            .get()
                                            .then(|| {
                                                view! {
                                                    <a href="/me/profile">
                                                        {move || {
                                                            t_string!(i18n, activity_detail.complete_profile)
                                                                .to_string()
                                                        }}
                                                    </a>
                                                }
                                            })
                                    }}
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
        </ActionForm>
    }
}
