//! The audit log: every read of unmasked personal data by someone other than its owner, and
//! other sensitive acts, with who, whom, what and from where (F-05).
use crate::db::{now_us, Db};
use crate::error::AppError;

pub async fn record(
    db: &Db,
    actor: i64,
    action: &str,
    subject: Option<i64>,
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    record_on(&mut *db.pool.acquire().await?, actor, action, subject, detail, client).await
}

/// As [`record`], on the caller's connection: the line is kept exactly when the caller's
/// transaction commits (e.g. a limit counted from the log itself).
pub async fn record_on(
    conn: &mut sqlx::AnyConnection,
    actor: i64,
    action: &str,
    subject: Option<i64>,
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, action, subject_user_id, detail, client_addr, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .bind(client)
    .bind(now_us())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
