//! The list's filters in the URL: reading them, writing a link to a search.
use crate::activities::views::ActivityQuery;
use crate::ui::format::encode_component;
use leptos_router::params::ParamsMap;

/// `near=31.706,119.942` (decimal degrees) as microdegrees; anything else is no position.
fn parse_near(value: &str) -> Option<(i64, i64)> {
    let (lat, lng) = value.split_once(',')?;
    let (lat, lng): (f64, f64) = (lat.trim().parse().ok()?, lng.trim().parse().ok()?);
    let valid = lat.is_finite() && lng.is_finite() && lat.abs() <= 90.0 && lng.abs() <= 180.0;
    valid.then(|| ((lat * 1e6).round() as i64, (lng * 1e6).round() as i64))
}

pub(super) fn format_near(lat_e6: i64, lng_e6: i64) -> String {
    format!("{:.6},{:.6}", lat_e6 as f64 / 1e6, lng_e6 as f64 / 1e6)
}

/// The list's filters as read from the URL.
pub(super) fn query_from_url(map: &ParamsMap) -> ActivityQuery {
    let get = |k: &str| map.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let near = map.get("near").and_then(|v| parse_near(&v));
    ActivityQuery {
        q: get("q"),
        province: get("province"),
        city: get("city"),
        county: get("county"),
        category: get("category"),
        mode: get("mode"),
        phase: get("phase"),
        from: get("from"),
        to: get("to"),
        near_lat_e6: near.map(|n| n.0),
        near_lng_e6: near.map(|n| n.1),
        after: map.get("after").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()),
        ..Default::default()
    }
}

/// The list URL for `query` (only the filters that are set), with `near` and `after` as given.
pub(super) fn list_href(query: &ActivityQuery, near: Option<(i64, i64)>, after: Option<&str>) -> String {
    let mut parts: Vec<String> = [
        ("q", &query.q),
        ("province", &query.province),
        ("city", &query.city),
        ("county", &query.county),
        ("category", &query.category),
        ("mode", &query.mode),
        ("phase", &query.phase),
        ("from", &query.from),
        ("to", &query.to),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}", encode_component(v)))
    .collect();
    if let Some((lat, lng)) = near {
        parts.push(format!("near={}", encode_component(&format_near(lat, lng))));
    }
    if let Some(after) = after {
        parts.push(format!("after={}", encode_component(after)));
    }
    if parts.is_empty() {
        "/activities".to_owned()
    } else {
        format!("/activities?{}", parts.join("&"))
    }
}

pub(super) fn near_of(query: &ActivityQuery) -> Option<(i64, i64)> {
    query.near_lat_e6.zip(query.near_lng_e6)
}

/// Whether any filter narrows the list (the distance sort does not narrow it much, but it does
/// drop activities without a position, so it counts).
pub(super) fn is_filtered(q: &ActivityQuery) -> bool {
    [&q.q, &q.province, &q.city, &q.county, &q.category, &q.mode, &q.phase, &q.from, &q.to]
        .iter()
        .any(|v| !v.is_empty())
        || near_of(q).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_is_decimal_degrees_in_range() {
        assert_eq!(parse_near("31.706,119.942"), Some((31_706_000, 119_942_000)));
        assert_eq!(parse_near(" -33.5 , 151.25 "), Some((-33_500_000, 151_250_000)));
        assert_eq!(parse_near("91,0"), None);
        assert_eq!(parse_near("31.7"), None);
        assert_eq!(parse_near("NaN,1"), None);
        assert_eq!(format_near(31_706_000, 119_942_000), "31.706000,119.942000");
    }

    #[test]
    fn hrefs_carry_only_the_filters_set() {
        let q = ActivityQuery { q: "科普".into(), phase: "ended".into(), ..Default::default() };
        assert_eq!(list_href(&q, None, None), "/activities?q=%E7%A7%91%E6%99%AE&phase=ended");
        assert_eq!(
            list_href(&ActivityQuery::default(), Some((31_706_000, 119_942_000)), Some("d20")),
            "/activities?near=31.706000%2C119.942000&after=d20"
        );
        assert_eq!(list_href(&ActivityQuery::default(), None, None), "/activities");
    }
}
