//! 报名设置 of the publish form.
use super::state::Fields;
use crate::i18n::*;
use crate::ui::fields::text;
use crate::ui::form::{BoundText, BoundToggle};
use leptos::prelude::*;

/// 报名设置: places, approval, the sign-up window and the cancellation deadline.
#[component]
pub(super) fn SignupSection(f: Fields, published: bool, confirmed: i64) -> impl IntoView {
    let i18n = use_i18n();
    let capacity_hint = move || {
        let mut hint = t_string!(i18n, publish.capacity_hint).to_string();
        if published && confirmed > 0 {
            hint.push(' ');
            hint.push_str(&t_string!(i18n, publish.capacity_hint_confirmed, confirmed = confirmed).to_string());
        }
        hint
    };
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_signup).to_string()}</legend>
            <BoundText
                field=f.capacity
                label=text(move || t_string!(i18n, publish.capacity).to_string())
                hint=text(capacity_hint)
                inputmode="numeric"
                autocomplete="off"
                maxlength=6
                required=true
            />
            <BoundToggle
                field=f.needs_approval
                label=text(move || t_string!(i18n, publish.needs_approval).to_string())
                hint=text(move || t_string!(i18n, publish.needs_approval_hint).to_string())
            />
            <BoundText
                field=f.signup_opens_at
                label=text(move || t_string!(i18n, publish.signup_opens_at).to_string())
                hint=text(move || t_string!(i18n, publish.signup_opens_hint).to_string())
                input_type="datetime-local"
            />
            <BoundText
                field=f.signup_closes_at
                label=text(move || t_string!(i18n, publish.signup_closes_at).to_string())
                hint=text(move || t_string!(i18n, publish.signup_closes_hint).to_string())
                input_type="datetime-local"
            />
            <BoundText
                field=f.cancel_deadline_at
                label=text(move || t_string!(i18n, publish.cancel_deadline_at).to_string())
                hint=text(move || t_string!(i18n, publish.cancel_deadline_hint).to_string())
                input_type="datetime-local"
            />
        </fieldset>
    }
}
