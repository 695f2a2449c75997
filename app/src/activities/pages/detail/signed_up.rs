//! The viewer's open sign-up: its status and, while allowed, a two-step cancel.
//!
//! Both steps work without the page's script: "cancel" is a GET to `?cancel=<activity id>`,
//! which renders the confirm step, and "confirm" is a plain form post the server answers with a
//! redirect back. With the script, the steps swap in place and keep the keyboard focus.
use crate::activities::api::CancelSignUp;
use crate::activities::model::{Phase, SignupStatus};
use crate::activities::pages::widgets::SignupBadge;
use crate::activities::views::MySignup;
use crate::i18n::*;
use crate::ui::errors::{error_text, refusal_for};
use crate::ui::fields::focus_id;
use crate::ui::format::local_time;
use crate::ui::light::{query_param, sending_flag, Island, IslandSpec};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

#[component]
pub(super) fn SignedUp(id: i64, signup: MySignup, phase: Phase, deadline: i64, contact: String) -> impl IntoView {
    let i18n = use_i18n();
    let status = signup.status;
    let position = signup.waitlist_position;
    let still_ahead = matches!(phase, Phase::NotOpen | Phase::Recruiting | Phase::SignupClosed | Phase::InProgress);
    let deadline_text = local_time(deadline);
    view! {
        <p class="status-line">
            <span class="status-label">{move || t_string!(i18n, activity_detail.your_status).to_string()}</span>
            <SignupBadge status />
            {position
                .map(|p| {
                    view! {
                        <span class="waitlist-position">
                            {move || t_string!(i18n, activity_detail.waitlist_position, position = p).to_string()}
                        </span>
                    }
                })}
        </p>
        {(status == SignupStatus::Confirmed && phase != Phase::Cancelled)
            .then(|| {
                view! {
                    <p class="actions">
                        <a
                            class="button button-primary"
                            id="checkin-link"
                            href=format!("/activities/{id}/checkin")
                            rel="external"
                        >
                            {move || t_string!(i18n, attendance.activity_link).to_string()}
                        </a>
                    </p>
                }
            })}
        // A confirmed volunteer whose check-in or check-out failed asks for a make-up (F-32).
        {(status == SignupStatus::Confirmed && matches!(phase, Phase::InProgress | Phase::Ended))
            .then(|| {
                view! {
                    <p class="makeup-link">
                        <a href=format!(
                            "/activities/{id}/makeup",
                        )>{move || t_string!(i18n, makeup.link_request).to_string()}</a>
                    </p>
                }
            })}
        {(status == SignupStatus::Pending)
            .then(|| {
                view! { <p class="panel-note">{move || t_string!(i18n, activity_detail.pending_hint).to_string()}</p> }
            })}
        {if signup.can_cancel {
            let island = CancelSignup {
                id,
                asked: query_param("cancel").as_deref() == Some(id.to_string().as_str()),
                refusal: refusal_for(CancelSignUp::PATH).map(|e| error_text(i18n, &e)),
            };
            view! { <Island props=island /> }.into_any()
        } else if still_ahead {
            view! {
                <p class="banner banner-info">
                    {move || {
                        t_string!(
                            i18n, activity_detail.cancel_deadline_passed, time = deadline_text.clone(), contact = contact.clone()
                        )
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

/// Cancelling one's sign-up, in two steps (an island): "cancel", then "confirm" or "keep".
#[derive(Clone, Serialize, Deserialize)]
pub struct CancelSignup {
    id: i64,
    /// The page was asked for the confirm step (`?cancel=<id>`, the first step without script).
    asked: bool,
    /// The refusal the last post came back with, as a sentence in the page's language.
    refusal: Option<String>,
}

impl IslandSpec for CancelSignup {
    const NAME: &'static str = "cancel-sign-up";

    fn view(self) -> AnyView {
        view! { <CancelSignupView island=self /> }.into_any()
    }
}

#[component]
fn CancelSignupView(island: CancelSignup) -> impl IntoView {
    let i18n = use_i18n();
    let CancelSignup { id, asked, refusal } = island;
    let confirming = RwSignal::new(asked);
    let failure = RwSignal::new(refusal);
    let sending = sending_flag();
    let ask = move |ev: SubmitEvent| {
        ev.prevent_default();
        confirming.set(true);
        failure.set(None);
        // The confirm button replaces this one: keep the keyboard where the choice is.
        request_animation_frame(|| focus_id("confirm-cancel-sign-up"));
    };
    let keep = move |ev: SubmitEvent| {
        ev.prevent_default();
        confirming.set(false);
        request_animation_frame(|| focus_id("cancel-sign-up"));
    };
    let here = format!("/activities/{id}");
    let ask_action = format!("{here}#signup-panel");
    view! {
        <div class="cancel-sign-up">
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <form method="get" action=ask_action.clone() on:submit=ask>
                            <input type="hidden" name="cancel" value=id.to_string() />
                            <button type="submit" class="button danger" id="cancel-sign-up">
                                {move || t_string!(i18n, activity_detail.cancel_sign_up).to_string()}
                            </button>
                        </form>
                    }
                }
            >
                <div class="confirm" role="group" aria-labelledby="cancel-sign-up-question">
                    <p id="cancel-sign-up-question">
                        {move || t_string!(i18n, activity_detail.cancel_confirm_text).to_string()}
                    </p>
                    <div class="actions">
                        <form method="post" action=CancelSignUp::url() on:submit=move |_| sending.set(true)>
                            <input type="hidden" name="activity_id" value=id.to_string() />
                            <button
                                type="submit"
                                class="button danger"
                                id="confirm-cancel-sign-up"
                                disabled=move || sending.get()
                            >
                                {move || {
                                    if sending.get() {
                                        t_string!(i18n, activity_detail.cancelling).to_string()
                                    } else {
                                        t_string!(i18n, activity_detail.confirm_cancel).to_string()
                                    }
                                }}
                            </button>
                        </form>
                        <form method="get" action=here.clone() on:submit=keep>
                            <button type="submit" class="button">
                                {move || t_string!(i18n, activity_detail.keep).to_string()}
                            </button>
                        </form>
                    </div>
                </div>
            </Show>
            <div aria-live="polite">
                {move || {
                    failure
                        .get()
                        .map(|text| {
                            view! {
                                <p class="banner banner-error" role="alert">
                                    {text}
                                </p>
                            }
                        })
                }}
            </div>
        </div>
    }
}
