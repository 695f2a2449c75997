//! The map's points, held in memory and grouped per request (F-41, issue 13).
//!
//! Grouping in SQL read every point of the box on every request: at 20,000 venues and 55,000
//! upcoming activities, 32 clients kept every pool connection busy for seconds. Everything the
//! map can show is instead read once into two arrays sorted by latitude (a few megabytes), kept
//! until the data changes ([`crate::state::Changes`], bumped by every successful write request)
//! or for [`TTL`] at most (background jobs write without a request; an old snapshot is served
//! while one request reads the next), and each request groups the latitude band of its box in
//! memory. Ended activities drop out at once: their end is checked
//! per request.
use crate::db::query::Where;
use crate::error::AppError;
use crate::state::AppState;
use crate::venues::geo::{to_datum, Datum};
use crate::venues::views::{MapData, MapItem, MapQuery};
use sqlx::Row;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest a snapshot serves without a write request having changed anything.
pub const TTL: Duration = Duration::from_secs(10);

const APPROVED: &str = "approved";
const PUBLISHED: &str = "published";

/// One point the map can show.
#[derive(Clone, Debug)]
struct Point {
    lat_e6: i64,
    lng_e6: i64,
    id: i64,
    /// Activities end; venues stay (`i64::MAX`).
    ends_at: i64,
    name: Box<str>,
    /// The venue kind or the activity's service category.
    kind: Box<str>,
}

/// Every venue and upcoming activity the map can show, each list sorted by latitude.
#[derive(Debug, Default)]
pub struct MapPoints {
    venues: Vec<Point>,
    activities: Vec<Point>,
}

/// The kept snapshot (when it was read, at which [`crate::state::Changes`] count), and the lock
/// one reader holds while it reads a new one.
#[derive(Default)]
pub struct MapPointsCache {
    kept: std::sync::Mutex<Option<(Instant, u64, Arc<MapPoints>)>>,
    reading: tokio::sync::Mutex<()>,
}

impl MapPointsCache {
    /// The snapshot, read again if the data changed or it is older than [`TTL`].
    ///
    /// After a change every request waits for the new read (one read for all of them): what
    /// someone just changed is never shown stale. A snapshot that is merely old is read again by
    /// one request while the others go on with it, so nobody else waits the second it takes.
    pub async fn get(&self, state: &AppState, now: i64) -> Result<Arc<MapPoints>, AppError> {
        let changes = state.changes.count();
        let (fresh, usable) = match self.kept() {
            Some((made, seen, points)) if seen == changes => (made.elapsed() < TTL, Some(points)),
            _ => (false, None),
        };
        match (fresh, usable) {
            (true, Some(points)) => return Ok(points),
            (false, Some(points)) => {
                let Ok(_reading) = self.reading.try_lock() else { return Ok(points) };
                return self.read(state, now, changes).await;
            }
            _ => {}
        }
        let _reading = self.reading.lock().await;
        // Whoever held the lock may have read it meanwhile.
        if let Some((made, seen, points)) = self.kept() {
            if seen == changes && made.elapsed() < TTL {
                return Ok(points);
            }
        }
        self.read(state, now, changes).await
    }

    fn kept(&self) -> Option<(Instant, u64, Arc<MapPoints>)> {
        self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    async fn read(&self, state: &AppState, now: i64, changes: u64) -> Result<Arc<MapPoints>, AppError> {
        let points = Arc::new(MapPoints::read(state, now).await?);
        *self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some((Instant::now(), changes, points.clone()));
        Ok(points)
    }
}

impl MapPoints {
    async fn read(state: &AppState, now: i64) -> Result<MapPoints, AppError> {
        let mut conn = state.db.pool.acquire().await?;
        let mut w = Where::new();
        w.and_sql("v.retired_at IS NULL").and("o.status = ?", APPROVED);
        w.and_sql("v.lat_e6 IS NOT NULL").and_sql("v.lng_e6 IS NOT NULL");
        let sql = format!(
            "SELECT v.lat_e6 AS lat, v.lng_e6 AS lng, v.id, v.name, v.kind, {} AS ends_at
             FROM venues v JOIN organisations o ON o.id = v.org_id{}",
            i64::MAX,
            w.clause()
        );
        let venues = w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
        let mut w = Where::new();
        w.and("a.status = ?", PUBLISHED).and("o.status = ?", APPROVED).and("a.ends_at > ?", now);
        w.and_sql("a.lat_e6 IS NOT NULL").and_sql("a.lng_e6 IS NOT NULL");
        let sql = format!(
            "SELECT a.lat_e6 AS lat, a.lng_e6 AS lng, a.id, a.title AS name, a.category AS kind, a.ends_at
             FROM activities a JOIN organisations o ON o.id = a.org_id{}",
            w.clause()
        );
        let activities = w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
        Ok(MapPoints { venues: sorted(&venues)?, activities: sorted(&activities)? })
    }

    /// The venue markers of `q`'s box, grouped on a grid of `cell` microdegrees.
    pub fn venue_cells(&self, q: &MapQuery, cell: i64) -> Vec<MapItem> {
        group("venue", &self.venues, q, cell, |p| q.kind.is_empty() || *p.kind == *q.kind)
    }

    /// The markers of `q`'s box for activities not ended at `now`.
    pub fn activity_cells(&self, q: &MapQuery, cell: i64, now: i64) -> Vec<MapItem> {
        group("activity", &self.activities, q, cell, |p| {
            p.ends_at > now && (q.category.is_empty() || *p.kind == *q.category)
        })
    }
}

/// The map's markers for a box, zoom and filters (F-41), grouped on a grid so the phone draws
/// at most [`crate::venues::views::MAX_CELLS`] markers per layer whatever the number of points.
/// Coordinates go out in `datum`.
pub async fn map_data(state: &AppState, q: &MapQuery, datum: Datum, now: i64) -> Result<MapData, AppError> {
    let points = state.caches.get::<MapPointsCache>().get(state, now).await?;
    let cell = q.cell_e6();
    let mut items = Vec::new();
    if q.layer.venues() {
        items.extend(points.venue_cells(q, cell));
    }
    if q.layer.activities() {
        items.extend(points.activity_cells(q, cell, now));
    }
    let total = |layer: &str| items.iter().filter(|i| i.layer == layer).map(|i| i.count).sum::<i64>();
    let (venues, activities) = (total("venue"), total("activity"));
    for item in &mut items {
        (item.lat_e6, item.lng_e6) = to_datum(datum, item.lat_e6, item.lng_e6);
    }
    Ok(MapData {
        cell_e6: cell,
        datum: datum.code().to_owned(),
        venues,
        activities,
        items,
        near_lat_e6: None,
        near_lng_e6: None,
    })
}

fn sorted(rows: &[sqlx::any::AnyRow]) -> Result<Vec<Point>, sqlx::Error> {
    let mut points = rows
        .iter()
        .map(|row| {
            Ok(Point {
                lat_e6: row.try_get("lat")?,
                lng_e6: row.try_get("lng")?,
                id: row.try_get("id")?,
                ends_at: row.try_get("ends_at")?,
                name: row.try_get::<String, _>("name")?.into(),
                kind: row.try_get::<String, _>("kind")?.into(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    points.sort_by_key(|p| (p.lat_e6, p.id));
    Ok(points)
}

/// A cell's running totals and its first point (which it shows when it holds only that one).
struct Cell<'a> {
    count: i64,
    lat_sum: i128,
    lng_sum: i128,
    first: &'a Point,
}

/// Groups the points of `q`'s box that `keep` accepts into grid cells; a cell of one point
/// carries that point's id, name and kind. Cells come out in grid order.
fn group(layer: &str, points: &[Point], q: &MapQuery, cell: i64, keep: impl Fn(&Point) -> bool) -> Vec<MapItem> {
    let from = points.partition_point(|p| p.lat_e6 < q.bbox.south);
    let to = points.partition_point(|p| p.lat_e6 <= q.bbox.north);
    let mut cells: HashMap<(i64, i64), Cell> = HashMap::new();
    let band = points.get(from..to).unwrap_or_default();
    for p in band.iter().filter(|p| p.lng_e6 >= q.bbox.west && p.lng_e6 <= q.bbox.east && keep(p)) {
        let key = ((p.lat_e6 + 90_000_000) / cell, (p.lng_e6 + 180_000_000) / cell);
        let c = cells.entry(key).or_insert(Cell { count: 0, lat_sum: 0, lng_sum: 0, first: p });
        c.count += 1;
        c.lat_sum += p.lat_e6 as i128;
        c.lng_sum += p.lng_e6 as i128;
    }
    let mut cells: Vec<_> = cells.into_iter().collect();
    cells.sort_unstable_by_key(|(key, _)| *key);
    cells
        .into_iter()
        .map(|(_, c)| {
            let single = c.count == 1;
            MapItem {
                layer: layer.to_owned(),
                lat_e6: (c.lat_sum / c.count as i128) as i64,
                lng_e6: (c.lng_sum / c.count as i128) as i64,
                count: c.count,
                id: single.then_some(c.first.id),
                name: single.then(|| c.first.name.to_string()),
                kind: single.then(|| c.first.kind.to_string()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::venues::views::{BoundingBox, Layer};

    fn point(lat_e6: i64, lng_e6: i64, id: i64, kind: &str) -> Point {
        Point { lat_e6, lng_e6, id, ends_at: 100, name: format!("点{id}").into(), kind: kind.into() }
    }

    fn query(kind: &str) -> MapQuery {
        let bbox = BoundingBox { south: 31_000_000, west: 119_000_000, north: 32_000_000, east: 120_000_000 };
        MapQuery { bbox, zoom: 18, kind: kind.into(), category: String::new(), layer: Layer::All }
    }

    #[test]
    fn the_box_is_inclusive_and_lone_points_keep_their_names() {
        let mut points = vec![
            point(31_000_000, 119_000_000, 1, "school"),
            point(32_000_000, 120_000_000, 2, "school"),
            point(30_999_999, 119_500_000, 3, "school"),
            point(31_500_000, 120_000_001, 4, "school"),
            point(31_500_000, 119_500_000, 5, "science_museum"),
        ];
        points.sort_by_key(|p| (p.lat_e6, p.id));
        let set = MapPoints { venues: points, activities: Vec::new() };
        let items = set.venue_cells(&query(""), 1);
        assert_eq!(items.iter().map(|i| i.id.unwrap()).collect::<Vec<_>>(), [1, 5, 2]);
        assert_eq!(items[1].name.as_deref(), Some("点5"));
        assert_eq!(set.venue_cells(&query("school"), 1).len(), 2);
    }

    #[test]
    fn a_coarse_grid_counts_each_point_once_at_their_mean() {
        let mut points: Vec<Point> = (0..10).map(|i| point(31_100_000 + i * 1_000, 119_100_000, i, "school")).collect();
        points.sort_by_key(|p| (p.lat_e6, p.id));
        let set = MapPoints { activities: points, venues: Vec::new() };
        let items = set.activity_cells(&query(""), 10_000_000, 0);
        assert_eq!(items.len(), 1);
        assert_eq!((items[0].count, items[0].id, items[0].lat_e6), (10, None, 31_104_500));
        assert!(set.activity_cells(&query(""), 10_000_000, 100).is_empty(), "ended activities are gone");
    }
}
