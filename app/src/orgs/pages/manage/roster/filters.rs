//! The roster's filter form and the downloads of the filter in force. The filters live in the
//! address (`?q=&category=…`), so a filtered roster can be bookmarked and shared.
use super::{status_text, CLASS_MAX};
use crate::codes::{ChoiceList, SERVICE_CATEGORY, SERVICE_FIELD};
use crate::i18n::*;
use crate::orgs::pages::manage::nav::{encode, Section};
use crate::orgs::pages::manage::widgets::{refusal_field, FilterInput};
use crate::orgs::views::{MembershipStatus, RosterQuery};
use crate::regions;
use crate::ui::choices::{choice_label, SelectField};
use crate::ui::fields::text;
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;

/// The filter fields, in the order they appear in the address.
const FILTERS: [&str; 13] = [
    "q",
    "category",
    "field",
    "province",
    "city",
    "county",
    "status",
    "class",
    "joined_from",
    "joined_to",
    "hours_min",
    "hours_max",
    "sort",
];

pub(super) fn query_from(map: &ParamsMap, org_id: i64) -> RosterQuery {
    let get = |key: &str| map.get(key).map(|v| v.trim().to_owned()).unwrap_or_default();
    RosterQuery {
        org_id,
        q: crate::validation::keyword_from_address(&get("q")),
        category: get("category"),
        field: get("field"),
        province: get("province"),
        city: get("city"),
        county: get("county"),
        status: get("status"),
        class: get("class"),
        joined_from: get("joined_from"),
        joined_to: get("joined_to"),
        hours_min: get("hours_min"),
        hours_max: get("hours_max"),
        sort: get("sort"),
        after: String::new(),
    }
}

fn filter_value<'a>(query: &'a RosterQuery, key: &str) -> &'a str {
    match key {
        "q" => &query.q,
        "category" => &query.category,
        "field" => &query.field,
        "province" => &query.province,
        "city" => &query.city,
        "county" => &query.county,
        "status" => &query.status,
        "class" => &query.class,
        "joined_from" => &query.joined_from,
        "joined_to" => &query.joined_to,
        "hours_min" => &query.hours_min,
        "hours_max" => &query.hours_max,
        "sort" => &query.sort,
        _ => "",
    }
}

/// The filter as a query string (without `?`), leaving out empty fields.
fn query_string(query: &RosterQuery) -> String {
    FILTERS
        .iter()
        .filter_map(|key| {
            let value = filter_value(query, key).trim();
            (!value.is_empty()).then(|| format!("{key}={}", encode(value)))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn with_query(path: String, query_string: &str) -> String {
    if query_string.is_empty() {
        path
    } else {
        format!("{path}?{query_string}")
    }
}

/// The download address of the current filter, masked.
fn export_href(query: &RosterQuery, ext: &str) -> String {
    with_query(export_path(query, ext), &query_string(query))
}

fn export_path(query: &RosterQuery, ext: &str) -> String {
    format!("/orgs/{}/roster.{ext}", query.org_id)
}
fn list_options(i18n: I18nContext<Locale>, list: &'static ChoiceList) -> Vec<(String, String)> {
    list.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect()
}

/// The filter form. A plain GET form to this page, so it works before the page's script has
/// loaded; with script, submitting navigates in place.
#[component]
pub(super) fn Filters(org_id: i64, query: Memo<Option<RosterQuery>>, errors: Signal<FieldErrors>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let initial = query.get_untracked().unwrap_or_default();
    crate::ui::fields::answer_422_if_refused(&initial.q);
    let q = RwSignal::new(initial.q.clone());
    let category = RwSignal::new(initial.category.clone());
    let field = RwSignal::new(initial.field.clone());
    let province = RwSignal::new(initial.province.clone());
    let city = RwSignal::new(initial.city.clone());
    let county = RwSignal::new(initial.county.clone());
    let status = RwSignal::new(initial.status.clone());
    let class = RwSignal::new(initial.class.clone());
    let joined_from = RwSignal::new(initial.joined_from.clone());
    let joined_to = RwSignal::new(initial.joined_to.clone());
    let hours_min = RwSignal::new(initial.hours_min.clone());
    let hours_max = RwSignal::new(initial.hours_max.clone());
    let sort = RwSignal::new(initial.sort.clone());
    // Back and forward move through filters too: the form follows the address.
    Effect::new(move |_| {
        if let Some(current) = query.get() {
            q.set(current.q);
            category.set(current.category);
            field.set(current.field);
            province.set(current.province);
            city.set(current.city);
            county.set(current.county);
            status.set(current.status);
            class.set(current.class);
            joined_from.set(current.joined_from);
            joined_to.set(current.joined_to);
            hours_min.set(current.hours_min);
            hours_max.set(current.hours_max);
            sort.set(current.sort);
        }
    });
    let more_open = initial.category.len()
        + initial.field.len()
        + initial.province.len()
        + initial.status.len()
        + initial.class.len()
        + initial.joined_from.len()
        + initial.joined_to.len()
        + initial.hours_min.len()
        + initial.hours_max.len()
        + initial.sort.len()
        > 0;
    let action = Section::Roster.href(org_id);
    let form_action = action.clone();
    let clear_href = action.clone();
    let on_submit = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let wanted = RosterQuery {
                org_id,
                q: q.get_untracked(),
                category: category.get_untracked(),
                field: field.get_untracked(),
                province: province.get_untracked(),
                city: city.get_untracked(),
                county: county.get_untracked(),
                status: status.get_untracked(),
                class: class.get_untracked(),
                joined_from: joined_from.get_untracked(),
                joined_to: joined_to.get_untracked(),
                hours_min: hours_min.get_untracked(),
                hours_max: hours_max.get_untracked(),
                sort: sort.get_untracked(),
                after: String::new(),
            };
            navigate(&with_query(action.clone(), &query_string(&wanted)), Default::default());
        }
    };
    let error = move |field: &'static str| Signal::derive(move || errors.with(|e| refusal_field(i18n, e, field)));
    let any = text(move || t_string!(i18n, manage.roster.any).to_string());
    let no_error = Signal::derive(|| None::<String>);
    let provinces =
        Signal::derive(|| regions::provinces().iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
    let cities = Signal::derive(move || {
        regions::cities_of(&province.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let counties = Signal::derive(move || {
        regions::counties_of(&city.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let statuses = Signal::derive(move || {
        [
            MembershipStatus::Pending,
            MembershipStatus::Left,
            MembershipStatus::Removed,
            MembershipStatus::Transferred,
            MembershipStatus::Declined,
            MembershipStatus::Withdrawn,
        ]
        .into_iter()
        .map(|s| (s.code().to_string(), status_text(i18n, s)))
        .collect()
    });
    let sorts = Signal::derive(move || {
        vec![
            ("joined_asc".to_string(), t_string!(i18n, manage.roster.sort_joined_asc).to_string()),
            ("name".to_string(), t_string!(i18n, manage.roster.sort_name).to_string()),
            ("volunteer_no".to_string(), t_string!(i18n, manage.roster.sort_volunteer_no).to_string()),
        ]
    });
    view! {
        <form
            class="form filters"
            method="get"
            action=form_action
            role="search"
            aria-label=move || t_string!(i18n, manage.roster.filters).to_string()
            on:submit=on_submit
        >
            <FilterInput
                name="q"
                label=text(move || t_string!(i18n, manage.roster.keyword).to_string())
                hint=text(move || t_string!(i18n, manage.roster.keyword_hint).to_string())
                value=q
                input_type="search"
                maxlength=crate::validation::MAX_KEYWORD_CHARS as u32
            />
            <details class="filters-more" open=more_open>
                <summary>{move || t_string!(i18n, manage.roster.more_filters).to_string()}</summary>
                <SelectField
                    name="category"
                    error=no_error
                    label=text(move || t_string!(i18n, manage.categories).to_string())
                    value=category
                    options=Signal::derive(move || list_options(i18n, &SERVICE_CATEGORY))
                    empty_label=any
                />
                <SelectField
                    name="field"
                    error=no_error
                    label=text(move || t_string!(i18n, manage.roster.field).to_string())
                    value=field
                    options=Signal::derive(move || list_options(i18n, &SERVICE_FIELD))
                    empty_label=any
                />
                <fieldset class="field region">
                    <legend>{move || t_string!(i18n, manage.region).to_string()}</legend>
                    <SelectField
                        name="province"
                        error=no_error
                        label=text(move || t_string!(i18n, manage.roster.province).to_string())
                        value=province
                        options=provinces
                        empty_label=any
                        on_change=Callback::new(move |_| {
                            city.set(String::new());
                            county.set(String::new());
                        })
                    />
                    <SelectField
                        name="city"
                        error=no_error
                        label=text(move || t_string!(i18n, manage.roster.city).to_string())
                        value=city
                        options=cities
                        empty_label=any
                        on_change=Callback::new(move |_| county.set(String::new()))
                    />
                    <SelectField
                        name="county"
                        error=no_error
                        label=text(move || t_string!(i18n, manage.roster.county).to_string())
                        value=county
                        options=counties
                        empty_label=any
                    />
                </fieldset>
                <SelectField
                    name="status"
                    error=no_error
                    label=text(move || t_string!(i18n, manage.roster.status).to_string())
                    value=status
                    options=statuses
                    empty_label=text(move || t_string!(i18n, manage.status.active).to_string())
                />
                <FilterInput
                    name="class"
                    label=text(move || t_string!(i18n, manage.roster.class).to_string())
                    value=class
                    maxlength=CLASS_MAX
                    error=error("class")
                />
                <div class="date-range">
                    <FilterInput
                        name="joined_from"
                        label=text(move || t_string!(i18n, manage.roster.joined_from).to_string())
                        value=joined_from
                        input_type="date"
                        error=error("joined_from")
                    />
                    <FilterInput
                        name="joined_to"
                        label=text(move || t_string!(i18n, manage.roster.joined_to).to_string())
                        value=joined_to
                        input_type="date"
                        error=error("joined_to")
                    />
                </div>
                <div class="date-range">
                    <FilterInput
                        name="hours_min"
                        label=text(move || t_string!(i18n, manage.roster.hours_min).to_string())
                        value=hours_min
                        inputmode="decimal"
                        maxlength=9
                        error=error("hours_min")
                    />
                    <FilterInput
                        name="hours_max"
                        label=text(move || t_string!(i18n, manage.roster.hours_max).to_string())
                        value=hours_max
                        inputmode="decimal"
                        maxlength=9
                        error=error("hours_max")
                    />
                </div>
                <SelectField
                    name="sort"
                    error=no_error
                    label=text(move || t_string!(i18n, manage.roster.sort).to_string())
                    value=sort
                    options=sorts
                    empty_label=text(move || t_string!(i18n, manage.roster.sort_joined_desc).to_string())
                />
            </details>
            <div class="actions">
                <button type="submit" class="button primary">
                    {move || t_string!(i18n, manage.roster.apply).to_string()}
                </button>
                <a class="button" href=clear_href>
                    {move || t_string!(i18n, manage.roster.clear).to_string()}
                </a>
            </div>
        </form>
    }
}

/// Download links for the current filter; the unmasked variant only for admins, labelled as
/// audited. That one is a form posting the filter (a POST only this site can send, see
/// `orgs::export`), so another site's link cannot make an admin export in their name.
#[component]
pub(super) fn Exports(query: Memo<Option<RosterQuery>>, can_admin: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |ext: &'static str| move || query.get().map(|q| export_href(&q, ext)).unwrap_or_default();
    let full_export = move |ext: &'static str, label: Signal<String>| {
        let filters = move || {
            query.get().map(|q| {
                FILTERS
                    .iter()
                    .map(|key| (*key, filter_value(&q, key).trim().to_owned()))
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(key, value)| view! { <input type="hidden" name=key value=value /> })
                    .collect_view()
            })
        };
        view! {
            <form method="post" action=move || query.get().map(|q| export_path(&q, ext)).unwrap_or_default()>
                {filters}
                <button type="submit" class="button">
                    {label}
                </button>
            </form>
        }
    };
    view! {
        <div class="exports">
            <p class="exports-title">{move || t_string!(i18n, manage.roster.export).to_string()}</p>
            <div class="actions">
                <a class="button" href=href("xlsx") download="" rel="external">
                    {move || t_string!(i18n, manage.roster.export_xlsx).to_string()}
                </a>
                <a class="button" href=href("csv") download="" rel="external">
                    {move || t_string!(i18n, manage.roster.export_csv).to_string()}
                </a>
            </div>
            <Show when=move || can_admin.get()>
                <div class="banner banner-warning full-export">
                    <p>{move || t_string!(i18n, manage.roster.full_note).to_string()}</p>
                    <div class="actions">
                        {full_export(
                            "xlsx",
                            Signal::derive(move || t_string!(i18n, manage.roster.export_full_xlsx).to_string()),
                        )}
                        {full_export(
                            "csv",
                            Signal::derive(move || t_string!(i18n, manage.roster.export_full_csv).to_string()),
                        )}
                    </div>
                </div>
            </Show>
        </div>
    }
}
