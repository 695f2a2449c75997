//! The rules of a check-in or check-out (F-30, F-35) and the anomaly flags written with it
//! (F-36). Every path — QR scan, position, staff, an offline scan sent later — ends in
//! [`record`], inside a transaction that first locks the activity row, so replays and
//! concurrent scans of one person are served one after the other and the unique index on
//! (activity, person) holds exactly one row.
use crate::activities::model::ActivityStatus;
use crate::activities::repo::distance_m;
use crate::attendance::model::{flag_kinds, CheckResult, Direction, Method, Position};
use crate::attendance::repo::{self, ActivityFacts, Mark};
use crate::error::{AppError, Refusal};
use crate::state::AttendancePolicy;
use serde_json::json;
use sqlx::AnyConnection;

const MINUTE: i64 = 60_000_000;
const SECOND: i64 = 1_000_000;

/// One scan or staff mark, checked for authenticity already (token, position fields).
#[derive(Clone, Debug)]
pub struct Scan {
    pub user_id: i64,
    pub direction: Direction,
    pub method: Method,
    /// When the person was there: the device's time for a scan sent later, else now.
    pub at: i64,
    pub received_at: i64,
    pub position: Option<Position>,
    /// Keyed hash of the device cookie; empty for staff marks.
    pub device: String,
    pub client_id: String,
    pub recorded_by: Option<i64>,
}

/// When a scan made at device time `device_at` (None: now) counts, and whether it is delayed.
/// A device clock ahead of the server counts as now; a scan older than `offline_accept_h` is refused.
pub fn scan_time(policy: &AttendancePolicy, device_at: Option<i64>, now: i64) -> Result<(i64, bool), AppError> {
    let at = device_at.map_or(now, |d| d.min(now));
    if now - at > policy.offline_accept_h * 3_600 * SECOND {
        return Err(AppError::Refused(Refusal::OfflineScanTooOld { hours: policy.offline_accept_h as u32 }));
    }
    Ok((at, now - at > policy.delayed_after_s * SECOND))
}

/// Whether a position (with its reported accuracy) is within `radius_m` of the venue: the
/// accuracy widens the circle by at most the radius itself, so a vague fix cannot stretch it
/// without limit. Returns the distance.
pub fn within(venue: (i64, i64), p: &Position, radius_m: i64) -> (bool, i64) {
    let d = distance_m(venue, (p.lat_e6, p.lng_e6));
    (d <= radius_m + p.accuracy_m.clamp(0, radius_m), d)
}

/// Checks the window, the sign-up and what is already recorded, then records the scan and its flags.
pub async fn record(
    conn: &mut AnyConnection,
    policy: &AttendancePolicy,
    a: &ActivityFacts,
    scan: &Scan,
) -> Result<CheckResult, AppError> {
    if a.status != ActivityStatus::Published || a.closed {
        return Err(AppError::Refused(Refusal::ActivityClosed));
    }
    if !repo::is_confirmed(conn, a.id, scan.user_id).await? {
        return Err(AppError::Refused(Refusal::CheckinNotSignedUp));
    }
    let existing = repo::with_client_ids(conn, a.id, scan.user_id).await?;
    let same = |id: &str| !scan.client_id.is_empty() && id == scan.client_id;
    let result = |at: i64, method: Method, delayed: bool, already: bool| CheckResult {
        activity_id: a.id,
        title: a.title.clone(),
        direction: scan.direction,
        method,
        at,
        already_recorded: already,
        delayed,
    };
    // Replays first: the same scan sent again is acknowledged whatever the clock says now.
    match (scan.direction, &existing) {
        (Direction::In, Some((t, in_id, _))) if same(in_id) => {
            return Ok(result(t.in_at, t.in_method, t.in_delayed, true));
        }
        (Direction::In, Some(_)) => return Err(AppError::Refused(Refusal::AlreadyCheckedIn)),
        (Direction::Out, None) => return Err(AppError::Refused(Refusal::NotCheckedIn)),
        (Direction::Out, Some((t, _, out_id))) if t.out_at.is_some() => {
            if same(out_id) {
                let method = t.out_method.unwrap_or(scan.method);
                return Ok(result(t.out_at.unwrap_or_default(), method, t.out_delayed, true));
            }
            return Err(AppError::Refused(Refusal::AlreadyCheckedOut));
        }
        _ => {}
    }
    let opens = a.starts_at - policy.checkin_opens_before_min * MINUTE;
    if scan.at < opens {
        return Err(AppError::Refused(Refusal::CheckinTooEarly { minutes: policy.checkin_opens_before_min as u32 }));
    }
    match scan.direction {
        Direction::In if scan.at > a.ends_at => return Err(AppError::Refused(Refusal::CheckinClosed)),
        Direction::Out if scan.at > a.ends_at + policy.checkout_closes_after_min * MINUTE => {
            return Err(AppError::Refused(Refusal::CheckoutClosed { minutes: policy.checkout_closes_after_min as u32 }))
        }
        _ => {}
    }
    let delayed = scan.received_at - scan.at > policy.delayed_after_s * SECOND;
    let mark = Mark {
        method: scan.method,
        at: scan.at,
        received_at: scan.received_at,
        delayed,
        lat_e6: scan.position.map(|p| p.lat_e6),
        lng_e6: scan.position.map(|p| p.lng_e6),
        accuracy_m: scan.position.map(|p| p.accuracy_m),
        device: scan.device.clone(),
        client_id: scan.client_id.clone(),
        recorded_by: scan.recorded_by,
    };
    let attendance_id = match (scan.direction, existing) {
        (Direction::In, _) => match repo::insert_in(conn, a.id, scan.user_id, &mark).await? {
            Some(id) => id,
            // Only reachable if the row appeared meanwhile (the activity lock prevents it).
            None => return Err(AppError::Refused(Refusal::AlreadyCheckedIn)),
        },
        (Direction::Out, Some((t, _, _))) => {
            if scan.at < t.in_at {
                return Err(AppError::Refused(Refusal::NotCheckedIn));
            }
            if !repo::set_out(conn, t.id, &mark).await? {
                return Err(AppError::Refused(Refusal::AlreadyCheckedOut));
            }
            t.id
        }
        (Direction::Out, None) => return Err(AppError::Refused(Refusal::NotCheckedIn)),
    };
    flags(conn, policy, a, scan, attendance_id, delayed).await?;
    Ok(result(scan.at, scan.method, delayed, false))
}

/// The anomalies of this scan (F-36), each written once per activity, person and kind.
async fn flags(
    conn: &mut AnyConnection,
    policy: &AttendancePolicy,
    a: &ActivityFacts,
    scan: &Scan,
    attendance_id: i64,
    delayed: bool,
) -> Result<(), AppError> {
    let now = scan.received_at;
    let (user, dir) = (scan.user_id, scan.direction.code());
    if delayed {
        let evidence = json!({ "direction": dir, "device_at": scan.at, "received_at": scan.received_at,
            "delay_s": (scan.received_at - scan.at) / SECOND, "method": scan.method.code() });
        repo::add_flag(conn, a.id, user, attendance_id, flag_kinds::DELAYED, &evidence, now).await?;
    }
    // A QR scan from far away: taken (the code was on the screen) but looked at.
    if let (Method::Qr, Some(venue), Some(p)) = (scan.method, a.venue(), scan.position) {
        let (inside, d) = within(venue, &p, a.radius_m);
        if !inside {
            let evidence = json!({ "direction": dir, "distance_m": d, "radius_m": a.radius_m,
                "accuracy_m": p.accuracy_m, "lat_e6": p.lat_e6, "lng_e6": p.lng_e6 });
            repo::add_flag(conn, a.id, user, attendance_id, flag_kinds::OUTSIDE_FENCE, &evidence, now).await?;
        }
    }
    if scan.direction == Direction::In {
        if let Some((other, title, from, until)) = repo::overlapping(conn, user, a.id, scan.at, a.ends_at).await? {
            let evidence = json!({ "other_activity_id": other, "other_title": title, "other_in_at": from,
                "other_until": until, "in_at": scan.at, "ends_at": a.ends_at });
            repo::add_flag(conn, a.id, user, attendance_id, flag_kinds::OVERLAP, &evidence, now).await?;
        }
    }
    // Where the person was: the reported position, or the venue for a QR scan made there.
    let here = match (scan.method, scan.position) {
        (Method::Qr | Method::Position, Some(p)) => Some((p.lat_e6, p.lng_e6)),
        (Method::Qr, None) => a.venue(),
        _ => None,
    };
    if let Some(here) = here {
        let mut worst: Option<(i64, i64, i64, i64)> = None;
        for (other, at, lat, lng) in repo::positions_near(conn, user, a.id, scan.at).await? {
            let d = distance_m(here, (lat, lng));
            let dt_s = ((scan.at - at).abs() / SECOND).max(1);
            let kmh = d * 3_600 / dt_s / 1_000;
            // GPS jitter within a kilometre is not travel.
            if d > 1_000 && kmh > policy.max_travel_kmh && worst.is_none_or(|w| kmh > w.3) {
                worst = Some((other, at, d, kmh));
            }
        }
        if let Some((other, at, d, kmh)) = worst {
            let evidence = json!({ "direction": dir, "other_activity_id": other, "other_at": at, "at": scan.at,
                "distance_m": d, "speed_kmh": kmh, "max_kmh": policy.max_travel_kmh });
            repo::add_flag(conn, a.id, user, attendance_id, flag_kinds::IMPOSSIBLE_TRAVEL, &evidence, now).await?;
        }
    }
    if !scan.device.is_empty() {
        let people = repo::device_people(conn, a.id, &scan.device).await?;
        if people > policy.device_people_max {
            let evidence = json!({ "direction": dir, "device": &scan.device[..scan.device.len().min(12)],
                "people": people, "max": policy.device_people_max });
            repo::add_flag(conn, a.id, user, attendance_id, flag_kinds::SHARED_DEVICE, &evidence, now).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_scans_count_from_the_device_time_within_limits() {
        let p = AttendancePolicy::default();
        let now = 1_000_000 * 3_600 * SECOND;
        assert_eq!(scan_time(&p, None, now), Ok((now, false)));
        assert_eq!(scan_time(&p, Some(now + 60 * SECOND), now), Ok((now, false)), "a fast clock counts as now");
        assert_eq!(scan_time(&p, Some(now - 60 * SECOND), now), Ok((now - 60 * SECOND, false)));
        assert_eq!(scan_time(&p, Some(now - 600 * SECOND), now), Ok((now - 600 * SECOND, true)));
        assert_eq!(
            scan_time(&p, Some(now - 73 * 3_600 * SECOND), now),
            Err(AppError::Refused(Refusal::OfflineScanTooOld { hours: 72 }))
        );
    }

    #[test]
    fn accuracy_widens_the_circle_by_at_most_the_radius() {
        let venue = (31_706_000, 119_942_000);
        // About 445 m north.
        let p = |acc| Position { lat_e6: 31_710_000, lng_e6: 119_942_000, accuracy_m: acc };
        assert!(!within(venue, &p(10), 300).0);
        assert!(within(venue, &p(200), 300).0);
        assert!(!within(venue, &Position { lat_e6: 31_760_000, ..p(100_000) }, 300).0, "6 km with a vague fix");
    }
}
