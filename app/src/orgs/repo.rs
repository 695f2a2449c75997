//! Writing organisations together with their closure rows.
use crate::db::Db;
use crate::error::AppError;
use sqlx::Row;

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub parent_id: Option<i64>,
    pub status: &'a str,
    pub province: &'a str,
    pub city: &'a str,
    pub county: &'a str,
}

/// Inserts an organisation and its closure rows (itself at depth 0, then every ancestor of
/// the parent one level further) in one transaction. Level is the parent's level + 1.
pub async fn insert(db: &Db, org: &NewOrg<'_>, now: i64) -> Result<i64, AppError> {
    let mut tx = db.pool.begin().await?;
    let level: i64 = match org.parent_id {
        Some(parent) => {
            let row = sqlx::query("SELECT level FROM organisations WHERE id = $1")
                .bind(parent)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(AppError::NotFound)?;
            row.try_get::<i64, _>("level")? + 1
        }
        None => 1,
    };
    let id: i64 = sqlx::query(
        "INSERT INTO organisations (name, parent_id, level, status, province, city, county, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(org.name)
    .bind(org.parent_id)
    .bind(level)
    .bind(org.status)
    .bind(org.province)
    .bind(org.city)
    .bind(org.county)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    sqlx::query("INSERT INTO org_closure (ancestor_id, descendant_id, depth) VALUES ($1, $1, 0)")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let Some(parent) = org.parent_id {
        sqlx::query(
            "INSERT INTO org_closure (ancestor_id, descendant_id, depth)
             SELECT ancestor_id, $1, depth + 1 FROM org_closure WHERE descendant_id = $2",
        )
        .bind(id)
        .bind(parent)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Gives `user_id` a role in `org_id` (replacing an earlier one).
pub async fn set_staff(db: &Db, org_id: i64, user_id: i64, role: crate::accounts::model::OrgRole, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO org_staff (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(role.code())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}
