//! Data scope (house rule 4): staff act on their organisation's whole subtree and nothing else.
//! Every organisation server function asks here, on the server, before reading or writing.
use crate::db::{flag, Db};
use crate::error::AppError;
use sqlx::Row;

pub async fn is_platform_admin(db: &Db, uid: i64) -> Result<bool, AppError> {
    let row =
        sqlx::query("SELECT is_platform_admin FROM users WHERE id = $1").bind(uid).fetch_optional(&db.pool).await?;
    Ok(match row {
        Some(row) => flag(&row, "is_platform_admin")?,
        None => false,
    })
}

/// The strongest role `uid` holds over `org_id` through the organisation itself or any of its
/// ancestors: `Some("admin")`, `Some("staff")` or `None`. Platform admins are admins everywhere.
pub async fn role_over(db: &Db, uid: i64, org_id: i64) -> Result<Option<&'static str>, AppError> {
    if is_platform_admin(db, uid).await? {
        return Ok(Some("admin"));
    }
    let rows = sqlx::query(
        "SELECT s.role FROM org_closure c JOIN org_staff s ON s.org_id = c.ancestor_id
         WHERE c.descendant_id = $1 AND s.user_id = $2",
    )
    .bind(org_id)
    .bind(uid)
    .fetch_all(&db.pool)
    .await?;
    let mut best = None;
    for row in rows {
        match row.try_get::<String, _>("role")?.as_str() {
            "admin" => return Ok(Some("admin")),
            "staff" => best = Some("staff"),
            _ => {}
        }
    }
    Ok(best)
}

/// Staff or admin over `org_id`, or `Forbidden`.
pub async fn require_manage(db: &Db, uid: i64, org_id: i64) -> Result<(), AppError> {
    role_over(db, uid, org_id).await?.map(|_| ()).ok_or(AppError::Forbidden)
}

/// Admin over `org_id`, or `Forbidden`.
pub async fn require_admin(db: &Db, uid: i64, org_id: i64) -> Result<(), AppError> {
    match role_over(db, uid, org_id).await? {
        Some("admin") => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// True when some organisation `uid` manages has `subject` as a member (in any state, so staff
/// can still read the history of someone who left). Used for volunteer cards.
pub async fn manages_person(db: &Db, uid: i64, subject: i64) -> Result<bool, AppError> {
    let row = sqlx::query(
        "SELECT 1 AS hit FROM memberships m
         JOIN org_closure c ON c.descendant_id = m.org_id
         JOIN org_staff s ON s.org_id = c.ancestor_id
         WHERE m.user_id = $1 AND s.user_id = $2 LIMIT 1",
    )
    .bind(subject)
    .bind(uid)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}

/// The user ids of staff who manage `org_id` directly (its own admins and staff); they are the
/// ones told about applications and registrations waiting for them.
pub async fn staff_of(db: &Db, org_id: i64) -> Result<Vec<i64>, AppError> {
    let rows = sqlx::query("SELECT user_id FROM org_staff WHERE org_id = $1").bind(org_id).fetch_all(&db.pool).await?;
    rows.iter().map(|r| r.try_get::<i64, _>("user_id").map_err(AppError::from)).collect()
}
