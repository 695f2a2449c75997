//! 活动方案 of the publish form.
use super::state::Fields;
use crate::i18n::*;
use crate::ui::fields::text;
use crate::ui::form::BoundArea;
use leptos::prelude::*;

/// 活动方案 (CVST 3 §6.1.5): optional, so folded away unless it already has content.
#[component]
pub(super) fn PlanSection(f: Fields, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let labels = [
        text(move || t_string!(i18n, publish.purpose).to_string()),
        text(move || t_string!(i18n, publish.process).to_string()),
        text(move || t_string!(i18n, publish.support).to_string()),
        text(move || t_string!(i18n, publish.funding).to_string()),
        text(move || t_string!(i18n, publish.emergency_plan).to_string()),
        text(move || t_string!(i18n, publish.publicity).to_string()),
    ];
    view! {
        <details class="form-section plan" id="plan-details" open=open>
            <summary>{move || t_string!(i18n, publish.legend_plan).to_string()}</summary>
            <p class="hint">{move || t_string!(i18n, publish.plan_intro).to_string()}</p>
            {f
                .plan
                .into_iter()
                .zip(labels)
                .map(|(field, label)| view! { <BoundArea field label maxlength=2000 /> })
                .collect_view()}
        </details>
    }
}
