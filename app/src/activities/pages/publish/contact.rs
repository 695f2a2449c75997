//! 联系人 of the publish form: whom volunteers ask.
use super::state::Fields;
use crate::i18n::*;
use crate::ui::fields::text;
use crate::ui::form::BoundText;
use leptos::prelude::*;

#[component]
pub(super) fn ContactSection(f: Fields) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_contact).to_string()}</legend>
            <BoundText
                field=f.contact_name
                label=text(move || t_string!(i18n, publish.contact_name).to_string())
                autocomplete="name"
                maxlength=30
                required=true
            />
            <BoundText
                field=f.contact_phone
                label=text(move || t_string!(i18n, publish.contact_phone).to_string())
                hint=text(move || t_string!(i18n, publish.contact_phone_hint).to_string())
                input_type="tel"
                autocomplete="tel"
                maxlength=20
                required=true
            />
        </fieldset>
    }
}
