//! "Download my data" (F-05): everything the platform holds about the signed-in person, as one
//! JSON file — account, profile, roles, memberships, sign-ups, inbox messages, and the audit
//! entries about them (who looked at or exported their unmasked data, and when).
use crate::error::AppError;
use crate::http::UID_KEY;
use crate::state::AppState;
use crate::volunteers::repo;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sqlx::Row;
use tower_sessions::Session;

fn iso(us: i64) -> Option<String> {
    crate::clock::local(us).map(|t| t.to_rfc3339())
}

async fn collect(state: &AppState, uid: i64) -> Result<serde_json::Value, AppError> {
    let user = sqlx::query("SELECT volunteer_no, mobile, status, created_at, password_hash FROM users WHERE id = $1")
        .bind(uid)
        .fetch_one(&state.db.pool)
        .await?;
    let profile = repo::load(&state.db, uid).await?;
    let roles = sqlx::query(
        "SELECT o.name, s.role, s.created_at FROM org_staff s JOIN organisations o ON o.id = s.org_id WHERE s.user_id = $1",
    )
    .bind(uid)
    .fetch_all(&state.db.pool)
    .await?;
    let reads = sqlx::query(
        "SELECT a.action, a.detail, a.at, u.volunteer_no FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
         WHERE a.subject_user_id = $1 ORDER BY a.at",
    )
    .bind(uid)
    .fetch_all(&state.db.pool)
    .await?;
    let memberships = sqlx::query(
        "SELECT o.name, m.status, m.source, m.reason, m.requested_at, m.joined_at, m.ended_at
         FROM memberships m JOIN organisations o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY m.id",
    )
    .bind(uid)
    .fetch_all(&state.db.pool)
    .await?;
    let signups = sqlx::query(
        "SELECT a.title, a.starts_at, a.ends_at, s.status, s.reason, s.created_at
         FROM signups s JOIN activities a ON a.id = s.activity_id WHERE s.user_id = $1 ORDER BY s.id",
    )
    .bind(uid)
    .fetch_all(&state.db.pool)
    .await?;
    let messages = sqlx::query(
        "SELECT kind, subject, detail, link, created_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id",
    )
    .bind(uid)
    .fetch_all(&state.db.pool)
    .await?;
    let mut membership_list = Vec::new();
    for r in &memberships {
        membership_list.push(json!({
            "organisation": r.try_get::<String, _>("name")?,
            "status": r.try_get::<String, _>("status")?,
            "source": r.try_get::<String, _>("source")?,
            "reason": r.try_get::<String, _>("reason")?,
            "requested_at": iso(r.try_get("requested_at")?),
            "since": iso(r.try_get("joined_at")?),
            "ended_at": r.try_get::<Option<i64>, _>("ended_at")?.and_then(iso),
        }));
    }
    let mut signup_list = Vec::new();
    for r in &signups {
        signup_list.push(json!({
            "activity": r.try_get::<String, _>("title")?,
            "starts_at": iso(r.try_get("starts_at")?),
            "ends_at": iso(r.try_get("ends_at")?),
            "status": r.try_get::<String, _>("status")?,
            "reason": r.try_get::<String, _>("reason")?,
            "signed_up_at": iso(r.try_get("created_at")?),
        }));
    }
    let mut message_list = Vec::new();
    for r in &messages {
        message_list.push(json!({
            "kind": r.try_get::<String, _>("kind")?,
            "subject": r.try_get::<String, _>("subject")?,
            "detail": r.try_get::<String, _>("detail")?,
            "link": r.try_get::<String, _>("link")?,
            "at": iso(r.try_get("created_at")?),
            "read_at": r.try_get::<Option<i64>, _>("read_at")?.and_then(iso),
        }));
    }
    let mut role_list = Vec::new();
    for r in &roles {
        role_list.push(json!({
            "organisation": r.try_get::<String, _>("name")?,
            "role": r.try_get::<String, _>("role")?,
            "since": iso(r.try_get("created_at")?),
        }));
    }
    let mut read_list = Vec::new();
    for r in &reads {
        read_list.push(json!({
            "action": r.try_get::<String, _>("action")?,
            "detail": r.try_get::<String, _>("detail")?,
            "by_volunteer_no": r.try_get::<Option<String>, _>("volunteer_no")?,
            "at": iso(r.try_get("at")?),
        }));
    }
    Ok(json!({
        "format": "sciserve-personal-data/1",
        "exported_at": iso(crate::db::now_us()),
        "account": {
            "volunteer_no": user.try_get::<String, _>("volunteer_no")?,
            "mobile": user.try_get::<String, _>("mobile")?,
            "status": user.try_get::<String, _>("status")?,
            "registered_at": iso(user.try_get("created_at")?),
            "has_password": user.try_get::<Option<String>, _>("password_hash")?.is_some(),
        },
        "profile": profile,
        "staff_roles": role_list,
        "memberships": membership_list,
        "signups": signup_list,
        "messages": message_list,
        "audit_entries_about_me": read_list,
    }))
}

/// `GET /me/export.json`
pub async fn export_my_data(State(state): State<AppState>, session: Session) -> Response {
    let uid = match session.get::<i64>(UID_KEY).await {
        Ok(Some(uid)) => uid,
        _ => return AppError::Unauthenticated.into_response(),
    };
    match collect(&state, uid).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"sciserve-my-data.json\""),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
