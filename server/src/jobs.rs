//! Background housekeeping. Each job is idempotent, so a restart only delays it.
use app::accounts::session_store::DbSessionStore;
use app::db::{now_us, Db};
use std::time::Duration;

/// Removes expired sessions and SMS codes older than a day (the hourly limits need only the
/// last hour; a day keeps enough for support questions).
pub async fn housekeeping(db: &Db) -> Result<(), sqlx::Error> {
    let sessions = DbSessionStore::new(db.clone()).delete_expired().await?;
    let day_ago = now_us() - 24 * 3600 * 1_000_000;
    let codes = sqlx::query("DELETE FROM sms_codes WHERE created_at < $1").bind(day_ago).execute(&db.pool).await?;
    let failures = sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(day_ago).execute(&db.pool).await?;
    tracing::debug!(sessions, codes = codes.rows_affected(), failures = failures.rows_affected(), "housekeeping done");
    Ok(())
}

pub fn spawn(db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(e) = housekeeping(&db).await {
                tracing::warn!(error = %e, "housekeeping failed");
            }
        }
    });
}
