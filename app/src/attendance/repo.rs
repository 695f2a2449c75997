//! The attendance domain's SQL: attendance rows, the facts of an activity a check-in needs,
//! anomaly flags, and the staff list.
use crate::accounts::mobile::Mobile;
use crate::activities::model::ActivityStatus;
use crate::attendance::model::{Attendance, Method, StaffRow};
use crate::db::flag;
use crate::error::AppError;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

const COLUMNS: &str = "id, activity_id, user_id, in_method, in_at, in_received_at, in_delayed, in_lat_e6, in_lng_e6,
     in_accuracy_m, out_method, out_at, out_received_at, out_delayed, out_lat_e6, out_lng_e6, out_accuracy_m,
     recorded_by, created_at, updated_at, in_client_id, out_client_id";

fn method(code: &str) -> Result<Method, sqlx::Error> {
    Method::from_code(code).ok_or_else(|| sqlx::Error::Decode(format!("unknown attendance method {code:?}").into()))
}

fn from_row(r: &AnyRow) -> Result<Attendance, sqlx::Error> {
    Ok(Attendance {
        id: r.try_get("id")?,
        activity_id: r.try_get("activity_id")?,
        user_id: r.try_get("user_id")?,
        in_method: method(&r.try_get::<String, _>("in_method")?)?,
        in_at: r.try_get("in_at")?,
        in_received_at: r.try_get("in_received_at")?,
        in_delayed: flag(r, "in_delayed")?,
        in_lat_e6: r.try_get("in_lat_e6")?,
        in_lng_e6: r.try_get("in_lng_e6")?,
        in_accuracy_m: r.try_get("in_accuracy_m")?,
        out_method: r.try_get::<Option<String>, _>("out_method")?.map(|c| method(&c)).transpose()?,
        out_at: r.try_get("out_at")?,
        out_received_at: r.try_get("out_received_at")?,
        out_delayed: flag(r, "out_delayed")?,
        out_lat_e6: r.try_get("out_lat_e6")?,
        out_lng_e6: r.try_get("out_lng_e6")?,
        out_accuracy_m: r.try_get("out_accuracy_m")?,
        recorded_by: r.try_get("recorded_by")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// One person's attendance at one activity, if they checked in.
pub async fn attendance_of(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
) -> Result<Option<Attendance>, AppError> {
    Ok(with_client_ids(conn, activity_id, user_id).await?.map(|(a, _, _)| a))
}

/// As [`attendance_of`], with the client ids of the check-in and check-out scans.
pub async fn with_client_ids(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
) -> Result<Option<(Attendance, String, String)>, AppError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM attendances WHERE activity_id = $1 AND user_id = $2"))
        .bind(activity_id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => Some((from_row(&r)?, r.try_get("in_client_id")?, r.try_get("out_client_id")?)),
        None => None,
    })
}

/// What a check-in needs to know about its activity.
#[derive(Clone, Debug)]
pub struct ActivityFacts {
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    pub status: ActivityStatus,
    pub mode: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub lat_e6: Option<i64>,
    pub lng_e6: Option<i64>,
    pub radius_m: i64,
    pub closed: bool,
}

impl ActivityFacts {
    /// The venue, when the activity takes position check-ins (coordinates set, not online-only).
    pub fn venue(&self) -> Option<(i64, i64)> {
        if self.mode == "online" {
            return None;
        }
        self.lat_e6.zip(self.lng_e6)
    }
}

pub async fn facts(conn: &mut AnyConnection, id: i64) -> Result<ActivityFacts, AppError> {
    let r = sqlx::query(
        "SELECT id, org_id, title, status, mode, starts_at, ends_at, lat_e6, lng_e6, checkin_radius_m, closed_at
         FROM activities WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(ActivityFacts {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        title: r.try_get("title")?,
        status: crate::activities::repo::status_of(&r)?,
        mode: r.try_get("mode")?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        lat_e6: r.try_get("lat_e6")?,
        lng_e6: r.try_get("lng_e6")?,
        radius_m: r.try_get("checkin_radius_m")?,
        closed: r.try_get::<Option<i64>, _>("closed_at")?.is_some(),
    })
}

/// Whether `user_id` holds a confirmed sign-up for the activity.
pub async fn is_confirmed(conn: &mut AnyConnection, activity_id: i64, user_id: i64) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT 1 AS hit FROM signups WHERE activity_id = $1 AND user_id = $2 AND status = 'confirmed'")
        .bind(activity_id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}

/// The user id of a volunteer number.
pub async fn user_by_no(conn: &mut AnyConnection, volunteer_no: &str) -> Result<Option<i64>, AppError> {
    let row = sqlx::query("SELECT id FROM users WHERE volunteer_no = $1")
        .bind(volunteer_no.trim())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("id")?),
        None => None,
    })
}

/// One half of a check-in or check-out, as stored.
#[derive(Clone, Debug)]
pub struct Mark {
    pub method: Method,
    pub at: i64,
    pub received_at: i64,
    pub delayed: bool,
    pub lat_e6: Option<i64>,
    pub lng_e6: Option<i64>,
    pub accuracy_m: Option<i64>,
    pub device: String,
    pub client_id: String,
    pub recorded_by: Option<i64>,
}

/// Inserts the check-in, or nothing when the person already has a row (the unique index makes
/// a concurrent second insert a no-op). Returns the new row's id.
pub async fn insert_in(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
    m: &Mark,
) -> Result<Option<i64>, AppError> {
    let row = sqlx::query(
        "INSERT INTO attendances (activity_id, user_id, in_method, in_at, in_received_at, in_delayed, in_lat_e6,
            in_lng_e6, in_accuracy_m, in_device, in_client_id, recorded_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $5, $5)
         ON CONFLICT (activity_id, user_id) DO NOTHING RETURNING id",
    )
    .bind(activity_id)
    .bind(user_id)
    .bind(m.method.code())
    .bind(m.at)
    .bind(m.received_at)
    .bind(m.delayed as i32)
    .bind(m.lat_e6)
    .bind(m.lng_e6)
    .bind(m.accuracy_m)
    .bind(&m.device)
    .bind(&m.client_id)
    .bind(m.recorded_by)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("id")?),
        None => None,
    })
}

/// Records the check-out on a row that has none yet; false when there was nothing to update.
pub async fn set_out(conn: &mut AnyConnection, attendance_id: i64, m: &Mark) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE attendances SET out_method = $2, out_at = $3, out_received_at = $4, out_delayed = $5,
            out_lat_e6 = $6, out_lng_e6 = $7, out_accuracy_m = $8, out_device = $9, out_client_id = $10,
            recorded_by = COALESCE($11, recorded_by), updated_at = $4
         WHERE id = $1 AND out_at IS NULL",
    )
    .bind(attendance_id)
    .bind(m.method.code())
    .bind(m.at)
    .bind(m.received_at)
    .bind(m.delayed as i32)
    .bind(m.lat_e6)
    .bind(m.lng_e6)
    .bind(m.accuracy_m)
    .bind(&m.device)
    .bind(&m.client_id)
    .bind(m.recorded_by)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes an anomaly flag, once per activity, person and kind.
pub async fn add_flag(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
    attendance_id: i64,
    kind: &str,
    evidence: &serde_json::Value,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO attendance_flags (activity_id, user_id, attendance_id, kind, evidence, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'open', $6) ON CONFLICT (activity_id, user_id, kind) DO NOTHING",
    )
    .bind(activity_id)
    .bind(user_id)
    .bind(attendance_id)
    .bind(kind)
    .bind(evidence.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Another attendance of the person whose span overlaps `from..to` (an open one counts up to
/// its activity's end): (activity id, title, in, out or end).
pub async fn overlapping(
    conn: &mut AnyConnection,
    user_id: i64,
    activity_id: i64,
    from: i64,
    to: i64,
) -> Result<Option<(i64, String, i64, i64)>, AppError> {
    let row = sqlx::query(
        "SELECT t.activity_id, a.title, t.in_at, COALESCE(t.out_at, a.ends_at) AS until
         FROM attendances t JOIN activities a ON a.id = t.activity_id
         WHERE t.user_id = $1 AND t.activity_id <> $2 AND t.in_at < $3 AND COALESCE(t.out_at, a.ends_at) > $4
         ORDER BY t.in_at LIMIT 1",
    )
    .bind(user_id)
    .bind(activity_id)
    .bind(to)
    .bind(from)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => Some((r.try_get("activity_id")?, r.try_get("title")?, r.try_get("in_at")?, r.try_get("until")?)),
        None => None,
    })
}

/// The person's positioned check-ins and check-outs at other activities within a day of `at`:
/// (activity id, instant, lat, lng).
pub async fn positions_near(
    conn: &mut AnyConnection,
    user_id: i64,
    activity_id: i64,
    at: i64,
) -> Result<Vec<(i64, i64, i64, i64)>, AppError> {
    const DAY: i64 = 24 * 3_600_000_000;
    let rows = sqlx::query(
        "SELECT t.activity_id, t.in_at, t.out_at, COALESCE(t.in_lat_e6, a.lat_e6) AS in_lat,
                COALESCE(t.in_lng_e6, a.lng_e6) AS in_lng, COALESCE(t.out_lat_e6, a.lat_e6) AS out_lat,
                COALESCE(t.out_lng_e6, a.lng_e6) AS out_lng, t.in_method, t.out_method
         FROM attendances t JOIN activities a ON a.id = t.activity_id
         WHERE t.user_id = $1 AND t.activity_id <> $2 AND t.in_at > $3 AND t.in_at < $4",
    )
    .bind(user_id)
    .bind(activity_id)
    .bind(at - DAY)
    .bind(at + DAY)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get("activity_id")?;
        // Staff and make-up marks say nothing about where the person was.
        let located = |m: Option<String>| m.is_some_and(|m| m == "qr" || m == "position");
        if let (true, Some(lat), Some(lng)) =
            (located(r.try_get("in_method")?), r.try_get::<Option<i64>, _>("in_lat")?, r.try_get("in_lng")?)
        {
            out.push((id, r.try_get("in_at")?, lat, lng));
        }
        if let (true, Some(t), Some(lat), Some(lng)) = (
            located(r.try_get("out_method")?),
            r.try_get::<Option<i64>, _>("out_at")?,
            r.try_get::<Option<i64>, _>("out_lat")?,
            r.try_get("out_lng")?,
        ) {
            out.push((id, t, lat, lng));
        }
    }
    Ok(out)
}

/// How many people one device checked in or out at an activity.
pub async fn device_people(conn: &mut AnyConnection, activity_id: i64, device: &str) -> Result<i64, AppError> {
    Ok(sqlx::query(
        "SELECT COUNT(DISTINCT user_id) AS n FROM attendances
         WHERE activity_id = $1 AND (in_device = $2 OR out_device = $2)",
    )
    .bind(activity_id)
    .bind(device)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?)
}

/// The confirmed volunteers of an activity with their check-in state, by name (phones masked).
pub async fn staff_rows(conn: &mut AnyConnection, activity_id: i64) -> Result<Vec<StaffRow>, AppError> {
    let rows = sqlx::query(
        "SELECT u.volunteer_no, u.mobile, p.real_name, t.in_at, t.in_method, t.out_at, t.out_method
         FROM signups s JOIN users u ON u.id = s.user_id
         LEFT JOIN profiles p ON p.user_id = s.user_id
         LEFT JOIN attendances t ON t.activity_id = s.activity_id AND t.user_id = s.user_id
         WHERE s.activity_id = $1 AND s.status = 'confirmed' ORDER BY p.real_name, u.id",
    )
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StaffRow {
                volunteer_no: r.try_get("volunteer_no")?,
                name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
                masked_mobile: Mobile::parse(&r.try_get::<String, _>("mobile")?)
                    .map(|m| m.masked())
                    .unwrap_or_else(|_| "***".into()),
                in_at: r.try_get("in_at")?,
                in_method: r.try_get::<Option<String>, _>("in_method")?.map(|c| method(&c)).transpose()?,
                out_at: r.try_get("out_at")?,
                out_method: r.try_get::<Option<String>, _>("out_method")?.map(|c| method(&c)).transpose()?,
            })
        })
        .collect()
}
