//! Invitations to join (issue 11 item 1, F-14 with F-16). A collective registration never makes
//! a person who already has an account a member: a row that matches them invites them instead.
//! The invitation says only which organisation asks — never the row's name, phone or ID number,
//! which may belong to someone else — and the person accepts or declines it on "my
//! organisations". Accepting opens an active membership under the rules of an application (a
//! real-name profile, an open organisation, the membership limit); an unanswered invitation
//! lapses after [`INVITATION_DAYS`] days.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use sqlx::{AnyConnection, Row};

/// How long an invitation can be accepted.
pub const INVITATION_DAYS: i64 = 30;

/// One open invitation, as its recipient sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Invites `user` into `org_id` on the import's connection, with an inbox message and a text
/// message, both naming the organisation only. Someone already in (or applying to) the
/// organisation, holding an invitation that is still open, or whose account is closing or
/// closed, is not asked (the report counts the row as invited all the same).
#[cfg(feature = "ssr")]
pub async fn invite(
    conn: &mut AnyConnection,
    (org_id, org_name): (i64, &str),
    user: i64,
    by: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    use crate::inbox::{model::kinds, repo as inbox};
    let skip = sqlx::query(
        "SELECT 1 AS hit FROM users u WHERE u.id = $2 AND (u.status <> 'active' OR EXISTS (
             SELECT 1 FROM memberships m WHERE m.org_id = $1 AND m.user_id = u.id AND m.status IN ('pending', 'active')))",
    )
    .bind(org_id)
    .bind(user)
    .fetch_optional(&mut *conn)
    .await?;
    if skip.is_some() {
        return Ok(());
    }
    let expires_at = now + INVITATION_DAYS * 86_400_000_000;
    let current =
        sqlx::query("SELECT id, expires_at FROM invitations WHERE org_id = $1 AND user_id = $2 AND status = 'pending'")
            .bind(org_id)
            .bind(user)
            .fetch_optional(&mut *conn)
            .await?;
    match current {
        Some(row) if row.try_get::<i64, _>("expires_at")? > now => return Ok(()),
        // A lapsed invitation is renewed rather than duplicated (one open row per pair).
        Some(row) => {
            sqlx::query("UPDATE invitations SET invited_by = $1, created_at = $2, expires_at = $3 WHERE id = $4")
                .bind(by)
                .bind(now)
                .bind(expires_at)
                .bind(row.try_get::<i64, _>("id")?)
                .execute(&mut *conn)
                .await?;
        }
        None => {
            sqlx::query(
                "INSERT INTO invitations (org_id, user_id, invited_by, status, created_at, expires_at)
                 VALUES ($1, $2, $3, 'pending', $4, $5)",
            )
            .bind(org_id)
            .bind(user)
            .bind(by)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *conn)
            .await?;
        }
    }
    inbox::send(conn, &[user], kinds::MEMBER_INVITED, org_name, "", "/me/orgs", now).await?;
    let text = format!(
        "{}“{org_name}”邀请您加入。请在{INVITATION_DAYS}天内登录平台，在“我的组织”中接受或谢绝。",
        inbox::SMS_SIGN
    );
    inbox::queue_sms(conn, user, &text, now).await
}

/// The person's invitations that can still be answered, newest first.
#[server(endpoint = "orgs/my-invitations")]
pub async fn my_invitations() -> Result<Vec<Invitation>, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let rows = sqlx::query(
        "SELECT i.id, i.org_id, o.name, i.created_at, i.expires_at FROM invitations i
         JOIN organisations o ON o.id = i.org_id
         WHERE i.user_id = $1 AND i.status = 'pending' AND i.expires_at > $2 ORDER BY i.id DESC",
    )
    .bind(uid)
    .bind(crate::db::now_us())
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Invitation {
                id: r.try_get("id")?,
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Accepts or declines one of the person's own invitations. Accepting checks what an
/// application checks, then makes the membership active at once: the organisation asked.
#[server(endpoint = "orgs/answer-invitation")]
pub async fn answer_invitation(invitation_id: i64, accept: bool) -> Result<(), AppError> {
    use crate::error::Refusal;
    use crate::orgs::{counts, membership, repo};
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let now = crate::db::now_us();
    let mut tx = state.db.begin().await?;
    // Serialises this person's requests, so an accept and an application cannot both pass the limit.
    repo::lock_user(&mut tx, uid).await?;
    // Someone else's invitation is not found, as if it did not exist.
    let row = sqlx::query("SELECT org_id, status, expires_at FROM invitations WHERE id = $1 AND user_id = $2")
        .bind(invitation_id)
        .bind(uid)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.try_get::<String, _>("status")? != "pending" || row.try_get::<i64, _>("expires_at")? <= now {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let org_id: i64 = row.try_get("org_id")?;
    if accept {
        let profile =
            sqlx::query("SELECT 1 AS hit FROM profiles WHERE user_id = $1").bind(uid).fetch_optional(&mut *tx).await?;
        if profile.is_none() {
            return Err(AppError::Refused(Refusal::ProfileIncomplete));
        }
        if !repo::is_approved(&mut tx, org_id).await? {
            return Err(AppError::Refused(Refusal::OrgNotOpen));
        }
        let max = state.policy.max_memberships;
        if membership::open_count(&mut tx, uid, None).await? >= max {
            return Err(AppError::Refused(Refusal::MembershipLimit { max: max as u32 }));
        }
        let id: i64 = sqlx::query(
            "INSERT INTO memberships (org_id, user_id, status, source, requested_at, joined_at, updated_at)
             VALUES ($1, $2, 'active', 'import', $3, $3, $3) RETURNING id",
        )
        .bind(org_id)
        .bind(uid)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(membership::refuse_duplicate)?
        .try_get("id")?;
        counts::joined(&mut tx, uid, org_id, id).await?;
    }
    sqlx::query("UPDATE invitations SET status = $1, answered_at = $2 WHERE id = $3")
        .bind(if accept { "accepted" } else { "declined" })
        .bind(now)
        .bind(invitation_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
