//! Small pieces the console pages share: the "give a reason, then confirm" step of a refusal
//! made in place, filter inputs that keep their value in the server-rendered page, labels of closed
//! lists, and dates.
use crate::codes::ChoiceList;
use crate::i18n::*;
use crate::ui::errors::invalid_text;
use crate::ui::fields::choice_label;
use crate::validation::FieldErrors;
use leptos::prelude::*;

use crate::ui::decision_queue::REASON_MAX;

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

/// A refusal that needs a reason: a button opens a group with the explanation, a required
/// text area and the confirming button. An empty reason is refused here, before anything is
/// sent; the server's own refusal of the reason shows in the same place (`error`).
#[component]
pub fn ReasonConfirm(
    /// Unique within the page; the text area's id is `{id}-reason`.
    id: String,
    open_label: Signal<String>,
    prompt: Signal<String>,
    reason_label: Signal<String>,
    confirm_label: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    error: RwSignal<Option<String>>,
    on_confirm: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let area = NodeRef::<leptos::html::Textarea>::new();
    let focus_area = move || {
        request_animation_frame(move || {
            if let Some(el) = area.get_untracked() {
                let _ = el.focus();
            }
        })
    };
    let confirm = move |_| match crate::validation::text(&reason.get_untracked(), true, REASON_MAX) {
        Ok(Some(text)) => {
            error.set(None);
            on_confirm.run(text);
        }
        Ok(None) => {
            error.set(Some(invalid_text(i18n, crate::validation::Invalid::Required)));
            focus_area();
        }
        Err(invalid) => {
            error.set(Some(invalid_text(i18n, invalid)));
            focus_area();
        }
    };
    let field_id = format!("{id}-reason");
    let error_id = format!("{id}-reason-error");
    let prompt_id = format!("{id}-prompt");
    let open_id = format!("{id}-open");
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="button danger"
                        id=open_id.clone()
                        on:click=move |_| {
                            open.set(true);
                            focus_area();
                        }
                    >
                        {move || open_label.get()}
                    </button>
                }
            }
        >
            <div class="confirm reason-confirm" role="group" aria-labelledby=prompt_id.clone()>
                <p id=prompt_id.clone()>{move || prompt.get()}</p>
                <div class="field" class:field-invalid=move || error.get().is_some()>
                    <label for=field_id
                        .clone()>
                        {move || reason_label.get()}
                        <span class="req">
                            "*"<span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span>
                        </span>
                    </label>
                    <textarea
                        id=field_id.clone()
                        name="reason"
                        rows="3"
                        maxlength=REASON_MAX
                        aria-required="true"
                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                        aria-describedby=error_id.clone()
                        node_ref=area
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                    <p class="field-error" id=error_id.clone()>
                        {move || error.get()}
                    </p>
                </div>
                <div class="actions">
                    <button type="button" class="button danger" disabled=move || pending.get() on:click=confirm>
                        {move || confirm_label.get()}
                    </button>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| {
                            open.set(false);
                            error.set(None);
                        }
                    >
                        {move || t_string!(i18n, manage.cancel).to_string()}
                    </button>
                </div>
            </div>
        </Show>
    }
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
