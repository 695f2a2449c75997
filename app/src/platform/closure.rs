//! Completing an account closure from the console: the person's open memberships end, their
//! upcoming sign-ups are cancelled (so the places go to the waitlist), the account is anonymised
//! (`accounts::closure`), and the person is told by SMS at the number they had and in the inbox.
use crate::accounts::closure::anonymise_on;
use crate::activities::signup;
use crate::audit;
use crate::db::now_us;
use crate::error::{AppError, Refusal};
use crate::inbox::{model::kinds, repo as inbox};
use crate::orgs::counts;
use crate::platform::admins::lock_admins;
use crate::sms::SmsMessage;
use crate::state::AppState;
use sqlx::{AnyConnection, Row};

/// The reason written on memberships the closure ended.
const REASON: &str = "账号注销";

/// Ends `uid`'s pending and active memberships as if they had left; returns how many.
async fn end_memberships(conn: &mut AnyConnection, uid: i64, now: i64) -> Result<usize, AppError> {
    let open = sqlx::query(
        "SELECT id, org_id, status FROM memberships WHERE user_id = $1 AND status IN ('pending', 'active')",
    )
    .bind(uid)
    .fetch_all(&mut *conn)
    .await?;
    for row in &open {
        let id: i64 = row.try_get("id")?;
        sqlx::query(
            "UPDATE memberships SET status = CASE status WHEN 'pending' THEN 'withdrawn' ELSE 'left' END,
                 reason = $1, ended_at = $2, updated_at = $2
             WHERE id = $3",
        )
        .bind(REASON)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
        if row.try_get::<String, _>("status")? == "active" {
            counts::left(conn, uid, row.try_get("org_id")?, id).await?;
        }
    }
    Ok(open.len())
}

/// Cancels `uid`'s open sign-ups for activities that have not started, as the person could
/// have; one past the organiser's cancellation deadline stays (the organiser counts on it and
/// sees the anonymised row). Returns how many were cancelled.
async fn cancel_upcoming(conn: &mut AnyConnection, uid: i64, now: i64) -> Result<usize, AppError> {
    let upcoming = sqlx::query(
        "SELECT s.activity_id FROM signups s JOIN activities a ON a.id = s.activity_id
         WHERE s.user_id = $1 AND s.status IN ('pending', 'confirmed', 'waitlisted') AND a.starts_at > $2",
    )
    .bind(uid)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let mut cancelled = 0;
    for row in &upcoming {
        match signup::cancel(conn, uid, row.try_get("activity_id")?, now).await {
            Ok(()) => cancelled += 1,
            Err(AppError::Refused(Refusal::CancelDeadlinePassed)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(cancelled)
}

/// Completes the closure `uid` asked for. `AlreadyDecided` when there is no request (never
/// made, withdrawn, or completed by another admin a moment ago).
pub async fn complete(state: &AppState, actor: i64, uid: i64, client: &str) -> Result<(), AppError> {
    let now = now_us();
    let mut tx = state.db.begin().await?;
    lock_admins(&mut tx).await?;
    let closed = anonymise_on(&mut tx, uid, now).await?;
    if closed.was_platform_admin {
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE is_platform_admin = 1")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if left == 0 {
            return Err(AppError::Refused(Refusal::LastPlatformAdmin));
        }
    }
    let memberships = end_memberships(&mut tx, uid, now).await?;
    let signups = cancel_upcoming(&mut tx, uid, now).await?;
    inbox::send(&mut tx, &[uid], kinds::ACCOUNT_CLOSED, "", "", "/", now).await?;
    tx.commit().await?;
    // The number exists only in this call now: the message goes after the commit, so a person
    // is never told of a closure that did not happen. A failed send is logged, not undone.
    if let Some(mobile) = closed.mobile {
        let message = SmsMessage {
            to: mobile.as_str().to_owned(),
            text: "【科技志愿服务】您申请注销的账号已注销，个人信息已删除，服务记录以匿名方式保留。".into(),
            code: None,
        };
        if let Err(e) = state.sms.send(&message).await {
            tracing::warn!(to = %mobile.masked(), error = %e, "closure notice not sent");
        }
    }
    let detail = format!("memberships ended {memberships}, sign-ups cancelled {signups}");
    audit::record(&state.db, actor, "complete_account_closure", Some(uid), &detail, client).await
}
