//! Files about activities: the share QR code (F-22, CVST 2 §6.1 a) and calendar exports (F-24).
use crate::activities::model::Phase;
use crate::activities::repo;
use crate::activities::views::ActivitySummary;
use crate::error::AppError;
use crate::http::UID_KEY;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

pub use crate::http::site_base;

/// A public (published or cancelled) activity of an open organisation, or NotFound.
async fn public_summary(state: &AppState, id: i64) -> Result<ActivitySummary, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    let summary = repo::summary(&mut conn, id, crate::db::now_us()).await?;
    if summary.phase == Phase::Draft || !crate::orgs::repo::is_approved(&mut conn, summary.org_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(summary)
}

/// The QR code of an activity's address as SVG (scales to any print size).
pub fn qr_svg(url: &str) -> Result<String, AppError> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).map_err(AppError::internal)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// `GET /activities/{id}/qr.svg`
pub async fn activity_qr(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let result = async {
        public_summary(&state, id).await?;
        qr_svg(&format!("{}/activities/{id}", site_base(&state, &headers)))
    }
    .await;
    match result {
        Ok(svg) => ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg)
            .into_response(),
        Err(e) => e.into_response(),
    }
}

fn utc(us: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::<chrono::Utc>::from_timestamp_micros(us).unwrap_or_default()
}

/// One calendar event per activity, times in UTC (calendars show them in the reader's zone).
pub fn calendar(items: &[ActivitySummary], base: &str, name: &str) -> String {
    use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
    let mut cal = Calendar::new();
    cal.name(name);
    for a in items {
        let place =
            if a.address.is_empty() { a.region_name.clone() } else { format!("{} {}", a.region_name, a.address) };
        let mut event = Event::new();
        event
            .uid(&format!("activity-{}@sciserve", a.id))
            .summary(&a.title)
            .starts(utc(a.starts_at))
            .ends(utc(a.ends_at))
            .location(place.trim())
            .url(&format!("{base}/activities/{}", a.id))
            .description(&format!("{}\n{base}/activities/{}", a.org_name, a.id));
        if a.phase == crate::activities::model::Phase::Cancelled {
            event.status(EventStatus::Cancelled);
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

fn ics_response(body: String, file: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// `GET /activities/{id}/calendar.ics`: one activity, for anyone.
pub async fn activity_ics(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    match public_summary(&state, id).await {
        Ok(a) => ics_response(calendar(&[a], &site_base(&state, &headers), "sciserve"), &format!("activity-{id}.ics")),
        Err(e) => e.into_response(),
    }
}

/// `GET /me/activities.ics`: everything the signed-in person holds or waits for a place in.
pub async fn my_ics(State(state): State<AppState>, headers: HeaderMap, session: Session) -> Response {
    let Ok(Some(uid)) = session.get::<i64>(UID_KEY).await else {
        return AppError::Unauthenticated.into_response();
    };
    let result = async {
        let mut conn = state.db.pool.acquire().await?;
        let mine =
            crate::activities::api::ssr::mine(&mut conn, uid, "all", &Default::default(), crate::db::now_us()).await?;
        Ok::<_, AppError>(mine.into_iter().filter(|m| m.signup_status.is_open()).map(|m| m.summary).collect::<Vec<_>>())
    }
    .await;
    match result {
        Ok(items) => {
            ics_response(calendar(&items, &site_base(&state, &headers), "我的志愿服务活动"), "my-activities.ics")
        }
        Err(e) => e.into_response(),
    }
}
