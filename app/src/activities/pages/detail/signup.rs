//! The sign-up panel: what the viewer can do now, and the sign-up form.
//!
//! The form is a plain form post to the sign-up server function, answered with a redirect back
//! to the page: saying what happened, or with the refusal in the address, which the server's
//! page shows under the boxes and above the button. The form is an island: in the browser it
//! checks the acknowledgements before anything is sent and says it is sending.
use super::outcome::OverlapWarning;
use super::signed_up::SignedUp;
use crate::activities::api::SignUp;
use crate::activities::model::{check_acknowledgements, Phase, SignupInput, SignupStatus};
use crate::activities::pages::widgets::SignupBadge;
use crate::activities::views::{ActivityDetail, MySignup};
use crate::error::{AppError, Refusal};
use crate::i18n::*;
use crate::ui::errors::{error_text, refusal_for};
use crate::ui::fields::{error_of, focus_first_error, text};
use crate::ui::format::local_time;
use crate::ui::light::{sending_flag, Island, IslandSpec};
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// The sign-up panel: what the viewer can do now.
#[component]
pub(super) fn SignupPanel(detail: ActivityDetail) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let id = d.summary.id;
    let phase = d.summary.phase;
    let mine: Option<MySignup> = d.viewer.as_ref().and_then(|v| v.signup.clone());
    if let Some(s) = mine.clone().filter(|s| s.status.is_open()) {
        let deadline = if s.status == SignupStatus::Confirmed { d.cancel_deadline_at } else { d.summary.starts_at };
        let contact = format!("{} {}", d.contact_name, d.contact_phone);
        return view! { <SignedUp id signup=s phase deadline contact /> }.into_any();
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
                let form = SignupForm::new(i18n, &d);
                view! {
                    {(earlier == Some(SignupStatus::Cancelled))
                        .then(|| {
                            view! {
                                <p class="panel-note">
                                    {move || t_string!(i18n, activity_detail.cancelled_before).to_string()}
                                </p>
                            }
                        })}
                    {(!v.overlaps.is_empty()).then(|| view! { <OverlapWarning items=v.overlaps.clone() /> })}
                    {full
                        .then(|| {
                            view! {
                                <p class="banner banner-info">
                                    {move || t_string!(i18n, activity_detail.full_waitlist).to_string()}
                                </p>
                            }
                        })}
                    {d
                        .needs_approval
                        .then(|| {
                            view! {
                                <p class="panel-note">
                                    {move || t_string!(i18n, activity_detail.needs_approval).to_string()}
                                </p>
                            }
                        })}
                    <Island props=form />
                }
                .into_any()
            }
        },
    };
    let status_line =
        earlier.filter(|_| phase != Phase::Recruiting || earlier == Some(SignupStatus::Declined)).map(|status| {
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

/// The sign-up form (an island): what the activity asks to acknowledge, and the refusal the last
/// post came back with, if any.
#[derive(Clone, Serialize, Deserialize)]
pub struct SignupForm {
    id: i64,
    risks: String,
    insurance: bool,
    training: bool,
    /// The refusal, under its boxes…
    errors: FieldErrors,
    /// …and as a sentence, in the page's language.
    refusal: Option<String>,
    /// Refused for an incomplete profile: the sentence comes with the way to complete it.
    incomplete: bool,
}

impl SignupForm {
    fn new(i18n: leptos_i18n::I18nContext<Locale>, d: &ActivityDetail) -> SignupForm {
        let refused = refusal_for(SignUp::PATH);
        SignupForm {
            id: d.summary.id,
            risks: d.risks.clone(),
            insurance: d.insurance_required,
            training: d.training_required,
            errors: refused.as_ref().and_then(AppError::field_errors).cloned().unwrap_or_default(),
            refusal: refused.as_ref().map(|e| error_text(i18n, e)),
            incomplete: matches!(refused, Some(AppError::Refused(Refusal::ProfileIncomplete))),
        }
    }
}

impl IslandSpec for SignupForm {
    const NAME: &'static str = "sign-up";

    fn view(self) -> AnyView {
        view! { <SignupFormView form=self /> }.into_any()
    }
}

#[component]
fn SignupFormView(form: SignupForm) -> impl IntoView {
    let i18n = use_i18n();
    let SignupForm { id, risks, insurance, training, errors, refusal, incomplete } = form;
    let has_risks = !risks.trim().is_empty();
    let risks_read = RwSignal::new(false);
    let insurance_ack = RwSignal::new(false);
    let training_ack = RwSignal::new(false);
    let errors = RwSignal::new(errors);
    let banner = RwSignal::new(refusal);
    let incomplete = RwSignal::new(incomplete);
    let sending = sending_flag();
    // Runs before the form sends: the same rule the server applies, checked here first so
    // nothing is sent in vain. Stopping the event keeps the form from posting.
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
            Ok(()) => {
                errors.set(FieldErrors::new());
                sending.set(true);
            }
            Err(e) => {
                ev.prevent_default();
                errors.set(e.clone());
                focus_first_error(&e);
            }
        }
    };
    let ack_needed = has_risks || insurance || training;

    view! {
        <form method="post" action=SignUp::url() class="signup-form" on:submit=check>
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
            <button type="submit" class="button primary block" id="sign-up" disabled=move || sending.get()>
                {move || {
                    if sending.get() {
                        t_string!(i18n, activity_detail.signing_up).to_string()
                    } else {
                        t_string!(i18n, activity_detail.sign_up).to_string()
                    }
                }}
            </button>
        </form>
    }
}
