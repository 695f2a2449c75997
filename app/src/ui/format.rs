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

/// A stored instant as a date (and time) in the platform's zone.
pub fn local_date(us: i64) -> String {
    crate::clock::local(us).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

pub fn local_time(us: i64) -> String {
    crate::clock::local(us).map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}
