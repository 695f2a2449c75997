//! Fields that choose from a list: a select over computed options, one over a closed code
//! list, check boxes over a code list, and the province / city / county fieldset. Each has the
//! same label, hint and error slot wiring as the text fields (`ui::fields`).
use super::fields::{described_by, FieldLabel};
use crate::codes::{Choice, ChoiceList};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

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
