//! Server functions for check-in and check-out (F-30, F-35).
use crate::attendance::model::{CheckInput, CheckResult, CheckinContext, ScreenToken, StaffSheet};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    attendance::{
        check::{self, Scan},
        model::{parse_position, Direction, Method, Token},
        repo, token,
    },
    db::now_us,
    error::Refusal,
    http, scope,
    state::app_state,
    validation::Invalid,
};

/// Checks the signed-in volunteer in or out: with a scanned token (`input.token`), or by
/// position (`input.activity_id`, `input.direction`, `lat`/`lng`/`accuracy`). A scan kept
/// offline carries its device time (`device_ms`) and is taken within `offline_accept_h`.
/// Sending the same scan again (same `client_id`) answers `already_recorded`.
#[server(endpoint = "attendance/check")]
pub async fn check_in_out(input: CheckInput) -> Result<CheckResult, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let policy = &state.policy.attendance;
    let client_id = ssr::client_id(&input.client_id)?;
    let device_at = ssr::device_at(&input.device_ms)?;
    let position = parse_position(&input.lat, &input.lng, &input.accuracy)
        .map_err(|field| AppError::field(field, Invalid::NotInList))?;
    let expected = match input.activity_id.trim() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::field("activity_id", Invalid::NotInList))?),
    };
    let (activity_id, direction, method) = if input.token.trim().is_empty() {
        let id = expected.ok_or_else(|| AppError::field("activity_id", Invalid::Required))?;
        let direction = Direction::from_code(input.direction.trim())
            .ok_or_else(|| AppError::field("direction", Invalid::NotInList))?;
        (id, direction, Method::Position)
    } else {
        let t = Token::parse(&input.token).ok_or(AppError::Refused(Refusal::CheckinCodeInvalid))?;
        if !token::genuine(&state.keys, &t) {
            return Err(AppError::Refused(Refusal::CheckinCodeInvalid));
        }
        if expected.is_some_and(|id| id != t.activity_id) {
            return Err(AppError::Refused(Refusal::CheckinCodeOtherActivity));
        }
        (t.activity_id, t.direction, Method::Qr)
    };
    let (at, delayed) = check::scan_time(policy, device_at, now)?;
    if method == Method::Qr {
        // The code's window must be the one shown when the scan was made (or the one before, or
        // after for a slow device clock), and never one not yet shown.
        let t = Token::parse(&input.token).ok_or(AppError::Refused(Refusal::CheckinCodeInvalid))?;
        let rotation = policy.qr_rotation_s;
        let (w_at, w_now) = (token::window_of(at, rotation), token::window_of(now, rotation));
        if t.window > w_now {
            return Err(AppError::Refused(Refusal::CheckinCodeInvalid));
        }
        if t.window < w_at - 1 || t.window > w_at + 1 {
            // Sent now: a code that has expired. Sent later: one that was not on any screen then.
            return Err(AppError::Refused(if delayed {
                Refusal::CheckinCodeInvalid
            } else {
                Refusal::CheckinCodeExpired
            }));
        }
    }
    let device = ssr::device_hash(&state).await?;
    let mut tx = state.db.begin_write().await?;
    crate::activities::repo::lock_activity(&mut tx, activity_id).await?;
    let facts = repo::facts(&mut tx, activity_id).await?;
    if method == Method::Position {
        let venue = facts.venue().ok_or(AppError::Refused(Refusal::NoVenuePosition))?;
        let p = position.ok_or_else(|| AppError::field("lat", Invalid::Required))?;
        let (inside, distance) = check::within(venue, &p, facts.radius_m);
        if !inside {
            return Err(AppError::Refused(Refusal::TooFarFromVenue {
                distance_m: distance.clamp(0, u32::MAX as i64) as u32,
                radius_m: facts.radius_m as u32,
            }));
        }
    }
    let scan =
        Scan { user_id: uid, direction, method, at, received_at: now, position, device, client_id, recorded_by: None };
    let result = check::record(&mut tx, policy, &facts, &scan).await?;
    tx.commit().await?;
    Ok(result)
}

/// The signed-in person's check-in page for one activity: its times, whether position
/// check-in is possible, their sign-up and attendance.
#[server(endpoint = "attendance/context")]
pub async fn load_checkin(activity_id: i64) -> Result<CheckinContext, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    ssr::context(&state, uid, activity_id, None).await
}

/// What a scanned token is for, with the signed-in person's state (the `/checkin/{token}` page).
/// A token the server did not make is refused.
#[server(endpoint = "attendance/token-context")]
pub async fn token_context(token: String) -> Result<CheckinContext, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let t = Token::parse(&token).ok_or(AppError::Refused(Refusal::CheckinCodeInvalid))?;
    if !token::genuine(&state.keys, &t) {
        return Err(AppError::Refused(Refusal::CheckinCodeInvalid));
    }
    ssr::context(&state, uid, t.activity_id, Some(t.direction)).await
}

/// The current code for the staff screen (staff of the activity's organisation subtree).
#[server(endpoint = "attendance/screen-token")]
pub async fn current_screen_token(activity_id: i64, direction: String) -> Result<ScreenToken, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let direction = Direction::from_code(&direction).ok_or_else(|| AppError::field("direction", Invalid::NotInList))?;
    let mut conn = state.db.pool.acquire().await?;
    let facts = repo::facts(&mut conn, activity_id).await?;
    scope::require_manage(&state.db, uid, facts.org_id).await?;
    let now = now_us();
    let rotation = state.policy.attendance.qr_rotation_s.max(1);
    let window = token::window_of(now, rotation);
    let t = token::issue(&state.keys, activity_id, window, direction).to_text();
    let headers = leptos_axum::extract::<axum::http::HeaderMap>().await.unwrap_or_default();
    let url = format!("{}/checkin/{t}", http::site_base(&state, &headers));
    let svg = crate::activities::files::qr_svg(&url)?;
    let refresh_s = ((window + 1) * rotation * 1_000_000 - now).div_euclid(1_000_000) + 1;
    Ok(ScreenToken { token: t, url, svg, refresh_s, title: facts.title })
}

/// The confirmed volunteers of an activity and their check-in state (staff of its subtree).
#[server(endpoint = "attendance/staff-sheet")]
pub async fn load_staff_sheet(activity_id: i64) -> Result<StaffSheet, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let facts = repo::facts(&mut conn, activity_id).await?;
    scope::require_manage(&state.db, uid, facts.org_id).await?;
    let rows = repo::staff_rows(&mut conn, activity_id).await?;
    Ok(StaffSheet {
        activity_id,
        org_id: facts.org_id,
        title: facts.title,
        starts_at: facts.starts_at,
        ends_at: facts.ends_at,
        rows,
    })
}

/// Staff check a listed volunteer in or out (online activities, no smartphone): same windows
/// and rules as a scan; recorded with the staff member's id.
#[server(endpoint = "attendance/staff-mark")]
pub async fn staff_mark(activity_id: i64, volunteer_no: String, direction: String) -> Result<CheckResult, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let direction = Direction::from_code(&direction).ok_or_else(|| AppError::field("direction", Invalid::NotInList))?;
    let now = now_us();
    let mut tx = state.db.begin_write().await?;
    let facts = repo::facts(&mut tx, activity_id).await?;
    scope::require_manage(&state.db, uid, facts.org_id).await?;
    let user_id = repo::user_by_no(&mut tx, &volunteer_no)
        .await?
        .ok_or_else(|| AppError::field("volunteer_no", Invalid::NotInList))?;
    crate::activities::repo::lock_activity(&mut tx, activity_id).await?;
    let scan = Scan {
        user_id,
        direction,
        method: Method::Staff,
        at: now,
        received_at: now,
        position: None,
        device: String::new(),
        client_id: String::new(),
        recorded_by: Some(uid),
    };
    let result = check::record(&mut tx, &state.policy.attendance, &facts, &scan).await?;
    tx.commit().await?;
    Ok(result)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::state::AppState;
    use axum::http::header;

    /// The long-lived random cookie that names a device (never a person).
    pub const DEVICE_COOKIE: &str = "sciserve_device";

    /// A client id is the browser's own: at most 64 characters of letters, digits, `-` and `_`.
    pub fn client_id(text: &str) -> Result<String, AppError> {
        let text = text.trim();
        if text.len() > 64 || !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err(AppError::field("client_id", Invalid::NotInList));
        }
        Ok(text.to_owned())
    }

    /// The device's time of a scan, milliseconds since the epoch, as microseconds.
    pub fn device_at(text: &str) -> Result<Option<i64>, AppError> {
        match text.trim() {
            "" => Ok(None),
            ms => ms
                .parse::<i64>()
                .ok()
                .filter(|ms| *ms > 0 && *ms < 32_503_680_000_000)
                .map(|ms| Some(ms * 1_000))
                .ok_or_else(|| AppError::field("device_ms", Invalid::DateTimeFormat)),
        }
    }

    /// The keyed hash of this browser's device cookie, setting the cookie when it has none.
    pub async fn device_hash(state: &AppState) -> Result<String, AppError> {
        let headers = leptos_axum::extract::<axum::http::HeaderMap>().await.unwrap_or_default();
        let existing = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, v)| *k == DEVICE_COOKIE && v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(|(_, v)| v.to_owned());
        let device = match existing {
            Some(d) => d,
            None => {
                let fresh = hex::encode(rand::random::<[u8; 16]>());
                let secure = if state.policy.public_url.starts_with("https://") { "; Secure" } else { "" };
                let cookie =
                    format!("{DEVICE_COOKIE}={fresh}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}");
                if let (Some(response), Ok(value)) =
                    (use_context::<leptos_axum::ResponseOptions>(), header::HeaderValue::from_str(&cookie))
                {
                    response.append_header(header::SET_COOKIE, value);
                }
                fresh
            }
        };
        Ok(hex::encode(&state.keys.sign("device", device.as_bytes())[..16]))
    }

    pub async fn context(
        state: &AppState,
        uid: i64,
        activity_id: i64,
        direction: Option<Direction>,
    ) -> Result<CheckinContext, AppError> {
        let mut conn = state.db.pool.acquire().await?;
        let facts = repo::facts(&mut conn, activity_id).await?;
        let can_manage = scope::role_over(&state.db, uid, facts.org_id).await?.is_some();
        let confirmed = repo::is_confirmed(&mut conn, activity_id, uid).await?;
        if facts.status == crate::activities::model::ActivityStatus::Draft && !can_manage {
            return Err(AppError::NotFound);
        }
        Ok(CheckinContext {
            activity_id,
            title: facts.title.clone(),
            starts_at: facts.starts_at,
            ends_at: facts.ends_at,
            has_position: facts.venue().is_some(),
            radius_m: facts.radius_m,
            online: facts.mode == "online",
            confirmed,
            can_manage,
            attendance: repo::attendance_of(&mut conn, activity_id, uid).await?,
            direction,
        })
    }
}
