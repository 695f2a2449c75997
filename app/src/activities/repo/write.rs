//! Writing activities: insert, edit, publish, cancel, and the keyword index.
use crate::activities::model::{ActivityStatus, ValidActivity};
use crate::activities::terms;
use crate::error::AppError;
use sqlx::{AnyConnection, Row};

/// The columns an insert or edit writes, in bind order after `id`/`org_id`.
const WRITE_COLUMNS: [&str; 41] = [
    "project_id",
    "title",
    "category",
    "content_form",
    "mode",
    "service_objects",
    "special_groups",
    "content",
    "province",
    "city",
    "county",
    "address",
    "online_link",
    "lat_e6",
    "lng_e6",
    "starts_at",
    "ends_at",
    "signup_opens_at",
    "signup_closes_at",
    "cancel_deadline_at",
    "capacity",
    "needs_approval",
    "min_age",
    "max_age",
    "skills",
    "qualification",
    "training_required",
    "insurance_required",
    "risks",
    "contact_name",
    "contact_phone",
    "purpose",
    "process",
    "support",
    "funding",
    "emergency_plan",
    "publicity",
    "search_text",
    "updated_at",
    "status",
    "venue_id",
];

fn bind_activity<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    v: &'q ValidActivity,
    search_text: String,
    opens_at: i64,
    status: ActivityStatus,
    now: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    q = q
        .bind(v.project_id)
        .bind(&v.title)
        .bind(v.category)
        .bind(v.content_form)
        .bind(v.mode)
        .bind(v.service_objects.join(","))
        .bind(v.special_groups.join(","))
        .bind(&v.content)
        .bind(&v.province)
        .bind(&v.city)
        .bind(&v.county)
        .bind(&v.address)
        .bind(&v.online_link)
        .bind(v.coordinates.map(|c| c.0))
        .bind(v.coordinates.map(|c| c.1))
        .bind(v.starts_at)
        .bind(v.ends_at)
        .bind(opens_at)
        .bind(v.signup_closes_at)
        .bind(v.cancel_deadline_at)
        .bind(v.capacity as i64)
        .bind(v.needs_approval as i64)
        .bind(v.min_age.map(i64::from))
        .bind(v.max_age.map(i64::from))
        .bind(&v.skills)
        .bind(&v.qualification)
        .bind(v.training_required as i64)
        .bind(v.insurance_required as i64)
        .bind(&v.risks)
        .bind(&v.contact_name)
        .bind(&v.contact_phone);
    for field in &v.plan {
        q = q.bind(field);
    }
    q.bind(search_text).bind(now).bind(status.code()).bind(v.venue_id)
}

fn search_text(v: &ValidActivity, org_name: &str) -> String {
    terms::normalise(&format!("{} {} {}", v.title, org_name, v.content))
}

/// Inserts an activity (`status` draft or published) and returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    v: &ValidActivity,
    org_name: &str,
    status: ActivityStatus,
    uid: i64,
    now: i64,
) -> Result<i64, AppError> {
    let columns = WRITE_COLUMNS.join(", ");
    let marks = (0..WRITE_COLUMNS.len()).map(|i| format!("${}", i + 4)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "INSERT INTO activities (org_id, created_by, created_at, {columns}) VALUES ($1, $2, $3, {marks}) RETURNING id"
    );
    let opens = v.signup_opens_at.unwrap_or(now);
    let q = sqlx::query(&sql).bind(v.org_id).bind(uid).bind(now);
    let id: i64 =
        bind_activity(q, v, search_text(v, org_name), opens, status, now).fetch_one(&mut *conn).await?.try_get("id")?;
    if status == ActivityStatus::Published {
        publish_marks(conn, id, now).await?;
        write_terms(conn, id).await?;
    }
    Ok(id)
}

/// Overwrites an activity's fields (its status becomes `status`) and, when published,
/// rebuilds its keyword index. An empty sign-up opening keeps the stored one once published.
pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    v: &ValidActivity,
    org_name: &str,
    status: ActivityStatus,
    stored_opens_at: i64,
    now: i64,
) -> Result<(), AppError> {
    let sets =
        WRITE_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 2)).collect::<Vec<_>>().join(", ");
    let sql = format!("UPDATE activities SET {sets} WHERE id = $1");
    let published = status == ActivityStatus::Published;
    let opens = v.signup_opens_at.unwrap_or(if published { stored_opens_at } else { now });
    let q = sqlx::query(&sql).bind(id);
    bind_activity(q, v, search_text(v, org_name), opens, status, now).execute(&mut *conn).await?;
    if published {
        write_terms(conn, id).await?;
    }
    Ok(())
}

/// Marks an activity published now. Its keyword index is written by whoever stored its text
/// ([`insert`], [`update`]), once.
pub async fn publish_marks(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE activities SET status = $3, published_at = $2, updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .bind(ActivityStatus::Published.code())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks an activity cancelled now with the reason its people are told, and takes it out of
/// the keyword index.
pub async fn cancel(conn: &mut AnyConnection, id: i64, reason: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE activities SET status = $4, cancel_reason = $2, cancelled_at = $3, updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(reason)
    .bind(now)
    .bind(ActivityStatus::Cancelled.code())
    .execute(&mut *conn)
    .await?;
    clear_terms(conn, id).await
}

/// Counts a published edit: notices name the version they describe.
pub async fn bump_version(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE activities SET version = version + 1 WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// Rebuilds an activity's keyword index entries from its stored text.
pub async fn write_terms(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    clear_terms(conn, id).await?;
    let row = sqlx::query("SELECT search_text, starts_at FROM activities WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let text: String = row.try_get("search_text")?;
    let starts: i64 = row.try_get("starts_at")?;
    let terms: Vec<String> = terms::index_terms(&text).into_iter().collect();
    // Many rows per statement: one round trip per 200 keys instead of per key.
    for chunk in terms.chunks(200) {
        let values = (0..chunk.len()).map(|i| format!("(${}, $1, $2)", i + 3)).collect::<Vec<_>>().join(", ");
        let sql = format!("INSERT INTO activity_terms (term, starts_at, activity_id) VALUES {values}");
        let mut q = sqlx::query(&sql).bind(starts).bind(id);
        for t in chunk {
            q = q.bind(t);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn clear_terms(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM activity_terms WHERE activity_id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}
