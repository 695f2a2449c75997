//! Storing activities and reading lists of them (F-20, F-22).
use crate::activities::model::{Phase, ValidActivity, MAX_SPAN_US};
use crate::activities::terms;
use crate::activities::views::{ActivityPage, ActivityQuery, ActivitySummary};
use crate::db::Db;
use crate::error::AppError;
use crate::orgs::repo::region_name;
use crate::validation::parse_date;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub const PAGE_SIZE: usize = 20;

/// Makes the rest of the transaction the only writer of this activity's seats (see
/// `orgs::repo::lock_org`): an UPDATE takes the row lock on PostgreSQL and the write lock on
/// SQLite, so two sign-ups for the last seat run one after the other.
pub async fn lock_activity(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE activities SET updated_at = updated_at WHERE id = $1").bind(id).execute(&mut *conn).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The columns [`summary_from_row`] reads (activities `a` joined with organisations `o`).
pub const SUMMARY_COLUMNS: &str = "a.id, a.title, a.org_id, o.name AS org_name, a.category, a.mode, a.province, a.city, a.county,
     a.address, a.starts_at, a.ends_at, a.signup_opens_at, a.signup_closes_at, a.status, a.capacity, a.confirmed_count,
     a.waitlist_count, a.lat_e6, a.lng_e6";

pub fn summary_from_row(row: &AnyRow, now: i64) -> Result<ActivitySummary, sqlx::Error> {
    let (province, city, county): (String, String, String) = (row.try_get("province")?, row.try_get("city")?, row.try_get("county")?);
    let (opens, closes, starts, ends) =
        (row.try_get("signup_opens_at")?, row.try_get("signup_closes_at")?, row.try_get("starts_at")?, row.try_get("ends_at")?);
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
        phase: Phase::of(&row.try_get::<String, _>("status")?, opens, closes, starts, ends, now),
        capacity: row.try_get("capacity")?,
        confirmed: row.try_get("confirmed_count")?,
        waitlisted: row.try_get("waitlist_count")?,
        lat_e6: row.try_get("lat_e6")?,
        lng_e6: row.try_get("lng_e6")?,
        distance_m: None,
    })
}

/// The columns an insert or edit writes, in bind order after `id`/`org_id`.
const WRITE_COLUMNS: [&str; 40] = [
    "project_id", "title", "category", "content_form", "mode", "service_objects", "special_groups", "content", "province",
    "city", "county", "address", "online_link", "lat_e6", "lng_e6", "starts_at", "ends_at", "signup_opens_at",
    "signup_closes_at", "cancel_deadline_at", "capacity", "needs_approval", "min_age", "max_age", "skills", "qualification",
    "training_required", "insurance_required", "risks", "contact_name", "contact_phone", "purpose", "process", "support",
    "funding", "emergency_plan", "publicity", "search_text", "updated_at", "status",
];

fn bind_activity<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    v: &'q ValidActivity,
    search_text: String,
    opens_at: i64,
    status: &'q str,
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
    q.bind(search_text).bind(now).bind(status)
}

fn search_text(v: &ValidActivity, org_name: &str) -> String {
    terms::normalise(&format!("{} {} {}", v.title, org_name, v.content))
}

/// Inserts an activity (`status` draft or published) and returns its id.
pub async fn insert(
    conn: &mut AnyConnection,
    v: &ValidActivity,
    org_name: &str,
    status: &str,
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
    let id: i64 = bind_activity(q, v, search_text(v, org_name), opens, status, now).fetch_one(&mut *conn).await?.try_get("id")?;
    if status == "published" {
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
    status: &str,
    stored_opens_at: i64,
    now: i64,
) -> Result<(), AppError> {
    let sets = WRITE_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 2)).collect::<Vec<_>>().join(", ");
    let sql = format!("UPDATE activities SET {sets} WHERE id = $1");
    let opens = v.signup_opens_at.unwrap_or(if status == "published" { stored_opens_at } else { now });
    let q = sqlx::query(&sql).bind(id);
    bind_activity(q, v, search_text(v, org_name), opens, status, now).execute(&mut *conn).await?;
    if status == "published" {
        write_terms(conn, id).await?;
    }
    Ok(())
}

/// Marks an activity published now. Its keyword index is written by whoever stored its text
/// ([`insert`], [`update`]), once.
pub async fn publish_marks(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE activities SET status = 'published', published_at = $2, updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Rebuilds an activity's keyword index entries from its stored text.
pub async fn write_terms(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    clear_terms(conn, id).await?;
    let row = sqlx::query("SELECT search_text, starts_at FROM activities WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
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

/// A keyset cursor: the last row's start and id.
fn parse_cursor(cursor: &Option<String>) -> Option<(i64, i64)> {
    let (s, i) = cursor.as_deref()?.split_once('.')?;
    Some((s.parse().ok()?, i.parse().ok()?))
}

/// One kilometre-ish grid: positions in millidegrees, longitude scaled by cos(latitude) in
/// thousandths, so the sort key is an integer square distance both engines compute alike.
fn distance_key(lat_e6: i64, lng_e6: i64) -> (i64, i64, i64) {
    let cos = ((lat_e6 as f64 / 1e6).to_radians().cos() * 1000.0).round() as i64;
    (lat_e6 / 1000, lng_e6 / 1000, cos.max(1))
}

/// Great-circle distance in metres.
pub fn distance_m(a: (i64, i64), b: (i64, i64)) -> i64 {
    let (la1, lo1, la2, lo2) =
        ((a.0 as f64 / 1e6).to_radians(), (a.1 as f64 / 1e6).to_radians(), (b.0 as f64 / 1e6).to_radians(), (b.1 as f64 / 1e6).to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    (2.0 * 6_371_000.0 * h.sqrt().asin()).round() as i64
}

/// The public list (F-22): published activities matching `query`, a page at a time.
///
/// Sorted by start time (latest first for ended ones) with a keyset cursor, or by distance
/// from `near_*` with an offset cursor. Every filter narrows an indexed range on `starts_at`:
/// no activity lasts more than `MAX_SPAN_DAYS`, so "not ended yet" means "started at most that
/// long ago", and a keyword starts from its key in `activity_terms`.
pub async fn search(db: &Db, query: &ActivityQuery, now: i64) -> Result<ActivityPage, AppError> {
    let mut conn = db.pool.acquire().await?;
    search_on(&mut conn, query, now, PAGE_SIZE).await
}

pub async fn search_on(conn: &mut AnyConnection, query: &ActivityQuery, now: i64, page: usize) -> Result<ActivityPage, AppError> {
    let phase = Phase::from_code(query.phase.trim()).filter(|p| Phase::FILTERABLE.contains(p));
    let descending = phase == Some(Phase::Ended);
    let (words, key) = terms::parse_keyword(&query.q);
    let mut binds: Vec<Bind> = Vec::new();
    let mut cond = String::from("a.status = 'published'");
    let mut push = |cond: &mut String, clause: &str, value: Bind| {
        binds.push(value);
        cond.push_str(" AND ");
        cond.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    // The start-time range every filter narrows.
    let start = if key.is_some() { "t.starts_at" } else { "a.starts_at" };
    let mut lower: Option<i64> = None;
    let mut upper: Option<i64> = None;
    match phase {
        None => {
            push(&mut cond, "a.ends_at > ?", Bind::Int(now));
            lower = Some(now - MAX_SPAN_US);
        }
        Some(Phase::Recruiting) => {
            push(&mut cond, "a.signup_opens_at <= ?", Bind::Int(now));
            push(&mut cond, "a.signup_closes_at > ?", Bind::Int(now));
            lower = Some(now + 1);
        }
        Some(Phase::SignupClosed) => {
            push(&mut cond, "a.signup_closes_at <= ?", Bind::Int(now));
            lower = Some(now + 1);
        }
        Some(Phase::InProgress) => {
            push(&mut cond, "a.ends_at > ?", Bind::Int(now));
            lower = Some(now - MAX_SPAN_US);
            upper = Some(now + 1);
        }
        Some(_) => {
            push(&mut cond, "a.ends_at <= ?", Bind::Int(now));
            upper = Some(now);
        }
    }
    if let Ok(from) = parse_date(&query.from) {
        let at = crate::activities::model::local_day_start(from);
        lower = Some(lower.map_or(at, |l| l.max(at)));
    }
    if let Ok(to) = parse_date(&query.to) {
        let at = crate::activities::model::local_day_start(to) + 86_400_000_000;
        upper = Some(upper.map_or(at, |u| u.min(at)));
    }
    if let Some(l) = lower {
        push(&mut cond, &format!("{start} >= ?"), Bind::Int(l));
    }
    if let Some(u) = upper {
        push(&mut cond, &format!("{start} < ?"), Bind::Int(u));
    }
    for (column, value) in [("a.province", &query.province), ("a.city", &query.city), ("a.county", &query.county), ("a.category", &query.category), ("a.mode", &query.mode)] {
        if !value.trim().is_empty() {
            push(&mut cond, &format!("{column} = ?"), Bind::Text(value.trim().to_owned()));
        }
    }
    if let Some(p) = query.project_id {
        push(&mut cond, "a.project_id = ?", Bind::Int(p));
    }
    if let Some(o) = query.org_id {
        push(&mut cond, "a.org_id = ?", Bind::Int(o));
    }
    for word in &words {
        push(&mut cond, "a.search_text LIKE ? ESCAPE '\\'", Bind::Text(format!("%{}%", crate::db::escape_like(word))));
    }
    let from = match &key {
        Some(k) => {
            push(&mut cond, "t.term = ?", Bind::Text(k.clone()));
            "activity_terms t JOIN activities a ON a.id = t.activity_id JOIN organisations o ON o.id = a.org_id".to_string()
        }
        None => "activities a JOIN organisations o ON o.id = a.org_id".to_string(),
    };
    let id_col = if key.is_some() { "t.activity_id" } else { "a.id" };
    let near = query.near_lat_e6.zip(query.near_lng_e6);
    let sql;
    let mut offset = 0usize;
    if let Some((lat, lng)) = near {
        let (la, lo, cos) = distance_key(lat, lng);
        cond.push_str(" AND a.lat_e6 IS NOT NULL");
        offset = query.after.as_deref().and_then(|c| c.strip_prefix("d")).and_then(|n| n.parse().ok()).unwrap_or(0).min(10_000);
        sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {cond}
             ORDER BY ((a.lat_e6 / 1000 - {la}) * 1000) * ((a.lat_e6 / 1000 - {la}) * 1000)
                    + ((a.lng_e6 / 1000 - {lo}) * {cos}) * ((a.lng_e6 / 1000 - {lo}) * {cos}), a.id
             LIMIT {} OFFSET {offset}",
            page + 1
        );
    } else {
        if let Some((s, i)) = parse_cursor(&query.after) {
            let op = if descending { "<" } else { ">" };
            binds.push(Bind::Int(s));
            binds.push(Bind::Int(i));
            cond.push_str(&format!(" AND ({start}, {id_col}) {op} (${}, ${})", binds.len() - 1, binds.len()));
        }
        let dir = if descending { "DESC" } else { "ASC" };
        sql = format!("SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {cond} ORDER BY {start} {dir}, {id_col} {dir} LIMIT {}", page + 1);
    }
    let mut statement = sqlx::query(&sql);
    for b in &binds {
        statement = match b {
            Bind::Int(i) => statement.bind(*i),
            Bind::Text(t) => statement.bind(t.as_str()),
        };
    }
    let rows = statement.fetch_all(&mut *conn).await?;
    let mut items = rows.iter().map(|r| summary_from_row(r, now)).collect::<Result<Vec<_>, _>>()?;
    let more = items.len() > page;
    items.truncate(page);
    if let Some(here) = near {
        for item in &mut items {
            item.distance_m = item.lat_e6.zip(item.lng_e6).map(|there| distance_m(here, there));
        }
    }
    let next = match (more, near) {
        (false, _) => None,
        (true, Some(_)) => Some(format!("d{}", offset + page)),
        (true, None) => items.last().map(|a| format!("{}.{}", a.starts_at, a.id)),
    };
    Ok(ActivityPage { items, next })
}

enum Bind {
    Int(i64),
    Text(String),
}

/// The summary of one activity (any status).
pub async fn summary(conn: &mut AnyConnection, id: i64, now: i64) -> Result<ActivitySummary, AppError> {
    let row = sqlx::query(&format!("SELECT {SUMMARY_COLUMNS} FROM activities a JOIN organisations o ON o.id = a.org_id WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(summary_from_row(&row, now)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circle_metres() {
        // 常州 to 南京 is about 113 km in a straight line.
        let d = distance_m((31_811_000, 119_974_000), (32_060_000, 118_797_000));
        assert!((105_000..120_000).contains(&d), "{d}");
        assert_eq!(distance_m((31_811_000, 119_974_000), (31_811_000, 119_974_000)), 0);
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(parse_cursor(&Some("1700000000000000.42".into())), Some((1_700_000_000_000_000, 42)));
        assert_eq!(parse_cursor(&Some("nonsense".into())), None);
    }
}
