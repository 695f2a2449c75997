//! `/map` (F-41): the public map of venues and upcoming activities, and under it the list of
//! the same box and filters, rendered on the server. The filters are a GET form, so the list
//! works without JavaScript; `public/map.js` draws the map with Leaflet (served from this site,
//! loaded by this page only), asks `/api/v1/map` for the grouped markers of each box and zoom,
//! and keeps the "list this area" link on the box shown. When the tiles cannot load the
//! markers still show, and the list is always there — it is also the keyboard path.
use super::{category_label, kind_label, place_text, when};
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::ui::choices::choice_label;
use crate::ui::errors::error_text;
use crate::ui::head::PageTitle;
use crate::venues::api::{map_page_data, MapView as MapViewData};
use crate::venues::model::VENUE_KIND;
use leptos::prelude::*;
use leptos_meta::{Meta, Stylesheet};
use leptos_router::hooks::use_query_map;

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            (get("kind"), get("category"), get("layer"), get("bbox"))
        })
    });
    let data = Resource::new(
        move || args.get(),
        |(kind, category, layer, bbox)| async move { map_page_data(kind, category, layer, bbox).await },
    );
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, map.title), t_string!(i18n, app.name)) />
        <Meta name="description" content=move || t_string!(i18n, map.intro).to_string() />
        <Stylesheet id="leaflet" href="/vendor/leaflet/leaflet.css" />
        <section class="page map-page">
            <h1>{move || t_string!(i18n, map.title).to_string()}</h1>
            <p>{move || t_string!(i18n, map.intro).to_string()}</p>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    data.get()
                        .map(|result| match result {
                            Ok(d) => view! { <MapView data=d /> }.into_any(),
                            Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                        })
                }}
            </Transition>
        </section>
        <script src="/vendor/leaflet/leaflet.js" defer=true></script>
        <script src="/map.js" defer=true></script>
    }
}

#[component]
fn MapView(data: MapViewData) -> impl IntoView {
    let i18n = use_i18n();
    let kind_options = move |chosen: String| {
        VENUE_KIND
            .items
            .iter()
            .map(|c| {
                let selected = c.code == chosen;
                view! {
                    <option value=c.code selected=selected>
                        {move || choice_label(i18n, c)}
                    </option>
                }
            })
            .collect_view()
    };
    let category_options = move |chosen: String| {
        SERVICE_CATEGORY
            .items
            .iter()
            .map(|c| {
                let selected = c.code == chosen;
                view! {
                    <option value=c.code selected=selected>
                        {move || choice_label(i18n, c)}
                    </option>
                }
            })
            .collect_view()
    };
    let layer = data.layer.clone();
    let layer_option = move |code: &'static str| {
        let selected = layer == code;
        let label = move || match code {
            "venues" => t_string!(i18n, map.layer_venues).to_string(),
            "activities" => t_string!(i18n, map.layer_activities).to_string(),
            _ => t_string!(i18n, map.layer_all).to_string(),
        };
        view! {
            <option value=code selected=selected>
                {label}
            </option>
        }
    };
    let list = data.list.clone();
    let venue_count = list.venue_total;
    let activity_count = list.activity_total;
    let shown_venues = list.venues.len();
    let shown_activities = list.activities.len();
    let is_china = data.bbox == crate::venues::views::BoundingBox::CHINA.to_param();
    view! {
        <form class="filters map-filters" method="get" action="/map">
            <div class="field">
                <label for="map-kind">{move || t_string!(i18n, map.filter_kind).to_string()}</label>
                <select id="map-kind" name="kind">
                    <option value="">{move || t_string!(i18n, map.any).to_string()}</option>
                    {kind_options(data.kind.clone())}
                </select>
            </div>
            <div class="field">
                <label for="map-category">{move || t_string!(i18n, map.filter_category).to_string()}</label>
                <select id="map-category" name="category">
                    <option value="">{move || t_string!(i18n, map.any).to_string()}</option>
                    {category_options(data.category.clone())}
                </select>
            </div>
            <div class="field">
                <label for="map-layer">{move || t_string!(i18n, map.filter_layer).to_string()}</label>
                <select id="map-layer" name="layer">
                    {layer_option("all")}
                    {layer_option("venues")}
                    {layer_option("activities")}
                </select>
            </div>
            {(!is_china).then(|| view! { <input type="hidden" name="bbox" value=data.bbox.clone() /> })}
            <div class="actions">
                <button type="submit" class="button primary">
                    {move || t_string!(i18n, map.apply).to_string()}
                </button>
                {(!is_china)
                    .then(|| {
                        view! {
                            <a class="button" href="/map">
                                {move || t_string!(i18n, map.whole_country).to_string()}
                            </a>
                        }
                    })}
            </div>
        </form>
        <div class="map-tools">
            <button type="button" id="map-near-me" class="button" hidden=true>
                {move || t_string!(i18n, map.near_me).to_string()}
            </button>
            <a id="map-list-area" class="button" href="/map" hidden=true>
                {move || t_string!(i18n, map.list_area).to_string()}
            </a>
            <p id="map-status" class="map-status" role="status" aria-live="polite"></p>
        </div>
        <div
            id="venue-map"
            class="venue-map"
            role="region"
            aria-label=move || t_string!(i18n, map.map_label).to_string()
            data-tiles=data.tiles.url.clone()
            data-attribution=data.tiles.attribution.clone()
            data-subdomains=data.tiles.subdomains.clone()
            data-datum=data.tiles.datum.clone()
            data-kind=data.kind.clone()
            data-category=data.category.clone()
            data-layer=data.layer.clone()
            data-bbox=data.bbox.clone()
            data-msg-venues=move || t_string!(i18n, map.js_venues).to_string()
            data-msg-activities=move || t_string!(i18n, map.js_activities).to_string()
            data-msg-loading=move || t_string!(i18n, map.js_loading).to_string()
            data-msg-failed=move || t_string!(i18n, map.js_failed).to_string()
            data-msg-locating=move || t_string!(i18n, map.js_locating).to_string()
            data-msg-no-position=move || t_string!(i18n, map.js_no_position).to_string()
            data-msg-open=move || t_string!(i18n, map.js_open).to_string()
            data-msg-zoom-in=move || t_string!(i18n, map.js_zoom_in).to_string()
        ></div>
        <section class="map-list" aria-labelledby="map-list-title">
            <h2 id="map-list-title">{move || t_string!(i18n, map.list_title).to_string()}</h2>
            {(data.layer != "activities")
                .then(|| {
                    view! {
                        <h3>
                            {move || {
                                t_string!(i18n, map.venues_heading, shown = shown_venues, total = venue_count)
                                    .to_string()
                            }}
                        </h3>
                        {if list.venues.is_empty() {
                            view! { <p class="empty">{move || t_string!(i18n, map.no_venues).to_string()}</p> }
                                .into_any()
                        } else {
                            view! {
                                <ul class="card-list map-venues">
                                    {list
                                        .venues
                                        .clone()
                                        .into_iter()
                                        .map(|v| {
                                            let kind = v.kind.clone();
                                            view! {
                                                <li class="card">
                                                    <h4>
                                                        <a href=format!("/venues/{}", v.id)>{v.name.clone()}</a>
                                                    </h4>
                                                    <p>
                                                        <span class="tag">{move || kind_label(i18n, &kind)}</span>
                                                    </p>
                                                    <p>{place_text(&v.province, &v.city, &v.county, &v.address)}</p>
                                                    <p class="muted">{v.org_name.clone()}</p>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    }
                })}
            {(data.layer != "venues")
                .then(|| {
                    view! {
                        <h3>
                            {move || {
                                t_string!(
                                    i18n, map.activities_heading, shown = shown_activities, total = activity_count
                                )
                                    .to_string()
                            }}
                        </h3>
                        {if list.activities.is_empty() {
                            view! { <p class="empty">{move || t_string!(i18n, map.no_activities).to_string()}</p> }
                                .into_any()
                        } else {
                            view! {
                                <ul class="card-list map-activities">
                                    {list
                                        .activities
                                        .clone()
                                        .into_iter()
                                        .map(|a| {
                                            let category = a.category.clone();
                                            view! {
                                                <li class="card">
                                                    <h4>
                                                        <a href=format!("/activities/{}", a.id)>{a.title.clone()}</a>
                                                    </h4>
                                                    <p>{when(a.starts_at, a.ends_at)}</p>
                                                    <p>
                                                        <span class="tag">
                                                            {move || category_label(i18n, &category)}
                                                        </span>
                                                        " "
                                                        {a.org_name.clone()}
                                                    </p>
                                                    {a
                                                        .venue_id
                                                        .map(|v| {
                                                            view! {
                                                                <p>
                                                                    <a href=format!(
                                                                        "/venues/{v}",
                                                                    )>
                                                                        {move || t_string!(i18n, map.held_at_venue).to_string()}
                                                                    </a>
                                                                </p>
                                                            }
                                                        })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    }
                })}
        </section>
    }
}
