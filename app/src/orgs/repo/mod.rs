//! The `organisations` table with its closure rows: writes and the lookups they need here;
//! the directory, pages and review queue in [`read`].
mod read;
pub mod registrations;

pub use read::*;

use crate::db::{is_unique_violation, Db};
use crate::error::AppError;
use crate::orgs::model::ValidOrg;
use crate::orgs::views::OrgStatus;
use crate::validation::Invalid;
use sqlx::{AnyConnection, Row};

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub parent_id: Option<i64>,
    pub status: &'a str,
    pub province: &'a str,
    pub city: &'a str,
    pub county: &'a str,
}

/// Takes the write lock for changes concerning organisation `id` as a transaction's first
/// statement. PostgreSQL then serialises transactions on that row; SQLite takes its single
/// write lock up front, so the transaction never reads a snapshot it later cannot write from.
pub async fn lock_org(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE organisations SET updated_at = updated_at WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// Like [`lock_org`], for changes bounded per person (the membership limit).
pub async fn lock_user(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// The level a child of `parent` gets (1 for a corps).
pub async fn child_level(conn: &mut AnyConnection, parent: Option<i64>) -> Result<u32, AppError> {
    match parent {
        None => Ok(1),
        Some(parent) => {
            let row = sqlx::query("SELECT level FROM organisations WHERE id = $1")
                .bind(parent)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(row.try_get::<i64, _>("level")? as u32 + 1)
        }
    }
}

/// Inserts an organisation and its closure rows (itself at depth 0, then every ancestor of the
/// parent one level further) on the caller's connection, so it joins the caller's transaction.
pub async fn insert_on(conn: &mut AnyConnection, org: &NewOrg<'_>, now: i64) -> Result<i64, AppError> {
    let level = child_level(conn, org.parent_id).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO organisations (name, parent_id, level, status, province, city, county, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(org.name)
    .bind(org.parent_id)
    .bind(level as i64)
    .bind(org.status)
    .bind(org.province)
    .bind(org.city)
    .bind(org.county)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| {
        // A name taken meanwhile (the unique index decides) is the form's field error.
        if is_unique_violation(&e) {
            AppError::field("name", Invalid::OrgNameTaken)
        } else {
            e.into()
        }
    })?
    .try_get("id")?;
    sqlx::query("INSERT INTO org_closure (ancestor_id, descendant_id, depth) VALUES ($1, $1, 0)")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if let Some(parent) = org.parent_id {
        sqlx::query(
            "INSERT INTO org_closure (ancestor_id, descendant_id, depth)
             SELECT ancestor_id, $1, depth + 1 FROM org_closure WHERE descendant_id = $2",
        )
        .bind(id)
        .bind(parent)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Records the registrant as the reviewer of a registration approved as it was made.
pub async fn mark_reviewed(conn: &mut AnyConnection, id: i64, reviewer: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE organisations SET reviewed_by = $1, reviewed_at = $2 WHERE id = $3")
        .bind(reviewer)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Decides a pending registration. False when it was no longer pending (decided meanwhile).
pub async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    status: OrgStatus,
    reason: &str,
    reviewer: i64,
    now: i64,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "UPDATE organisations SET status = $1, review_reason = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4
         WHERE id = $5 AND status = $6",
    )
    .bind(status.code())
    .bind(reason)
    .bind(reviewer)
    .bind(now)
    .bind(id)
    .bind(OrgStatus::Pending.code())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// Closes an approved organisation (`closed`) or reopens a closed one. False when it was not in
/// the status the change starts from.
pub async fn set_closed(conn: &mut AnyConnection, id: i64, closed: bool, now: i64) -> Result<bool, AppError> {
    let (from, to) =
        if closed { (OrgStatus::Approved, OrgStatus::Closed) } else { (OrgStatus::Closed, OrgStatus::Approved) };
    let changed = sqlx::query("UPDATE organisations SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
        .bind(to.code())
        .bind(now)
        .bind(id)
        .bind(from.code())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(changed > 0)
}

/// True when a direct child of `id` is approved or waiting for review: closing `id` would leave
/// an open organisation (or one that review could open) under a closed one, whose name its
/// public page would then show in its path.
pub async fn has_live_children(conn: &mut AnyConnection, id: i64) -> Result<bool, AppError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM organisations WHERE parent_id = $1 AND status IN ($2, $3)")
        .bind(id)
        .bind(OrgStatus::Approved.code())
        .bind(OrgStatus::Pending.code())
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// [`insert_on`] in a transaction of its own.
pub async fn insert(db: &Db, org: &NewOrg<'_>, now: i64) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let id = insert_on(&mut tx, org, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Writes the registration table's columns of organisation `id`.
pub async fn write_details(
    conn: &mut AnyConnection,
    id: i64,
    org: &ValidOrg,
    created_by: Option<i64>,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE organisations SET civil_registered = $2, supervisor_type = $3, supervisor_name = $4, founded_on = $5,
             service_categories = $6, contact_name = $7, contact_mobile = $8, leader_name = $9, leader_title = $10,
             leader_unit = $11, leader_phone = $12, service_scope = $13, service_content = $14, service_objects = $15,
             service_requirements = $16, planned_members = $17, created_by = COALESCE(created_by, $18)
         WHERE id = $1",
    )
    .bind(id)
    .bind(org.civil_registered as i64)
    .bind(org.supervisor_type)
    .bind(&org.supervisor_name)
    .bind(org.founded_on.format("%Y-%m-%d").to_string())
    .bind(org.service_categories.join(","))
    .bind(org.contact_name.as_str())
    .bind(org.contact_mobile.as_str())
    .bind(&org.leader_name)
    .bind(&org.leader_title)
    .bind(&org.leader_unit)
    .bind(&org.leader_phone)
    .bind(&org.service_scope)
    .bind(&org.service_content)
    .bind(&org.service_objects)
    .bind(&org.service_requirements)
    .bind(org.planned_members as i64)
    .bind(created_by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Gives `user_id` a role in `org_id` (replacing an earlier one).
pub async fn set_staff_on(
    conn: &mut AnyConnection,
    org_id: i64,
    user_id: i64,
    role: crate::accounts::model::OrgRole,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO org_staff (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(role.code())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_staff(
    db: &Db,
    org_id: i64,
    user_id: i64,
    role: crate::accounts::model::OrgRole,
    now: i64,
) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    set_staff_on(&mut conn, org_id, user_id, role, now).await
}

/// Splits a stored comma list.
pub fn split_codes(stored: &str) -> Vec<String> {
    stored.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// "江苏省 常州市 武进区" from whichever of the three codes is the deepest.
pub fn region_name(province: &str, city: &str, county: &str) -> String {
    [county, city, province].into_iter().find(|c| !c.is_empty()).and_then(crate::regions::full_name).unwrap_or_default()
}

/// Organisation ids in `org_id`'s subtree (itself included).
pub async fn subtree_size(db: &Db, org_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM org_closure WHERE ancestor_id = $1")
        .bind(org_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?)
}

/// The organisation's name.
pub async fn name_of(conn: &mut AnyConnection, org_id: i64) -> Result<String, AppError> {
    Ok(sqlx::query("SELECT name FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("name")?)
}

/// True when the organisation exists and is approved (open for members and children).
pub async fn is_approved(conn: &mut AnyConnection, org_id: i64) -> Result<bool, AppError> {
    let row =
        sqlx::query("SELECT status FROM organisations WHERE id = $1").bind(org_id).fetch_optional(&mut *conn).await?;
    Ok(match row {
        Some(r) => OrgStatus::from_code(&r.try_get::<String, _>("status")?) == OrgStatus::Approved,
        None => false,
    })
}
