//! The organisers' tools on the activity page.
use super::{focus_id, Ctx, Outcome};
use crate::activities::api::cancel_activity;
use crate::activities::model::Phase;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::fields::{error_of, focus_first_error, text, TextArea};
use crate::validation::FieldErrors;
use leptos::prelude::*;

/// Edit, the sign-up list, and cancelling the activity with a reason everyone is told.
#[component]
pub(super) fn ManagerTools(ctx: Ctx) -> impl IntoView {
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
                    <a class="button" href=format!("/activities/{id}/edit")>
                        {move || t_string!(i18n, activity_detail.edit).to_string()}
                    </a>
                </Show>
                <a class="button" href=format!("/activities/{id}/signups")>
                    {move || t_string!(i18n, activity_detail.signups).to_string()}
                </a>
                <a class="button" href=format!("/activities/{id}/checkin/screen") rel="external">
                    {move || t_string!(i18n, attendance.screen_link).to_string()}
                </a>
                <a class="button" href=format!("/activities/{id}/checkin/staff")>
                    {move || t_string!(i18n, attendance.staff_link).to_string()}
                </a>
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
                {move || {
                    failure
                        .get()
                        .map(|e| {
                            view! {
                                <p class="banner banner-error" role="alert">
                                    {error_text(i18n, &e)}
                                </p>
                            }
                        })
                }}
            </div>
        </section>
    }
}
