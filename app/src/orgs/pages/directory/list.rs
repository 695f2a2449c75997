//! The directory: a search form whose filters live in the address, and the results.
use super::card::OrgCard;
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::orgs::api::list_orgs;
use crate::orgs::views::{OrgQuery, OrgSummary};
use crate::regions;
use crate::ui::choices::{choice_label, SelectField};
use crate::ui::errors::error_text;
use crate::ui::fields::{text, KeywordField};
use crate::ui::format::encode_component;
use crate::ui::head::{PageDescription, PageTitle};
use crate::ui::load_more::{LoadMore, MorePages};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

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
    let more = MorePages::<OrgQuery, OrgSummary, i64>::new();
    let load_more = Callback::new(move |after: i64| {
        let base = query.get_untracked();
        let next_query = OrgQuery { after: Some(after), ..base.clone() };
        more.load(base, async move { list_orgs(next_query).await.map(|page| (page.items, page.next)) });
    });

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
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, orgs.title), t_string!(i18n, app.name)) />
        <PageDescription text=move || t_string!(i18n, meta.orgs).to_string() />
        <section class="page">
            <h1>{move || t_string!(i18n, orgs.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, orgs.intro).to_string()}</p>
            <p class="actions">
                <a class="button" href="/orgs/new">
                    {move || t_string!(i18n, orgs.register_link).to_string()}
                </a>
            </p>
            <div class="org-search" role="search" aria-labelledby="org-search-title">
                <h2 id="org-search-title">{move || t_string!(i18n, orgs.search_title).to_string()}</h2>
                <Form method="get" action="/orgs">
                    <KeywordField
                        label=text(move || t_string!(i18n, orgs.keyword).to_string())
                        hint=text(move || t_string!(i18n, orgs.keyword_hint).to_string())
                        start=start_keyword
                        keyword
                    />
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
                        <button type="submit" class="button primary">
                            {move || t_string!(i18n, orgs.search).to_string()}
                        </button>
                        <Show when=filtered>
                            <a class="button" href="/orgs">
                                {move || t_string!(i18n, orgs.clear).to_string()}
                            </a>
                        </Show>
                    </div>
                </Form>
            </div>
        </section>
        <section class="page" aria-labelledby="org-results-title">
            <h2 id="org-results-title">{move || t_string!(i18n, orgs.results).to_string()}</h2>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    results
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                            Ok(page) => {
                                let current = query.get();
                                let (items, next) = more.with_first(&current, page.items, page.next);
                                if items.is_empty() {
                                    return view! {
                                        <p class="empty">{move || t_string!(i18n, orgs.empty).to_string()}</p>
                                    }
                                        .into_any();
                                }
                                view! {
                                    <ul class="org-list">
                                        {items.into_iter().map(|org| view! { <OrgCard org /> }).collect_view()}
                                    </ul>
                                    {next
                                        .map(|after| {
                                            view! {
                                                <LoadMore
                                                    pages=more
                                                    href=directory_href(&current, Some(after))
                                                    on_load=Callback::new(move |_| load_more.run(after))
                                                    label=text(move || t_string!(i18n, orgs.load_more).to_string())
                                                    loading_label=text(move || {
                                                        t_string!(i18n, orgs.loading_more).to_string()
                                                    })
                                                    next_label=text(move || t_string!(i18n, orgs.next_page).to_string())
                                                />
                                            }
                                        })}
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}
