//! The public directory of organisations (F-12) and one organisation's page.
//!
//! The directory's filters live in the URL (`?q=&province=&city=&category=`), so a search is
//! rendered on the server, can be shared as a link and works as a plain GET form without
//! JavaScript. With JavaScript, "load more" appends the next page in place; without it, the same
//! control is a link to the next page.
use crate::error::{AppError, Refusal};
use crate::i18n::*;
use crate::orgs::api::{get_org, list_orgs};
use crate::orgs::membership::ApplyToJoin;
use crate::orgs::model::SUPERVISOR_TYPE;
use crate::orgs::views::{MembershipStatus, OrgDetail, OrgQuery, OrgStatus, OrgSummary};
use crate::regions;
use crate::ui::errors::error_text;
use crate::ui::fields::{choice_label, text, SelectField};
use crate::ui::format::encode_component;
use crate::codes::SERVICE_CATEGORY;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The service categories' labels in the current language.
pub(crate) fn category_labels(i18n: I18nContext<Locale>, codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .map(|code| {
            SERVICE_CATEGORY
                .items
                .iter()
                .find(|c| c.code == code)
                .map(|c| choice_label(i18n, c).to_string())
                .unwrap_or_else(|| code.clone())
        })
        .collect()
}

pub(crate) fn org_status_text(i18n: I18nContext<Locale>, status: OrgStatus) -> String {
    match status {
        OrgStatus::Pending => t_string!(i18n, orgs.status_pending).to_string(),
        OrgStatus::Approved => t_string!(i18n, orgs.status_approved).to_string(),
        OrgStatus::Rejected => t_string!(i18n, orgs.status_rejected).to_string(),
    }
}

/// Categories as a row of text labels.
#[component]
pub(crate) fn CategoryTags(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="cat-tags">
            {move || category_labels(i18n, &codes).into_iter().map(|label| view! { <li class="cat-tag">{label}</li> }).collect_view()}
        </ul>
    }
}

/// The directory's filters as read from the URL.
fn query_from_url(map: &leptos_router::params::ParamsMap) -> OrgQuery {
    let get = |k: &str| map.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    OrgQuery {
        q: get("q"),
        province: get("province"),
        city: get("city"),
        category: get("category"),
        after: map.get("after").and_then(|v| v.trim().parse::<i64>().ok()),
    }
}

/// The directory URL for filters (and a page cursor).
fn directory_href(query: &OrgQuery, after: Option<i64>) -> String {
    let mut href = format!(
        "/orgs?q={}&province={}&city={}&category={}",
        encode_component(&query.q),
        encode_component(&query.province),
        encode_component(&query.city),
        encode_component(&query.category)
    );
    if let Some(after) = after {
        href.push_str(&format!("&after={after}"));
    }
    href
}

#[component]
pub fn OrgsPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_query_map();
    let query = Memo::new(move |_| url.with(query_from_url));
    let results = Resource::new(move || query.get(), list_orgs);

    // The form's fields follow the URL (back/forward, a shared link, a submitted search).
    let start = query.get_untracked();
    let start_keyword = start.q.clone();
    let keyword = RwSignal::new(start.q);
    let province = RwSignal::new(start.province);
    let city = RwSignal::new(start.city);
    let category = RwSignal::new(start.category);
    Effect::new(move |_| {
        let q = query.get();
        keyword.set(q.q);
        province.set(q.province);
        city.set(q.city);
        category.set(q.category);
    });

    // Pages appended by "load more", remembered with the search they belong to.
    let more = RwSignal::new(None::<(OrgQuery, Vec<OrgSummary>, Option<i64>)>);
    let more_error = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let load_more = move |after: i64| {
        let base = query.get_untracked();
        let mut next_query = base.clone();
        next_query.after = Some(after);
        loading_more.set(true);
        more_error.set(None);
        leptos::task::spawn_local(async move {
            match list_orgs(next_query).await {
                Ok(page) => more.update(|m| {
                    let mut items = match m.take() {
                        Some((q, items, _)) if q == base => items,
                        _ => Vec::new(),
                    };
                    items.extend(page.items);
                    *m = Some((base, items, page.next));
                }),
                Err(e) => more_error.set(Some(error_text(i18n, &e))),
            }
            loading_more.set(false);
        });
    };

    let province_options =
        Signal::derive(|| regions::provinces().iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
    let city_options = Signal::derive(move || {
        regions::cities_of(&province.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let category_options = Signal::derive(move || {
        SERVICE_CATEGORY.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect()
    });
    let filtered = move || {
        let q = query.get();
        !(q.q.is_empty() && q.province.is_empty() && q.city.is_empty() && q.category.is_empty() && q.after.is_none())
    };
    let no_error = Signal::derive(|| None::<String>);

    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, orgs.title), t_string!(i18n, app.name)) />
        <section class="page">
            <h1>{move || t_string!(i18n, orgs.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, orgs.intro).to_string()}</p>
            <p class="actions">
                <a class="button" href="/orgs/new">{move || t_string!(i18n, orgs.register_link).to_string()}</a>
            </p>
            <div class="org-search" role="search" aria-labelledby="org-search-title">
                <h2 id="org-search-title">{move || t_string!(i18n, orgs.search_title).to_string()}</h2>
                <Form method="get" action="/orgs">
                    // Not a TextField: the keyword must also be in the server-rendered HTML (a
                    // `value` attribute), so the form shows the search without JavaScript.
                    <div class="field">
                        <label for="f-q">{move || t_string!(i18n, orgs.keyword).to_string()}</label>
                        <p class="hint" id="f-q-hint">{move || t_string!(i18n, orgs.keyword_hint).to_string()}</p>
                        <input
                            id="f-q"
                            name="q"
                            type="search"
                            maxlength="30"
                            aria-describedby="f-q-hint"
                            value=start_keyword
                            prop:value=move || keyword.get()
                            on:input=move |ev| keyword.set(event_target_value(&ev))
                        />
                    </div>
                    <div class="org-search-selects">
                        <SelectField
                            name="province"
                            label=text(move || t_string!(i18n, orgs.province).to_string())
                            value=province
                            error=no_error
                            options=province_options
                            on_change=Callback::new(move |_| city.set(String::new()))
                        />
                        <SelectField
                            name="city"
                            label=text(move || t_string!(i18n, orgs.city).to_string())
                            value=city
                            error=no_error
                            options=city_options
                        />
                        <SelectField
                            name="category"
                            label=text(move || t_string!(i18n, orgs.category).to_string())
                            value=category
                            error=no_error
                            options=category_options
                        />
                    </div>
                    <div class="actions">
                        <button type="submit" class="button primary">{move || t_string!(i18n, orgs.search).to_string()}</button>
                        <Show when=filtered>
                            <a class="button" href="/orgs">{move || t_string!(i18n, orgs.clear).to_string()}</a>
                        </Show>
                    </div>
                </Form>
            </div>
        </section>
        <section class="page" aria-labelledby="org-results-title">
            <h2 id="org-results-title">{move || t_string!(i18n, orgs.results).to_string()}</h2>
            <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                {move || {
                    results
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                            Ok(page) => {
                                let current = query.get();
                                let (extra, next) = match more.get() {
                                    Some((q, items, next)) if q == current => (items, next),
                                    _ => (Vec::new(), page.next),
                                };
                                let mut items = page.items;
                                items.extend(extra);
                                if items.is_empty() {
                                    return view! { <p class="empty">{move || t_string!(i18n, orgs.empty).to_string()}</p> }.into_any();
                                }
                                view! {
                                    <ul class="org-list">
                                        {items.into_iter().map(|org| view! { <OrgCard org /> }).collect_view()}
                                    </ul>
                                    {next
                                        .map(|after| {
                                            let href = directory_href(&current, Some(after));
                                            view! {
                                                <p class="load-more">
                                                    {move || {
                                                        if hydrated.get() {
                                                            view! {
                                                                <button
                                                                    type="button"
                                                                    class="button block"
                                                                    disabled=move || loading_more.get()
                                                                    on:click=move |_| load_more(after)
                                                                >
                                                                    {move || {
                                                                        if loading_more.get() {
                                                                            t_string!(i18n, orgs.loading_more).to_string()
                                                                        } else {
                                                                            t_string!(i18n, orgs.load_more).to_string()
                                                                        }
                                                                    }}
                                                                </button>
                                                            }
                                                                .into_any()
                                                        } else {
                                                            view! {
                                                                <a class="button block" href=href.clone()>
                                                                    {move || t_string!(i18n, orgs.next_page).to_string()}
                                                                </a>
                                                            }
                                                                .into_any()
                                                        }
                                                    }}
                                                </p>
                                            }
                                        })}
                                    {move || more_error.get().map(|e| view! { <p class="banner banner-error" role="alert">{e}</p> })}
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

/// One organisation in a list: its name as a link, level, region, categories and members.
#[component]
pub(crate) fn OrgCard(org: OrgSummary) -> impl IntoView {
    let i18n = use_i18n();
    let count = org.members;
    let categories = org.service_categories.clone();
    let has_categories = !categories.is_empty();
    let region = org.region.clone();
    view! {
        <li class="card org-card">
            <h3 class="card-title">
                <a href=format!("/orgs/{}", org.id)>{org.name.clone()}</a>
            </h3>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, orgs.level).to_string()}</dt>
                    <dd>{org.level_name.clone()}</dd>
                </div>
                {(!region.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.region).to_string()}</dt>
                                <dd>{region.clone()}</dd>
                            </div>
                        }
                    })}
                {has_categories
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.categories).to_string()}</dt>
                                <dd>
                                    <CategoryTags codes=categories.clone() />
                                </dd>
                            </div>
                        }
                    })}
                <div>
                    <dt>{move || t_string!(i18n, orgs.members).to_string()}</dt>
                    <dd>{move || t_string!(i18n, orgs.members_count, count = count).to_string()}</dd>
                </div>
            </dl>
        </li>
    }
}

/// A search box over the directory with the results as radio buttons; for choosing a parent
/// organisation or the organisation to move to. Not a form of its own (it sits inside forms):
/// Enter in the search box searches instead of submitting the surrounding form.
#[component]
pub(crate) fn OrgPicker(
    /// The id stem: the fieldset is `f-{name}` (so a field error can focus it).
    name: String,
    legend: Signal<String>,
    search_label: Signal<String>,
    selected: RwSignal<Option<(i64, String)>>,
    #[prop(optional)] exclude: Option<i64>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let keyword = RwSignal::new(String::new());
    let search = Action::new(move |q: &String| {
        let query = OrgQuery { q: q.clone(), ..Default::default() };
        async move { list_orgs(query).await }
    });
    let run = move || {
        let q = keyword.get_untracked();
        search.dispatch(q.trim().to_owned());
    };
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let input_id = format!("{name}-search");
    let label_for = input_id.clone();
    let hint_id = format!("{name}-search-hint");
    let error_id = format!("f-{name}-error");
    let described_by = error_id.clone();
    let radio_name = format!("{name}-choice");
    view! {
        <fieldset
            class="field org-picker"
            id=format!("f-{name}")
            tabindex="-1"
            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
            aria-describedby=described_by
        >
            <legend>{move || legend.get()}</legend>
            <label for=label_for>{move || search_label.get()}</label>
            <p class="hint" id=hint_id.clone()>{move || t_string!(i18n, org_register.parent_search_hint).to_string()}</p>
            <div class="picker-row">
                <input
                    id=input_id
                    type="search"
                    maxlength="30"
                    aria-describedby=hint_id
                    prop:value=move || keyword.get()
                    on:input=move |ev| keyword.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            run();
                        }
                    }
                />
                <button type="button" class="button" on:click=move |_| run() disabled=move || search.pending().get()>
                    {move || {
                        if search.pending().get() {
                            t_string!(i18n, org_register.searching).to_string()
                        } else {
                            t_string!(i18n, org_register.search).to_string()
                        }
                    }}
                </button>
            </div>
            <div aria-live="polite">
                {move || {
                    search
                        .value()
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                            Ok(page) => {
                                let items: Vec<OrgSummary> = page.items.into_iter().filter(|o| Some(o.id) != exclude).collect();
                                if items.is_empty() {
                                    return view! { <p class="empty">{move || t_string!(i18n, org_register.no_results).to_string()}</p> }
                                        .into_any();
                                }
                                let radio_name = radio_name.clone();
                                view! {
                                    <div class="picker-results" role="radiogroup" aria-label=move || t_string!(i18n, org_register.results_legend).to_string()>
                                        {items
                                            .into_iter()
                                            .map(|org| {
                                                let id = org.id;
                                                let chosen_name = org.name.clone();
                                                let radio_id = format!("{radio_name}-{id}");
                                                let label_for = radio_id.clone();
                                                view! {
                                                    <label class="check picker-option" for=label_for>
                                                        <input
                                                            type="radio"
                                                            id=radio_id
                                                            name=radio_name.clone()
                                                            value=id.to_string()
                                                            prop:checked=move || selected.with(|s| s.as_ref().map(|(i, _)| *i) == Some(id))
                                                            on:change=move |_| selected.set(Some((id, chosen_name.clone())))
                                                        />
                                                        <span>
                                                            {org.name.clone()}
                                                            <span class="picker-meta">{format!(" · {} · {}", org.level_name, org.region)}</span>
                                                        </span>
                                                    </label>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </fieldset>
    }
}

#[component]
pub fn OrgPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let detail = Resource::new(move || id.get(), |id| async move {
        match id {
            Some(id) => get_org(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Transition fallback=move || view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok(d) => view! { <OrgView detail=d /> }.into_any(),
                        Err(e) => {
                            view! {
                                <Title text=move || format!("{} · {}", t_string!(i18n, orgs.title), t_string!(i18n, app.name)) />
                                <section class="page narrow">
                                    <h1>{move || t_string!(i18n, orgs.title).to_string()}</h1>
                                    <p class="banner banner-error">{error_text(i18n, &e)}</p>
                                    <a href="/orgs">{move || t_string!(i18n, orgs.directory_link).to_string()}</a>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn OrgView(detail: OrgDetail) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let id = d.summary.id;
    let name = d.summary.name.clone();
    let title_name = name.clone();
    let status = d.summary.status;
    let approved = status == OrgStatus::Approved;
    let supervisor_type = d.supervisor_type.clone();
    let supervisor = move || {
        let kind = SUPERVISOR_TYPE.items.iter().find(|c| c.code == supervisor_type).map(|c| choice_label(i18n, c).to_string());
        [kind.unwrap_or_default(), d.supervisor_name.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
    };
    let leader = [d.leader_name.clone(), d.leader_title.clone(), d.leader_unit.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let civil = d.civil_registered;
    let child_level = d.child_level_name.clone();
    let children = d.children.clone();
    let viewer = d.viewer.clone();
    let categories = d.summary.service_categories.clone();

    // A labelled paragraph of free text, left out when empty.
    let text_block = move |label: Signal<String>, value: String| {
        (!value.trim().is_empty()).then(|| {
            view! {
                <div>
                    <dt>{move || label.get()}</dt>
                    <dd class="prewrap">{value}</dd>
                </div>
            }
        })
    };

    view! {
        <Title text=move || format!("{} · {}", title_name, t_string!(i18n, app.name)) />
        <section class="page">
            <nav class="breadcrumb" aria-label=move || t_string!(i18n, orgs.breadcrumb).to_string()>
                <ol>
                    <li>
                        <a href="/orgs">{move || t_string!(i18n, orgs.title).to_string()}</a>
                    </li>
                    {d
                        .path
                        .iter()
                        .map(|(pid, pname)| {
                            view! {
                                <li>
                                    <a href=format!("/orgs/{pid}")>{pname.clone()}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                    <li aria-current="page">{name.clone()}</li>
                </ol>
            </nav>
            <h1>{name.clone()}</h1>
            <p class="org-meta">
                <span>{d.summary.level_name.clone()}</span>
                {(!d.summary.region.is_empty()).then(|| view! { <span>{d.summary.region.clone()}</span> })}
                <span>
                    {move || t_string!(i18n, orgs.members).to_string()} " "
                    {move || t_string!(i18n, orgs.members_count, count = d.summary.members).to_string()}
                </span>
            </p>
            <p class="status-line">
                <span class="status-label">{move || t_string!(i18n, orgs.status_label).to_string()}</span>
                <span class=format!("badge badge-{}", status.code())>{move || org_status_text(i18n, status)}</span>
            </p>
            {(status == OrgStatus::Pending).then(|| view! { <p class="banner banner-info">{move || t_string!(i18n, orgs.pending_note).to_string()}</p> })}
            {d
                .review_reason
                .clone()
                .map(|reason| {
                    view! {
                        <div class="banner banner-warning">
                            <h2 class="inline-heading">{move || t_string!(i18n, orgs.review_reason).to_string()}</h2>
                            <p class="prewrap">{reason}</p>
                        </div>
                    }
                })}
            <JoinPanel org_id=id approved viewer=viewer.clone() />
            <p class="actions">
                {approved
                    .then(|| {
                        let level = child_level.clone();
                        view! {
                            <a class="button" href=format!("/orgs/new?parent={id}")>
                                {move || t_string!(i18n, orgs.register_child, level = level.clone()).to_string()}
                            </a>
                        }
                    })}
                {viewer
                    .can_manage
                    .then(|| {
                        view! {
                            <a class="button" href=format!("/orgs/{id}/manage")>
                                {move || t_string!(i18n, orgs.manage).to_string()}
                            </a>
                        }
                    })}
            </p>
        </section>
        <section class="page" aria-labelledby="org-details-title">
            <h2 id="org-details-title">{move || t_string!(i18n, orgs.details).to_string()}</h2>
            <dl class="facts org-facts">
                {(!categories.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.categories).to_string()}</dt>
                                <dd>
                                    <CategoryTags codes=categories.clone() />
                                </dd>
                            </div>
                        }
                    })}
                <div>
                    <dt>{move || t_string!(i18n, orgs.supervisor).to_string()}</dt>
                    <dd>{supervisor}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, orgs.civil_registered).to_string()}</dt>
                    <dd>
                        {move || {
                            if civil {
                                t_string!(i18n, orgs.yes).to_string()
                            } else {
                                t_string!(i18n, orgs.no).to_string()
                            }
                        }}
                    </dd>
                </div>
                {(!d.founded_on.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.founded_on).to_string()}</dt>
                                <dd>{d.founded_on.clone()}</dd>
                            </div>
                        }
                    })}
                {text_block(text(move || t_string!(i18n, orgs.service_scope).to_string()), d.service_scope.clone())}
                {text_block(text(move || t_string!(i18n, orgs.service_content).to_string()), d.service_content.clone())}
                {text_block(text(move || t_string!(i18n, orgs.service_objects).to_string()), d.service_objects.clone())}
                {text_block(text(move || t_string!(i18n, orgs.service_requirements).to_string()), d.service_requirements.clone())}
                {text_block(text(move || t_string!(i18n, orgs.leader).to_string()), leader)}
            </dl>
        </section>
        <section class="page" aria-labelledby="org-children-title">
            <h2 id="org-children-title">{move || t_string!(i18n, orgs.children).to_string()}</h2>
            {if children.is_empty() {
                view! { <p class="empty">{move || t_string!(i18n, orgs.no_children).to_string()}</p> }.into_any()
            } else {
                view! {
                    <ul class="org-list">
                        {children.into_iter().map(|org| view! { <OrgCard org /> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// What the viewer can do about joining: log in, see their status, or apply.
#[component]
fn JoinPanel(org_id: i64, approved: bool, viewer: crate::orgs::views::OrgViewer) -> impl IntoView {
    let i18n = use_i18n();
    let apply = ServerAction::<ApplyToJoin>::new();
    let status = move || match apply.value().get() {
        Some(Ok(_)) => Some(MembershipStatus::Pending),
        _ => viewer.membership,
    };
    let status_text = move |s: MembershipStatus| match s {
        MembershipStatus::Active => t_string!(i18n, orgs.state_active).to_string(),
        _ => t_string!(i18n, orgs.state_pending).to_string(),
    };
    let signed_in = viewer.signed_in;
    view! {
        <div class="join-panel" aria-live="polite">
            {move || {
                if !signed_in {
                    if !approved {
                        return ().into_any();
                    }
                    return view! {
                        <a class="button primary" href=format!("/login?next=/orgs/{org_id}")>
                            {move || t_string!(i18n, orgs.login_to_join).to_string()}
                        </a>
                    }
                        .into_any();
                }
                if let Some(s) = status() {
                    let just_applied = matches!(apply.value().get(), Some(Ok(_)));
                    return view! {
                        {just_applied.then(|| view! { <p class="banner banner-success">{move || t_string!(i18n, orgs.applied).to_string()}</p> })}
                        <p class="status-line">
                            <span class=format!("badge badge-{}", s.code())>
                                {move || t_string!(i18n, orgs.member_status, status = status_text(s)).to_string()}
                            </span>
                        </p>
                        <a href="/me/orgs">{move || t_string!(i18n, orgs.my_orgs_link).to_string()}</a>
                    }
                        .into_any();
                }
                if !approved {
                    return view! { <p class="hint">{move || t_string!(i18n, orgs.not_open).to_string()}</p> }.into_any();
                }
                view! {
                    <ActionForm action=apply>
                        <input type="hidden" name="org_id" value=org_id.to_string() />
                        <button type="submit" class="button primary" disabled=move || apply.pending().get()>
                            {move || {
                                if apply.pending().get() {
                                    t_string!(i18n, orgs.applying).to_string()
                                } else {
                                    t_string!(i18n, orgs.apply).to_string()
                                }
                            }}
                        </button>
                    </ActionForm>
                    {move || {
                        apply
                            .value()
                            .get()
                            .and_then(Result::err)
                            .map(|e| {
                                let incomplete = matches!(e, AppError::Refused(Refusal::ProfileIncomplete));
                                view! {
                                    <div class="banner banner-error" role="alert">
                                        <p>{error_text(i18n, &e)}</p>
                                        {incomplete
                                            .then(|| {
                                                view! { <a href="/me/profile">{move || t_string!(i18n, orgs.complete_profile).to_string()}</a> }
                                            })}
                                    </div>
                                }
                            })
                    }}
                }
                    .into_any()
            }}
        </div>
    }
}
