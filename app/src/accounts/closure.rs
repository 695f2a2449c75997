//! Completing an account closure (F-05, CVST 4 §5.4 d): the account stops being a person. Name,
//! ID number, mobile and free-text details are replaced, the birth date is cut to its year, the
//! password, sessions, staff roles and the codes sent to the number are removed. What the person
//! did stays (memberships, sign-ups, service records, audit entries), now pointing at a row that
//! names nobody; region, gender and the coded fields stay for the platform's statistics.
use crate::accounts::mobile::Mobile;
use crate::error::{AppError, Refusal};
use sqlx::{AnyConnection, Row};

/// What the profile's name reads after closure, in lists and rosters that still show the rows.
pub const CLOSED_NAME: &str = "已注销用户";

/// The account as it was before [`anonymise_on`] cleared it: the number to tell the person at,
/// and whether it was a platform admin (the caller keeps the platform from losing its last one).
pub struct Closed {
    pub mobile: Option<Mobile>,
    pub was_platform_admin: bool,
}

/// Anonymises `uid`, who asked for closure (status `closing`); anything else is
/// `AlreadyDecided`, so two admins completing the same request at once close it once. The caller
/// commits.
pub async fn anonymise_on(conn: &mut AnyConnection, uid: i64, now: i64) -> Result<Closed, AppError> {
    let row = sqlx::query("SELECT mobile, is_platform_admin FROM users WHERE id = $1 AND status = 'closing'")
        .bind(uid)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::Refused(Refusal::AlreadyDecided))?;
    let stored: String = row.try_get("mobile")?;
    let was_platform_admin = crate::db::flag(&row, "is_platform_admin")?;
    // The placeholder is unique (the column is) and can never parse as a phone number, so no
    // login, code or import can reach this account again.
    let placeholder = format!("closed-{uid}");
    let done = sqlx::query(
        "UPDATE users SET mobile = $1, password_hash = NULL, is_platform_admin = 0, status = 'closed', updated_at = $2
         WHERE id = $3 AND status = 'closing'",
    )
    .bind(&placeholder)
    .bind(now)
    .bind(uid)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    sqlx::query(
        "UPDATE profiles SET real_name = $1, id_number = $2, work_unit = NULL, skills = NULL, qualifications = NULL,
             birth_date = substr(birth_date, 1, 4) || '-01-01', updated_at = $3
         WHERE user_id = $4",
    )
    .bind(CLOSED_NAME)
    .bind(&placeholder)
    .bind(now)
    .bind(uid)
    .execute(&mut *conn)
    .await?;
    for table in ["sms_codes", "login_failures"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE mobile = $1")).bind(&stored).execute(&mut *conn).await?;
    }
    sqlx::query("DELETE FROM org_staff WHERE user_id = $1").bind(uid).execute(&mut *conn).await?;
    // Sessions keep the id as `"uid":N` in their JSON; ending them stops a browser that is still
    // signed in from writing a name back into the emptied profile.
    sqlx::query("DELETE FROM sessions WHERE data LIKE $1 OR data LIKE $2")
        .bind(format!("%\"{}\":{uid},%", crate::http::UID_KEY))
        .bind(format!("%\"{}\":{uid}}}%", crate::http::UID_KEY))
        .execute(&mut *conn)
        .await?;
    Ok(Closed { mobile: Mobile::parse(&stored).ok(), was_platform_admin })
}
