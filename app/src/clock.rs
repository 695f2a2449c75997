//! Dates as the platform sees them. Instants are stored in UTC; "today" for age checks and
//! dates shown to people are in the platform's zone. China has kept UTC+8 without daylight
//! saving since 1991, so the browser and server agree on the date without a zone database.
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub const PLATFORM_UTC_OFFSET_S: i32 = 8 * 3600;

pub fn platform_offset() -> FixedOffset {
    FixedOffset::east_opt(PLATFORM_UTC_OFFSET_S).expect("constant offset is in range")
}

/// Today's date in the platform's time zone.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&platform_offset()).date_naive()
}

/// A stored instant (microseconds since the epoch, UTC) in the platform's zone.
pub fn local(us: i64) -> Option<DateTime<FixedOffset>> {
    DateTime::<Utc>::from_timestamp_micros(us).map(|t| t.with_timezone(&platform_offset()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_late_in_utc_is_the_next_day_in_shanghai() {
        // 2026-11-23 17:30 UTC is 2026-11-24 01:30 in Shanghai.
        let us = DateTime::parse_from_rfc3339("2026-11-23T17:30:00Z").unwrap().timestamp_micros();
        let shown = local(us).unwrap();
        assert_eq!(shown.date_naive(), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        assert_eq!(shown.format("%H:%M").to_string(), "01:30");
    }
}
