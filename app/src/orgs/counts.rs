//! Subtree member counts (F-12): `org_member_counts` holds, per organisation, how many different
//! people are active members anywhere in its subtree. Every change that makes a membership
//! active or ends one calls [`joined`] or [`left`] in its own transaction, after taking the
//! person's lock (`repo::lock_user`), so two changes for one person never count them twice.
use crate::db::Db;
use crate::error::AppError;
use sqlx::{AnyConnection, Row};

/// The organisation and its ancestors in which `user` has no active membership other than
/// `membership`: exactly the counts that membership's start or end changes.
async fn affected(conn: &mut AnyConnection, user: i64, org: i64, membership: i64) -> Result<Vec<i64>, AppError> {
    let rows = sqlx::query(
        "SELECT c.ancestor_id FROM org_closure c WHERE c.descendant_id = $1 AND NOT EXISTS (
             SELECT 1 FROM memberships m JOIN org_closure c2 ON c2.descendant_id = m.org_id
             WHERE c2.ancestor_id = c.ancestor_id AND m.user_id = $2 AND m.status = 'active' AND m.id <> $3)",
    )
    .bind(org)
    .bind(user)
    .bind(membership)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| r.try_get::<i64, _>("ancestor_id").map_err(AppError::from)).collect()
}

async fn add(conn: &mut AnyConnection, orgs: &[i64], delta: i64) -> Result<(), AppError> {
    for org in orgs {
        sqlx::query(
            "INSERT INTO org_member_counts (org_id, members) VALUES ($1, $2)
             ON CONFLICT (org_id) DO UPDATE SET members = org_member_counts.members + excluded.members",
        )
        .bind(org)
        .bind(delta)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Membership `membership` of `user` in `org` has just become active.
pub async fn joined(conn: &mut AnyConnection, user: i64, org: i64, membership: i64) -> Result<(), AppError> {
    let orgs = affected(conn, user, org, membership).await?;
    add(conn, &orgs, 1).await
}

/// `n` people who had no active membership anywhere have just joined `org` (an import's new
/// accounts): one more for each of them in `org` and every ancestor, in one statement.
pub async fn joined_new(conn: &mut AnyConnection, org: i64, n: i64) -> Result<(), AppError> {
    if n == 0 {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO org_member_counts (org_id, members)
         SELECT ancestor_id, $2 FROM org_closure WHERE descendant_id = $1
         ON CONFLICT (org_id) DO UPDATE SET members = org_member_counts.members + excluded.members",
    )
    .bind(org)
    .bind(n)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Membership `membership` of `user` in `org` has just stopped being active.
pub async fn left(conn: &mut AnyConnection, user: i64, org: i64, membership: i64) -> Result<(), AppError> {
    let orgs = affected(conn, user, org, membership).await?;
    add(conn, &orgs, -1).await
}

/// The count for `org` (0 when nobody ever joined its subtree).
pub async fn members(db: &Db, org: i64) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT members FROM org_member_counts WHERE org_id = $1")
        .bind(org)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get::<i64, _>("members"))
        .transpose()?
        .unwrap_or(0))
}

/// Recomputes every count from the memberships (after bulk loads that bypass [`joined`]).
pub async fn recount_all(db: &Db) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM org_member_counts").execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO org_member_counts (org_id, members)
         SELECT c.ancestor_id, COUNT(DISTINCT m.user_id) FROM org_closure c
         JOIN memberships m ON m.org_id = c.descendant_id AND m.status = 'active' GROUP BY c.ancestor_id",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
