//! Attendance types shared by the server and the browser (F-30, F-35): one row per person and
//! activity, the check-in token's shape, and what the pages read.
use serde::{Deserialize, Serialize};

/// How a check-in or check-out was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The volunteer scanned the rotating QR code staff showed.
    Qr,
    /// The volunteer's position was within the activity's radius.
    Position,
    /// Staff checked the person in or out (online activities, no smartphone).
    Staff,
    /// An approved make-up request (F-32).
    Makeup,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Method::Qr => "qr",
            Method::Position => "position",
            Method::Staff => "staff",
            Method::Makeup => "makeup",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        Some(match code {
            "qr" => Method::Qr,
            "position" => Method::Position,
            "staff" => Method::Staff,
            "makeup" => Method::Makeup,
            _ => return None,
        })
    }
}

/// Check-in or check-out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    In,
    Out,
}

impl Direction {
    /// The letter in a token, and the form value.
    pub fn code(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    pub fn from_code(code: &str) -> Option<Direction> {
        match code {
            "in" | "i" => Some(Direction::In),
            "out" | "o" => Some(Direction::Out),
            _ => None,
        }
    }

    fn letter(self) -> &'static str {
        match self {
            Direction::In => "i",
            Direction::Out => "o",
        }
    }
}

/// One person's attendance at one activity (table `attendances`). The check-out half is `None`
/// until the person checks out. Instants are UTC microseconds; positions WGS-84 microdegrees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    pub id: i64,
    pub activity_id: i64,
    pub user_id: i64,
    pub in_method: Method,
    /// When the person was there (the device's time for a scan sent later).
    pub in_at: i64,
    pub in_received_at: i64,
    /// The scan reached the server more than `delayed_after_s` after it was made (offline).
    pub in_delayed: bool,
    pub in_lat_e6: Option<i64>,
    pub in_lng_e6: Option<i64>,
    pub in_accuracy_m: Option<i64>,
    pub out_method: Option<Method>,
    pub out_at: Option<i64>,
    pub out_received_at: Option<i64>,
    pub out_delayed: bool,
    pub out_lat_e6: Option<i64>,
    pub out_lng_e6: Option<i64>,
    pub out_accuracy_m: Option<i64>,
    /// The staff member who checked the person in or out, if staff did.
    pub recorded_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The kinds of anomaly written to `attendance_flags` (F-36).
pub mod flag_kinds {
    pub const OVERLAP: &str = "overlap";
    pub const OUTSIDE_FENCE: &str = "outside_fence";
    pub const IMPOSSIBLE_TRAVEL: &str = "impossible_travel";
    pub const SHARED_DEVICE: &str = "shared_device";
    pub const NO_CHECKOUT: &str = "no_checkout";
    pub const DELAYED: &str = "delayed";
}

/// A check-in token as written in the QR code: `{activity}.{window}.{i|o}.{tag}`, where `window`
/// is the Unix time divided by the rotation period and `tag` the hex of an HMAC prefix (see
/// `attendance::token`). Parsing checks only the shape; the server checks the tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub activity_id: i64,
    pub window: i64,
    pub direction: Direction,
    pub tag: String,
}

impl Token {
    /// The signed part.
    pub fn message(activity_id: i64, window: i64, direction: Direction) -> String {
        format!("{activity_id}.{window}.{}", direction.letter())
    }

    pub fn parse(text: &str) -> Option<Token> {
        let text = text.trim();
        if text.len() > 100 {
            return None;
        }
        let mut parts = text.split('.');
        let activity_id = parts.next()?.parse::<i64>().ok().filter(|id| *id > 0)?;
        let window = parts.next()?.parse::<i64>().ok().filter(|w| *w >= 0)?;
        let direction = match parts.next()? {
            "i" => Direction::In,
            "o" => Direction::Out,
            _ => return None,
        };
        let tag = parts.next()?;
        if parts.next().is_some() || tag.is_empty() || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(Token { activity_id, window, direction, tag: tag.to_ascii_lowercase() })
    }

    pub fn to_text(&self) -> String {
        format!("{}.{}", Token::message(self.activity_id, self.window, self.direction), self.tag)
    }
}

/// A check-in or check-out as the browser sends it (form-encoded, so the token page's form also
/// works as a plain post). Empty strings mean "not given".
///
/// * `token`: a scanned QR token; empty for a position check-in.
/// * `activity_id`: the activity the page is for (a scanned token of another one is refused);
///   required for a position check-in.
/// * `direction`: `in` or `out`, for a position check-in (a token carries its own).
/// * `client_id`: the browser's id for this scan, so a queue sending it twice is recognised.
/// * `device_ms`: when the scan was made, device time in milliseconds since the epoch (a scan
///   kept offline and sent later); empty: now.
/// * `lat`, `lng` (decimal degrees, WGS-84) and `accuracy` (metres): the browser's position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInput {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub activity_id: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub client_id: String,
    #[serde(default)]
    pub device_ms: String,
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lng: String,
    #[serde(default)]
    pub accuracy: String,
}

/// A position in WGS-84 microdegrees with the accuracy the browser reported (metres).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub lat_e6: i64,
    pub lng_e6: i64,
    pub accuracy_m: i64,
}

/// Reads the position fields: all empty is no position; otherwise a latitude in −90..90, a
/// longitude in −180..180 and an accuracy 0..100 km (missing accuracy counts as 0).
pub fn parse_position(lat: &str, lng: &str, accuracy: &str) -> Result<Option<Position>, &'static str> {
    let (lat, lng, accuracy) = (lat.trim(), lng.trim(), accuracy.trim());
    if lat.is_empty() && lng.is_empty() {
        return Ok(None);
    }
    let lat: f64 = lat.parse().map_err(|_| "lat")?;
    let lng: f64 = lng.parse().map_err(|_| "lng")?;
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return Err("lat");
    }
    if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
        return Err("lng");
    }
    let accuracy: f64 = if accuracy.is_empty() { 0.0 } else { accuracy.parse().map_err(|_| "accuracy")? };
    if !accuracy.is_finite() || !(0.0..=100_000.0).contains(&accuracy) {
        return Err("accuracy");
    }
    Ok(Some(Position {
        lat_e6: (lat * 1e6).round() as i64,
        lng_e6: (lng * 1e6).round() as i64,
        accuracy_m: accuracy.round() as i64,
    }))
}

/// The answer to a check-in or check-out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub activity_id: i64,
    pub title: String,
    pub direction: Direction,
    pub method: Method,
    /// The instant recorded (UTC microseconds).
    pub at: i64,
    /// The same scan (same client id) had already been recorded: nothing changed.
    pub already_recorded: bool,
    /// Recorded as delayed (sent long after it was made).
    pub delayed: bool,
}

/// What a volunteer's check-in page shows about one activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinContext {
    pub activity_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The activity takes position check-ins (it has coordinates and is not online-only).
    pub has_position: bool,
    pub radius_m: i64,
    pub online: bool,
    /// The viewer holds a confirmed sign-up.
    pub confirmed: bool,
    /// The viewer manages the activity.
    pub can_manage: bool,
    pub attendance: Option<Attendance>,
    /// For a token page: the direction the token is for.
    pub direction: Option<Direction>,
}

/// A fresh token for the staff screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenToken {
    pub token: String,
    /// The absolute address the QR code holds (`{site}/checkin/{token}`).
    pub url: String,
    /// The QR code of `url`, SVG.
    pub svg: String,
    /// Seconds until the next code.
    pub refresh_s: i64,
    pub title: String,
}

/// One confirmed volunteer on the staff check-in list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub volunteer_no: String,
    pub name: String,
    pub masked_mobile: String,
    pub in_at: Option<i64>,
    pub in_method: Option<Method>,
    pub out_at: Option<i64>,
    pub out_method: Option<Method>,
}

/// The staff check-in list of one activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSheet {
    pub activity_id: i64,
    pub org_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub rows: Vec<StaffRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_parse_only_in_their_shape() {
        let t = Token::parse("12.5834.i.0a1B2c3d4e5f").unwrap();
        assert_eq!((t.activity_id, t.window, t.direction, t.tag.as_str()), (12, 5834, Direction::In, "0a1b2c3d4e5f"));
        assert_eq!(t.to_text(), "12.5834.i.0a1b2c3d4e5f");
        for bad in ["", "12.5834.i", "12.5834.x.00", "-1.5.i.00", "a.5.i.00", "1.5.o.zz", "1.5.o.00.1", "1.-5.o.00"] {
            assert_eq!(Token::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn positions_are_checked_and_kept_in_microdegrees() {
        assert_eq!(parse_position("", "", ""), Ok(None));
        assert_eq!(
            parse_position("31.706", "119.942", "25.4"),
            Ok(Some(Position { lat_e6: 31_706_000, lng_e6: 119_942_000, accuracy_m: 25 }))
        );
        assert_eq!(parse_position("91", "119", "1"), Err("lat"));
        assert_eq!(parse_position("31", "NaN", "1"), Err("lng"));
        assert_eq!(parse_position("31", "119", "-3"), Err("accuracy"));
        assert_eq!(parse_position("31", "", ""), Err("lng"));
    }
}
