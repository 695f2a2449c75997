//! Hours (F-31): what a person is credited for one activity, from their check-in and check-out,
//! capped by the activity's window and rounded down to the policy's step. Kept in minutes so sums
//! stay exact; shown in hours. [`credited_minutes`] is the rule; [`recount`] applies it again to
//! one person after closing (a make-up approved later).
use serde::{Deserialize, Serialize};

/// Microseconds in a minute.
const MINUTE_US: i64 = 60_000_000;

/// The span and minutes credited for a check-in at `in_at` and a check-out at `out_at` (none:
/// the person never checked out and is credited up to the scheduled end) to an activity
/// scheduled `starts_at..ends_at`. The span never leaves the window and never runs backwards;
/// the minutes are rounded down to a multiple of `rounding_min` (1 or less: exact minutes).
/// Returns `(from_at, to_at, minutes, no_checkout)`.
pub fn credited_minutes(
    in_at: i64,
    out_at: Option<i64>,
    starts_at: i64,
    ends_at: i64,
    rounding_min: i64,
) -> (i64, i64, i64, bool) {
    let no_checkout = out_at.is_none();
    let ends_at = ends_at.max(starts_at);
    let from_at = in_at.clamp(starts_at, ends_at);
    let to_at = out_at.unwrap_or(ends_at).clamp(from_at, ends_at);
    let step = rounding_min.max(1);
    let whole = (to_at - from_at) / MINUTE_US;
    (from_at, to_at, whole - whole % step, no_checkout)
}

/// Weighted minutes: `minutes` × `weight_milli` / 1000, rounded down.
pub fn weighted(minutes: i64, weight_milli: i64) -> i64 {
    minutes.saturating_mul(weight_milli) / 1000
}

/// The product of coefficients given in thousandths (1250 = ×1.25); none is 1000.
pub fn product_milli(factors: impl IntoIterator<Item = i64>) -> i64 {
    factors.into_iter().fold(1000, |acc, f| acc.saturating_mul(f) / 1000)
}

/// Minutes as hours for people: "2.5 小时" (zh-CN) — at most two decimals, no trailing zeros.
pub fn hours_text(minutes: i64) -> String {
    format!("{} 小时", crate::ui::format::hours(minutes))
}

/// A coefficient for people: "×1.25".
pub fn factor_text(milli: i64) -> String {
    let whole = milli / 1000;
    let frac = milli % 1000;
    if frac == 0 {
        format!("×{whole}")
    } else {
        let digits = format!("{frac:03}");
        format!("×{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// One hours line as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursLine {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub volunteer_no: String,
    pub from_at: i64,
    pub to_at: i64,
    pub raw_minutes: i64,
    pub weight_milli: i64,
    pub weighted_minutes: i64,
    /// pending | approved | declined
    pub status: String,
    pub no_checkout: bool,
    pub from_makeup: bool,
    pub note: String,
    pub version: i64,
    pub history: Vec<crate::records::versions::Version>,
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::{credited_minutes, weighted};
    use crate::db::{flag, now_us};
    use crate::error::AppError;
    use crate::records::versions;
    use crate::state::AttendancePolicy;
    use sqlx::{AnyConnection, Row};

    /// What closing and recounting need to know about an activity.
    pub struct Window {
        pub org_id: i64,
        pub starts_at: i64,
        pub ends_at: i64,
        pub closed: bool,
    }

    pub async fn window(conn: &mut AnyConnection, activity_id: i64) -> Result<Window, AppError> {
        let row = sqlx::query("SELECT org_id, starts_at, ends_at, closed_at FROM activities WHERE id = $1")
            .bind(activity_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Window {
            org_id: row.try_get("org_id")?,
            starts_at: row.try_get("starts_at")?,
            ends_at: row.try_get("ends_at")?,
            closed: row.try_get::<Option<i64>, _>("closed_at")?.is_some(),
        })
    }

    /// The product of the coefficients chosen for the activity that are not retired.
    pub async fn activity_weight(conn: &mut AnyConnection, activity_id: i64) -> Result<i64, AppError> {
        let factors: Vec<i64> = sqlx::query_scalar(
            "SELECT w.factor_milli FROM activity_weights aw JOIN hour_weights w ON w.id = aw.weight_id
             WHERE aw.activity_id = $1 AND w.retired_at IS NULL ORDER BY w.id",
        )
        .bind(activity_id)
        .fetch_all(&mut *conn)
        .await?;
        Ok(super::product_milli(factors))
    }

    /// One attendance row, as far as hours are concerned.
    pub struct Presence {
        pub id: i64,
        pub user_id: i64,
        pub in_at: i64,
        pub out_at: Option<i64>,
        pub makeup: bool,
    }

    pub async fn presences(
        conn: &mut AnyConnection,
        activity_id: i64,
        user_id: Option<i64>,
    ) -> Result<Vec<Presence>, AppError> {
        let rows = sqlx::query(
            "SELECT id, user_id, in_at, out_at, in_method FROM attendances
             WHERE activity_id = $1 AND ($2 = 0 OR user_id = $2) ORDER BY id",
        )
        .bind(activity_id)
        .bind(user_id.unwrap_or(0))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Presence {
                    id: r.try_get("id")?,
                    user_id: r.try_get("user_id")?,
                    in_at: r.try_get("in_at")?,
                    out_at: r.try_get("out_at")?,
                    makeup: r.try_get::<String, _>("in_method")? == "makeup",
                })
            })
            .collect()
    }

    /// Inserts a pending hours line for `p` (closing, or a recount that finds none) and its
    /// first version. Returns the line's id.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_line(
        conn: &mut AnyConnection,
        record_id: i64,
        activity_id: i64,
        w: &Window,
        p: &Presence,
        weight_milli: i64,
        rounding_min: i64,
        actor: i64,
        reason: &str,
        now: i64,
    ) -> Result<i64, AppError> {
        let (from_at, to_at, minutes, no_checkout) =
            credited_minutes(p.in_at, p.out_at, w.starts_at, w.ends_at, rounding_min);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO service_hours (record_id, activity_id, org_id, user_id, attendance_id, from_at, to_at,
                 raw_minutes, weight_milli, weighted_minutes, status, no_checkout, from_makeup, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, $13, $13) RETURNING id",
        )
        .bind(record_id)
        .bind(activity_id)
        .bind(w.org_id)
        .bind(p.user_id)
        .bind(p.id)
        .bind(from_at)
        .bind(to_at)
        .bind(minutes)
        .bind(weight_milli)
        .bind(weighted(minutes, weight_milli))
        .bind(i64::from(no_checkout))
        .bind(i64::from(p.makeup))
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        versions::snapshot_hours(conn, id, actor, reason, now).await?;
        Ok(id)
    }

    /// The contract the make-up requests rely on: when the activity is closed, (re)computes
    /// `user_id`'s hours line from their current attendance row — creating it if missing —
    /// as pending, as a new version carrying `reason`; the person is no longer a no-show. When
    /// the activity is not closed, does nothing: closing picks the attendance up.
    pub async fn recount(
        conn: &mut AnyConnection,
        activity_id: i64,
        user_id: i64,
        actor: i64,
        reason: &str,
        policy: &AttendancePolicy,
    ) -> Result<(), AppError> {
        let w = window(conn, activity_id).await?;
        if !w.closed {
            return Ok(());
        }
        let Some(p) = presences(conn, activity_id, Some(user_id)).await?.into_iter().next() else {
            return Ok(());
        };
        let now = now_us();
        let line = sqlx::query("SELECT id, weight_milli FROM service_hours WHERE activity_id = $1 AND user_id = $2")
            .bind(activity_id)
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
        match line {
            Some(row) => {
                let id: i64 = row.try_get("id")?;
                let weight_milli: i64 = row.try_get("weight_milli")?;
                let (from_at, to_at, minutes, no_checkout) =
                    credited_minutes(p.in_at, p.out_at, w.starts_at, w.ends_at, policy.rounding_min);
                sqlx::query(
                    "UPDATE service_hours SET attendance_id = $1, from_at = $2, to_at = $3, raw_minutes = $4,
                         weighted_minutes = $5, status = 'pending', no_checkout = $6, from_makeup = $7,
                         decided_by = NULL, decided_at = NULL, version = version + 1, updated_at = $8
                     WHERE id = $9",
                )
                .bind(p.id)
                .bind(from_at)
                .bind(to_at)
                .bind(minutes)
                .bind(weighted(minutes, weight_milli))
                .bind(i64::from(no_checkout))
                .bind(i64::from(p.makeup))
                .bind(now)
                .bind(id)
                .execute(&mut *conn)
                .await?;
                versions::snapshot_hours(conn, id, actor, reason, now).await?;
            }
            None => {
                let record_id: i64 = sqlx::query_scalar("SELECT id FROM service_records WHERE activity_id = $1")
                    .bind(activity_id)
                    .fetch_one(&mut *conn)
                    .await?;
                let weight_milli = activity_weight(conn, activity_id).await?;
                insert_line(
                    conn,
                    record_id,
                    activity_id,
                    &w,
                    &p,
                    weight_milli,
                    policy.rounding_min,
                    actor,
                    reason,
                    now,
                )
                .await?;
            }
        }
        sqlx::query(
            "UPDATE signups SET no_show = 0, updated_at = $1 WHERE activity_id = $2 AND user_id = $3 AND no_show = 1",
        )
        .bind(now)
        .bind(activity_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// The lines of one activity with their people and histories, for staff.
    pub async fn lines_of(conn: &mut AnyConnection, activity_id: i64) -> Result<Vec<super::HoursLine>, AppError> {
        let rows = sqlx::query(
            "SELECT h.id, h.user_id, COALESCE(p.real_name, '') AS name, u.volunteer_no, h.from_at, h.to_at,
                    h.raw_minutes, h.weight_milli, h.weighted_minutes, h.status, h.no_checkout, h.from_makeup,
                    h.note, h.version
             FROM service_hours h JOIN users u ON u.id = h.user_id LEFT JOIN profiles p ON p.user_id = h.user_id
             WHERE h.activity_id = $1 ORDER BY h.id",
        )
        .bind(activity_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut lines = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            lines.push(super::HoursLine {
                id,
                user_id: r.try_get("user_id")?,
                name: r.try_get("name")?,
                volunteer_no: r.try_get("volunteer_no")?,
                from_at: r.try_get("from_at")?,
                to_at: r.try_get("to_at")?,
                raw_minutes: r.try_get("raw_minutes")?,
                weight_milli: r.try_get("weight_milli")?,
                weighted_minutes: r.try_get("weighted_minutes")?,
                status: r.try_get("status")?,
                no_checkout: flag(r, "no_checkout")?,
                from_makeup: flag(r, "from_makeup")?,
                note: r.try_get("note")?,
                version: r.try_get("version")?,
                history: versions::history(conn, versions::HOURS, id).await?,
            });
        }
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIN: i64 = 60_000_000;
    const HOUR: i64 = 60 * MIN;

    #[test]
    fn rounds_down_to_the_step() {
        // 1 h 52 min in a 09:00–12:00 window, quarter-hour steps: 1 h 45 min.
        let start = 1_700_000_000_000_000;
        let (from, to, minutes, no_out) = credited_minutes(start, Some(start + 112 * MIN), start, start + 3 * HOUR, 15);
        assert_eq!((from, to, minutes, no_out), (start, start + 112 * MIN, 105, false));
        assert_eq!(credited_minutes(start, Some(start + 112 * MIN), start, start + 3 * HOUR, 1).2, 112);
    }

    #[test]
    fn caps_by_the_window() {
        let start = 1_700_000_000_000_000;
        let end = start + 2 * HOUR;
        let (from, to, minutes, _) = credited_minutes(start - HOUR, Some(end + HOUR), start, end, 15);
        assert_eq!((from, to, minutes), (start, end, 120));
    }

    #[test]
    fn no_checkout_runs_to_the_scheduled_end() {
        let start = 1_700_000_000_000_000;
        let (_, to, minutes, no_out) = credited_minutes(start + 30 * MIN, None, start, start + 2 * HOUR, 15);
        assert_eq!((to, minutes, no_out), (start + 2 * HOUR, 90, true));
    }

    #[test]
    fn crossing_midnight() {
        // 22:00–01:00 Asia/Shanghai on 2026-12-01 is 14:00–17:00 UTC.
        let start = 1_796_133_600_000_000; // 2026-12-01T14:00:00Z
        let end = start + 3 * HOUR;
        let (_, _, minutes, _) = credited_minutes(start + 10 * MIN, Some(end - 5 * MIN), start, end, 15);
        assert_eq!(minutes, 165);
    }

    #[test]
    fn checkout_before_start_counts_nothing() {
        let start = 1_700_000_000_000_000;
        let (from, to, minutes, _) = credited_minutes(start - 2 * HOUR, Some(start - HOUR), start, start + HOUR, 15);
        assert_eq!((from, to, minutes), (start, start, 0));
    }

    #[test]
    fn hours_for_people() {
        assert_eq!(hours_text(150), "2.5 小时");
        assert_eq!(crate::ui::format::hours(120), "2");
        assert_eq!(crate::ui::format::hours(0), "0");
        assert_eq!(factor_text(1250), "×1.25");
        assert_eq!(factor_text(2000), "×2");
        assert_eq!(product_milli([1250, 1200]), 1500);
        assert_eq!(product_milli([]), 1000);
        assert_eq!(weighted(120, 1500), 180);
    }

    proptest! {
        #[test]
        fn never_leaves_the_window(
            start in 0i64..4_000_000_000_000_000,
            len in 0i64..(48 * HOUR),
            in_off in -(48 * HOUR)..(96 * HOUR),
            out_off in proptest::option::of(-(48 * HOUR)..(96 * HOUR)),
            step in 0i64..120,
        ) {
            let end = start + len;
            let (from, to, minutes, no_out) =
                credited_minutes(start + in_off, out_off.map(|o| start + o), start, end, step);
            prop_assert!(start <= from && from <= to && to <= end);
            prop_assert!(minutes >= 0);
            prop_assert!(minutes * MIN <= to - from);
            prop_assert!(minutes * MIN <= end - start);
            prop_assert_eq!(minutes % step.max(1), 0);
            prop_assert_eq!(no_out, out_off.is_none());
            if out_off.is_none() {
                prop_assert_eq!(to, end);
            }
        }
    }
}
