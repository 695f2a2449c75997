//! The public list of activities (F-22) at `/activities`.
//!
//! Every filter lives in the URL (`?q=&province=&city=&county=&category=&mode=&phase=&from=&to=`
//! and `near=<lat>,<lng>` for "nearest first"), so a search renders on the server, can be shared
//! as a link and works as a plain GET form without JavaScript. With JavaScript, "load more"
//! appends the next page in place and "nearest first" asks the browser for the position; without
//! it, the next page is a link and the distance sort is simply not offered.
use crate::activities::api::list_activities;
use crate::activities::model::{Phase, MODE};
use crate::activities::pages::widgets::{phase_text, ActivityCard};
use crate::activities::views::{ActivityQuery, ActivitySummary};
use crate::i18n::*;
use crate::ui::format::encode_component;
use crate::regions;
use crate::accounts::auth::use_auth;
use crate::ui::errors::error_text;
use crate::ui::fields::choice_label;
use crate::codes::SERVICE_CATEGORY;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

/// `near=31.706,119.942` (decimal degrees) as microdegrees; anything else is no position.
fn parse_near(value: &str) -> Option<(i64, i64)> {
    let (lat, lng) = value.split_once(',')?;
    let (lat, lng): (f64, f64) = (lat.trim().parse().ok()?, lng.trim().parse().ok()?);
    let valid = lat.is_finite() && lng.is_finite() && lat.abs() <= 90.0 && lng.abs() <= 180.0;
    valid.then(|| ((lat * 1e6).round() as i64, (lng * 1e6).round() as i64))
}

fn format_near(lat_e6: i64, lng_e6: i64) -> String {
    format!("{:.6},{:.6}", lat_e6 as f64 / 1e6, lng_e6 as f64 / 1e6)
}

/// The list's filters as read from the URL.
fn query_from_url(map: &ParamsMap) -> ActivityQuery {
    let get = |k: &str| map.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let near = map.get("near").and_then(|v| parse_near(&v));
    ActivityQuery {
        q: get("q"),
        province: get("province"),
        city: get("city"),
        county: get("county"),
        category: get("category"),
        mode: get("mode"),
        phase: get("phase"),
        from: get("from"),
        to: get("to"),
        near_lat_e6: near.map(|n| n.0),
        near_lng_e6: near.map(|n| n.1),
        after: map.get("after").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()),
        ..Default::default()
    }
}

/// The list URL for `query` (only the filters that are set), with `near` and `after` as given.
fn list_href(query: &ActivityQuery, near: Option<(i64, i64)>, after: Option<&str>) -> String {
    let mut parts: Vec<String> = [
        ("q", &query.q),
        ("province", &query.province),
        ("city", &query.city),
        ("county", &query.county),
        ("category", &query.category),
        ("mode", &query.mode),
        ("phase", &query.phase),
        ("from", &query.from),
        ("to", &query.to),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}", encode_component(v)))
    .collect();
    if let Some((lat, lng)) = near {
        parts.push(format!("near={}", encode_component(&format_near(lat, lng))));
    }
    if let Some(after) = after {
        parts.push(format!("after={}", encode_component(after)));
    }
    if parts.is_empty() {
        "/activities".to_owned()
    } else {
        format!("/activities?{}", parts.join("&"))
    }
}

fn near_of(query: &ActivityQuery) -> Option<(i64, i64)> {
    query.near_lat_e6.zip(query.near_lng_e6)
}

/// Whether any filter narrows the list (the distance sort does not narrow it much, but it does
/// drop activities without a position, so it counts).
fn is_filtered(q: &ActivityQuery) -> bool {
    [&q.q, &q.province, &q.city, &q.county, &q.category, &q.mode, &q.phase, &q.from, &q.to].iter().any(|v| !v.is_empty())
        || near_of(q).is_some()
}

/// What asking the browser for the position came to (the server never asks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "ssr", allow(dead_code))]
enum Geo {
    Idle,
    Locating,
    Denied,
    Unavailable,
    Unsupported,
}

/// Asks the browser for the position once; `done` gets decimal degrees or why not.
#[cfg(not(feature = "ssr"))]
fn locate(done: impl Fn(Result<(f64, f64), Geo>) + Clone + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        done(Err(Geo::Unsupported));
        return;
    };
    let on_ok = done.clone();
    // Only one of the two callbacks runs; `once_into_js` frees the one that does.
    let success = Closure::once_into_js(move |position: web_sys::Position| {
        let coords = position.coords();
        on_ok(Ok((coords.latitude(), coords.longitude())));
    });
    let on_err = done.clone();
    let failure = Closure::once_into_js(move |error: web_sys::PositionError| {
        on_err(Err(if error.code() == 1 { Geo::Denied } else { Geo::Unavailable }));
    });
    let options = web_sys::PositionOptions::new();
    options.set_timeout(15_000);
    options.set_maximum_age(300_000);
    let asked = geolocation.get_current_position_with_error_callback_and_options(
        success.unchecked_ref(),
        Some(failure.unchecked_ref()),
        &options,
    );
    if asked.is_err() {
        done(Err(Geo::Unsupported));
    }
}

#[cfg(feature = "ssr")]
fn locate(done: impl Fn(Result<(f64, f64), Geo>) + Clone + 'static) {
    done(Err(Geo::Unsupported));
}

/// A filter `<select>` whose empty choice reads "any" (or what `any` says), with the chosen
/// option marked in the server's HTML so the form shows the search without JavaScript.
#[component]
fn FilterSelect(
    name: &'static str,
    label: Signal<String>,
    any: Signal<String>,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let label_for = id.clone();
    view! {
        <div class="field">
            <label for=label_for>{move || label.get()}</label>
            <select
                id=id
                name=name
                prop:value=move || value.get()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(cb) = on_change {
                        cb.run(());
                    }
                }
            >
                <option value="">{move || any.get()}</option>
                {move || {
                    let current = value.get_untracked();
                    options
                        .get()
                        .into_iter()
                        .map(|(code, label)| {
                            let selected = code == current;
                            view! { <option value=code selected=selected>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let url = use_query_map();
    let query = Memo::new(move |_| url.with(query_from_url));
    let results = Resource::new(move || query.get(), list_activities);

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

    // Pages appended by "load more", remembered with the search they belong to.
    let more = RwSignal::new(None::<(ActivityQuery, Vec<ActivitySummary>, Option<String>)>);
    let more_error = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let load_more = move |after: String| {
        let base = query.get_untracked();
        let mut next_query = base.clone();
        next_query.after = Some(after);
        loading_more.set(true);
        more_error.set(None);
        leptos::task::spawn_local(async move {
            match list_activities(next_query).await {
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

    // "Nearest first": the browser's position goes into the URL, which re-runs the search.
    let geo = RwSignal::new(Geo::Idle);
    let navigate = use_navigate();
    let sort_by_distance = move |_| {
        geo.set(Geo::Locating);
        let navigate = navigate.clone();
        locate(move |answer| match answer {
            Ok((lat, lng)) => {
                geo.set(Geo::Idle);
                let near = ((lat * 1e6).round() as i64, (lng * 1e6).round() as i64);
                navigate(&list_href(&query.get_untracked(), Some(near), None), Default::default());
            }
            Err(why) => geo.set(why),
        });
    };
    let geo_message = move || match geo.get() {
        Geo::Idle => None,
        Geo::Locating => Some(("hint", t_string!(i18n, activities.locating).to_string())),
        Geo::Denied => Some(("banner banner-warning", t_string!(i18n, activities.geo_denied).to_string())),
        Geo::Unavailable => Some(("banner banner-warning", t_string!(i18n, activities.geo_unavailable).to_string())),
        Geo::Unsupported => Some(("banner banner-warning", t_string!(i18n, activities.geo_unsupported).to_string())),
    };

    let any = Signal::derive(move || t_string!(i18n, activities.any).to_string());
    let province_options =
        Signal::derive(|| regions::provinces().iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
    let city_options = Signal::derive(move || {
        regions::cities_of(&province.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let county_options = Signal::derive(move || {
        regions::counties_of(&city.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let category_options = Signal::derive(move || {
        SERVICE_CATEGORY.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect()
    });
    let mode_options =
        Signal::derive(move || MODE.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect());
    let phase_options = Signal::derive(move || {
        Phase::FILTERABLE.iter().map(|p| (p.code().to_string(), phase_text(i18n, *p))).collect()
    });
    let filtered = move || query.with(is_filtered);
    let near_param = move || query.with(|q| near_of(q).map(|(lat, lng)| format_near(lat, lng)));

    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, activities.title), t_string!(i18n, app.name)) />
        <section class="page">
            <h1>{move || t_string!(i18n, activities.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, activities.intro).to_string()}</p>
            // Only people who manage an organisation can publish. Read inside a Transition so
            // the server's HTML and the browser's first render agree.
            <Transition fallback=|| ()>
                {move || {
                    auth.get()
                        .filter(|u| u.is_staff())
                        .map(|_| {
                            view! {
                                <p class="actions">
                                    <a class="button" href="/activities/new">
                                        {move || t_string!(i18n, activities.publish).to_string()}
                                    </a>
                                </p>
                            }
                        })
                }}
            </Transition>
            <div class="activity-search" role="search" aria-labelledby="activity-search-title">
                <h2 id="activity-search-title">{move || t_string!(i18n, activities.search_title).to_string()}</h2>
                <Form method="get" action="/activities">
                    // Not a TextField: the keyword must be in the server's HTML (a `value`
                    // attribute), so the form shows the search without JavaScript.
                    <div class="field">
                        <label for="f-q">{move || t_string!(i18n, activities.keyword).to_string()}</label>
                        <p class="hint" id="f-q-hint">{move || t_string!(i18n, activities.keyword_hint).to_string()}</p>
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
                    <div class="activity-search-selects">
                        <FilterSelect
                            name="province"
                            label=Signal::derive(move || t_string!(i18n, activities.province).to_string())
                            any
                            value=province
                            options=province_options
                            on_change=Callback::new(move |_| {
                                city.set(String::new());
                                county.set(String::new());
                            })
                        />
                        <FilterSelect
                            name="city"
                            label=Signal::derive(move || t_string!(i18n, activities.city).to_string())
                            any
                            value=city
                            options=city_options
                            on_change=Callback::new(move |_| county.set(String::new()))
                        />
                        <FilterSelect
                            name="county"
                            label=Signal::derive(move || t_string!(i18n, activities.county).to_string())
                            any
                            value=county
                            options=county_options
                        />
                        <FilterSelect
                            name="category"
                            label=Signal::derive(move || t_string!(i18n, activities.category).to_string())
                            any
                            value=category
                            options=category_options
                        />
                    </div>
                    <details class="filters-more" open=more_open>
                        <summary>{move || t_string!(i18n, activities.more_filters).to_string()}</summary>
                        <div class="activity-search-selects">
                            <FilterSelect
                                name="mode"
                                label=Signal::derive(move || t_string!(i18n, activities.mode).to_string())
                                any
                                value=mode
                                options=mode_options
                            />
                            <FilterSelect
                                name="phase"
                                label=Signal::derive(move || t_string!(i18n, activities.phase).to_string())
                                any=Signal::derive(move || t_string!(i18n, activities.phase_current).to_string())
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
                            <a class="button" href="/activities">{move || t_string!(i18n, activities.clear).to_string()}</a>
                        </Show>
                    </div>
                </Form>
            </div>
        </section>
        <section class="page" aria-labelledby="activity-results-title">
            <div class="results-head">
                <h2 id="activity-results-title">{move || t_string!(i18n, activities.results).to_string()}</h2>
                {move || {
                    if near_param().is_some() {
                        let href = list_href(&query.get(), None, None);
                        view! {
                            <p class="sort-line">
                                <span>{move || t_string!(i18n, activities.sorted_by_distance).to_string()}</span>
                                " "
                                <a href=href>{move || t_string!(i18n, activities.sort_by_time).to_string()}</a>
                            </p>
                        }
                            .into_any()
                    } else {
                        let ended = query.with(|q| q.phase == Phase::Ended.code());
                        let sort = sort_by_distance.clone();
                        view! {
                            <p class="sort-line">
                                <span>
                                    {move || {
                                        if ended {
                                            t_string!(i18n, activities.sorted_by_time_desc).to_string()
                                        } else {
                                            t_string!(i18n, activities.sorted_by_time).to_string()
                                        }
                                    }}
                                </span>
                            </p>
                            // Needs the browser's position, so only offered once the page runs.
                            <Show when=move || hydrated.get()>
                                <button
                                    type="button"
                                    class="button"
                                    id="sort-nearest"
                                    disabled=move || geo.get() == Geo::Locating
                                    on:click=sort.clone()
                                >
                                    {move || t_string!(i18n, activities.nearest).to_string()}
                                </button>
                            </Show>
                        }
                            .into_any()
                    }
                }}
                <div class="geo-status" role="status" aria-live="polite">
                    {move || geo_message().map(|(class, text)| view! { <p class=class>{text}</p> })}
                </div>
            </div>
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
                                    return view! { <EmptyResults filtered=is_filtered(&current) /> }.into_any();
                                }
                                view! {
                                    <ul class="card-list activity-list">
                                        {items.into_iter().map(|activity| view! { <ActivityCard activity /> }).collect_view()}
                                    </ul>
                                    {next
                                        .map(|after| {
                                            let href = list_href(&current, near_of(&current), Some(&after));
                                            view! {
                                                <p class="load-more">
                                                    {move || {
                                                        if hydrated.get() {
                                                            let after = after.clone();
                                                            view! {
                                                                <button
                                                                    type="button"
                                                                    class="button block"
                                                                    disabled=move || loading_more.get()
                                                                    on:click=move |_| load_more(after.clone())
                                                                >
                                                                    {move || {
                                                                        if loading_more.get() {
                                                                            t_string!(i18n, activities.loading_more).to_string()
                                                                        } else {
                                                                            t_string!(i18n, activities.load_more).to_string()
                                                                        }
                                                                    }}
                                                                </button>
                                                            }
                                                                .into_any()
                                                        } else {
                                                            view! {
                                                                <a class="button block" href=href.clone()>
                                                                    {move || t_string!(i18n, activities.next_page).to_string()}
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

/// No results: with filters, say so and offer to clear them; without, say nothing is published.
#[component]
fn EmptyResults(filtered: bool) -> impl IntoView {
    let i18n = use_i18n();
    if filtered {
        view! {
            <div class="empty">
                <p>{move || t_string!(i18n, activities.empty_filtered).to_string()}</p>
                <a class="button" href="/activities">{move || t_string!(i18n, activities.clear_all).to_string()}</a>
            </div>
        }
            .into_any()
    } else {
        view! { <p class="empty">{move || t_string!(i18n, activities.empty).to_string()}</p> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_is_decimal_degrees_in_range() {
        assert_eq!(parse_near("31.706,119.942"), Some((31_706_000, 119_942_000)));
        assert_eq!(parse_near(" -33.5 , 151.25 "), Some((-33_500_000, 151_250_000)));
        assert_eq!(parse_near("91,0"), None);
        assert_eq!(parse_near("31.7"), None);
        assert_eq!(parse_near("NaN,1"), None);
        assert_eq!(format_near(31_706_000, 119_942_000), "31.706000,119.942000");
    }

    #[test]
    fn hrefs_carry_only_the_filters_set() {
        let q = ActivityQuery { q: "科普".into(), phase: "ended".into(), ..Default::default() };
        assert_eq!(list_href(&q, None, None), "/activities?q=%E7%A7%91%E6%99%AE&phase=ended");
        assert_eq!(list_href(&ActivityQuery::default(), Some((31_706_000, 119_942_000)), Some("d20")), "/activities?near=31.706000%2C119.942000&after=d20");
        assert_eq!(list_href(&ActivityQuery::default(), None, None), "/activities");
    }
}
