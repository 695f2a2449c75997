//! The `org_registrations` table: registrations waiting for the named admin's consent.
use crate::accounts::mobile::Mobile;
use crate::db::Db;
use crate::error::AppError;
use crate::orgs::register::{RegistrationItem, RegistrationStatus};
use sqlx::{any::AnyRow, AnyConnection, Row};

pub struct NewRegistration<'a> {
    pub registrant: i64,
    pub admin_mobile: &'a str,
    pub name: &'a str,
    pub parent_id: Option<i64>,
    /// The form as typed, JSON.
    pub input: &'a str,
    pub expires_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, new: &NewRegistration<'_>, now: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO org_registrations (registrant_id, admin_mobile, name, parent_id, input, status, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.registrant)
    .bind(new.admin_mobile)
    .bind(new.name)
    .bind(new.parent_id)
    .bind(new.input)
    .bind(RegistrationStatus::Awaiting.code())
    .bind(now)
    .bind(new.expires_at)
    .fetch_one(&mut *conn)
    .await?)
}

/// Registrations still waiting (not expired) that name `mobile`, and those that `registrant`
/// sent: what the limits on open registrations count.
pub async fn open_counts(
    conn: &mut AnyConnection,
    mobile: &str,
    registrant: i64,
    now: i64,
) -> Result<(i64, i64), AppError> {
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN admin_mobile = $1 THEN 1 ELSE 0 END), 0) AS naming,
                COALESCE(SUM(CASE WHEN registrant_id = $2 THEN 1 ELSE 0 END), 0) AS sent
         FROM org_registrations WHERE status = $3 AND expires_at > $4 AND (admin_mobile = $1 OR registrant_id = $2)",
    )
    .bind(mobile)
    .bind(registrant)
    .bind(RegistrationStatus::Awaiting.code())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("naming")?, row.try_get("sent")?))
}

/// Removes a registration whose SMS could not be sent: nobody could ever answer it.
pub async fn delete(db: &Db, id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM org_registrations WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}

/// The stored form and registrant of a registration that `mobile`'s holder has just answered.
pub struct Answered {
    pub registrant: i64,
    pub input: String,
}

/// Records the answer of the person holding `mobile`, as the transaction's first write (so it
/// takes the lock and a second answer sent at once finds it decided). A declined form is
/// cleared: it holds personal data nobody needs any more. `None` when the registration does
/// not name `mobile`, was answered already or has expired.
pub async fn answer(
    conn: &mut AnyConnection,
    id: i64,
    mobile: &Mobile,
    accept: bool,
    now: i64,
) -> Result<Option<Answered>, AppError> {
    let status = if accept { RegistrationStatus::Accepted } else { RegistrationStatus::Declined };
    let row = sqlx::query(
        "UPDATE org_registrations SET status = $1, decided_at = $2, input = CASE WHEN $1 = $6 THEN '' ELSE input END
         WHERE id = $3 AND admin_mobile = $4 AND status = $5 AND expires_at > $2
         RETURNING registrant_id, input",
    )
    .bind(status.code())
    .bind(now)
    .bind(id)
    .bind(mobile.as_str())
    .bind(RegistrationStatus::Awaiting.code())
    .bind(RegistrationStatus::Declined.code())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok(Answered { registrant: r.try_get("registrant_id")?, input: r.try_get("input")? })).transpose()
}

/// Links an accepted registration to the organisation it created.
pub async fn link_org(conn: &mut AnyConnection, id: i64, org_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE org_registrations SET org_id = $2 WHERE id = $1")
        .bind(id)
        .bind(org_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

const ITEM: &str = "SELECT r.id, r.name, r.admin_mobile, r.status, r.org_id, r.created_at, r.expires_at, r.input,
        p.name AS parent_name, u.mobile AS registrant_mobile
     FROM org_registrations r JOIN users u ON u.id = r.registrant_id
     LEFT JOIN organisations p ON p.id = r.parent_id";

/// The registration `id` if it names `mobile`, whatever its state.
pub async fn naming(db: &Db, id: i64, mobile: &Mobile, now: i64) -> Result<Option<RegistrationItem>, AppError> {
    let row = sqlx::query(&format!("{ITEM} WHERE r.id = $1 AND r.admin_mobile = $2"))
        .bind(id)
        .bind(mobile.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| item(&r, now)).transpose()
}

/// The latest registrations naming `mobile`, whatever their state, newest first.
pub async fn naming_all(db: &Db, mobile: &Mobile, now: i64) -> Result<Vec<RegistrationItem>, AppError> {
    let rows = sqlx::query(&format!("{ITEM} WHERE r.admin_mobile = $1 ORDER BY r.id DESC LIMIT 50"))
        .bind(mobile.as_str())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| item(r, now)).collect()
}

/// The latest registrations `registrant` sent for someone else to answer, newest first.
pub async fn sent_by(db: &Db, registrant: i64, now: i64) -> Result<Vec<RegistrationItem>, AppError> {
    let rows = sqlx::query(&format!("{ITEM} WHERE r.registrant_id = $1 ORDER BY r.id DESC LIMIT 50"))
        .bind(registrant)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| item(r, now)).collect()
}

fn masked(stored: &str) -> String {
    Mobile::parse(stored).map(|m| m.masked()).unwrap_or_default()
}

fn item(r: &AnyRow, now: i64) -> Result<RegistrationItem, AppError> {
    let expires_at: i64 = r.try_get("expires_at")?;
    let input: String = r.try_get("input")?;
    // The contact's name as the registrant typed it; a cleared (declined) form has none.
    let contact_name = serde_json::from_str::<crate::orgs::model::OrgInput>(&input)
        .map(|i| i.contact_name.trim().to_owned())
        .unwrap_or_default();
    Ok(RegistrationItem {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        parent_name: r.try_get("parent_name")?,
        admin_mobile_masked: masked(&r.try_get::<String, _>("admin_mobile")?),
        registrant_mobile_masked: masked(&r.try_get::<String, _>("registrant_mobile")?),
        contact_name,
        status: RegistrationStatus::stored(&r.try_get::<String, _>("status")?, expires_at, now),
        created_at: r.try_get("created_at")?,
        expires_at,
        org_id: r.try_get("org_id")?,
    })
}

/// True when an organisation already has `name` (the unique index decides again on insert).
pub async fn name_taken(conn: &mut AnyConnection, name: &str) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT 1 AS hit FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// The stored mobile of account `uid`.
pub async fn mobile_of(conn: &mut AnyConnection, uid: i64) -> Result<Mobile, AppError> {
    let stored: String =
        sqlx::query_scalar("SELECT mobile FROM users WHERE id = $1").bind(uid).fetch_one(&mut *conn).await?;
    Mobile::parse(&stored).map_err(|e| AppError::internal(format!("stored mobile invalid: {e:?}")))
}
