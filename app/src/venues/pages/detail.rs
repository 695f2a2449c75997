//! `/venues/{id}`: a venue's public page, rendered on the server with its Open Graph tags, the
//! facts people need to go there and the upcoming activities held there. Works without JavaScript.
use super::photos::{photo_alt, PhotoGrid};
use super::{category_label, kind_label, place_text, when};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::{error_text, NotFoundPage};
use crate::ui::head::PageTitle;
use crate::venues::api::get_venue;
use crate::venues::views::VenueDetail;
use leptos::prelude::*;
use leptos_meta::{Link, Meta};
use leptos_router::hooks::use_params_map;

/// The address people reach the site by, for `og:url` and the canonical link.
fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<axum::http::request::Parts>();
        match (crate::state::app_state(), parts) {
            (Ok(state), Some(parts)) => crate::http::site_base(&state, &parts.headers),
            _ => String::new(),
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }
}

/// One line, at most ~100 characters, for link previews.
fn description_of(detail: &VenueDetail, kind: &str) -> String {
    let flat = detail.description.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = if flat.is_empty() { format!("{kind} · {}", detail.summary.address) } else { flat };
    let mut out: String = text.chars().take(100).collect();
    if text.chars().count() > 100 {
        out.push('…');
    }
    out
}

#[component]
pub fn VenuePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let origin = site_origin();
    let detail = Resource::new(
        move || id.get(),
        move |id| {
            let origin = origin.clone();
            async move {
                match id {
                    Some(id) => get_venue(id).await.map(|d| (d, origin)),
                    None => Err(AppError::NotFound),
                }
            }
        },
    );
    view! {
        <Transition fallback=move || {
            view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok((d, origin)) => view! { <VenueView detail=d origin /> }.into_any(),
                        Err(AppError::NotFound) => view! { <VenueNotFound /> }.into_any(),
                        Err(e) => {
                            view! {
                                <section class="page narrow">
                                    <h1>{move || t_string!(i18n, venues.title).to_string()}</h1>
                                    <p class="banner banner-error">{error_text(i18n, &e)}</p>
                                    <a href="/map">{move || t_string!(i18n, venues.back_to_map).to_string()}</a>
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
fn VenueNotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <NotFoundPage
            title=Signal::derive(move || t_string!(i18n, venues.not_found_title).to_string())
            body=Signal::derive(move || t_string!(i18n, venues.not_found_body).to_string())
            back_href="/map"
            back=Signal::derive(move || t_string!(i18n, venues.back_to_map).to_string())
        />
    }
}

#[component]
fn VenueView(detail: VenueDetail, origin: String) -> impl IntoView {
    let i18n = use_i18n();
    let s = detail.summary.clone();
    let url = format!("{origin}/venues/{}", s.id);
    let kind_code = s.kind.clone();
    let kind = move || kind_label(i18n, &kind_code);
    let description = description_of(&detail, &kind_label(i18n, &s.kind));
    let name = s.name.clone();
    let title_name = name.clone();
    let place = place_text(&s.province, &s.city, &s.county, &s.address);
    let position = s.lat_e6.zip(s.lng_e6).map(|(lat, lng)| {
        let (lat, lng) = (lat as f64 / 1e6, lng as f64 / 1e6);
        (
            format!("{lat:.6}, {lng:.6}"),
            format!("/map?bbox={},{},{},{}", lng - 0.02, lat - 0.02, lng + 0.02, lat + 0.02),
        )
    });
    let facts: Vec<(&'static str, String)> = [
        ("facilities", detail.facilities.clone()),
        ("opening_hours", detail.opening_hours.clone()),
        ("contact", [detail.contact_name.clone(), detail.contact_phone.clone()].join(" ").trim().to_owned()),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let fact_label = move |key: &str| match key {
        "facilities" => t_string!(i18n, venues.facilities).to_string(),
        "opening_hours" => t_string!(i18n, venues.opening_hours).to_string(),
        _ => t_string!(i18n, venues.contact).to_string(),
    };
    let upcoming = detail.upcoming.clone();
    let has_upcoming = !upcoming.is_empty();
    let id = s.id;
    let online_link = detail.online_link.clone();
    let photos = detail.photos.clone();
    // The first photo is the link preview's image (an absolute URL, as Open Graph asks).
    let og_image = photos.first().map(|p| {
        let alt = photo_alt(i18n, p, &name, 1);
        (format!("{origin}{}", p.url), alt, p.width.zip(p.height))
    });
    view! {
        <PageTitle text=move || format!("{} · {}", title_name, t_string!(i18n, app.name)) />
        <Meta name="description" content=description.clone() />
        <Meta property="og:title" content=name.clone() />
        <Meta property="og:description" content=description />
        <Meta property="og:type" content="place" />
        <Meta property="og:url" content=url.clone() />
        <Meta property="og:site_name" content=move || t_string!(i18n, app.name).to_string() />
        {s
            .lat_e6
            .map(|lat| {
                view! { <Meta property="place:location:latitude" content=format!("{:.6}", lat as f64 / 1e6) /> }
            })}
        {s
            .lng_e6
            .map(|lng| {
                view! { <Meta property="place:location:longitude" content=format!("{:.6}", lng as f64 / 1e6) /> }
            })}
        {og_image
            .map(|(image, alt, size)| {
                view! {
                    <Meta property="og:image" content=image />
                    <Meta property="og:image:alt" content=alt />
                    {size
                        .map(|(w, h)| {
                            view! {
                                <Meta property="og:image:width" content=w.to_string() />
                                <Meta property="og:image:height" content=h.to_string() />
                            }
                        })}
                }
            })}
        <Link rel="canonical" href=url />
        <section class="page venue-head">
            <nav class="breadcrumb" aria-label=move || t_string!(i18n, venues.breadcrumb).to_string()>
                <ol>
                    <li>
                        <a href="/map">{move || t_string!(i18n, map.title).to_string()}</a>
                    </li>
                    <li aria-current="page">{name.clone()}</li>
                </ol>
            </nav>
            <h1>{name.clone()}</h1>
            <p class="status-line">
                <span class="tag">{kind}</span>
                {s
                    .retired
                    .then(|| {
                        view! { <span class="badge">{move || t_string!(i18n, venues.retired_badge).to_string()}</span> }
                    })}
            </p>
            <dl class="facts">
                <dt>{move || t_string!(i18n, venues.managed_by).to_string()}</dt>
                <dd>
                    <a href=format!("/orgs/{}", s.org_id)>{s.org_name.clone()}</a>
                </dd>
                {(!place.is_empty())
                    .then(|| {
                        view! {
                            <dt>{move || t_string!(i18n, venues.address).to_string()}</dt>
                            <dd>{place.clone()}</dd>
                        }
                    })}
                {position
                    .map(|(text, href)| {
                        view! {
                            <dt>{move || t_string!(i18n, venues.coordinates).to_string()}</dt>
                            <dd>{text} " " <a href=href>{move || t_string!(i18n, venues.on_map).to_string()}</a></dd>
                        }
                    })}
                {(!online_link.is_empty())
                    .then(|| {
                        view! {
                            <dt>{move || t_string!(i18n, venues.online_link).to_string()}</dt>
                            <dd>
                                <a href=online_link.clone() rel="nofollow noopener">
                                    {online_link.clone()}
                                </a>
                            </dd>
                        }
                    })}
                {facts
                    .into_iter()
                    .map(|(key, value)| {
                        view! {
                            <dt>{move || fact_label(key)}</dt>
                            <dd>{value}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
            {(!detail.description.is_empty())
                .then(|| view! { <p class="venue-description">{detail.description.clone()}</p> })}
            {detail
                .can_manage
                .then(|| {
                    view! {
                        <p class="actions">
                            <a class="button" href=format!("/venues/{id}/edit")>
                                {move || t_string!(i18n, venues.edit).to_string()}
                            </a>
                            " "
                            <a class="button" href=format!("/venues/{id}/photos")>
                                {move || t_string!(i18n, venue_photos.manage).to_string()}
                            </a>
                        </p>
                    }
                })}
        </section>
        {(!photos.is_empty())
            .then(|| {
                view! {
                    <section class="page venue-photos" aria-labelledby="venue-photos-title">
                        <h2 id="venue-photos-title">{move || t_string!(i18n, venue_photos.gallery).to_string()}</h2>
                        <PhotoGrid photos=photos.clone() venue_name=name.clone() />
                    </section>
                }
            })}
        <section class="page">
            <h2>{move || t_string!(i18n, venues.upcoming_title).to_string()}</h2>
            {if has_upcoming {
                view! {
                    <ul class="card-list">
                        {upcoming
                            .into_iter()
                            .map(|a| {
                                let category = a.category.clone();
                                view! {
                                    <li class="card">
                                        <h3>
                                            <a href=format!("/activities/{}", a.id)>{a.title.clone()}</a>
                                        </h3>
                                        <p>{when(a.starts_at, a.ends_at)}</p>
                                        <p>
                                            <span class="tag">{move || category_label(i18n, &category)}</span>
                                            " "
                                            {a.org_name.clone()}
                                        </p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            } else {
                view! { <p class="empty">{move || t_string!(i18n, venues.upcoming_empty).to_string()}</p> }.into_any()
            }}
        </section>
    }
}
