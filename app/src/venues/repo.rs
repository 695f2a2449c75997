//! Venue storage and the map's reads. The map and a venue's page also read published activities
//! (their points and titles) straight from the `activities` table: venues sit below the
//! activities domain, which links activities to venues, so these reads name only columns.
use crate::db::flag;
use crate::db::query::Where;
use crate::error::AppError;
use crate::venues::model::{ValidVenue, VenueInput};
use crate::venues::views::{BoundingBox, MapList, MapQuery, PlaceActivity, VenueDetail, VenueSummary};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

const APPROVED: &str = "approved";
const PUBLISHED: &str = "published";

const SUMMARY_COLUMNS: &str = "v.id, v.org_id, o.name AS org_name, v.kind, v.name, v.province, v.city, v.county, \
     v.address, v.lat_e6, v.lng_e6, v.retired_at";

fn summary_of(row: &AnyRow) -> Result<VenueSummary, sqlx::Error> {
    Ok(VenueSummary {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        org_name: row.try_get("org_name")?,
        kind: row.try_get("kind")?,
        name: row.try_get("name")?,
        province: row.try_get("province")?,
        city: row.try_get("city")?,
        county: row.try_get("county")?,
        address: row.try_get("address")?,
        lat_e6: row.try_get("lat_e6")?,
        lng_e6: row.try_get("lng_e6")?,
        retired: row.try_get::<Option<i64>, _>("retired_at")?.is_some(),
    })
}

fn activity_of(row: &AnyRow) -> Result<PlaceActivity, sqlx::Error> {
    Ok(PlaceActivity {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        category: row.try_get("category")?,
        org_name: row.try_get("org_name")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        venue_id: row.try_get("venue_id")?,
        lat_e6: row.try_get("lat_e6")?,
        lng_e6: row.try_get("lng_e6")?,
    })
}

/// Stores a new venue; returns its id.
pub async fn insert(conn: &mut AnyConnection, v: &ValidVenue, uid: Option<i64>, now: i64) -> Result<i64, AppError> {
    let row = sqlx::query(
        "INSERT INTO venues (org_id, kind, name, description, province, city, county, address, lat_e6, lng_e6,
             online_link, facilities, opening_hours, contact_name, contact_phone, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
    )
    .bind(v.org_id)
    .bind(v.kind)
    .bind(&v.name)
    .bind(&v.description)
    .bind(&v.province)
    .bind(&v.city)
    .bind(&v.county)
    .bind(&v.address)
    .bind(v.position.map(|p| p.0))
    .bind(v.position.map(|p| p.1))
    .bind(&v.online_link)
    .bind(&v.facilities)
    .bind(&v.opening_hours)
    .bind(&v.contact_name)
    .bind(&v.contact_phone)
    .bind(uid)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("id")?)
}

/// Replaces a venue's fields (the managing organisation included).
pub async fn update(conn: &mut AnyConnection, id: i64, v: &ValidVenue, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE venues SET org_id = $1, kind = $2, name = $3, description = $4, province = $5, city = $6,
             county = $7, address = $8, lat_e6 = $9, lng_e6 = $10, online_link = $11, facilities = $12,
             opening_hours = $13, contact_name = $14, contact_phone = $15, updated_at = $16
         WHERE id = $17",
    )
    .bind(v.org_id)
    .bind(v.kind)
    .bind(&v.name)
    .bind(&v.description)
    .bind(&v.province)
    .bind(&v.city)
    .bind(&v.county)
    .bind(&v.address)
    .bind(v.position.map(|p| p.0))
    .bind(v.position.map(|p| p.1))
    .bind(&v.online_link)
    .bind(&v.facilities)
    .bind(&v.opening_hours)
    .bind(&v.contact_name)
    .bind(&v.contact_phone)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Retires a venue (it leaves the lists and the map; nothing is deleted) or brings it back.
pub async fn set_retired(conn: &mut AnyConnection, id: i64, retired: bool, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE venues SET retired_at = $1, updated_at = $2 WHERE id = $3")
        .bind(retired.then_some(now))
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The managing organisation of a venue, or `NotFound`.
pub async fn org_of(conn: &mut AnyConnection, id: i64) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT org_id FROM venues WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
    Ok(row.ok_or(AppError::NotFound)?.try_get("org_id")?)
}

/// A venue's position (WGS-84 microdegrees), if it has one.
pub async fn position_of(conn: &mut AnyConnection, id: i64) -> Result<Option<(i64, i64)>, AppError> {
    let row =
        sqlx::query("SELECT lat_e6, lng_e6 FROM venues WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<i64>, _>("lat_e6")?.zip(r.try_get::<Option<i64>, _>("lng_e6")?),
        None => None,
    })
}

/// The stored venue as the form shows it.
pub async fn stored_input(conn: &mut AnyConnection, id: i64) -> Result<VenueInput, AppError> {
    let row = sqlx::query("SELECT * FROM venues WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
    let row = row.ok_or(AppError::NotFound)?;
    let degrees = |v: Option<i64>| v.map(|v| format!("{:.6}", v as f64 / 1e6)).unwrap_or_default();
    Ok(VenueInput {
        org_id: row.try_get("org_id")?,
        kind: row.try_get("kind")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        province: row.try_get("province")?,
        city: row.try_get("city")?,
        county: row.try_get("county")?,
        address: row.try_get("address")?,
        lat: degrees(row.try_get("lat_e6")?),
        lng: degrees(row.try_get("lng_e6")?),
        online_link: row.try_get("online_link")?,
        facilities: row.try_get("facilities")?,
        opening_hours: row.try_get("opening_hours")?,
        contact_name: row.try_get("contact_name")?,
        contact_phone: row.try_get("contact_phone")?,
    })
}

/// A venue with its upcoming activities; `NotFound` when there is no such id. The second value
/// says whether the managing organisation is approved.
pub async fn detail(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(VenueDetail, bool), AppError> {
    let row = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}, o.status AS org_status, v.description, v.online_link, v.facilities,
             v.opening_hours, v.contact_name, v.contact_phone
         FROM venues v JOIN organisations o ON o.id = v.org_id WHERE v.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let approved = row.try_get::<String, _>("org_status")? == APPROVED;
    let upcoming = sqlx::query(
        "SELECT a.id, a.title, a.category, o.name AS org_name, a.starts_at, a.ends_at, a.venue_id, a.lat_e6, a.lng_e6
         FROM activities a JOIN organisations o ON o.id = a.org_id
         WHERE a.venue_id = $1 AND a.status = $2 AND o.status = $3 AND a.ends_at > $4
         ORDER BY a.starts_at, a.id LIMIT 50",
    )
    .bind(id)
    .bind(PUBLISHED)
    .bind(APPROVED)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(activity_of)
    .collect::<Result<Vec<_>, _>>()?;
    let detail = VenueDetail {
        summary: summary_of(&row)?,
        description: row.try_get("description")?,
        online_link: row.try_get("online_link")?,
        facilities: row.try_get("facilities")?,
        opening_hours: row.try_get("opening_hours")?,
        contact_name: row.try_get("contact_name")?,
        contact_phone: row.try_get("contact_phone")?,
        upcoming,
        can_manage: false,
        photos: crate::venues::photos::shown(conn, id).await?,
    };
    Ok((detail, approved))
}

/// The venues of an organisation's whole subtree, retired ones included (the console's list).
pub async fn of_subtree(conn: &mut AnyConnection, org_id: i64) -> Result<Vec<VenueSummary>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM org_closure c JOIN venues v ON v.org_id = c.descendant_id
         JOIN organisations o ON o.id = v.org_id WHERE c.ancestor_id = $1 ORDER BY v.retired_at IS NOT NULL, v.name, v.id
         LIMIT 1000"
    ))
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(summary_of).collect::<Result<_, _>>().map_err(AppError::from)
}

/// Open venues an activity of `org_id` may be held at: those managed anywhere in the subtree of
/// the organisation's corps (its top ancestor), so a detachment can use its city's museum.
pub async fn usable_by(conn: &mut AnyConnection, org_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT v.id, v.name FROM org_closure up
         JOIN organisations top ON top.id = up.ancestor_id AND top.parent_id IS NULL
         JOIN org_closure down ON down.ancestor_id = top.id
         JOIN venues v ON v.org_id = down.descendant_id
         WHERE up.descendant_id = $1 AND v.retired_at IS NULL ORDER BY v.name, v.id LIMIT 500",
    )
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// [`usable_by`] for several organisations at once: (venue id, org id, venue name).
pub async fn usable_by_any(
    conn: &mut AnyConnection,
    org_ids: impl IntoIterator<Item = i64>,
) -> Result<Vec<(i64, i64, String)>, AppError> {
    let mut w = Where::new();
    w.and_in("up.descendant_id", org_ids).and_sql("v.retired_at IS NULL");
    let sql = format!(
        "SELECT v.id, up.descendant_id AS org_id, v.name FROM org_closure up
         JOIN organisations top ON top.id = up.ancestor_id AND top.parent_id IS NULL
         JOIN org_closure down ON down.ancestor_id = top.id
         JOIN venues v ON v.org_id = down.descendant_id{} ORDER BY v.name, v.id LIMIT 5000",
        w.clause()
    );
    let rows = w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("org_id")?, r.try_get("name")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The organisations `uid` manages (directly or through an ancestor), approved or not: where a
/// venue may be registered. Platform admins manage every approved one.
pub async fn managed_orgs(conn: &mut AnyConnection, uid: i64) -> Result<Vec<(i64, String)>, AppError> {
    let admin =
        sqlx::query("SELECT is_platform_admin FROM users WHERE id = $1").bind(uid).fetch_one(&mut *conn).await?;
    let rows = if flag(&admin, "is_platform_admin")? {
        sqlx::query("SELECT o.id, o.name FROM organisations o WHERE o.status = $1 ORDER BY o.level, o.id LIMIT 500")
            .bind(APPROVED)
            .fetch_all(&mut *conn)
            .await?
    } else {
        sqlx::query(
            "SELECT DISTINCT o.id, o.name, o.level FROM org_staff s JOIN org_closure c ON c.ancestor_id = s.org_id
             JOIN organisations o ON o.id = c.descendant_id WHERE s.user_id = $1 AND o.status = $2
             ORDER BY o.level, o.id LIMIT 500",
        )
        .bind(uid)
        .bind(APPROVED)
        .fetch_all(&mut *conn)
        .await?
    };
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Filters of the public venue list.
#[derive(Clone, Debug, Default)]
pub struct VenueFilter {
    pub kind: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub org_id: Option<i64>,
    pub bbox: Option<BoundingBox>,
    /// Keyset: venues with a greater id.
    pub after: Option<i64>,
}

/// Public venues (open, of approved organisations) by id; one more than `limit` is read to tell
/// whether another page follows.
pub async fn public_list(conn: &mut AnyConnection, f: &VenueFilter, limit: i64) -> Result<Vec<VenueSummary>, AppError> {
    let mut w = Where::new();
    w.and_sql("v.retired_at IS NULL").and("o.status = ?", APPROVED);
    w.and_eq_text("v.kind", &f.kind)
        .and_eq_text("v.province", &f.province)
        .and_eq_text("v.city", &f.city)
        .and_eq_text("v.county", &f.county)
        .and_some("v.org_id = ?", f.org_id)
        .and_some("v.id > ?", f.after);
    if let Some(b) = f.bbox {
        w.and("v.lat_e6 >= ?", b.south)
            .and("v.lat_e6 <= ?", b.north)
            .and("v.lng_e6 >= ?", b.west)
            .and("v.lng_e6 <= ?", b.east);
    }
    let limit_mark = w.bind(limit + 1);
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM venues v JOIN organisations o ON o.id = v.org_id{} ORDER BY v.id LIMIT {limit_mark}",
        w.clause()
    );
    let rows = w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
    rows.iter().map(summary_of).collect::<Result<_, _>>().map_err(AppError::from)
}

/// The venue conditions of a map request.
fn venue_where(q: &MapQuery, w: &mut Where) {
    w.and_sql("v.retired_at IS NULL").and("o.status = ?", APPROVED);
    w.and("v.lat_e6 >= ?", q.bbox.south).and("v.lat_e6 <= ?", q.bbox.north);
    w.and("v.lng_e6 >= ?", q.bbox.west).and("v.lng_e6 <= ?", q.bbox.east);
    w.and_eq_text("v.kind", &q.kind);
}

/// The activity conditions of a map request: published, of an approved organisation, not yet
/// ended, with a position inside the box.
fn activity_where(q: &MapQuery, now: i64, w: &mut Where) {
    w.and("a.status = ?", PUBLISHED).and("o.status = ?", APPROVED).and("a.ends_at > ?", now);
    w.and("a.lat_e6 >= ?", q.bbox.south).and("a.lat_e6 <= ?", q.bbox.north);
    w.and("a.lng_e6 >= ?", q.bbox.west).and("a.lng_e6 <= ?", q.bbox.east);
    w.and_eq_text("a.category", &q.category);
}

/// The list under the map: up to `limit` venues and upcoming activities in the same box and
/// filters, nearest the box's centre first, and how many there are in all.
pub async fn map_list(conn: &mut AnyConnection, q: &MapQuery, now: i64, limit: i64) -> Result<MapList, AppError> {
    let lat = (q.bbox.south + q.bbox.north) / 2;
    let lng = (q.bbox.west + q.bbox.east) / 2;
    let mut list = MapList::default();
    if q.layer.venues() {
        let mut w = Where::new();
        venue_where(q, &mut w);
        let (la, ln, lim) = (w.bind(lat), w.bind(lng), w.bind(limit));
        let clause = w.clause();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM venues v JOIN organisations o ON o.id = v.org_id{clause}
             ORDER BY (v.lat_e6 - {la}) * (v.lat_e6 - {la}) + (v.lng_e6 - {ln}) * (v.lng_e6 - {ln}), v.id LIMIT {lim}"
        );
        let rows = w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
        list.venues = rows.iter().map(summary_of).collect::<Result<_, _>>()?;
        let mut w = Where::new();
        venue_where(q, &mut w);
        let sql = format!("SELECT COUNT(*) AS n FROM venues v JOIN organisations o ON o.id = v.org_id{}", w.clause());
        list.venue_total = w.bind_all(sqlx::query(&sql)).fetch_one(&mut *conn).await?.try_get("n")?;
    }
    if q.layer.activities() {
        let mut w = Where::new();
        activity_where(q, now, &mut w);
        let lim = w.bind(limit);
        let sql = format!(
            "SELECT a.id, a.title, a.category, o.name AS org_name, a.starts_at, a.ends_at, a.venue_id, a.lat_e6, a.lng_e6
             FROM activities a JOIN organisations o ON o.id = a.org_id{} ORDER BY a.starts_at, a.id LIMIT {lim}",
            w.clause()
        );
        let rows = w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
        list.activities = rows.iter().map(activity_of).collect::<Result<_, _>>()?;
        let mut w = Where::new();
        activity_where(q, now, &mut w);
        let sql =
            format!("SELECT COUNT(*) AS n FROM activities a JOIN organisations o ON o.id = a.org_id{}", w.clause());
        list.activity_total = w.bind_all(sqlx::query(&sql)).fetch_one(&mut *conn).await?.try_get("n")?;
    }
    Ok(list)
}
