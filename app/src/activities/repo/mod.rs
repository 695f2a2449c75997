//! The activities domain's SQL: activities and their keyword index ([`write`]), the public
//! search ([`search`]), one activity ([`detail`]), the lists around sign-ups ([`lists`]) and
//! projects ([`projects`]). A stored status is decoded in [`status_of`] only.
mod detail;
mod lists;
mod projects;
mod search;
mod write;

pub use detail::*;
pub use lists::*;
pub use projects::*;
pub use search::*;
pub use write::*;

use crate::activities::model::{ActivityStatus, Phase};
use crate::activities::views::ActivitySummary;
use crate::error::AppError;
use crate::orgs::repo::region_name;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Makes the rest of the transaction the only writer of this activity's seats (see
/// `orgs::repo::lock_org`): an UPDATE takes the row lock on PostgreSQL and the write lock on
/// SQLite, so two sign-ups for the last seat run one after the other.
pub async fn lock_activity(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    let done =
        sqlx::query("UPDATE activities SET updated_at = updated_at WHERE id = $1").bind(id).execute(&mut *conn).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The columns [`summary_from_row`] reads (activities `a` joined with organisations `o`).
pub const SUMMARY_COLUMNS: &str =
    "a.id, a.title, a.org_id, o.name AS org_name, a.category, a.mode, a.province, a.city, a.county,
     a.address, a.starts_at, a.ends_at, a.signup_opens_at, a.signup_closes_at, a.status, a.capacity, a.confirmed_count,
     a.waitlist_count, a.lat_e6, a.lng_e6";

/// The row's `status` column. A code outside [`ActivityStatus`] is a broken row, reported as a
/// decoding error.
pub fn status_of(row: &AnyRow) -> Result<ActivityStatus, sqlx::Error> {
    let code: String = row.try_get("status")?;
    ActivityStatus::from_code(&code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown activity status {code:?}").into()))
}

pub fn summary_from_row(row: &AnyRow, now: i64) -> Result<ActivitySummary, sqlx::Error> {
    let (province, city, county): (String, String, String) =
        (row.try_get("province")?, row.try_get("city")?, row.try_get("county")?);
    let (opens, closes, starts, ends) = (
        row.try_get("signup_opens_at")?,
        row.try_get("signup_closes_at")?,
        row.try_get("starts_at")?,
        row.try_get("ends_at")?,
    );
    Ok(ActivitySummary {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        org_id: row.try_get("org_id")?,
        org_name: row.try_get("org_name")?,
        category: row.try_get("category")?,
        mode: row.try_get("mode")?,
        region_name: region_name(&province, &city, &county),
        province,
        city,
        county,
        address: row.try_get("address")?,
        starts_at: starts,
        ends_at: ends,
        signup_opens_at: opens,
        signup_closes_at: closes,
        phase: Phase::of(status_of(row)?, opens, closes, starts, ends, now),
        capacity: row.try_get("capacity")?,
        confirmed: row.try_get("confirmed_count")?,
        waitlisted: row.try_get("waitlist_count")?,
        lat_e6: row.try_get("lat_e6")?,
        lng_e6: row.try_get("lng_e6")?,
        distance_m: None,
    })
}

/// The summary of one activity (any status).
pub async fn summary(conn: &mut AnyConnection, id: i64, now: i64) -> Result<ActivitySummary, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM activities a JOIN organisations o ON o.id = a.org_id WHERE a.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(summary_from_row(&row, now)?)
}
