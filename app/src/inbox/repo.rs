//! Writing and reading the `notifications` table.
use crate::error::AppError;
use crate::inbox::model::Notice;
use sqlx::{AnyConnection, Row};

/// Queues one message for each of `users`, on the caller's connection so a message is sent
/// exactly when the change it reports commits.
pub async fn send(
    conn: &mut AnyConnection,
    users: &[i64],
    kind: &str,
    subject: &str,
    detail: &str,
    link: &str,
    now: i64,
) -> Result<(), AppError> {
    for user in users {
        sqlx::query(
            "INSERT INTO notifications (user_id, kind, subject, detail, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user)
        .bind(kind)
        .bind(subject)
        .bind(detail)
        .bind(link)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The signature the SMS gateway requires at the start of every message.
pub const SMS_SIGN: &str = "【科技志愿服务】";

/// Queues a text message to `user`'s phone in `sms_outbox`, on the caller's connection: it is
/// sent (by the background job) only if the change it reports commits.
pub async fn queue_sms(conn: &mut AnyConnection, user: i64, text: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO sms_outbox (to_mobile, text, created_at) SELECT mobile, $2, $3 FROM users WHERE id = $1")
        .bind(user)
        .bind(text)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn list(
    conn: &mut AnyConnection,
    user: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<Notice>, AppError> {
    let rows = sqlx::query(
        "SELECT id, kind, subject, detail, link, created_at, read_at FROM notifications
         WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
    )
    .bind(user)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Notice {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                subject: r.try_get("subject")?,
                detail: r.try_get("detail")?,
                link: r.try_get("link")?,
                created_at: r.try_get("created_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

pub async fn unread(conn: &mut AnyConnection, user: i64) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?)
}

/// Marks the user's messages up to `up_to` as read (all when `None`).
pub async fn mark_read(conn: &mut AnyConnection, user: i64, up_to: Option<i64>, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND id <= $3")
        .bind(now)
        .bind(user)
        .bind(up_to.unwrap_or(i64::MAX))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
