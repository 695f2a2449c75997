//! Admitting one run of a collective registration: each run — a dry run as much as a commit —
//! sends invitations or tells whether rows match existing accounts, so each is written to the
//! audit log before it starts, and a staff member gets `Policy::imports_hourly` runs per rolling
//! hour. The count is read from the audit log under a lock on the staff member's limit key, in
//! the transaction that writes the run's line: runs sent all at once get no more than runs sent
//! one by one.
use super::ImportKind;
use crate::accounts::codes::{lock_keys, wait_s, HOUR_US};
use crate::db::{now_us, Db};
use crate::error::{AppError, RateReason};
use crate::state::Policy;
use sqlx::Row;

/// The audit actions of a run, and of its outcome.
pub const COMMIT: &str = "collective_registration";
pub const DRY_RUN: &str = "collective_registration_dry_run";

/// Records the run of `uid` in the audit log, or refuses it when the hour's runs are used up.
pub async fn admit(
    db: &Db,
    policy: &Policy,
    uid: i64,
    (kind, org_id, file_name): (ImportKind, i64, &str),
    commit: bool,
    client: &str,
) -> Result<(), AppError> {
    let now = now_us();
    let mut tx = db.begin().await?;
    lock_keys(&mut tx, &mut [format!("import:{uid}")], now).await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM audit_log
         WHERE actor_user_id = $1 AND action IN ($2, $3) AND at > $4",
    )
    .bind(uid)
    .bind(COMMIT)
    .bind(DRY_RUN)
    .bind(now - HOUR_US)
    .fetch_one(&mut *tx)
    .await?;
    if row.try_get::<i64, _>("n")? >= policy.imports_hourly {
        let oldest: i64 = row.try_get("oldest")?;
        return Err(AppError::RateLimited {
            reason: RateReason::Imports,
            retry_after_s: wait_s(oldest + HOUR_US, now),
        });
    }
    let action = if commit { COMMIT } else { DRY_RUN };
    let detail = format!("{} into org {org_id} from {file_name}", kind.code());
    crate::audit::record_on(&mut tx, Some(uid), action, None, &detail, client).await?;
    tx.commit().await?;
    Ok(())
}
