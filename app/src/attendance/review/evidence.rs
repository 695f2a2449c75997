//! A flag's evidence, made readable: the detector writes JSON, staff read lines such as
//! "distance: 1.3 km", "checked in: 2026-12-05 09:31:05" (Asia/Shanghai) or "speed: 540 km/h".
//! The unit comes from the key's name: `*_m` metres, `*_at` instants (µs), `*_kmh` speeds,
//! `*_s` seconds, `*_min` minutes; anything else is shown as written.
use serde_json::Value;

/// One line of evidence: its key (dotted for nested values) and the value in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub key: String,
    pub value: String,
}

/// Metres as people read them: whole metres below a kilometre, kilometres with one decimal above.
pub fn distance(metres: f64) -> String {
    if metres.abs() < 1000.0 {
        format!("{} m", metres.round() as i64)
    } else {
        format!("{:.1} km", metres / 1000.0)
    }
}

/// An instant (µs since the epoch) in the platform's time zone.
pub fn instant(us: i64) -> String {
    crate::clock::local(us).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_else(|| us.to_string())
}

/// Seconds as minutes and seconds, or hours and minutes.
pub fn duration(seconds: i64) -> String {
    let s = seconds.abs();
    let sign = if seconds < 0 { "-" } else { "" };
    match s {
        0..=59 => format!("{sign}{s} s"),
        60..=3599 => format!("{sign}{} min {} s", s / 60, s % 60),
        _ => format!("{sign}{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

fn number(value: &Value) -> Option<f64> {
    value.as_f64()
}

fn scalar(key: &str, value: &Value) -> String {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    if let Some(n) = number(value) {
        if leaf.ends_with("_kmh") || leaf == "speed" {
            return format!("{} km/h", n.round() as i64);
        }
        if leaf.ends_with("_km") {
            return distance(n * 1000.0);
        }
        if leaf.ends_with("_m") || leaf == "distance" || leaf == "radius" || leaf == "accuracy" {
            return distance(n);
        }
        if leaf.ends_with("_at") || leaf.ends_with("_us") {
            return instant(n as i64);
        }
        if leaf.ends_with("_s") || leaf.ends_with("_secs") {
            return duration(n as i64);
        }
        if leaf.ends_with("_min") {
            return duration((n * 60.0) as i64);
        }
        if leaf.ends_with("_e6") {
            return format!("{:.6}", n / 1_000_000.0);
        }
    }
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

fn walk(prefix: &str, value: &Value, out: &mut Vec<Line>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                walk(&key, v, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let text: Vec<String> = items.iter().map(|i| scalar(prefix, i)).collect();
            out.push(Line { key: prefix.to_owned(), value: text.join("、") });
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(&format!("{prefix}.{}", i + 1), item, out);
            }
        }
        other => out.push(Line { key: prefix.to_owned(), value: scalar(prefix, other) }),
    }
}

/// The evidence as lines, in the order written; text that is not JSON is one line as written.
pub fn lines(json: &str) -> Vec<Line> {
    match serde_json::from_str::<Value>(json) {
        Ok(value) => {
            let mut out = Vec::new();
            walk("", &value, &mut out);
            out
        }
        Err(_) => vec![Line { key: String::new(), value: json.to_owned() }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_from_the_keys() {
        // 2026-12-05 01:30:00 UTC is 09:30 in Shanghai.
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T01:30:00Z").unwrap().timestamp_micros();
        let json = format!(
            r#"{{"distance_m": 1350, "radius_m": 300, "accuracy_m": 25.4, "speed_kmh": 540.2, "in_at": {at},
                "gap_s": 600, "other": {{"activity_id": 7, "title": "科普讲座"}}, "people": [3, 4]}}"#
        );
        let got: Vec<(String, String)> = lines(&json).into_iter().map(|l| (l.key, l.value)).collect();
        let get = |k: &str| got.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(get("distance_m"), "1.4 km");
        assert_eq!(get("radius_m"), "300 m");
        assert_eq!(get("accuracy_m"), "25 m");
        assert_eq!(get("speed_kmh"), "540 km/h");
        assert_eq!(get("in_at"), "2026-12-05 09:30:00");
        assert_eq!(get("gap_s"), "10 min 0 s");
        assert_eq!(get("other.activity_id"), "7");
        assert_eq!(get("other.title"), "科普讲座");
        assert_eq!(get("people"), "3、4");
    }

    #[test]
    fn text_that_is_not_json_is_shown_as_written() {
        assert_eq!(lines("两台设备"), vec![Line { key: String::new(), value: "两台设备".into() }]);
    }
}
