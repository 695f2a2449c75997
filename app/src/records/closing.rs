//! Service records (F-33, CVST 3 §6.3): staff close an ended activity, which in one transaction
//! writes its record (name, date, place, service objects and content copied from the activity;
//! quality, leader, recorder and summary from the form), one pending hours line per attendance,
//! and marks confirmed sign-ups without attendance as no-shows. Records are corrected, never
//! deleted: each change is a new version with who, when and why.
use crate::error::AppError;
use crate::records::hours::HoursLine;
use crate::records::versions::Version;
use crate::records::weights::WeightChoice;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    db::{is_unique_violation, now_us},
    error::Refusal,
    http,
    records::{hours, versions},
    scope,
    state::app_state,
    validation::Invalid,
};
#[cfg(feature = "ssr")]
use sqlx::Row;

/// Activities whose end is more than this long past without a record are overdue.
pub const OVERDUE_AFTER_US: i64 = 7 * 24 * 3_600_000_000;

/// The service record with every field of CVST 3 §6.3.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub id: i64,
    pub activity_title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub service_objects: String,
    pub content: String,
    pub quality_score: Option<i64>,
    pub quality_note: String,
    pub leader_name: String,
    pub recorder_name: String,
    pub summary: String,
    pub version: i64,
    /// Sum of approved and pending lines (declined ones count nothing).
    pub raw_minutes: i64,
    pub weighted_minutes: i64,
    pub history: Vec<Version>,
}

/// The organiser's records page of one activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordsView {
    pub activity_id: i64,
    pub org_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub ended: bool,
    pub cancelled: bool,
    pub record: Option<ServiceRecord>,
    pub lines: Vec<HoursLine>,
    /// Confirmed sign-ups marked as no-shows at closing: (name, volunteer number).
    pub no_shows: Vec<(String, String)>,
    /// The corps' coefficients the activity may use, and whether it does.
    pub weights: Vec<WeightChoice>,
    /// Make-up requests and check-in anomalies still waiting for a decision: both can change the
    /// hours, so the page names them before anyone approves.
    pub pending_makeups: i64,
    pub open_flags: i64,
}

/// An ended activity without a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overdue {
    pub activity_id: i64,
    pub title: String,
    pub org_name: String,
    pub ends_at: i64,
    pub attendances: i64,
}

#[cfg(feature = "ssr")]
fn score(value: &str) -> Result<i64, Invalid> {
    match value.trim().parse::<i64>() {
        Ok(n) if (1..=5).contains(&n) => Ok(n),
        _ if value.trim().is_empty() => Err(Invalid::Required),
        _ => Err(Invalid::NumberRange { min: 1, max: 5 }),
    }
}

/// The record's fields as staff fill them in (closing, or a correction), checked.
#[cfg(feature = "ssr")]
fn record_fields(
    errors: &mut crate::validation::FieldErrors,
    quality_score: &str,
    quality_note: &str,
    leader_name: &str,
    summary: &str,
) -> CloseInput {
    let text = |v: &str, required, max| crate::validation::text(v, required, max).map(Option::unwrap_or_default);
    CloseInput {
        quality_score: errors.check("quality_score", score(quality_score)).unwrap_or(1),
        quality_note: errors.check("quality_note", text(quality_note, false, 500)).unwrap_or_default(),
        leader_name: errors.check("leader_name", text(leader_name, true, 50)).unwrap_or_default(),
        summary: errors.check("summary", text(summary, false, 2000)).unwrap_or_default(),
    }
}

/// The activity's organisation, checked against the caller's scope.
#[cfg(feature = "ssr")]
pub(crate) async fn managed_activity(
    conn: &mut sqlx::AnyConnection,
    db: &crate::db::Db,
    uid: i64,
    activity_id: i64,
) -> Result<i64, AppError> {
    let org_id: i64 = sqlx::query_scalar("SELECT org_id FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    scope::require_manage(db, uid, org_id).await?;
    Ok(org_id)
}

/// Closes an ended activity: writes its service record and hours lines and marks the no-shows.
/// Refused while it has not ended, when cancelled or a draft, and the second time.
#[server(endpoint = "records/close")]
pub async fn close_activity(
    activity_id: i64,
    quality_score: String,
    quality_note: String,
    leader_name: String,
    summary: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.begin().await?;
    managed_activity(&mut tx, &state.db, uid, activity_id).await?;
    let mut errors = crate::validation::FieldErrors::new();
    let input = record_fields(&mut errors, &quality_score, &quality_note, &leader_name, &summary);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    crate::activities::repo::lock_activity(&mut tx, activity_id).await?;
    let record_id = close(&mut tx, activity_id, uid, &input, state.policy.attendance.rounding_min, now).await?;
    let client = http::client_addr(&state.policy).await;
    crate::audit::record_on(
        &mut tx,
        Some(uid),
        "close_activity",
        None,
        &format!("activity {activity_id} record {record_id}"),
        &client,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(feature = "ssr")]
pub struct CloseInput {
    pub quality_score: i64,
    pub quality_note: String,
    pub leader_name: String,
    pub summary: String,
}

/// The closing itself, inside the caller's transaction. Returns the record's id.
#[cfg(feature = "ssr")]
pub async fn close(
    conn: &mut sqlx::AnyConnection,
    activity_id: i64,
    actor: i64,
    input: &CloseInput,
    rounding_min: i64,
    now: i64,
) -> Result<i64, AppError> {
    let a = sqlx::query(
        "SELECT org_id, status, title, starts_at, ends_at, province, city, county, address, online_link,
                service_objects, content, closed_at
         FROM activities WHERE id = $1",
    )
    .bind(activity_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if a.try_get::<Option<i64>, _>("closed_at")?.is_some() {
        return Err(AppError::Refused(Refusal::RecordExists));
    }
    if a.try_get::<String, _>("status")? != "published" {
        return Err(AppError::Refused(Refusal::ActivityClosed));
    }
    let ends_at: i64 = a.try_get("ends_at")?;
    if ends_at > now {
        return Err(AppError::Refused(Refusal::ActivityNotEnded));
    }
    let org_id: i64 = a.try_get("org_id")?;
    let place = place_of(&a)?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO service_records (activity_id, org_id, activity_title, starts_at, ends_at, place,
             service_objects, content, quality_score, quality_note, leader_name, recorder_id, summary,
             version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $14) RETURNING id",
    )
    .bind(activity_id)
    .bind(org_id)
    .bind(a.try_get::<String, _>("title")?)
    .bind(a.try_get::<i64, _>("starts_at")?)
    .bind(ends_at)
    .bind(place)
    .bind(a.try_get::<String, _>("service_objects")?)
    .bind(a.try_get::<String, _>("content")?)
    .bind(input.quality_score)
    .bind(&input.quality_note)
    .bind(&input.leader_name)
    .bind(actor)
    .bind(&input.summary)
    .bind(now)
    .fetch_one(&mut *conn)
    .await;
    let record_id = match inserted {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(AppError::Refused(Refusal::RecordExists)),
        Err(e) => return Err(e.into()),
    };
    versions::snapshot_record(conn, record_id, actor, "", now).await?;
    let window = hours::window(conn, activity_id).await?;
    let weight = hours::activity_weight(conn, activity_id).await?;
    for p in hours::presences(conn, activity_id, None).await? {
        hours::insert_line(conn, record_id, activity_id, &window, &p, weight, rounding_min, actor, "", now).await?;
    }
    sqlx::query(
        "UPDATE signups SET no_show = 1, updated_at = $1
         WHERE activity_id = $2 AND status = 'confirmed'
           AND user_id NOT IN (SELECT user_id FROM attendances WHERE activity_id = $2)",
    )
    .bind(now)
    .bind(activity_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE activities SET closed_at = $1, closed_by = $2 WHERE id = $3")
        .bind(now)
        .bind(actor)
        .bind(activity_id)
        .execute(&mut *conn)
        .await?;
    Ok(record_id)
}

/// Where the activity took place, in words: the region's names and the address, or the online link.
#[cfg(feature = "ssr")]
fn place_of(a: &sqlx::any::AnyRow) -> Result<String, AppError> {
    let mut place = String::new();
    for column in ["province", "city", "county"] {
        let code: String = a.try_get(column)?;
        if let Some(name) = crate::regions::name(&code) {
            place.push_str(name);
        }
    }
    let address: String = a.try_get("address")?;
    place.push_str(&address);
    if place.is_empty() {
        place = a.try_get("online_link")?;
    }
    Ok(place)
}

/// The organiser's records page of one activity (staff of the activity's subtree).
#[server(endpoint = "records/activity")]
pub async fn activity_records(activity_id: i64) -> Result<RecordsView, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut conn = state.db.pool.acquire().await?;
    let org_id = managed_activity(&mut conn, &state.db, uid, activity_id).await?;
    let a = sqlx::query("SELECT title, status, starts_at, ends_at FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_one(&mut *conn)
        .await?;
    let ends_at: i64 = a.try_get("ends_at")?;
    let record = load_record(&mut conn, activity_id).await?;
    let lines = hours::lines_of(&mut conn, activity_id).await?;
    let no_shows = sqlx::query(
        "SELECT COALESCE(p.real_name, '') AS name, u.volunteer_no FROM signups s JOIN users u ON u.id = s.user_id
         LEFT JOIN profiles p ON p.user_id = s.user_id WHERE s.activity_id = $1 AND s.no_show = 1 ORDER BY s.id",
    )
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("name")?, r.try_get("volunteer_no")?)))
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let weights = crate::records::weights::choices(&mut conn, activity_id, org_id).await?;
    let waiting = |table: &str, status: &str| {
        format!("SELECT COUNT(*) FROM {table} WHERE activity_id = $1 AND status = '{status}'")
    };
    let pending_makeups: i64 =
        sqlx::query_scalar(&waiting("makeup_requests", "pending")).bind(activity_id).fetch_one(&mut *conn).await?;
    let open_flags: i64 =
        sqlx::query_scalar(&waiting("attendance_flags", "open")).bind(activity_id).fetch_one(&mut *conn).await?;
    Ok(RecordsView {
        activity_id,
        org_id,
        title: a.try_get("title")?,
        starts_at: a.try_get("starts_at")?,
        ends_at,
        ended: ends_at <= now,
        cancelled: a.try_get::<String, _>("status")? != "published",
        record,
        lines,
        no_shows,
        weights,
        pending_makeups,
        open_flags,
    })
}

#[cfg(feature = "ssr")]
async fn load_record(conn: &mut sqlx::AnyConnection, activity_id: i64) -> Result<Option<ServiceRecord>, AppError> {
    let Some(r) = sqlx::query(
        "SELECT r.id, r.activity_title, r.starts_at, r.ends_at, r.place, r.service_objects, r.content,
                r.quality_score, r.quality_note, r.leader_name, COALESCE(p.real_name, '') AS recorder_name,
                r.summary, r.version
         FROM service_records r LEFT JOIN profiles p ON p.user_id = r.recorder_id WHERE r.activity_id = $1",
    )
    .bind(activity_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = r.try_get("id")?;
    let sums = sqlx::query(
        "SELECT CAST(COALESCE(SUM(raw_minutes), 0) AS BIGINT) AS raw,
                CAST(COALESCE(SUM(weighted_minutes), 0) AS BIGINT) AS weighted
         FROM service_hours WHERE record_id = $1 AND status <> 'declined'",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(ServiceRecord {
        id,
        activity_title: r.try_get("activity_title")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        place: r.try_get("place")?,
        service_objects: r.try_get("service_objects")?,
        content: r.try_get("content")?,
        quality_score: r.try_get("quality_score")?,
        quality_note: r.try_get("quality_note")?,
        leader_name: r.try_get("leader_name")?,
        recorder_name: r.try_get("recorder_name")?,
        summary: r.try_get("summary")?,
        version: r.try_get("version")?,
        raw_minutes: sums.try_get("raw")?,
        weighted_minutes: sums.try_get("weighted")?,
        history: versions::history(conn, versions::RECORD, id).await?,
    }))
}

/// Corrects the record's quality, leader and summary; a reason is required and kept with the
/// new version.
#[server(endpoint = "records/edit")]
pub async fn edit_record(
    activity_id: i64,
    quality_score: String,
    quality_note: String,
    leader_name: String,
    summary: String,
    reason: String,
) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.begin().await?;
    managed_activity(&mut tx, &state.db, uid, activity_id).await?;
    let mut errors = crate::validation::FieldErrors::new();
    let input = record_fields(&mut errors, &quality_score, &quality_note, &leader_name, &summary);
    let reason = errors.check("reason", crate::validation::text(&reason, true, 200)).flatten();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let record_id: i64 = sqlx::query_scalar("SELECT id FROM service_records WHERE activity_id = $1")
        .bind(activity_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let reason = reason.unwrap_or_default();
    sqlx::query(
        "UPDATE service_records SET quality_score = $1, quality_note = $2, leader_name = $3, summary = $4,
             version = version + 1, updated_at = $5 WHERE id = $6",
    )
    .bind(input.quality_score)
    .bind(&input.quality_note)
    .bind(&input.leader_name)
    .bind(&input.summary)
    .bind(now)
    .bind(record_id)
    .execute(&mut *tx)
    .await?;
    versions::snapshot_record(&mut tx, record_id, uid, &reason, now).await?;
    let client = http::client_addr(&state.policy).await;
    crate::audit::record_on(&mut tx, Some(uid), "edit_record", None, &format!("record {record_id}: {reason}"), &client)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Ended activities of `org_id`'s subtree without a record, their end more than seven days past.
#[server(endpoint = "records/overdue")]
pub async fn overdue_records(org_id: i64) -> Result<Vec<Overdue>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    overdue_of(&mut conn, org_id, now_us()).await
}

#[cfg(feature = "ssr")]
pub async fn overdue_of(conn: &mut sqlx::AnyConnection, org_id: i64, now: i64) -> Result<Vec<Overdue>, AppError> {
    let rows = sqlx::query(
        "SELECT a.id, a.title, o.name AS org_name, a.ends_at,
                (SELECT COUNT(*) FROM attendances t WHERE t.activity_id = a.id) AS attendances
         FROM activities a JOIN org_closure c ON c.descendant_id = a.org_id JOIN organisations o ON o.id = a.org_id
         WHERE c.ancestor_id = $1 AND a.status = 'published' AND a.closed_at IS NULL AND a.ends_at < $2
         ORDER BY a.ends_at, a.id",
    )
    .bind(org_id)
    .bind(now - OVERDUE_AFTER_US)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Overdue {
                activity_id: r.try_get("id")?,
                title: r.try_get("title")?,
                org_name: r.try_get("org_name")?,
                ends_at: r.try_get("ends_at")?,
                attendances: r.try_get("attendances")?,
            })
        })
        .collect()
}
