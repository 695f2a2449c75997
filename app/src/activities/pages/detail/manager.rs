//! The organisers' tools on the activity page: edit, the sign-up list, the check-in screens,
//! and cancelling the activity with a reason everyone signed up is told.
//!
//! Drawn by the server alone (no island, so none of it reaches the light page's module):
//! "cancel the activity" is a GET to `?cancel_activity=1`, which draws the reason form; the form
//! posts to the server function, which answers with a redirect back saying it is done, or with
//! the refusal in the address, shown under the reason.
use crate::activities::api::CancelActivity;
use crate::activities::model::Phase;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::decision_queue::REASON_MAX;
use crate::ui::errors::{error_text, refusal_for};
use crate::ui::fields::{error_of, text, TextArea};
use crate::ui::light::query_param;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The address parameter that opens the reason form.
const ASK: &str = "cancel_activity";

#[component]
pub(super) fn ManagerTools(id: i64, phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    let open = !matches!(phase, Phase::Cancelled | Phase::Ended);
    let refused = refusal_for(CancelActivity::PATH);
    let asking = open && (query_param(ASK).is_some() || refused.is_some());
    let errors = RwSignal::new(refused.as_ref().and_then(AppError::field_errors).cloned().unwrap_or_default());
    let reason_error = error_of(errors, "reason");
    let failure = refused.filter(|e| e.field_errors().is_none()).map(|e| error_text(i18n, &e));
    let here = format!("/activities/{id}#manage-activity");
    let cancelling = move || {
        if asking {
            view! {
                <form method="post" action=CancelActivity::url() class="confirm reason-confirm">
                    <input type="hidden" name="id" value=id.to_string() />
                    <TextArea
                        name="reason"
                        label=text(move || t_string!(i18n, activity_detail.cancel_reason).to_string())
                        hint=text(move || t_string!(i18n, activity_detail.cancel_reason_hint).to_string())
                        value=RwSignal::new(String::new())
                        error=reason_error
                        required=true
                        maxlength=REASON_MAX
                    />
                    <div class="actions">
                        <button type="submit" class="button danger" id="confirm-cancel-activity">
                            {move || t_string!(i18n, activity_detail.confirm_cancel_activity).to_string()}
                        </button>
                        <a class="button" href=here.clone()>
                            {move || t_string!(i18n, activity_detail.keep_activity).to_string()}
                        </a>
                    </div>
                </form>
            }
            .into_any()
        } else {
            view! {
                <form method="get" action=here.clone()>
                    <input type="hidden" name=ASK value="1" />
                    <button type="submit" class="button danger" id="cancel-activity">
                        {move || t_string!(i18n, activity_detail.cancel_activity).to_string()}
                    </button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <section class="page manager-tools" aria-labelledby="manage-activity-title" id="manage-activity">
            <h2 id="manage-activity-title">{move || t_string!(i18n, activity_detail.manage).to_string()}</h2>
            <p class="actions">
                {open
                    .then(|| {
                        view! {
                            <a class="button" href=format!("/activities/{id}/edit")>
                                {move || t_string!(i18n, activity_detail.edit).to_string()}
                            </a>
                        }
                    })} <a class="button" href=format!("/activities/{id}/signups")>
                    {move || t_string!(i18n, activity_detail.signups).to_string()}
                </a> <a class="button" href=format!("/activities/{id}/checkin/screen") rel="external">
                    {move || t_string!(i18n, attendance.screen_link).to_string()}
                </a> <a class="button" href=format!("/activities/{id}/checkin/staff")>
                    {move || t_string!(i18n, attendance.staff_link).to_string()}
                </a>
            </p>
            {open.then(cancelling)}
            {failure
                .map(|text| {
                    view! {
                        <p class="banner banner-error" role="alert">
                            {text}
                        </p>
                    }
                })}
        </section>
    }
}
