//! One-time SMS codes: issue with limits, verify once.
//!
//! Limits are counted from the `sms_codes` table itself (not process memory), so they hold
//! across restarts and across server instances sharing one database. Only a hash of each code
//! is stored. Each count is taken under a lock on its key (see [`lock_keys`]), and each try at
//! a code is used up before the code is compared, so requests sent all at once get no more than
//! requests sent one by one.
use crate::accounts::mobile::Mobile;
use crate::db::Db;
use crate::error::{AppError, CodeProblem, RateReason};
use crate::state::Policy;
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

const US: i64 = 1_000_000;
pub const HOUR_US: i64 = 3600 * US;

fn code_hash(mobile: &Mobile, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{}:{}", mobile.as_str(), code).as_bytes()))
}

/// Seconds to wait (rounded up) until `until_us`.
pub fn wait_s(until_us: i64, now_us: i64) -> u64 {
    ((until_us - now_us).max(0) as u64).div_ceil(US as u64).max(1)
}

/// Locks the rows of `keys` until the transaction on `conn` ends: on PostgreSQL the upsert
/// takes a row lock, on SQLite the first write takes the database's write lock. Keys are
/// locked in sorted order so that two requests never wait on each other in a circle.
pub async fn lock_keys(conn: &mut AnyConnection, keys: &mut [String], now: i64) -> Result<(), AppError> {
    keys.sort();
    for key in keys.iter() {
        sqlx::query(
            "INSERT INTO limit_keys (key, used_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET used_at = $2",
        )
        .bind(key)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Checks every limit, stores a new code and returns it (the caller sends it). The checks and
/// the insert share one transaction holding the number's and the client's keys.
pub async fn issue(db: &Db, policy: &Policy, mobile: &Mobile, client: &str, now: i64) -> Result<String, AppError> {
    let hour_ago = now - HOUR_US;
    let mut tx = db.begin().await?;
    lock_keys(&mut tx, &mut [format!("mobile:{}", mobile.as_str()), format!("client:{client}")], now).await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest, MAX(created_at) AS newest
         FROM sms_codes WHERE mobile = $1 AND created_at > $2",
    )
    .bind(mobile.as_str())
    .bind(hour_ago)
    .fetch_one(&mut *tx)
    .await?;
    let count: i64 = row.try_get("n")?;
    if count > 0 {
        let newest: i64 = row.try_get("newest")?;
        let oldest: i64 = row.try_get("oldest")?;
        let resend_at = newest + policy.code_resend_s * US;
        if now < resend_at {
            return Err(AppError::RateLimited {
                reason: RateReason::ResendTooSoon,
                retry_after_s: wait_s(resend_at, now),
            });
        }
        if count >= policy.codes_per_number_hourly {
            return Err(AppError::RateLimited {
                reason: RateReason::NumberHourly,
                retry_after_s: wait_s(oldest + HOUR_US, now),
            });
        }
    }
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM sms_codes WHERE client_addr = $1 AND created_at > $2",
    )
    .bind(client)
    .bind(hour_ago)
    .fetch_one(&mut *tx)
    .await?;
    let count: i64 = row.try_get("n")?;
    if count >= policy.codes_per_client_hourly {
        let oldest: i64 = row.try_get("oldest")?;
        return Err(AppError::RateLimited {
            reason: RateReason::ClientHourly,
            retry_after_s: wait_s(oldest + HOUR_US, now),
        });
    }

    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    sqlx::query(
        "INSERT INTO sms_codes (mobile, code_hash, client_addr, attempts, created_at, expires_at)
         VALUES ($1, $2, $3, 0, $4, $5)",
    )
    .bind(mobile.as_str())
    .bind(code_hash(mobile, &code))
    .bind(client)
    .bind(now)
    .bind(now + policy.code_ttl_s * US)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(code)
}

/// Accepts the newest code for `mobile` once. Every entry first uses up one of the tries in a
/// conditional update, and only then is compared: of many entries sent at once, no more than
/// the allowed number are ever compared, and the right code among them counts only if it got
/// a try. The consuming update is conditional too, so one code logs in once.
pub async fn verify(db: &Db, policy: &Policy, mobile: &Mobile, code: &str, now: i64) -> Result<(), AppError> {
    let row = sqlx::query(
        "SELECT id, code_hash, expires_at, consumed_at FROM sms_codes
         WHERE mobile = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(mobile.as_str())
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Err(AppError::Code(CodeProblem::NotRequested)) };
    let id: i64 = row.try_get("id")?;
    let expires_at: i64 = row.try_get("expires_at")?;
    let consumed_at: Option<i64> = row.try_get("consumed_at")?;
    let stored: String = row.try_get("code_hash")?;
    if consumed_at.is_some() {
        return Err(AppError::Code(CodeProblem::NotRequested));
    }
    let used: Option<i64> = sqlx::query_scalar(
        "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 RETURNING attempts",
    )
    .bind(id)
    .bind(policy.code_max_attempts)
    .fetch_optional(&db.pool)
    .await?;
    let Some(used) = used else { return Err(AppError::Code(CodeProblem::TooManyTries)) };
    if now > expires_at {
        return Err(AppError::Code(CodeProblem::Expired));
    }
    if stored != code_hash(mobile, code) {
        let remaining = (policy.code_max_attempts - used).max(0);
        return Err(AppError::Code(if remaining == 0 {
            CodeProblem::TooManyTries
        } else {
            CodeProblem::Wrong { remaining: remaining as u32 }
        }));
    }
    let done = sqlx::query("UPDATE sms_codes SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::Code(CodeProblem::NotRequested))
    }
}
