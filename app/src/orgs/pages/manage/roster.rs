//! The roster (F-15): everyone with a membership in the organisation's subtree. The filters live
//! in the address, so a filtered roster can be bookmarked and shared, and the export links
//! download exactly what is on screen. Personal data is masked; a person's full details are one
//! audited click away on their volunteer page.
use super::nav::{encode, focus_later, ManageScope, ManageShell, Section};
use super::widgets::{date_text, refusal_field, ChoiceTags, FilterInput, FilterSelect, ReasonConfirm};
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::membership::{ClassifyMember, RemoveMember};
use crate::orgs::roster::{roster, roster_count};
use crate::orgs::views::{MembershipStatus, RosterPage as RosterBatch, RosterQuery, RosterRow};
use crate::regions;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::{choice_label, text};
use crate::validation::FieldErrors;
use crate::codes::{ChoiceList, SERVICE_CATEGORY, SERVICE_FIELD};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

/// Maximum length of a classification label (what the server accepts).
const CLASS_MAX: u32 = 20;

/// The filter fields, in the order they appear in the address.
const FILTERS: [&str; 11] =
    ["q", "category", "field", "province", "city", "county", "status", "class", "joined_from", "joined_to", "sort"];

fn query_from(map: &ParamsMap, org_id: i64) -> RosterQuery {
    let get = |key: &str| map.get(key).map(|v| v.trim().to_owned()).unwrap_or_default();
    RosterQuery {
        org_id,
        q: get("q"),
        category: get("category"),
        field: get("field"),
        province: get("province"),
        city: get("city"),
        county: get("county"),
        status: get("status"),
        class: get("class"),
        joined_from: get("joined_from"),
        joined_to: get("joined_to"),
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

/// The download address of the current filter; `full` asks for unmasked phone and ID numbers.
fn export_href(query: &RosterQuery, ext: &str, full: bool) -> String {
    let mut qs = query_string(query);
    if full {
        if !qs.is_empty() {
            qs.push('&');
        }
        qs.push_str("full=1");
    }
    with_query(format!("/orgs/{}/roster.{ext}", query.org_id), &qs)
}

fn status_text(i18n: I18nContext<Locale>, status: MembershipStatus) -> String {
    match status {
        MembershipStatus::Pending => t_string!(i18n, manage.status.pending).to_string(),
        MembershipStatus::Active => t_string!(i18n, manage.status.active).to_string(),
        MembershipStatus::Declined => t_string!(i18n, manage.status.declined).to_string(),
        MembershipStatus::Withdrawn => t_string!(i18n, manage.status.withdrawn).to_string(),
        MembershipStatus::Left => t_string!(i18n, manage.status.left).to_string(),
        MembershipStatus::Removed => t_string!(i18n, manage.status.removed).to_string(),
        MembershipStatus::Transferred => t_string!(i18n, manage.status.transferred).to_string(),
    }
}

fn list_options(i18n: I18nContext<Locale>, list: &'static ChoiceList) -> Vec<(String, String)> {
    list.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect()
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let scope = ManageScope::new();
    let params = use_query_map();
    // The filter in force: the address's, for the organisation in the address.
    let query = Memo::new(move |_| scope.key().map(|id| params.with(|p| query_from(p, id))));
    let count = Resource::new(
        move || query.get(),
        |query| async move {
            match query {
                Some(q) => roster_count(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let first = Resource::new(
        move || query.get(),
        |query| async move {
            match query {
                Some(q) => roster(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Roster>
            <Roster scope query count first />
        </ManageShell>
    }
}

type Count = Resource<Result<Option<i64>, AppError>>;
type First = Resource<Result<Option<RosterBatch>, AppError>>;

#[component]
fn Roster(scope: ManageScope, query: Memo<Option<RosterQuery>>, count: Count, first: First) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = scope.id();
    let done = RwSignal::new(None::<String>);
    let removed = RwSignal::new(Vec::<i64>::new());
    // Pages after the first, and the cursor after the last one loaded (`None`: the first page's).
    let more = RwSignal::new(Vec::<RosterRow>::new());
    let cursor = RwSignal::new(None::<Option<String>>);
    let more_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        query.track();
        more.set(Vec::new());
        cursor.set(None);
        more_error.set(None);
        removed.set(Vec::new());
    });
    let load_more = Action::new(move |after: &String| {
        let asked = query.get_untracked();
        let after = after.clone();
        async move {
            let Some(mut q) = asked.clone() else { return };
            q.after = after;
            let result = roster(q).await;
            // A page for a filter no longer in force is dropped.
            if query.get_untracked() != asked {
                return;
            }
            match result {
                Ok(page) => {
                    more.update(|rows| rows.extend(page.rows));
                    cursor.set(Some(page.next));
                    more_error.set(None);
                }
                Err(e) => more_error.set(Some(error_text(i18n, &e))),
            }
        }
    });
    let on_removed = Callback::new(move |(id, message): (i64, String)| {
        removed.update(|r| r.push(id));
        done.set(Some(message));
        count.refetch();
        focus_later("manage-status");
    });
    // Field errors of the filter (e.g. a date the server could not read) show under the field.
    let filter_errors = Signal::derive(move || match first.get() {
        Some(Err(e)) => e.field_errors().cloned().unwrap_or_default(),
        _ => FieldErrors::new(),
    });
    let can_admin = Signal::derive(move || scope.can_admin());

    view! {
        <p class="lead">{move || t_string!(i18n, manage.roster.intro).to_string()}</p>
        <Filters org_id query errors=filter_errors />
        <div id="manage-status" tabindex="-1">
            <FormMessage error=Signal::derive(|| None::<String>) success=done />
        </div>
        <div class="roster-head">
            <Transition fallback=|| ()>
                {move || match count.get() {
                    Some(Ok(Some(n))) => {
                        view! { <p class="roster-count" id="roster-count">{move || t_string!(i18n, manage.roster.count, count = n).to_string()}</p> }
                            .into_any()
                    }
                    _ => ().into_any(),
                }}
            </Transition>
            <Exports query can_admin />
        </div>
        <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
            {move || match first.get() {
                Some(Ok(Some(page))) => {
                    let first_rows = StoredValue::new(page.rows);
                    let first_next = page.next;
                    let rows = move || {
                        let gone = removed.get();
                        first_rows
                            .get_value()
                            .into_iter()
                            .chain(more.get())
                            .filter(|r| !gone.contains(&r.membership_id))
                            .collect::<Vec<_>>()
                    };
                    let empty = move || first_rows.with_value(|r| r.is_empty()) && more.with(|m| m.is_empty());
                    view! {
                        <Show
                            when=move || !empty()
                            fallback=move || view! { <p class="empty">{move || t_string!(i18n, manage.roster.empty).to_string()}</p> }
                        >
                            <p class="hint">{move || t_string!(i18n, manage.roster.masked_note).to_string()}</p>
                            <ul class="card-list roster-list">
                                <For each=rows key=|row| row.membership_id let:row>
                                    <RosterCard row on_removed />
                                </For>
                            </ul>
                        </Show>
                        {move || more_error.get().map(|e| view! { <p class="banner banner-error" role="alert">{e}</p> })}
                        {
                            let first_next = first_next.clone();
                            move || {
                                let next = cursor.get().unwrap_or_else(|| first_next.clone());
                                next.map(|after| {
                                    view! {
                                        <button
                                            type="button"
                                            class="button block"
                                            disabled=move || load_more.pending().get()
                                            on:click=move |_| {
                                                load_more.dispatch(after.clone());
                                            }
                                        >
                                            {move || {
                                                if load_more.pending().get() {
                                                    t_string!(i18n, common.loading).to_string()
                                                } else {
                                                    t_string!(i18n, manage.roster.load_more).to_string()
                                                }
                                            }}
                                        </button>
                                    }
                                })
                            }
                        }
                    }
                        .into_any()
                }
                Some(Err(e)) => view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </Transition>
    }
}

/// The filter form. A plain GET form to this page, so it works before the page's script has
/// loaded; with script, submitting navigates in place.
#[component]
fn Filters(org_id: i64, query: Memo<Option<RosterQuery>>, errors: Signal<FieldErrors>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let initial = query.get_untracked().unwrap_or_default();
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
                sort: sort.get_untracked(),
                after: String::new(),
            };
            navigate(&with_query(action.clone(), &query_string(&wanted)), Default::default());
        }
    };
    let error = move |field: &'static str| Signal::derive(move || errors.with(|e| refusal_field(i18n, e, field)));
    let any = text(move || t_string!(i18n, manage.roster.any).to_string());
    let provinces = Signal::derive(|| regions::provinces().iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
    let cities = Signal::derive(move || regions::cities_of(&province.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
    let counties = Signal::derive(move || regions::counties_of(&city.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
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
                maxlength=50
            />
            <details class="filters-more" open=more_open>
                <summary>{move || t_string!(i18n, manage.roster.more_filters).to_string()}</summary>
                <FilterSelect
                    name="category"
                    label=text(move || t_string!(i18n, manage.categories).to_string())
                    value=category
                    options=Signal::derive(move || list_options(i18n, &SERVICE_CATEGORY))
                    empty_label=any
                />
                <FilterSelect
                    name="field"
                    label=text(move || t_string!(i18n, manage.roster.field).to_string())
                    value=field
                    options=Signal::derive(move || list_options(i18n, &SERVICE_FIELD))
                    empty_label=any
                />
                <fieldset class="field region">
                    <legend>{move || t_string!(i18n, manage.region).to_string()}</legend>
                    <FilterSelect
                        name="province"
                        label=text(move || t_string!(i18n, manage.roster.province).to_string())
                        value=province
                        options=provinces
                        empty_label=any
                        on_change=Callback::new(move |_| {
                            city.set(String::new());
                            county.set(String::new());
                        })
                    />
                    <FilterSelect
                        name="city"
                        label=text(move || t_string!(i18n, manage.roster.city).to_string())
                        value=city
                        options=cities
                        empty_label=any
                        on_change=Callback::new(move |_| county.set(String::new()))
                    />
                    <FilterSelect
                        name="county"
                        label=text(move || t_string!(i18n, manage.roster.county).to_string())
                        value=county
                        options=counties
                        empty_label=any
                    />
                </fieldset>
                <FilterSelect
                    name="status"
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
                <FilterSelect
                    name="sort"
                    label=text(move || t_string!(i18n, manage.roster.sort).to_string())
                    value=sort
                    options=sorts
                    empty_label=text(move || t_string!(i18n, manage.roster.sort_joined_desc).to_string())
                />
            </details>
            <div class="actions">
                <button type="submit" class="button primary">{move || t_string!(i18n, manage.roster.apply).to_string()}</button>
                <a class="button" href=clear_href>{move || t_string!(i18n, manage.roster.clear).to_string()}</a>
            </div>
        </form>
    }
}

/// Download links for the current filter; the unmasked variant only for admins, labelled as
/// audited.
#[component]
fn Exports(query: Memo<Option<RosterQuery>>, can_admin: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let href = move |ext: &'static str, full: bool| move || query.get().map(|q| export_href(&q, ext, full)).unwrap_or_default();
    view! {
        <div class="exports">
            <p class="exports-title">{move || t_string!(i18n, manage.roster.export).to_string()}</p>
            <div class="actions">
                <a class="button" href=href("xlsx", false) download="" rel="external">
                    {move || t_string!(i18n, manage.roster.export_xlsx).to_string()}
                </a>
                <a class="button" href=href("csv", false) download="" rel="external">
                    {move || t_string!(i18n, manage.roster.export_csv).to_string()}
                </a>
            </div>
            <Show when=move || can_admin.get()>
                <div class="banner banner-warning full-export">
                    <p>{move || t_string!(i18n, manage.roster.full_note).to_string()}</p>
                    <div class="actions">
                        <a class="button" href=href("xlsx", true) download="" rel="external">
                            {move || t_string!(i18n, manage.roster.export_full_xlsx).to_string()}
                        </a>
                        <a class="button" href=href("csv", true) download="" rel="external">
                            {move || t_string!(i18n, manage.roster.export_full_csv).to_string()}
                        </a>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// One person on the roster: who, where, what they do, their classification (editable) and,
/// for active members, removal with a reason.
#[component]
fn RosterCard(row: RosterRow, on_removed: Callback<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.membership_id;
    let classify = ServerAction::<ClassifyMember>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let class = RwSignal::new(row.class.clone());
    let class_message = RwSignal::new(None::<Result<String, String>>);
    let remove_error = RwSignal::new(None::<String>);
    let banner = RwSignal::new(None::<String>);
    let name = if row.real_name.trim().is_empty() { row.volunteer_no.clone() } else { row.real_name.clone() };
    Effect::new(move |_| match classify.value().get() {
        Some(Ok(())) => class_message.set(Some(Ok(t_string!(i18n, manage.roster.class_saved).to_string()))),
        Some(Err(e)) => class_message.set(Some(Err(match e.field_errors().and_then(|f| refusal_field(i18n, f, "class")) {
            Some(message) => message,
            None => error_text(i18n, &e),
        }))),
        None => {}
    });
    {
        let name = name.clone();
        Effect::new(move |_| match remove.value().get() {
            Some(Ok(())) => {
                let name = name.clone();
                on_removed.run((id, t_string!(i18n, manage.roster.removed, name = name).to_string()));
            }
            Some(Err(e)) => match e.field_errors().and_then(|f| refusal_field(i18n, f, "reason")) {
                Some(message) => remove_error.set(Some(message)),
                None => banner.set(Some(error_text(i18n, &e))),
            },
            None => {}
        });
    }
    let save_class = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        class_message.set(None);
        match crate::validation::text(&class.get_untracked(), false, CLASS_MAX) {
            Ok(value) => {
                classify.dispatch(ClassifyMember { membership_id: id, class: value.unwrap_or_default() });
            }
            Err(invalid) => class_message.set(Some(Err(crate::ui::errors::invalid_text(i18n, invalid)))),
        }
    };
    let on_remove = Callback::new(move |reason: String| {
        banner.set(None);
        remove.dispatch(RemoveMember { membership_id: id, reason });
    });
    let no = row.volunteer_no.clone();
    let status = row.status;
    let class_id = format!("class-{id}");
    let class_msg_id = format!("class-{id}-message");
    let reason = row.reason.clone();
    view! {
        <li class="card roster-card">
            <h2 class="card-title">
                <a href=format!("/volunteers/{no}")>{name}</a>
            </h2>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, manage.volunteer_no).to_string()}</dt>
                    <dd>{no.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.mobile).to_string()}</dt>
                    <dd class="mobile">{row.mobile_masked.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.roster.org).to_string()}</dt>
                    <dd>{row.org_name.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.region).to_string()}</dt>
                    <dd>{row.region.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.categories).to_string()}</dt>
                    <dd>
                        <ChoiceTags list=&SERVICE_CATEGORY codes=row.service_categories.clone() />
                    </dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.roster.joined_at).to_string()}</dt>
                    <dd>{row.joined_at.map(date_text).unwrap_or_default()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, manage.roster.status).to_string()}</dt>
                    <dd>
                        {move || status_text(i18n, status)}
                        {(!reason.trim().is_empty() && status != MembershipStatus::Active)
                            .then(|| {
                                let reason = reason.clone();
                                view! { <span class="status-reason">{move || t_string!(i18n, manage.roster.reason, reason = reason.clone()).to_string()}</span> }
                            })}
                    </dd>
                </div>
            </dl>
            <form class="inline-form" novalidate on:submit=save_class>
                <label for=class_id.clone()>{move || t_string!(i18n, manage.roster.class).to_string()}</label>
                <div class="inline-row">
                    <input
                        id=class_id
                        name="class"
                        type="text"
                        maxlength=CLASS_MAX
                        autocomplete="off"
                        aria-describedby=class_msg_id.clone()
                        aria-invalid=move || if matches!(class_message.get(), Some(Err(_))) { "true" } else { "false" }
                        value=row.class.clone()
                        prop:value=move || class.get()
                        on:input=move |ev| {
                            class.set(event_target_value(&ev));
                            class_message.set(None);
                        }
                    />
                    <button type="submit" class="button" disabled=move || classify.pending().get()>
                        {move || t_string!(i18n, manage.roster.class_save).to_string()}
                    </button>
                </div>
                <p id=class_msg_id class="inline-message" role="status">
                    {move || match class_message.get() {
                        Some(Ok(m)) => view! { <span class="ok-text">"✓ "{m}</span> }.into_any(),
                        Some(Err(m)) => view! { <span class="field-error">{m}</span> }.into_any(),
                        None => ().into_any(),
                    }}
                </p>
            </form>
            {move || banner.get().map(|b| view! { <p class="banner banner-error" role="alert">{b}</p> })}
            {(status == MembershipStatus::Active)
                .then(|| {
                    view! {
                        <ReasonConfirm
                            id=format!("remove-{id}")
                            open_label=text(move || t_string!(i18n, manage.roster.remove).to_string())
                            prompt=text(move || t_string!(i18n, manage.roster.remove_prompt).to_string())
                            reason_label=text(move || t_string!(i18n, manage.roster.remove_reason).to_string())
                            confirm_label=text(move || t_string!(i18n, manage.roster.remove_confirm).to_string())
                            pending=remove.pending()
                            error=remove_error
                            on_confirm=on_remove
                        />
                    }
                })}
        </li>
    }
}
