//! Staff decisions on hours lines: approve, decline (a reason required; the line is kept),
//! correct (new minutes and a reason), approve all pending lines of an activity. Each change is a
//! new version; the history is shown to staff and to the person.
use crate::error::AppError;
use crate::records::versions::Version;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    db::now_us,
    error::Refusal,
    http,
    records::{hours, versions},
    scope,
    state::app_state,
    validation::Invalid,
};
#[cfg(feature = "ssr")]
use sqlx::Row;

/// The line's activity and organisation, checked against the caller's scope, inside `conn`.
#[cfg(feature = "ssr")]
async fn managed_line(
    conn: &mut sqlx::AnyConnection,
    db: &crate::db::Db,
    uid: i64,
    hours_id: i64,
) -> Result<sqlx::any::AnyRow, AppError> {
    let row = sqlx::query(
        "SELECT h.org_id, h.user_id, h.activity_id, h.status, h.weight_milli, a.starts_at, a.ends_at
         FROM service_hours h JOIN activities a ON a.id = h.activity_id WHERE h.id = $1",
    )
    .bind(hours_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    scope::require_manage(db, uid, row.try_get("org_id")?).await?;
    Ok(row)
}

/// Approves (`approve`) or declines a line; declining needs a reason, which the person sees.
#[server(endpoint = "records/decide-hours")]
pub async fn decide_hours(hours_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.begin().await?;
    let line = managed_line(&mut tx, &state.db, uid, hours_id).await?;
    let reason = crate::validation::text(&reason, !approve, 200).map_err(|e| AppError::field("reason", e))?;
    let reason = reason.unwrap_or_default();
    let status = if approve { "approved" } else { "declined" };
    if line.try_get::<String, _>("status")? == status {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let note_sql = if approve { "note" } else { "$5" };
    let sql = format!(
        "UPDATE service_hours SET status = $1, decided_by = $2, decided_at = $3, note = {note_sql},
             version = version + 1, updated_at = $3 WHERE id = $4"
    );
    let mut q = sqlx::query(&sql).bind(status).bind(uid).bind(now).bind(hours_id);
    if !approve {
        q = q.bind(&reason);
    }
    q.execute(&mut *tx).await?;
    versions::snapshot_hours(&mut tx, hours_id, uid, &reason, now).await?;
    let client = http::client_addr(&state.policy).await;
    let subject: i64 = line.try_get("user_id")?;
    crate::audit::record_on(
        &mut tx,
        Some(uid),
        if approve { "approve_hours" } else { "decline_hours" },
        Some(subject),
        &format!("hours {hours_id}: {reason}"),
        &client,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a line's minutes (no more than the activity's window) with a reason; weighted minutes
/// follow with the line's coefficient. The status stays as it was.
#[server(endpoint = "records/correct-hours")]
pub async fn correct_hours(hours_id: i64, minutes: String, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.begin().await?;
    let line = managed_line(&mut tx, &state.db, uid, hours_id).await?;
    let window_min = (line.try_get::<i64, _>("ends_at")? - line.try_get::<i64, _>("starts_at")?) / 60_000_000;
    let mut errors = crate::validation::FieldErrors::new();
    let max = u32::try_from(window_min).unwrap_or(u32::MAX);
    let minutes = errors.check(
        "minutes",
        match minutes.trim().parse::<i64>() {
            Ok(m) if (0..=window_min).contains(&m) => Ok(m),
            _ if minutes.trim().is_empty() => Err(Invalid::Required),
            _ => Err(Invalid::NumberRange { min: 0, max }),
        },
    );
    let reason = errors.check("reason", crate::validation::text(&reason, true, 200)).flatten();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (minutes, reason) = (minutes.unwrap_or_default(), reason.unwrap_or_default());
    let weight_milli: i64 = line.try_get("weight_milli")?;
    sqlx::query(
        "UPDATE service_hours SET raw_minutes = $1, weighted_minutes = $2, version = version + 1, updated_at = $3
         WHERE id = $4",
    )
    .bind(minutes)
    .bind(hours::weighted(minutes, weight_milli))
    .bind(now)
    .bind(hours_id)
    .execute(&mut *tx)
    .await?;
    versions::snapshot_hours(&mut tx, hours_id, uid, &reason, now).await?;
    let client = http::client_addr(&state.policy).await;
    let subject: i64 = line.try_get("user_id")?;
    crate::audit::record_on(
        &mut tx,
        Some(uid),
        "correct_hours",
        Some(subject),
        &format!("hours {hours_id} → {minutes} min: {reason}"),
        &client,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Approves every pending line of an activity at once. Returns how many.
#[server(endpoint = "records/approve-all")]
pub async fn approve_all_hours(activity_id: i64) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.begin().await?;
    crate::records::closing::managed_activity(&mut tx, &state.db, uid, activity_id).await?;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM service_hours WHERE activity_id = $1 AND status = 'pending' ORDER BY id")
            .bind(activity_id)
            .fetch_all(&mut *tx)
            .await?;
    for id in &ids {
        sqlx::query(
            "UPDATE service_hours SET status = 'approved', decided_by = $1, decided_at = $2, version = version + 1,
                 updated_at = $2 WHERE id = $3",
        )
        .bind(uid)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        versions::snapshot_hours(&mut tx, *id, uid, "", now).await?;
    }
    let client = http::client_addr(&state.policy).await;
    crate::audit::record_on(
        &mut tx,
        Some(uid),
        "approve_all_hours",
        None,
        &format!("activity {activity_id}: {} lines", ids.len()),
        &client,
    )
    .await?;
    tx.commit().await?;
    Ok(ids.len() as i64)
}

/// One line's versions, oldest first: for the person it credits and for staff over it.
#[server(endpoint = "records/hours-history")]
pub async fn hours_history(hours_id: i64) -> Result<Vec<Version>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query("SELECT org_id, user_id FROM service_hours WHERE id = $1")
        .bind(hours_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.try_get::<i64, _>("user_id")? != uid {
        scope::require_manage(&state.db, uid, row.try_get("org_id")?).await?;
    }
    versions::history(&mut conn, versions::HOURS, hours_id).await
}

/// True when `subject` signed up for an activity of an organisation `uid` manages (its organiser
/// sees who did not come).
#[cfg(feature = "ssr")]
pub(crate) async fn signed_up_with(conn: &mut sqlx::AnyConnection, uid: i64, subject: i64) -> Result<bool, AppError> {
    let row = sqlx::query(
        "SELECT 1 AS hit FROM signups s JOIN activities a ON a.id = s.activity_id
         JOIN org_closure c ON c.descendant_id = a.org_id JOIN org_staff st ON st.org_id = c.ancestor_id
         WHERE s.user_id = $1 AND st.user_id = $2 LIMIT 1",
    )
    .bind(subject)
    .bind(uid)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.is_some())
}
