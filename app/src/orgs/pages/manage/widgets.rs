//! Small pieces the console pages share: filter inputs that keep their value in the
//! server-rendered page, labels of closed lists, and dates.
use crate::codes::ChoiceList;
use crate::i18n::*;
use crate::ui::choices::choice_label;
use crate::ui::errors::invalid_text;
use crate::validation::FieldErrors;
use leptos::prelude::*;

/// A stored instant as a date in the platform's zone, e.g. 2026-03-08.
pub fn date_text(us: i64) -> String {
    crate::clock::local(us).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// The message for one field of a server refusal, if the refusal is about that field.
pub fn refusal_field(i18n: leptos_i18n::I18nContext<Locale>, errors: &FieldErrors, field: &str) -> Option<String> {
    errors.get(field).map(|invalid| invalid_text(i18n, invalid))
}

/// The labels of codes from a closed list, as a list of tags ("无" when empty).
#[component]
pub fn ChoiceTags(list: &'static ChoiceList, codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    if codes.is_empty() {
        return view! { <span>{move || t_string!(i18n, common.none).to_string()}</span> }.into_any();
    }
    view! {
        <ul class="tags">
            {codes
                .into_iter()
                .map(|code| {
                    let choice = list.get(&code).ok();
                    view! {
                        <li class="tag">
                            {move || choice.map(|c| choice_label(i18n, c).to_string()).unwrap_or_else(|| code.clone())}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// A filter's text or date input. Its value is also written as an attribute, so the
/// server-rendered page (and a page without JavaScript) shows the filter in force.
#[component]
pub fn FilterInput(
    name: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let described = if hint.is_some() { format!("f-{name}-hint f-{name}-error") } else { format!("f-{name}-error") };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            {hint
                .map(|h| {
                    view! {
                        <p class="hint" id=format!("f-{name}-hint")>
                            {move || h.get()}
                        </p>
                    }
                })}
            <input
                id=id
                name=name
                type=input_type
                maxlength=maxlength
                inputmode=inputmode
                autocomplete="off"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
        </div>
    }
}
