//! Formatting shared by every page: instants in the platform's zone, query-string values.

/// Percent-encodes one query-string value (UTF-8, everything but the unreserved characters).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Minutes of service as hours for display, at most two decimals, no trailing zeros:
/// `150` → `2.5`, `20` → `0.33`, `120` → `2`, `-90` → `-1.5` (a correction's difference).
pub fn hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    // Hundredths of an hour, rounded half up.
    let hundredths = (minutes.unsigned_abs() * 100 + 30) / 60;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// A stored instant as a date (and time) in the platform's zone.
///
/// Written out by hand rather than with chrono's `format`: its pattern interpreter is some
/// 10 KB of the browser modules, and these two shapes are all the pages show.
pub fn local_date(us: i64) -> String {
    crate::clock::local(us).map(|t| date_of(&t)).unwrap_or_default()
}

/// A stored instant as `YYYY-MM-DD HH:MM` in the platform's zone.
pub fn local_time(us: i64) -> String {
    use chrono::Timelike;
    crate::clock::local(us).map(|t| format!("{} {:02}:{:02}", date_of(&t), t.hour(), t.minute())).unwrap_or_default()
}

fn date_of(t: &impl chrono::Datelike) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
}

#[cfg(test)]
mod tests {
    #[test]
    fn minutes_show_as_hours_without_trailing_zeros() {
        assert_eq!(
            [0, 20, 30, 60, 90, 150, 61].map(super::hours),
            ["0", "0.33", "0.5", "1", "1.5", "2.5", "1.02"].map(String::from)
        );
        assert_eq!([210, 120, 45, 105, -90].map(super::hours), ["3.5", "2", "0.75", "1.75", "-1.5"].map(String::from));
    }

    #[test]
    fn instants_show_as_chrono_would_format_them_in_the_platform_zone() {
        use chrono::DateTime;
        // Late in UTC (the next day in Shanghai), early in a year, and a year before 1000.
        for text in ["2026-11-23T17:30:00Z", "2027-01-01T00:05:09Z", "0999-03-04T22:00:00Z"] {
            let us = DateTime::parse_from_rfc3339(text).unwrap().timestamp_micros();
            let local = crate::clock::local(us).unwrap();
            assert_eq!(super::local_time(us), local.format("%Y-%m-%d %H:%M").to_string(), "{text}");
            assert_eq!(super::local_date(us), local.format("%Y-%m-%d").to_string(), "{text}");
        }
        assert_eq!(super::local_time(i64::MAX), "");
    }
}
