//! Telling volunteers about their activities (F-25): the in-app inbox and text messages.
//!
//! Every message is written in the same transaction as the change it reports: an inbox row and,
//! for what matters on the day, a row in `sms_outbox`. A background job hands the outbox to the
//! SMS sender, claiming each row before sending so a restart never sends one twice. The
//! scheduled confirmation (three days before, CVST 3 §6.1.3.2) and reminder (the day before)
//! are made by [`make_due`], which records each (activity, person, kind) in `activity_notices`
//! under a primary key, so running it again — after a restart, or on a second server — makes
//! nothing new.
use crate::activities::model::ActivityStatus;
use crate::db::Db;
use crate::error::AppError;
use crate::inbox::{model::kinds, repo as inbox};
use crate::sms::{SmsMessage, SmsSender};
use sqlx::{AnyConnection, Row};

const DAY_US: i64 = 86_400_000_000;

use crate::inbox::repo::SMS_SIGN;

/// The text message for a kind of notice, or `None` for kinds that stay in the inbox.
fn sms_text(kind: &str, title: &str, when: &str) -> Option<String> {
    let body = match kind {
        kinds::SIGNUP_PROMOTED => format!("有名额空出，您已从候补转为正式报名“{title}”（{when}）。"),
        kinds::ACTIVITY_CHANGED => format!("您报名的“{title}”信息有变更，请登录平台查看。"),
        kinds::ACTIVITY_CANCELLED => format!("您报名的“{title}”已取消，详情请登录平台查看。"),
        kinds::ACTIVITY_CONFIRM => format!("“{title}”将于{when}开展，请登录平台确认服务内容、地点和培训安排。"),
        kinds::ACTIVITY_REMINDER => format!("“{title}”将于{when}开展，请准时参加。"),
        _ => return None,
    };
    Some(format!("{SMS_SIGN}{body}"))
}

/// A start time as people read it in a message: 12月5日 09:30 (platform time).
pub fn when_text(starts_at: i64) -> String {
    crate::clock::local(starts_at).map(|t| t.format("%-m月%-d日 %H:%M").to_string()).unwrap_or_default()
}

/// Sends `kind` about activity `id` to `users`: an inbox message, and a text message for the
/// kinds that have one. On the caller's transaction.
pub async fn notify(
    conn: &mut AnyConnection,
    users: &[i64],
    kind: &str,
    activity: (i64, &str, i64),
    detail: &str,
    now: i64,
) -> Result<(), AppError> {
    let (id, title, starts_at) = activity;
    inbox::send(conn, users, kind, title, detail, &format!("/activities/{id}"), now).await?;
    if let Some(text) = sms_text(kind, title, &when_text(starts_at)) {
        for user in users {
            inbox::queue_sms(conn, *user, &text, now).await?;
        }
    }
    Ok(())
}

/// Makes the scheduled notices that are due at `now`, to everyone confirmed: the confirmation
/// for activities starting in one to three days and the reminder for those starting within a day.
/// Returns how many notices were made.
pub async fn make_due(db: &Db, now: i64) -> Result<usize, AppError> {
    let mut made = 0;
    // The confirmation covers starts between one and three days ahead, the reminder the last
    // day: someone who signs up the evening before gets one message, not two.
    for (kind, from, to) in [(kinds::ACTIVITY_CONFIRM, DAY_US, 3 * DAY_US), (kinds::ACTIVITY_REMINDER, 0, DAY_US)] {
        let due = sqlx::query(
            "SELECT s.activity_id, s.user_id, a.title, a.starts_at FROM activities a
             JOIN signups s ON s.activity_id = a.id AND s.status = 'confirmed'
             WHERE a.status = $4 AND a.starts_at > $1 AND a.starts_at <= $2
               AND NOT EXISTS (SELECT 1 FROM activity_notices n
                               WHERE n.activity_id = s.activity_id AND n.user_id = s.user_id AND n.kind = $3)
             ORDER BY a.starts_at, s.id LIMIT 500",
        )
        .bind(now + from)
        .bind(now + to)
        .bind(kind)
        .bind(ActivityStatus::Published.code())
        .fetch_all(&db.pool)
        .await?;
        for row in due {
            let (activity, user): (i64, i64) = (row.try_get("activity_id")?, row.try_get("user_id")?);
            let (title, starts_at): (String, i64) = (row.try_get("title")?, row.try_get("starts_at")?);
            let mut tx = db.begin().await?;
            let claimed = sqlx::query(
                "INSERT INTO activity_notices (activity_id, user_id, kind, made_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(activity)
            .bind(user)
            .bind(kind)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 1 {
                notify(&mut tx, &[user], kind, (activity, &title, starts_at), "", now).await?;
                made += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(made)
}

/// Hands waiting text messages to the sender, oldest first. Each row is claimed (and the claim
/// committed) before sending: a crash after the claim loses that one message rather than
/// sending it again. Returns how many were sent.
pub async fn deliver_outbox(db: &Db, sms: &dyn SmsSender, now: i64) -> Result<usize, AppError> {
    let waiting =
        sqlx::query("SELECT id, to_mobile, text FROM sms_outbox WHERE claimed_at IS NULL ORDER BY id LIMIT 200")
            .fetch_all(&db.pool)
            .await?;
    let mut sent = 0;
    for row in waiting {
        let id: i64 = row.try_get("id")?;
        let claimed = sqlx::query("UPDATE sms_outbox SET claimed_at = $2 WHERE id = $1 AND claimed_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(&db.pool)
            .await?
            .rows_affected();
        if claimed == 0 {
            continue; // another server took it
        }
        let message = SmsMessage { to: row.try_get("to_mobile")?, text: row.try_get("text")?, code: None };
        let outcome = sms.send(&message).await;
        let (sent_at, error) = match &outcome {
            Ok(()) => (Some(crate::db::now_us()), String::new()),
            Err(e) => (None, e.clone()),
        };
        if let Err(e) = &outcome {
            tracing::warn!(outbox_id = id, error = %e, "text message not delivered");
        }
        sqlx::query("UPDATE sms_outbox SET sent_at = $2, error = $3 WHERE id = $1")
            .bind(id)
            .bind(sent_at)
            .bind(error)
            .execute(&db.pool)
            .await?;
        sent += usize::from(outcome.is_ok());
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_signature_and_local_time() {
        // 2026-12-05 01:30 UTC is 09:30 in Shanghai.
        let us = chrono::DateTime::parse_from_rfc3339("2026-12-05T01:30:00Z").unwrap().timestamp_micros();
        assert_eq!(when_text(us), "12月5日 09:30");
        let text = sms_text(kinds::ACTIVITY_REMINDER, "科普讲座", &when_text(us)).unwrap();
        assert!(text.starts_with(SMS_SIGN) && text.contains("12月5日 09:30"), "{text}");
        assert_eq!(sms_text(kinds::SIGNUP_CONFIRMED, "x", ""), None);
    }
}
