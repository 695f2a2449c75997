//! Form fields with a label, an optional hint and an error slot tied to the input by
//! `aria-describedby`, so screen readers announce the message with the field.
use crate::codes::{Choice, ChoiceList};
use crate::i18n::*;
use crate::ui::errors::invalid_text;
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

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
    #[cfg(not(feature = "ssr"))]
    if let Some(first) = errors.0.first() {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("f-{}", first.field)))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(feature = "ssr")]
    let _ = errors;
}

fn described_by(field: &str, has_hint: bool) -> String {
    if has_hint {
        format!("f-{field}-hint f-{field}-error")
    } else {
        format!("f-{field}-error")
    }
}

/// A field's label with the required marker (a visible star, spoken as "required").
#[component]
fn FieldLabel(for_id: String, label: Signal<String>, required: bool) -> impl IntoView {
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

/// The label of a closed-list item in the current language.
pub fn choice_label(i18n: I18nContext<Locale>, choice: &Choice) -> &'static str {
    if i18n.get_locale() == Locale::en {
        choice.en
    } else {
        choice.zh
    }
}

/// A `<select>` over options given as (value, label) pairs, computed reactively. The first
/// option has the empty value and reads "please choose", or `empty_label` where empty is itself
/// a choice (a filter's "any"). The chosen option is marked in the server's HTML, so a GET
/// form shows its search without JavaScript.
#[component]
pub fn SelectField(
    name: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] on_change: Option<Callback<()>>,
    #[prop(optional, into)] empty_label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{name}");
    let label_for = id.clone();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <FieldLabel for_id=label_for label required />
            <select
                id=id
                name=name
                aria-required=required.then_some("true")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by(name, false)
                prop:value=move || value.get()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(cb) = on_change {
                        cb.run(());
                    }
                }
            >
                <option value="">
                    {move || match empty_label {
                        Some(empty) => empty.get(),
                        None => t_string!(i18n, common.select).to_string(),
                    }}
                </option>
                {move || {
                    let current = value.get_untracked();
                    options
                        .get()
                        .into_iter()
                        .map(|(code, label)| {
                            let selected = code == current;
                            view! {
                                <option value=code selected=selected>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A `<select>` over a closed list.
#[component]
pub fn ChoiceSelect(
    name: &'static str,
    label: Signal<String>,
    list: &'static ChoiceList,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = Signal::derive(move || {
        list.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect()
    });
    view! {
        <SelectField
            name
            label
            value
            error
            options
            required=true
            on_change=on_change.unwrap_or(Callback::new(|_| ()))
        />
    }
}

/// A group of checkboxes over a closed list, as a fieldset with a legend. Required (marked *)
/// unless `optional`; an optional `hint` sits under the legend.
#[component]
pub fn ChoiceChecks(
    name: &'static str,
    label: Signal<String>,
    list: &'static ChoiceList,
    value: RwSignal<Vec<String>>,
    error: Signal<Option<String>>,
    #[prop(optional)] on_change: Option<Callback<()>>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let described = if hint.is_some() { format!("f-{name}-hint f-{name}-error") } else { format!("f-{name}-error") };
    view! {
        <fieldset
            class="field checks"
            id=format!("f-{name}")
            tabindex="-1"
            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
            aria-describedby=described
        >
            <legend>
                {move || label.get()}
                {(!optional)
                    .then(|| {
                        view! {
                            <span class="req" aria-hidden="true">
                                "*"
                            </span>
                        }
                    })}
            </legend>
            {hint
                .map(|hint| {
                    view! {
                        <p class="hint" id=format!("f-{name}-hint")>
                            {move || hint.get()}
                        </p>
                    }
                })}
            <div class="check-grid">
                {list
                    .items
                    .iter()
                    .map(|choice| {
                        let code = choice.code;
                        let input_id = format!("f-{name}-{code}");
                        let label_for = input_id.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input
                                    type="checkbox"
                                    id=input_id
                                    name=name
                                    value=code
                                    prop:checked=move || value.with(|v| v.iter().any(|c| c == code))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        value
                                            .update(|v| {
                                                v.retain(|c| c != code);
                                                if on {
                                                    v.push(code.to_string());
                                                }
                                            });
                                        if let Some(cb) = on_change {
                                            cb.run(());
                                        }
                                    }
                                />
                                <span>{move || choice_label(i18n, choice)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
        </fieldset>
    }
}

/// The province / city / county picker over GB/T 2260 codes as one fieldset with one error slot
/// (`f-region-error`, the field `region`). Choosing a province clears the city and county,
/// choosing a city clears the county; `on_change` runs after every choice.
#[component]
pub fn RegionFieldset(
    legend: Signal<String>,
    hint: Signal<String>,
    labels: [Signal<String>; 3],
    province: RwSignal<String>,
    city: RwSignal<String>,
    county: RwSignal<String>,
    error: Signal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    use crate::regions;
    fn pairs(list: &[regions::Region]) -> Vec<(String, String)> {
        list.iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    }
    let province_options = Signal::derive(move || pairs(regions::provinces()));
    let city_options = Signal::derive(move || pairs(regions::cities_of(&province.get())));
    let county_options = Signal::derive(move || pairs(regions::counties_of(&city.get())));
    let no_error = Signal::derive(|| None::<String>);
    let [province_label, city_label, county_label] = labels;
    view! {
        <fieldset
            class="field region"
            id="f-region"
            tabindex="-1"
            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
            aria-describedby="f-region-hint f-region-error"
        >
            <legend>
                {move || legend.get()}<span class="req" aria-hidden="true">
                    "*"
                </span>
            </legend>
            <p class="hint" id="f-region-hint">
                {move || hint.get()}
            </p>
            <SelectField
                name="province"
                label=province_label
                value=province
                error=no_error
                options=province_options
                required=true
                on_change=Callback::new(move |_| {
                    city.set(String::new());
                    county.set(String::new());
                    on_change.run(());
                })
            />
            <SelectField
                name="city"
                label=city_label
                value=city
                error=no_error
                options=city_options
                on_change=Callback::new(move |_| {
                    county.set(String::new());
                    on_change.run(());
                })
            />
            <Show when=move || !county_options.get().is_empty()>
                <SelectField
                    name="county"
                    label=county_label
                    value=county
                    error=no_error
                    options=county_options
                    on_change=on_change
                />
            </Show>
            <p class="field-error" id="f-region-error">
                {move || error.get()}
            </p>
        </fieldset>
    }
}

/// The keyword box of a search form sent by GET. Not a [`TextField`]: the keyword must be in the
/// server's HTML (a `value` attribute), so the form shows the search without JavaScript; the
/// signal follows what is typed for the hydrated page.
#[component]
pub fn KeywordField(
    label: Signal<String>,
    hint: Signal<String>,
    start: String,
    keyword: RwSignal<String>,
) -> impl IntoView {
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
                maxlength="30"
                aria-describedby="f-q-hint"
                value=start
                prop:value=move || keyword.get()
                on:input=move |ev| keyword.set(event_target_value(&ev))
            />
        </div>
    }
}
