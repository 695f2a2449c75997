//! Coordinates for the map's tiles. Everything is stored in WGS-84; Chinese commercial tile
//! providers (AMap, Tencent) draw their maps in GCJ-02, the obfuscated datum of the 2002
//! surveying rules, so points shifted to it land on the right street. 天地图 uses CGCS2000,
//! which differs from WGS-84 by centimetres: no shift. The shift is the published algorithm
//! (Krasovsky ellipsoid, the same polynomial every open implementation carries); it is not
//! applied outside China, where GCJ-02 providers use WGS-84 themselves.
use serde::{Deserialize, Serialize};
use std::f64::consts::PI;

/// The datum a tile provider draws in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datum {
    /// WGS-84 (OpenStreetMap) and CGCS2000 (天地图): no shift.
    #[default]
    Wgs84,
    /// GCJ-02 (AMap, Tencent): shifted at the edge.
    Gcj02,
}

impl Datum {
    pub fn parse(text: &str) -> Option<Datum> {
        match text.trim().to_ascii_lowercase().as_str() {
            "" | "wgs84" | "wgs-84" | "cgcs2000" => Some(Datum::Wgs84),
            "gcj02" | "gcj-02" => Some(Datum::Gcj02),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Datum::Wgs84 => "wgs84",
            Datum::Gcj02 => "gcj02",
        }
    }
}

/// The Content-Security-Policy source that lets a page load the tiles of `template` (a Leaflet
/// URL template): its scheme and host, with a `{s}` subdomain label turned into `*`. `None` for
/// anything that is not a plain http(s) address, so a bad setting cannot widen the policy.
pub fn tile_source(template: &str) -> Option<String> {
    let template = template.trim();
    let (scheme, rest) = template.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let labels: Vec<String> =
        host.split('.').map(|label| if label.contains("{s}") { "*".to_owned() } else { label.to_owned() }).collect();
    // A wildcard needs two labels after it (`*.example.com`, never `*.com`).
    let ok = labels.len() >= if labels[0] == "*" { 3 } else { 2 }
        && labels.iter().enumerate().all(|(i, l)| {
            (i == 0 && l == "*")
                || (!l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        });
    ok.then(|| format!("{scheme}://{}", labels.join(".")))
}

const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

/// Outside this box GCJ-02 equals WGS-84.
pub fn out_of_china(lat: f64, lng: f64) -> bool {
    !(72.004..=137.8347).contains(&lng) || !(0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn transform_lng(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// The GCJ-02 offset at a WGS-84 point, in degrees (lat, lng).
fn delta(lat: f64, lng: f64) -> (f64, f64) {
    let d_lat = transform_lat(lng - 105.0, lat - 35.0);
    let d_lng = transform_lng(lng - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lng = (d_lng * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI);
    (d_lat, d_lng)
}

/// WGS-84 → GCJ-02, degrees.
pub fn wgs_to_gcj(lat: f64, lng: f64) -> (f64, f64) {
    if out_of_china(lat, lng) {
        return (lat, lng);
    }
    let (d_lat, d_lng) = delta(lat, lng);
    (lat + d_lat, lng + d_lng)
}

/// GCJ-02 → WGS-84, degrees, by fixed-point iteration (within a few millimetres): the map
/// sends its visible box in the provider's datum and the database is searched in WGS-84.
pub fn gcj_to_wgs(lat: f64, lng: f64) -> (f64, f64) {
    if out_of_china(lat, lng) {
        return (lat, lng);
    }
    let (mut w_lat, mut w_lng) = (lat, lng);
    for _ in 0..10 {
        let (g_lat, g_lng) = wgs_to_gcj(w_lat, w_lng);
        let (e_lat, e_lng) = (g_lat - lat, g_lng - lng);
        w_lat -= e_lat;
        w_lng -= e_lng;
        if e_lat.abs() < 1e-9 && e_lng.abs() < 1e-9 {
            break;
        }
    }
    (w_lat, w_lng)
}

/// A stored point (WGS-84 microdegrees) in `datum`, microdegrees.
pub fn to_datum(datum: Datum, lat_e6: i64, lng_e6: i64) -> (i64, i64) {
    match datum {
        Datum::Wgs84 => (lat_e6, lng_e6),
        Datum::Gcj02 => {
            let (lat, lng) = wgs_to_gcj(lat_e6 as f64 / 1e6, lng_e6 as f64 / 1e6);
            ((lat * 1e6).round() as i64, (lng * 1e6).round() as i64)
        }
    }
}

/// A point given in `datum` (microdegrees) back in WGS-84 microdegrees.
pub fn from_datum(datum: Datum, lat_e6: i64, lng_e6: i64) -> (i64, i64) {
    match datum {
        Datum::Wgs84 => (lat_e6, lng_e6),
        Datum::Gcj02 => {
            let (lat, lng) = gcj_to_wgs(lat_e6 as f64 / 1e6, lng_e6 as f64 / 1e6);
            ((lat * 1e6).round() as i64, (lng * 1e6).round() as i64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference pairs (WGS-84 → GCJ-02) from the test suite of eviltransform
    /// (github.com/googollee/eviltransform), an independent implementation: Shanghai,
    /// Shenzhen, Beijing.
    const REFERENCE: [(f64, f64, f64, f64); 3] = [
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
    ];

    #[test]
    fn the_shift_matches_reference_points() {
        for (w_lat, w_lng, g_lat, g_lng) in REFERENCE {
            let (lat, lng) = wgs_to_gcj(w_lat, w_lng);
            assert!((lat - g_lat).abs() < 1e-6 && (lng - g_lng).abs() < 1e-6, "{w_lat},{w_lng} → {lat},{lng}");
            // The offset is hundreds of metres, not nothing.
            assert!((lng - w_lng).abs() > 0.003);
        }
    }

    #[test]
    fn the_inverse_returns_the_original_point() {
        for (w_lat, w_lng, g_lat, g_lng) in REFERENCE {
            let (lat, lng) = gcj_to_wgs(g_lat, g_lng);
            assert!((lat - w_lat).abs() < 1e-7 && (lng - w_lng).abs() < 1e-7, "{lat},{lng}");
        }
        let (lat, lng) = from_datum(Datum::Gcj02, 31_706_000, 119_942_000);
        assert_eq!(to_datum(Datum::Gcj02, lat, lng), (31_706_000, 119_942_000));
    }

    #[test]
    fn the_tile_host_becomes_one_policy_source() {
        assert_eq!(
            tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            tile_source("https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}").as_deref(),
            Some("https://*.is.autonavi.com")
        );
        assert_eq!(
            tile_source("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY").as_deref(),
            Some("https://*.tianditu.gov.cn")
        );
        assert_eq!(tile_source("javascript:alert(1)"), None);
        assert_eq!(tile_source("https://a.com; script-src *"), None);
        assert_eq!(tile_source("https://{s}.com/x"), None);
    }

    #[test]
    fn nothing_moves_outside_china_or_for_wgs84_tiles() {
        assert_eq!(wgs_to_gcj(51.5007, -0.1246), (51.5007, -0.1246));
        assert_eq!(wgs_to_gcj(35.6586, 139.7454), (35.6586, 139.7454));
        assert_eq!(to_datum(Datum::Wgs84, 31_706_000, 119_942_000), (31_706_000, 119_942_000));
        assert_eq!(Datum::parse("GCJ-02"), Some(Datum::Gcj02));
        assert_eq!(Datum::parse("cgcs2000"), Some(Datum::Wgs84));
        assert_eq!(Datum::parse("bd09"), None);
    }
}
