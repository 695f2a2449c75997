//! The public list (F-22): filters, keyword index, distance and keyset paging.
use super::{summary_from_row, SUMMARY_COLUMNS};
use crate::activities::model::{local_day_start, ActivityStatus, Phase, MAX_SPAN_US};
use crate::activities::terms;
use crate::activities::views::{ActivityPage, ActivityQuery};
use crate::db::query::Where;
use crate::db::Db;
use crate::error::AppError;
use crate::orgs::views::OrgStatus;
use crate::validation::{parse_date, Keyword};
use sqlx::AnyConnection;

pub const PAGE_SIZE: usize = 20;

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
    let (la1, lo1, la2, lo2) = (
        (a.0 as f64 / 1e6).to_radians(),
        (a.1 as f64 / 1e6).to_radians(),
        (b.0 as f64 / 1e6).to_radians(),
        (b.1 as f64 / 1e6).to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    (2.0 * 6_371_000.0 * h.sqrt().asin()).round() as i64
}

/// Rows counted per candidate key, at most: enough to tell a rare pair from a common one.
const KEY_COUNT_CAP: i64 = 2_000;
/// Candidate keys weighed, at most (a long keyword has many pairs; the first ones will do).
const KEY_CANDIDATES: usize = 8;

/// The keyword's rarest pair in the index. 安全教育 entered by 安全 stepped over 23,722 index
/// rows to find nothing (108 ms on SQLite at 200,000 activities); entered by 全教 it looks at a
/// handful. Each count stops at [`KEY_COUNT_CAP`], so weighing costs a few index probes.
async fn rarest_key(conn: &mut AnyConnection, words: &[String]) -> Result<Option<String>, AppError> {
    let candidates = terms::key_candidates(words);
    if candidates.len() < 2 {
        return Ok(candidates.into_iter().next());
    }
    let mut best: Option<(i64, String)> = None;
    for pair in candidates.into_iter().take(KEY_CANDIDATES) {
        let rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM activity_terms WHERE term = $1 LIMIT $2) found")
                .bind(&pair)
                .bind(KEY_COUNT_CAP)
                .fetch_one(&mut *conn)
                .await?;
        if best.as_ref().is_none_or(|(fewest, _)| rows < *fewest) {
            best = Some((rows, pair));
        }
        if rows == 0 {
            break;
        }
    }
    Ok(best.map(|(_, pair)| pair))
}

/// The first box searched around a position, as a radius in metres; each miss widens it fourfold.
const FIRST_RADIUS_M: f64 = 5_000.0;
/// Beyond this radius the box covers the country: the search drops it.
const LAST_RADIUS_M: f64 = 2_500_000.0;
const METRES_PER_DEGREE: f64 = 111_320.0;

/// The rows `offset`…`offset + count` nearest `here` among those `w` selects.
///
/// Sorting every current activity with a position by distance read them all on every request.
/// Instead the search looks inside a box around `here` first (the `(lat_e6, lng_e6)` index
/// finds it): when the box holds enough rows and the farthest one needed lies within the
/// circle the box encloses, nothing outside the box can be nearer, so the answer is exact.
/// Otherwise the box grows, and past [`LAST_RADIUS_M`] the whole table is sorted.
async fn nearest(
    conn: &mut AnyConnection,
    w: Where,
    from: &str,
    here: (i64, i64),
    offset: usize,
    count: usize,
) -> Result<Vec<sqlx::any::AnyRow>, AppError> {
    let (lat, lng) = here;
    let (la, lo, cos) = distance_key(lat, lng);
    let order = format!(
        "ORDER BY ((a.lat_e6 / 1000 - {la}) * 1000) * ((a.lat_e6 / 1000 - {la}) * 1000)
                + ((a.lng_e6 / 1000 - {lo}) * {cos}) * ((a.lng_e6 / 1000 - {lo}) * {cos}), a.id
         LIMIT {count} OFFSET {offset}"
    );
    let mut radius = FIRST_RADIUS_M;
    while radius <= LAST_RADIUS_M {
        let mut boxed = w.clone();
        let half_lat = (radius / METRES_PER_DEGREE * 1e6) as i64;
        let scale = (lat as f64 / 1e6).to_radians().cos().max(0.01);
        let half_lng = (radius / (METRES_PER_DEGREE * scale) * 1e6) as i64;
        let (south, north) = (boxed.bind(lat - half_lat), boxed.bind(lat + half_lat));
        let (west, east) = (boxed.bind(lng - half_lng), boxed.bind(lng + half_lng));
        let inside =
            format!("a.lat_e6 >= {south} AND a.lat_e6 <= {north} AND a.lng_e6 >= {west} AND a.lng_e6 <= {east}");
        let sql = if from.starts_with("activities a ") {
            // The box's ids first, from the position index alone, then their rows: given the
            // conditions side by side, SQLite walked every current activity by
            // `activities_public` and sorted (8 requests/s at 200,000 activities).
            let ids = format!("(SELECT a.id FROM activities a WHERE {inside}) b");
            boxed.and_sql("a.id = b.id");
            let rest = from.trim_start_matches("activities a ");
            format!("SELECT {SUMMARY_COLUMNS} FROM {ids} CROSS JOIN activities a {rest}{} {order}", boxed.clause())
        } else {
            // A keyword: its index rows lead, the box only filters.
            boxed.and_sql(inside);
            format!("SELECT {SUMMARY_COLUMNS} FROM {from}{} {order}", boxed.clause())
        };
        let rows = boxed.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
        // In the sort's own measure a row outside the box is at least `half_lat` away (less a
        // millidegree of rounding), so a last row nearer than that settles the order.
        let enough = rows.len() == count
            && rows.last().is_some_and(|row| {
                use sqlx::Row;
                let there = (row.try_get::<i64, _>("lat_e6").ok(), row.try_get::<i64, _>("lng_e6").ok());
                there.0.zip(there.1).is_some_and(|(t_lat, t_lng)| {
                    let (dy, dx) = ((t_lat / 1000 - la) * 1000, (t_lng / 1000 - lo) * cos);
                    let reach = half_lat - half_lat / 100 - 2_000;
                    dy * dy + dx * dx < reach * reach
                })
            });
        if enough {
            return Ok(rows);
        }
        radius *= 4.0;
    }
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM {from}{} {order}", w.clause());
    Ok(w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?)
}

/// The public list (F-22): published activities of open (approved) organisations matching
/// `query`, a page at a time.
///
/// Sorted by start time (latest first for ended ones) with a keyset cursor, or by distance
/// from `near_*` with an offset cursor. Every filter narrows an indexed range on `starts_at`:
/// no activity lasts more than `MAX_SPAN_DAYS`, so "not ended yet" means "started at most that
/// long ago", and a keyword starts from its key in `activity_terms`.
pub async fn search(db: &Db, query: &ActivityQuery, now: i64) -> Result<ActivityPage, AppError> {
    let mut conn = db.pool.acquire().await?;
    search_on(&mut conn, query, now, PAGE_SIZE).await
}

pub async fn search_on(
    conn: &mut AnyConnection,
    query: &ActivityQuery,
    now: i64,
    page: usize,
) -> Result<ActivityPage, AppError> {
    let phase = Phase::from_code(query.phase.trim()).filter(|p| Phase::FILTERABLE.contains(p));
    let descending = phase == Some(Phase::Ended);
    let keyword = Keyword::parse(&query.q).map_err(|i| AppError::field("q", i))?;
    let (words, key) = terms::parse_keyword(&keyword);
    let key = match key {
        Some(first) => Some(rarest_key(conn, &words).await?.unwrap_or(first)),
        None => None,
    };
    let mut w = Where::new();
    w.and("a.status = ?", ActivityStatus::Published.code()).and("o.status = ?", OrgStatus::Approved.code());
    // The start-time range every filter narrows.
    let start = if key.is_some() { "t.starts_at" } else { "a.starts_at" };
    let mut lower: Option<i64> = None;
    let mut upper: Option<i64> = None;
    match phase {
        None => {
            w.and("a.ends_at > ?", now);
            lower = Some(now - MAX_SPAN_US);
        }
        Some(Phase::Recruiting) => {
            w.and("a.signup_opens_at <= ?", now).and("a.signup_closes_at > ?", now);
            lower = Some(now + 1);
        }
        Some(Phase::SignupClosed) => {
            w.and("a.signup_closes_at <= ?", now);
            lower = Some(now + 1);
        }
        Some(Phase::InProgress) => {
            w.and("a.ends_at > ?", now);
            lower = Some(now - MAX_SPAN_US);
            upper = Some(now + 1);
        }
        Some(_) => {
            w.and("a.ends_at <= ?", now);
            upper = Some(now);
        }
    }
    if let Ok(from) = parse_date(&query.from) {
        let at = local_day_start(from);
        lower = Some(lower.map_or(at, |l| l.max(at)));
    }
    if let Ok(to) = parse_date(&query.to) {
        let at = local_day_start(to) + 86_400_000_000;
        upper = Some(upper.map_or(at, |u| u.min(at)));
    }
    w.and_some(&format!("{start} >= ?"), lower).and_some(&format!("{start} < ?"), upper);
    for (column, value) in [
        ("a.province", &query.province),
        ("a.city", &query.city),
        ("a.county", &query.county),
        ("a.category", &query.category),
        ("a.mode", &query.mode),
    ] {
        w.and_eq_text(column, value);
    }
    w.and_some("a.project_id = ?", query.project_id).and_some("a.org_id = ?", query.org_id);
    for word in &words {
        w.and_contains("a.search_text", word);
    }
    let from = match &key {
        Some(k) => {
            w.and("t.term = ?", k.as_str()).and_sql("a.id = t.activity_id");
            // CROSS JOIN keeps SQLite reading from the key's index rows: with an index on
            // `activities (status, …)` it chose to walk every published activity instead and
            // probe the terms of each (1–2 s at 200,000 activities for a key with no rows).
            // PostgreSQL plans the join by its statistics either way.
            "activity_terms t CROSS JOIN activities a JOIN organisations o ON o.id = a.org_id"
        }
        None => "activities a JOIN organisations o ON o.id = a.org_id",
    };
    let id_col = if key.is_some() { "t.activity_id" } else { "a.id" };
    let near = query.near_lat_e6.zip(query.near_lng_e6);
    let mut offset = 0usize;
    let rows = if let Some((lat, lng)) = near {
        w.and_sql("a.lat_e6 IS NOT NULL");
        offset = query
            .after
            .as_deref()
            .and_then(|c| c.strip_prefix("d"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
            .min(10_000);
        nearest(conn, w, from, (lat, lng), offset, page + 1).await?
    } else {
        if let Some((s, i)) = parse_cursor(&query.after) {
            let op = if descending { "<" } else { ">" };
            let (s, i) = (w.bind(s), w.bind(i));
            w.and_sql(format!("({start}, {id_col}) {op} ({s}, {i})"));
        }
        let dir = if descending { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {from}{} ORDER BY {start} {dir}, {id_col} {dir} LIMIT {}",
            w.clause(),
            page + 1
        );
        w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?
    };
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
