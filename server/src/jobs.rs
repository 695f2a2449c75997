//! Background housekeeping. Each job is idempotent, so a restart only delays it.
use app::accounts::session_store::DbSessionStore;
use app::db::{now_us, Db};
use app::sms::SmsSender;
use std::sync::Arc;
use std::time::Duration;

/// Removes expired sessions, and SMS codes, login failures and limit keys older than a day (the
/// hourly limits need only the last hour; a day keeps enough for support questions). A limit key
/// is only a row to lock while counting; the next request for that number or address writes it
/// again.
pub async fn housekeeping(db: &Db) -> Result<(), sqlx::Error> {
    let sessions = DbSessionStore::new(db.clone()).delete_expired().await?;
    let day_ago = now_us() - 24 * 3600 * 1_000_000;
    let codes = sqlx::query("DELETE FROM sms_codes WHERE created_at < $1").bind(day_ago).execute(&db.pool).await?;
    let failures = sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(day_ago).execute(&db.pool).await?;
    let keys = sqlx::query("DELETE FROM limit_keys WHERE used_at < $1").bind(day_ago).execute(&db.pool).await?;
    tracing::debug!(
        sessions,
        codes = codes.rows_affected(),
        failures = failures.rows_affected(),
        keys = keys.rows_affected(),
        "housekeeping done"
    );
    Ok(())
}

/// Makes the scheduled activity notices that are due and hands waiting text messages to the
/// sender (F-25). Both steps record what they did in the database first, so a restart neither
/// skips nor repeats a message.
pub async fn notices(db: &Db, sms: &dyn SmsSender) -> Result<(usize, usize), app::error::AppError> {
    let made = app::activities::notices::make_due(db, now_us()).await?;
    let sent = app::activities::notices::deliver_outbox(db, sms, now_us()).await?;
    Ok((made, sent))
}

pub fn spawn(db: Db, sms: Arc<dyn SmsSender>, notice_interval: Duration) {
    let notice_db = db.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(notice_interval);
        loop {
            every.tick().await;
            match notices(&notice_db, sms.as_ref()).await {
                Ok((0, 0)) => {}
                Ok((made, sent)) => tracing::info!(made, sent, "activity notices"),
                Err(e) => tracing::warn!(error = %e, "activity notices failed"),
            }
        }
    });
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
