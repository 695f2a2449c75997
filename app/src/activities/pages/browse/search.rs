//! The search form: a plain GET to `/activities`, whose fields follow the URL.
use super::query::{format_near, is_filtered, near_of};
use crate::activities::model::{Phase, MODE};
use crate::activities::pages::widgets::phase_text;
use crate::activities::views::ActivityQuery;
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::regions;
use crate::ui::choices::{choice_label, SelectField};
use crate::ui::fields::{text, KeywordField};
use crate::ui::light::in_light_island;
use leptos::prelude::*;
use leptos_router::components::Form;

fn region_pairs(list: &[regions::Region]) -> Vec<(String, String)> {
    list.iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
}

#[component]
pub(super) fn SearchForm(query: Memo<ActivityQuery>) -> impl IntoView {
    let i18n = use_i18n();
    // The form's fields follow the URL (back/forward, a shared link, a submitted search).
    let start = query.get_untracked();
    let start_keyword = start.q.clone();
    let (start_from, start_to) = (start.from.clone(), start.to.clone());
    let more_open = !(start.mode.is_empty() && start.phase.is_empty() && start.from.is_empty() && start.to.is_empty());
    let keyword = RwSignal::new(start.q);
    let province = RwSignal::new(start.province);
    let city = RwSignal::new(start.city);
    let county = RwSignal::new(start.county);
    let category = RwSignal::new(start.category);
    let mode = RwSignal::new(start.mode);
    let phase = RwSignal::new(start.phase);
    let from = RwSignal::new(start.from);
    let to = RwSignal::new(start.to);
    Effect::new(move |_| {
        let q = query.get();
        keyword.set(q.q);
        province.set(q.province);
        city.set(q.city);
        county.set(q.county);
        category.set(q.category);
        mode.set(q.mode);
        phase.set(q.phase);
        from.set(q.from);
        to.set(q.to);
    });

    let any = Signal::derive(move || t_string!(i18n, activities.any).to_string());
    let no_error = Signal::derive(|| None::<String>);
    let province_options = Signal::derive(|| region_pairs(regions::provinces()));
    let city_options = Signal::derive(move || region_pairs(regions::cities_of(&province.get())));
    let county_options = Signal::derive(move || region_pairs(regions::counties_of(&city.get())));
    let category_options = Signal::derive(move || {
        SERVICE_CATEGORY.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect()
    });
    let mode_options = Signal::derive(move || {
        MODE.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect()
    });
    let phase_options = Signal::derive(move || {
        Phase::FILTERABLE.iter().map(|p| (p.code().to_string(), phase_text(i18n, *p))).collect()
    });
    let filtered = move || query.with(is_filtered);
    let near_param = move || query.with(|q| near_of(q).map(|(lat, lng)| format_near(lat, lng)));

    let fields = view! {
        <KeywordField
            label=text(move || t_string!(i18n, activities.keyword).to_string())
            hint=text(move || t_string!(i18n, activities.keyword_hint).to_string())
            start=start_keyword
            keyword
        />
        <div class="activity-search-selects">
            <SelectField
                name="province"
                label=Signal::derive(move || t_string!(i18n, activities.province).to_string())
                empty_label=any
                error=no_error
                value=province
                options=province_options
                on_change=Callback::new(move |_| {
                    city.set(String::new());
                    county.set(String::new());
                })
            />
            <SelectField
                name="city"
                label=Signal::derive(move || t_string!(i18n, activities.city).to_string())
                empty_label=any
                error=no_error
                value=city
                options=city_options
                on_change=Callback::new(move |_| county.set(String::new()))
            />
            <SelectField
                name="county"
                label=Signal::derive(move || t_string!(i18n, activities.county).to_string())
                empty_label=any
                error=no_error
                value=county
                options=county_options
            />
            <SelectField
                name="category"
                label=Signal::derive(move || t_string!(i18n, activities.category).to_string())
                empty_label=any
                error=no_error
                value=category
                options=category_options
            />
        </div>
        <details class="filters-more" open=more_open>
            <summary>{move || t_string!(i18n, activities.more_filters).to_string()}</summary>
            <div class="activity-search-selects">
                <SelectField
                    name="mode"
                    label=Signal::derive(move || t_string!(i18n, activities.mode).to_string())
                    empty_label=any
                    error=no_error
                    value=mode
                    options=mode_options
                />
                <SelectField
                    name="phase"
                    label=Signal::derive(move || t_string!(i18n, activities.phase).to_string())
                    empty_label=Signal::derive(move || t_string!(i18n, activities.phase_current).to_string())
                    error=no_error
                    value=phase
                    options=phase_options
                />
            </div>
            <fieldset class="field">
                <legend>{move || t_string!(i18n, activities.dates).to_string()}</legend>
                <div class="date-range">
                    <div class="field">
                        <label for="f-from">{move || t_string!(i18n, activities.from).to_string()}</label>
                        <input
                            id="f-from"
                            name="from"
                            type="date"
                            value=start_from
                            prop:value=move || from.get()
                            on:input=move |ev| from.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="f-to">{move || t_string!(i18n, activities.to).to_string()}</label>
                        <input
                            id="f-to"
                            name="to"
                            type="date"
                            value=start_to
                            prop:value=move || to.get()
                            on:input=move |ev| to.set(event_target_value(&ev))
                        />
                    </div>
                </div>
            </fieldset>
        </details>
        // A new search keeps the distance sort it was started from.
        {move || near_param().map(|near| view! { <input type="hidden" name="near" value=near /> })}
        <div class="actions">
            <button type="submit" class="button primary">
                {move || t_string!(i18n, activities.search).to_string()}
            </button>
            <Show when=filtered>
                <a class="button" href="/activities">
                    {move || t_string!(i18n, activities.clear).to_string()}
                </a>
            </Show>
        </div>
    };
    // Inside the app the router submits the search (no page load); on the light page the
    // browser does.
    let form = if in_light_island() {
        view! {
            <form method="get" action="/activities">
                {fields}
            </form>
        }
        .into_any()
    } else {
        view! {
            <Form method="get" action="/activities">
                {fields}
            </Form>
        }
        .into_any()
    };

    view! {
        <div class="activity-search" role="search" aria-labelledby="activity-search-title">
            <h2 id="activity-search-title">{move || t_string!(i18n, activities.search_title).to_string()}</h2>
            {form}
        </div>
    }
}
