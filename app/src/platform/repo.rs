//! The console's lists.
use crate::accounts::mobile::Mobile;
use crate::db::Db;
use crate::error::AppError;
use crate::orgs::views::OrgStatus;
use crate::platform::model::{AdminRow, ClosureRow, CorpsRow};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Corps in name order, each with the registrations waiting anywhere in its tree.
pub async fn corps(db: &Db) -> Result<Vec<CorpsRow>, AppError> {
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.status,
                (SELECT COUNT(*) FROM org_closure c JOIN organisations d ON d.id = c.descendant_id
                 WHERE c.ancestor_id = o.id AND d.status = 'pending') AS pending
         FROM organisations o WHERE o.parent_id IS NULL ORDER BY o.name",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CorpsRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                status: OrgStatus::from_code(&r.try_get::<String, _>("status")?),
                pending_reviews: r.try_get("pending")?,
            })
        })
        .collect()
}

fn masked(row: &AnyRow) -> Result<String, sqlx::Error> {
    Ok(Mobile::parse(&row.try_get::<String, _>("mobile")?).map(|m| m.masked()).unwrap_or_default())
}

pub async fn admins(db: &Db, viewer: i64) -> Result<Vec<AdminRow>, AppError> {
    let rows = sqlx::query(
        "SELECT u.id, u.volunteer_no, u.mobile, p.real_name FROM users u LEFT JOIN profiles p ON p.user_id = u.id
         WHERE u.is_platform_admin = 1 ORDER BY u.id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AdminRow {
                volunteer_no: r.try_get("volunteer_no")?,
                name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
                mobile_masked: masked(r)?,
                is_self: r.try_get::<i64, _>("id")? == viewer,
            })
        })
        .collect()
}

/// Closure requests, oldest first (the order they are worked through).
pub async fn closures(db: &Db) -> Result<Vec<ClosureRow>, AppError> {
    let rows = sqlx::query(
        "SELECT u.volunteer_no, u.mobile, u.closure_requested_at, p.real_name
         FROM users u LEFT JOIN profiles p ON p.user_id = u.id
         WHERE u.status = 'closing' ORDER BY u.closure_requested_at, u.id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ClosureRow {
                volunteer_no: r.try_get("volunteer_no")?,
                name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
                mobile_masked: masked(r)?,
                requested_at: r.try_get::<Option<i64>, _>("closure_requested_at")?.unwrap_or_default(),
            })
        })
        .collect()
}
