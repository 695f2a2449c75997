//! The field components of [`crate::ui::fields`] bound to a [`Field`]: the name, value, message
//! and check come from the field, so only what the page decides (label, hint, input kind) is
//! left to pass. The markup is the fields module's own.
use super::Field;
use crate::codes::ChoiceList;
use crate::ui::choices::{ChoiceChecks, ChoiceChecksProps, ChoiceSelect, SelectField};
use crate::ui::fields::{TextArea, TextAreaProps, TextField, TextFieldProps};
use leptos::prelude::*;

/// A text input checked as it is left.
#[component]
pub fn BoundText(
    field: Field<String>,
    label: Signal<String>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    TextField(TextFieldProps {
        name: field.name(),
        label,
        value: field.value,
        error: field.error(),
        hint,
        input_type,
        autocomplete,
        inputmode,
        maxlength,
        required,
        on_blur: Some(field.on_blur()),
    })
}

/// A textarea checked as it is left.
#[component]
pub fn BoundArea(
    field: Field<String>,
    label: Signal<String>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    TextArea(TextAreaProps {
        name: field.name(),
        label,
        value: field.value,
        error: field.error(),
        hint,
        on_blur: Some(field.on_blur()),
        required,
        maxlength,
        rows,
    })
}

/// A `<select>` over (value, label) pairs, checked on every choice; `on_change` runs first (to
/// clear a choice that depends on this one).
#[component]
pub fn BoundSelect(
    field: Field<String>,
    label: Signal<String>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let on_change = Callback::new(move |_| {
        if let Some(first) = on_change {
            first.run(());
        }
        field.check();
    });
    view! { <SelectField name=field.name() label value=field.value error=field.error() options required on_change /> }
}

/// A `<select>` over a closed list, checked on every choice.
#[component]
pub fn BoundChoice(field: Field<String>, label: Signal<String>, list: &'static ChoiceList) -> impl IntoView {
    view! { <ChoiceSelect name=field.name() label list value=field.value error=field.error() on_change=field.on_check() /> }
}

/// Checkboxes over a closed list, checked on every change.
#[component]
pub fn BoundChecks(
    field: Field<Vec<String>>,
    label: Signal<String>,
    list: &'static ChoiceList,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    ChoiceChecks(ChoiceChecksProps {
        name: field.name(),
        label,
        list,
        value: field.value,
        error: field.error(),
        on_change: Some(field.on_check()),
        hint,
        optional,
    })
}

/// A yes/no setting as one checkbox with its consequence spelled out beneath (nothing to refuse,
/// so no message slot).
#[component]
pub fn BoundToggle(field: Field<bool>, label: Signal<String>, hint: Signal<String>) -> impl IntoView {
    let name = field.name();
    let value = field.value;
    view! {
        <div class="field toggle">
            <label class="check" for=format!("f-{name}")>
                <input
                    type="checkbox"
                    id=format!("f-{name}")
                    name=name
                    aria-describedby=format!("f-{name}-hint")
                    prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev))
                />
                <span>{move || label.get()}</span>
            </label>
            <p class="hint" id=format!("f-{name}-hint")>
                {move || hint.get()}
            </p>
        </div>
    }
}
