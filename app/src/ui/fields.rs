//! Form fields with a label, an optional hint and an error slot tied to the input by
//! `aria-describedby`, so screen readers announce the message with the field.
use crate::i18n::*;
use crate::ui::errors::invalid_text;
use crate::validation::{keyword_from_address, FieldErrors, Keyword, MAX_KEYWORD_CHARS};
use leptos::prelude::*;

/// A reactive text for labels and hints.
pub fn text(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(f)
}

/// The message for one field of a form's error set, in the current language.
pub fn error_of(errors: RwSignal<FieldErrors>, field: &'static str) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || errors.with(|e| e.get(field)).map(|invalid| invalid_text(i18n, invalid)))
}

/// Moves keyboard focus to the first field with an error, so the person lands where to fix.
pub fn focus_first_error(errors: &FieldErrors) {
    if let Some(first) = errors.0.first() {
        focus_id(&format!("f-{}", first.field));
    }
}

/// Moves keyboard focus to an element (a status line after an action, a confirm button).
pub fn focus_id(id: &str) {
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(feature = "ssr")]
    let _ = id;
}

pub(super) fn described_by(field: &str, has_hint: bool) -> String {
    if has_hint {
        format!("f-{field}-hint f-{field}-error")
    } else {
        format!("f-{field}-error")
    }
}

/// A field's label with the required marker (a visible star, spoken as "required").
#[component]
pub(super) fn FieldLabel(for_id: String, label: Signal<String>, required: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=for_id>
            {move || label.get()}
            {required
                .then(|| {
                    view! {
                        <span class="req">
                            "*"<span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span>
                        </span>
                    }
                })}
        </label>
    }
}

#[component]
pub fn TextField(
    name: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] required: bool,
    #[prop(optional)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let label_for = id.clone();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <FieldLabel for_id=label_for label required />
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
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                aria-required=required.then_some("true")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by(name, hint.is_some())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                // Pickers (date, select-like inputs) commit with `change` before focus leaves:
                // checking then clears a stale error at once, instead of on the next tap, where
                // the collapsing message would shift the page under the finger.
                on:change=move |_| {
                    if let Some(cb) = on_blur {
                        if input_type == "date" {
                            cb.run(());
                        }
                    }
                }
                on:blur=move |_| {
                    if let Some(cb) = on_blur {
                        cb.run(());
                    }
                }
            />
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
        </div>
    }
}

#[component]
pub fn TextArea(
    name: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(optional)] on_blur: Option<Callback<()>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let id = format!("f-{name}");
    let label_for = id.clone();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <FieldLabel for_id=label_for label required />
            {hint
                .map(|h| {
                    view! {
                        <p class="hint" id=format!("f-{name}-hint")>
                            {move || h.get()}
                        </p>
                    }
                })}
            <textarea
                id=id
                name=name
                rows=rows
                maxlength=maxlength
                aria-required=required.then_some("true")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by(name, hint.is_some())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| {
                    if let Some(cb) = on_blur {
                        cb.run(());
                    }
                }
            ></textarea>
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
        </div>
    }
}

/// On the server, answers the page being rendered with 422 when the keyword in its address
/// breaks the [`Keyword`] rules (its search server function refuses it too), so a client
/// learns from the status that its search was not run.
pub fn answer_422_if_refused(keyword: &str) {
    #[cfg(feature = "ssr")]
    if Keyword::parse(keyword).is_err() {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = keyword;
}

/// The keyword box of a search form sent by GET. Not a [`TextField`]: the keyword must be in the
/// server's HTML (a `value` attribute), so the form shows the search without JavaScript; the
/// signal follows what is typed for the hydrated page. The shared [`Keyword`] rules are checked
/// as the person types; a page requested with a keyword they refuse is answered 422 (see
/// [`answer_422_if_refused`]), with the message under the field and a bounded part of it put back
/// in the box.
#[component]
pub fn KeywordField(
    label: Signal<String>,
    hint: Signal<String>,
    start: String,
    keyword: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    answer_422_if_refused(&start);
    let start = keyword_from_address(&start);
    let error = Signal::derive(move || keyword.with(|k| Keyword::parse(k).err()).map(|i| invalid_text(i18n, i)));
    view! {
        <div class="field">
            <label for="f-q">{label}</label>
            <p class="hint" id="f-q-hint">
                {hint}
            </p>
            <input
                id="f-q"
                name="q"
                type="search"
                maxlength=MAX_KEYWORD_CHARS
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby="f-q-hint f-q-error"
                value=start
                prop:value=move || keyword.get()
                on:input=move |ev| keyword.set(event_target_value(&ev))
            />
            <p class="field-error" id="f-q-error">
                {move || error.get()}
            </p>
        </div>
    }
}
