//! The `users` table and the signed-in person.
use crate::accounts::mobile::Mobile;
use crate::accounts::model::{OrgRole, SessionUser, StaffRole};
use crate::db::{flag, is_unique_violation, Db};
use crate::error::AppError;
use rand::Rng;
use sqlx::Row;

pub struct UserRow {
    pub id: i64,
    pub status: String,
    pub password_hash: Option<String>,
}

pub async fn find_by_mobile(db: &Db, mobile: &Mobile) -> Result<Option<UserRow>, AppError> {
    let row = sqlx::query("SELECT id, status, password_hash FROM users WHERE mobile = $1")
        .bind(mobile.as_str())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok(UserRow { id: r.try_get("id")?, status: r.try_get("status")?, password_hash: r.try_get("password_hash")? })
    })
    .transpose()
}

/// The signed-in person's own number (to send them a code).
pub async fn mobile_of(db: &Db, uid: i64) -> Result<Mobile, AppError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT mobile FROM users WHERE id = $1").bind(uid).fetch_optional(&db.pool).await?;
    let stored = stored.ok_or(AppError::Unauthenticated)?;
    Mobile::parse(&stored).map_err(|_| AppError::internal(format!("user {uid} has no usable mobile")))
}

/// A fresh public volunteer number: "KJ" and ten digits. Random rather than sequential so the
/// numbers say nothing about how many people registered or when.
/// A random volunteer number; inserts retry on the rare collision.
pub fn new_volunteer_no() -> String {
    format!("KJ{:010}", rand::thread_rng().gen_range(0..10_000_000_000u64))
}

/// Finds the account for `mobile`, creating it on first login (registration by phone).
pub async fn find_or_create(db: &Db, mobile: &Mobile, now: i64) -> Result<UserRow, AppError> {
    if let Some(user) = find_by_mobile(db, mobile).await? {
        return Ok(user);
    }
    for _ in 0..5 {
        let inserted = sqlx::query(
            "INSERT INTO users (volunteer_no, mobile, is_platform_admin, status, created_at, updated_at)
             VALUES ($1, $2, 0, 'active', $3, $3) RETURNING id",
        )
        .bind(new_volunteer_no())
        .bind(mobile.as_str())
        .bind(now)
        .fetch_one(&db.pool)
        .await;
        match inserted {
            Ok(row) => return Ok(UserRow { id: row.try_get("id")?, status: "active".into(), password_hash: None }),
            // Either the number collided (try another) or the same phone registered a moment
            // ago in a parallel request (use that account).
            Err(e) if is_unique_violation(&e) => {
                if let Some(user) = find_by_mobile(db, mobile).await? {
                    return Ok(user);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("could not allocate a volunteer number"))
}

/// [`find_or_create`] on the caller's connection (inside its transaction): used where an
/// account is registered on someone's behalf (an organisation's admin, an imported volunteer).
/// `ON CONFLICT DO NOTHING` keeps a PostgreSQL transaction usable when the number was taken.
pub async fn find_or_create_on(conn: &mut sqlx::AnyConnection, mobile: &Mobile, now: i64) -> Result<i64, AppError> {
    for _ in 0..5 {
        let inserted = sqlx::query(
            "INSERT INTO users (volunteer_no, mobile, is_platform_admin, status, created_at, updated_at)
             VALUES ($1, $2, 0, 'active', $3, $3) ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(new_volunteer_no())
        .bind(mobile.as_str())
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = inserted {
            return Ok(row.try_get("id")?);
        }
        if let Some(row) = sqlx::query("SELECT id FROM users WHERE mobile = $1")
            .bind(mobile.as_str())
            .fetch_optional(&mut *conn)
            .await?
        {
            return Ok(row.try_get("id")?);
        }
    }
    Err(AppError::internal("could not allocate a volunteer number"))
}

pub async fn session_user(db: &Db, uid: i64) -> Result<Option<SessionUser>, AppError> {
    let row = sqlx::query(
        "SELECT u.volunteer_no, u.mobile, u.is_platform_admin, u.password_hash, u.status, p.real_name
         FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = $1",
    )
    .bind(uid)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get("status")?;
    if status == "closed" {
        return Ok(None);
    }
    let mobile = Mobile::parse(&row.try_get::<String, _>("mobile")?)
        .map_err(|e| AppError::internal(format!("stored mobile invalid: {e:?}")))?;
    let roles = sqlx::query(
        "SELECT s.org_id, o.name, s.role FROM org_staff s JOIN organisations o ON o.id = s.org_id
         WHERE s.user_id = $1 ORDER BY o.level, o.name",
    )
    .bind(uid)
    .fetch_all(&db.pool)
    .await?;
    let staff_roles = roles
        .iter()
        .filter_map(|r| {
            let role = OrgRole::from_code(r.try_get::<String, _>("role").ok()?.as_str())?;
            Some(StaffRole { org_id: r.try_get("org_id").ok()?, org_name: r.try_get("name").ok()?, role })
        })
        .collect();
    Ok(Some(SessionUser {
        volunteer_no: row.try_get("volunteer_no")?,
        mobile_masked: mobile.masked(),
        real_name: row.try_get("real_name")?,
        is_platform_admin: flag(&row, "is_platform_admin")?,
        staff_roles,
        has_password: row.try_get::<Option<String>, _>("password_hash")?.is_some(),
        closure_requested: status == "closing",
    }))
}
