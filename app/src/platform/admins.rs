//! Granting and revoking platform admin, for the command line (`server admin grant|revoke`) and
//! the console alike. Every change is audited; the platform never silently loses its last admin.
use crate::accounts::mobile::Mobile;
use crate::accounts::users;
use crate::audit;
use crate::db::{now_us, Db};
use crate::error::{AppError, Refusal};
use sqlx::{AnyConnection, Row};

/// What a grant did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granted {
    /// The number had no account: a bare one was created, which signs in with an SMS code.
    NewAccount,
    Granted,
    /// The account was a platform admin already; nothing changed and nothing was logged.
    Already,
}

/// Makes the account of `mobile` a platform admin. A number with no account gets one, so a
/// fresh install's operator can name the first admin before that person ever signed in (they
/// complete the profile after their first login). `actor` is `None` at the command line.
pub async fn grant(db: &Db, mobile: &Mobile, actor: Option<i64>, client: &str) -> Result<Granted, AppError> {
    let now = now_us();
    let existing = users::find_by_mobile(db, mobile).await?;
    let created = existing.is_none();
    let user = match existing {
        Some(user) => user,
        None => users::find_or_create(db, mobile, now).await?,
    };
    let done =
        sqlx::query("UPDATE users SET is_platform_admin = 1, updated_at = $1 WHERE id = $2 AND is_platform_admin = 0")
            .bind(now)
            .bind(user.id)
            .execute(&db.pool)
            .await?;
    if done.rows_affected() == 0 {
        return Ok(Granted::Already);
    }
    let detail = if created { "new account" } else { "" };
    audit::record_by(db, actor, "grant_platform_admin", Some(user.id), detail, client).await?;
    Ok(if created { Granted::NewAccount } else { Granted::Granted })
}

/// Locks every platform admin's row and counts them, so that two admins revoking each other at
/// the same moment cannot both see "two left" and leave none.
pub async fn lock_admins(conn: &mut AnyConnection) -> Result<i64, AppError> {
    let locked =
        sqlx::query("UPDATE users SET updated_at = updated_at WHERE is_platform_admin = 1").execute(&mut *conn).await?;
    Ok(locked.rows_affected() as i64)
}

/// Takes platform admin away from `uid`. Refused for the last one unless `force` (the command
/// line's `--force`, for an operator handing the platform over). Returns false when `uid` was
/// not a platform admin (nothing changed).
pub async fn revoke(db: &Db, uid: i64, actor: Option<i64>, client: &str, force: bool) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let admins = lock_admins(&mut tx).await?;
    let row = sqlx::query("SELECT is_platform_admin FROM users WHERE id = $1")
        .bind(uid)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::db::flag(&row, "is_platform_admin")? {
        return Ok(false);
    }
    if admins <= 1 && !force {
        return Err(AppError::Refused(Refusal::LastPlatformAdmin));
    }
    sqlx::query("UPDATE users SET is_platform_admin = 0, updated_at = $1 WHERE id = $2")
        .bind(now_us())
        .bind(uid)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let detail = if admins <= 1 { "forced: no platform admin left" } else { "" };
    audit::record_by(db, actor, "revoke_platform_admin", Some(uid), detail, client).await?;
    Ok(true)
}

/// The account of a volunteer number, or `NotFound`.
pub async fn uid_of(db: &Db, volunteer_no: &str) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT id FROM users WHERE volunteer_no = $1")
        .bind(volunteer_no.trim())
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(row.try_get("id")?)
}
