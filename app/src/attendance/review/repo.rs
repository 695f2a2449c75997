//! Reading and reviewing `attendance_flags`.
use super::{Flag, ReviewQueue, NOTE_MAX};
use crate::error::{AppError, Refusal};
use crate::state::AppState;
use crate::validation::{FieldErrors, Invalid};
use sqlx::{AnyConnection, Row};

const SELECT: &str = "SELECT f.id, f.activity_id, a.title, a.starts_at, f.kind, f.evidence, f.status, f.review_note,
        f.created_at, u.mobile, p.real_name
    FROM attendance_flags f JOIN activities a ON a.id = f.activity_id
    JOIN users u ON u.id = f.user_id LEFT JOIN profiles p ON p.user_id = f.user_id";

fn flag(r: &sqlx::any::AnyRow) -> Result<Flag, AppError> {
    Ok(Flag {
        id: r.try_get("id")?,
        activity_id: r.try_get("activity_id")?,
        activity_title: r.try_get("title")?,
        activity_starts_at: r.try_get("starts_at")?,
        name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
        masked_mobile: crate::accounts::mobile::Mobile::parse(&r.try_get::<String, _>("mobile")?)
            .map(|m| m.masked())
            .unwrap_or_else(|_| "***".into()),
        kind: r.try_get("kind")?,
        evidence: r.try_get("evidence")?,
        status: r.try_get("status")?,
        review_note: r.try_get("review_note")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn activity_org(conn: &mut AnyConnection, activity_id: i64) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT org_id FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(row.try_get("org_id")?)
}

pub async fn org_queue(conn: &mut AnyConnection, org_id: i64) -> Result<ReviewQueue, AppError> {
    let title: String = sqlx::query("SELECT name FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("name")?;
    let rows = sqlx::query(&format!(
        "{SELECT} JOIN org_closure c ON c.descendant_id = a.org_id
         WHERE c.ancestor_id = $1 AND f.status = 'open' ORDER BY f.created_at, f.id LIMIT 500"
    ))
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ReviewQueue { title, flags: rows.iter().map(flag).collect::<Result<_, _>>()? })
}

pub async fn activity_queue(conn: &mut AnyConnection, activity_id: i64) -> Result<ReviewQueue, AppError> {
    let title: String = sqlx::query("SELECT title FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("title")?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE f.activity_id = $1 AND f.status = 'open' ORDER BY f.created_at, f.id LIMIT 500"
    ))
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ReviewQueue { title, flags: rows.iter().map(flag).collect::<Result<_, _>>()? })
}

pub async fn review(
    state: &AppState,
    uid: i64,
    flag_id: i64,
    decision: &str,
    note: &str,
    client: &str,
) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    if !matches!(decision, "confirmed" | "dismissed") {
        errors.push("decision", Invalid::NotInList);
    }
    let note = note.trim();
    if note.is_empty() {
        errors.push("note", Invalid::Required);
    } else if note.chars().count() > NOTE_MAX as usize {
        errors.push("note", Invalid::TooLong { max: NOTE_MAX });
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let row = sqlx::query(
        "SELECT f.user_id, f.kind, f.activity_id, a.org_id FROM attendance_flags f
         JOIN activities a ON a.id = f.activity_id WHERE f.id = $1",
    )
    .bind(flag_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    crate::scope::require_manage(&state.db, uid, row.try_get("org_id")?).await?;
    let (subject, kind, activity): (i64, String, i64) =
        (row.try_get("user_id")?, row.try_get("kind")?, row.try_get("activity_id")?);
    let mut tx = state.db.begin().await?;
    let done = sqlx::query(
        "UPDATE attendance_flags SET status = $2, reviewed_by = $3, reviewed_at = $4, review_note = $5
         WHERE id = $1 AND status = 'open'",
    )
    .bind(flag_id)
    .bind(decision)
    .bind(uid)
    .bind(crate::db::now_us())
    .bind(note)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let detail = format!("attendance flag {flag_id} ({kind}) on activity {activity}: {decision}: {note}");
    crate::audit::record_on(&mut tx, Some(uid), "attendance_flag_reviewed", Some(subject), &detail, client).await?;
    tx.commit().await?;
    Ok(())
}
