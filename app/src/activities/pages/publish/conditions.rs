//! 条件与保障 of the publish form.
use super::state::Fields;
use crate::i18n::*;
use crate::ui::fields::text;
use crate::ui::form::{BoundArea, BoundText, BoundToggle};
use leptos::prelude::*;

/// 条件与保障: who may sign up, what they must hold or take, and the risks disclosed.
#[component]
pub(super) fn ConditionsSection(f: Fields) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_conditions).to_string()}</legend>
            <p class="hint">{move || t_string!(i18n, publish.age_hint).to_string()}</p>
            <div class="pair">
                <BoundText
                    field=f.min_age
                    label=text(move || t_string!(i18n, publish.min_age).to_string())
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength=3
                />
                <BoundText
                    field=f.max_age
                    label=text(move || t_string!(i18n, publish.max_age).to_string())
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength=3
                />
            </div>
            <BoundText
                field=f.skills
                label=text(move || t_string!(i18n, publish.skills).to_string())
                hint=text(move || t_string!(i18n, publish.skills_hint).to_string())
                autocomplete="off"
                maxlength=200
            />
            <BoundText
                field=f.qualification
                label=text(move || t_string!(i18n, publish.qualification).to_string())
                hint=text(move || t_string!(i18n, publish.qualification_hint).to_string())
                autocomplete="off"
                maxlength=60
            />
            <BoundToggle
                field=f.training_required
                label=text(move || t_string!(i18n, publish.training_required).to_string())
                hint=text(move || t_string!(i18n, publish.training_hint).to_string())
            />
            <BoundToggle
                field=f.insurance_required
                label=text(move || t_string!(i18n, publish.insurance_required).to_string())
                hint=text(move || t_string!(i18n, publish.insurance_hint).to_string())
            />
            <BoundArea
                field=f.risks
                label=text(move || t_string!(i18n, publish.risks).to_string())
                hint=text(move || t_string!(i18n, publish.risks_hint).to_string())
                maxlength=1000
            />
        </fieldset>
    }
}
