//! What the venue pages, the map and the public API read.
use serde::{Deserialize, Serialize};

/// One venue in a list or on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VenueSummary {
    pub id: i64,
    /// The managing organisation.
    pub org_id: i64,
    pub org_name: String,
    /// A code of the venue kinds (CVST 5 §4).
    pub kind: String,
    pub name: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub address: String,
    /// Latitude × 10⁶ (WGS 84); absent for online platforms and hotlines.
    pub lat_e6: Option<i64>,
    /// Longitude × 10⁶ (WGS 84).
    pub lng_e6: Option<i64>,
    /// Retired venues stay readable by id but leave the lists and the map.
    pub retired: bool,
}

/// An upcoming activity held at a venue or shown on the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlaceActivity {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub org_name: String,
    /// Microseconds since the epoch, UTC.
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_id: Option<i64>,
    pub lat_e6: Option<i64>,
    pub lng_e6: Option<i64>,
}

/// A venue's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VenueDetail {
    pub summary: VenueSummary,
    pub description: String,
    pub online_link: String,
    pub facilities: String,
    pub opening_hours: String,
    pub contact_name: String,
    /// The venue's public contact number (a front desk, a hotline), as published.
    pub contact_phone: String,
    /// Published activities of open organisations held here that have not ended, soonest first.
    pub upcoming: Vec<PlaceActivity>,
    /// Whether the viewer may edit it (staff over the managing organisation's subtree).
    #[serde(default)]
    pub can_manage: bool,
    /// The photos shown, in the order added (the first is the page's `og:image`).
    #[serde(default)]
    pub photos: Vec<VenuePhoto>,
}

/// A photo of a venue, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VenuePhoto {
    pub id: i64,
    /// Where the image is served (`/venues/{id}/photos/{photo_id}`), on this site.
    pub url: String,
    /// The alt text staff wrote; empty when they wrote none (pages derive one from the name).
    pub caption: String,
    /// Pixel size read from the image's header, when it could be.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Which points the map shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    #[default]
    All,
    Venues,
    Activities,
}

impl Layer {
    pub fn parse(text: &str) -> Option<Layer> {
        match text.trim() {
            "" | "all" => Some(Layer::All),
            "venues" => Some(Layer::Venues),
            "activities" => Some(Layer::Activities),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Layer::All => "all",
            Layer::Venues => "venues",
            Layer::Activities => "activities",
        }
    }

    pub fn venues(self) -> bool {
        matches!(self, Layer::All | Layer::Venues)
    }

    pub fn activities(self) -> bool {
        matches!(self, Layer::All | Layer::Activities)
    }
}

/// A box on the map in WGS-84 microdegrees (south ≤ north, west ≤ east).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundingBox {
    pub south: i64,
    pub west: i64,
    pub north: i64,
    pub east: i64,
}

impl BoundingBox {
    /// Mainland China and its islands, roughly: what the map opens on.
    pub const CHINA: BoundingBox =
        BoundingBox { south: 18_000_000, west: 73_000_000, north: 54_000_000, east: 135_000_000 };

    /// `west,south,east,north` in decimal degrees (the order Leaflet's `toBBoxString` writes).
    pub fn parse(text: &str) -> Option<BoundingBox> {
        let parts: Vec<f64> = text.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().ok()?;
        let [west, south, east, north] = parts[..] else { return None };
        let ok = |v: f64, limit: f64| v.is_finite() && v.abs() <= limit;
        if !(ok(west, 180.0) && ok(east, 180.0) && ok(south, 90.0) && ok(north, 90.0)) || south > north || west > east {
            return None;
        }
        let e6 = |v: f64| (v * 1e6).round() as i64;
        Some(BoundingBox { south: e6(south), west: e6(west), north: e6(north), east: e6(east) })
    }

    pub fn to_param(self) -> String {
        let d = |v: i64| format!("{:.6}", v as f64 / 1e6);
        format!("{},{},{},{}", d(self.west), d(self.south), d(self.east), d(self.north))
    }

    pub fn contains(self, lat_e6: i64, lng_e6: i64) -> bool {
        (self.south..=self.north).contains(&lat_e6) && (self.west..=self.east).contains(&lng_e6)
    }
}

/// A map-data request: the box and zoom the map shows, and its filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapQuery {
    pub bbox: BoundingBox,
    /// Leaflet's zoom, 0 (the world) – 19 (a street).
    pub zoom: u8,
    /// A venue kind code, or empty for every kind.
    pub kind: String,
    /// A service category code of activities, or empty for every category.
    pub category: String,
    pub layer: Layer,
}

/// The finest zoom the server groups at; beyond it every point stands alone.
pub const MAX_CLUSTER_ZOOM: u8 = 17;
/// The most cells one answer may span: finer requests over bigger boxes are grouped coarser.
pub const MAX_CELLS: i64 = 4_096;

impl MapQuery {
    /// The side of one grid cell in microdegrees: a quarter of a 256-pixel tile at this zoom
    /// (about 64 screen pixels), made coarser until the box spans at most [`MAX_CELLS`] cells,
    /// so no request, however shaped, makes the server return more than that many items.
    pub fn cell_e6(&self) -> i64 {
        let zoom = self.zoom.min(MAX_CLUSTER_ZOOM) as u32;
        let mut cell = (90_000_000_i64 >> zoom).max(1);
        let height = self.bbox.north - self.bbox.south + 1;
        let width = self.bbox.east - self.bbox.west + 1;
        while (height / cell + 1) * (width / cell + 1) > MAX_CELLS {
            cell *= 2;
        }
        cell
    }
}

/// One marker: a lone point (with its id and name) or a group of `count` points at their mean
/// position. Coordinates in the datum asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapItem {
    /// `venue` or `activity`.
    pub layer: String,
    pub lat_e6: i64,
    pub lng_e6: i64,
    pub count: i64,
    /// The venue or activity, when the marker is one point.
    pub id: Option<i64>,
    pub name: Option<String>,
    /// The venue kind or the activity's service category, when the marker is one point.
    pub kind: Option<String>,
}

/// What the map draws for one box and zoom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapData {
    /// The grid cell's side in microdegrees the points were grouped by.
    pub cell_e6: i64,
    /// The datum of the coordinates: `wgs84` or `gcj02`.
    pub datum: String,
    /// Venues and activities inside the box (the sum of the markers' counts).
    pub venues: i64,
    pub activities: i64,
    pub items: Vec<MapItem>,
    /// The `near` position asked for, in the datum of the items (for "near me" on tiles that
    /// need shifted coordinates).
    pub near_lat_e6: Option<i64>,
    pub near_lng_e6: Option<i64>,
}

/// The list under the map: the same box and filters, nearest the box's centre first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapList {
    pub venues: Vec<VenueSummary>,
    pub activities: Vec<PlaceActivity>,
    pub venue_total: i64,
    pub activity_total: i64,
}

/// The tiles the map page draws on (configuration), sent to the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TileConfig {
    pub url: String,
    pub attribution: String,
    pub subdomains: String,
    /// `wgs84` or `gcj02`.
    pub datum: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(bbox: BoundingBox, zoom: u8) -> MapQuery {
        MapQuery { bbox, zoom, kind: String::new(), category: String::new(), layer: Layer::All }
    }

    #[test]
    fn a_cell_is_a_quarter_tile_and_no_box_spans_more_than_the_cell_limit() {
        let city = BoundingBox::parse("119.8,31.6,120.1,31.9").unwrap();
        assert_eq!(query(city, 12).cell_e6(), 90_000_000 >> 12);
        // The whole country at a street zoom is grouped coarser, never into millions of cells.
        for zoom in 0..=19 {
            let q = query(BoundingBox::CHINA, zoom);
            let cell = q.cell_e6();
            let cells = ((q.bbox.north - q.bbox.south) / cell + 1) * ((q.bbox.east - q.bbox.west) / cell + 1);
            assert!(cells <= MAX_CELLS, "zoom {zoom}: {cells} cells");
        }
    }

    #[test]
    fn boxes_are_read_west_south_east_north() {
        let b = BoundingBox::parse("119.8, 31.6, 120.1, 31.9").unwrap();
        assert_eq!((b.west, b.south, b.east, b.north), (119_800_000, 31_600_000, 120_100_000, 31_900_000));
        assert!(b.contains(31_706_000, 119_942_000));
        assert_eq!(BoundingBox::parse(&b.to_param()), Some(b));
        for bad in ["", "1,2,3", "120.1,31.6,119.8,31.9", "119.8,95,120.1,96", "a,b,c,d", "1,2,3,4,5"] {
            assert_eq!(BoundingBox::parse(bad), None, "{bad}");
        }
    }
}
