//! The venue endpoints of the public API (F-40, F-41, F-63): open venues of approved
//! organisations, one venue with its upcoming activities, and the map's grouped markers.
use super::checks::*;
use crate::db::now_us;
use crate::http::site_base;
use crate::state::AppState;
use crate::venues::geo::{from_datum, to_datum, Datum};
use crate::venues::model::VENUE_KIND;
use crate::venues::repo::{self, VenueFilter};
use crate::venues::views::{BoundingBox, Layer, MapData, MapQuery, PlaceActivity, VenuePhoto, VenueSummary};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One venue in a list, with the address of its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VenueItem {
    #[serde(flatten)]
    pub venue: VenueSummary,
    pub url: String,
}

/// A page of venues, in id order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VenueList {
    pub items: Vec<VenueItem>,
    /// Pass as `after` for the next page; null on the last page.
    pub next: Option<String>,
    pub next_url: Option<String>,
}

/// One venue in full, with the published activities held there that have not ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VenueFull {
    #[serde(flatten)]
    pub venue: VenueItem,
    pub description: String,
    pub online_link: String,
    pub facilities: String,
    pub opening_hours: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub upcoming: Vec<PlaceActivity>,
    /// The photos shown on the venue's page, first the one its page shares; `url` is absolute.
    pub photos: Vec<VenuePhoto>,
}

/// Filters of `GET /api/v1/venues`. Empty values count as absent.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VenueParams {
    /// 阵地类型 / Venue kind (CVST 5 §4).
    pub kind: Option<String>,
    /// 省级代码 / Province code (2 digits).
    pub province: Option<String>,
    /// 市级代码 / City code (4 digits).
    pub city: Option<String>,
    /// 县级代码 / County code (6 digits).
    pub county: Option<String>,
    /// 管理组织 / Only this organisation's venues.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub org_id: Option<String>,
    /// 范围：西,南,东,北（WGS-84 度）/ Box: west,south,east,north in WGS-84 degrees.
    #[param(example = "119.8,31.6,120.1,31.9")]
    pub bbox: Option<String>,
    /// 上一页返回的 `next` / The `next` of the previous page.
    pub after: Option<String>,
    /// 每页条数（1–50，默认 20）/ Items per page (1–50, default 20).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 50)]
    pub limit: Option<String>,
}

/// Parameters of `GET /api/v1/map`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapParams {
    /// 地图范围：西,南,东,北（`datum` 坐标系下的度；默认全国）/ The box shown: west,south,east,north
    /// in degrees of `datum` (default: all of China).
    #[param(example = "119.8,31.6,120.1,31.9")]
    pub bbox: Option<String>,
    /// 缩放级别 0–19（Leaflet），决定聚合网格大小 / Zoom 0–19 (Leaflet's), which sets the grid the
    /// points are grouped on.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 19)]
    pub zoom: Option<String>,
    /// 阵地类型 / Venue kind.
    pub kind: Option<String>,
    /// 活动服务类别 / Activities' service category.
    pub category: Option<String>,
    /// `all`（默认）、`venues` 或 `activities` / Which points: `all` (default), `venues`, `activities`.
    pub layer: Option<String>,
    /// 坐标系：`wgs84`（默认，也适用于天地图 CGCS2000）或 `gcj02`（高德、腾讯）；`bbox` 和返回的坐标
    /// 都在此坐标系下 / Datum of `bbox` and of the answer: `wgs84` (default; also right for
    /// 天地图's CGCS2000) or `gcj02` (AMap, Tencent).
    pub datum: Option<String>,
    /// 可选：纬度,经度（WGS-84，来自浏览器定位），换算到 `datum` 后返回 / Optional lat,lng (WGS-84,
    /// from the browser) returned converted to `datum` as `near_lat_e6`/`near_lng_e6`.
    pub near: Option<String>,
}

fn venue_item(venue: VenueSummary, base: &str) -> VenueItem {
    VenueItem { url: format!("{base}/venues/{}", venue.id), venue }
}

fn bbox_param(value: &Option<String>) -> Result<Option<BoundingBox>, Failure> {
    let raw = trimmed(value);
    if raw.is_empty() {
        return Ok(None);
    }
    BoundingBox::parse(raw).map(Some).ok_or_else(|| {
        invalid(
            "bbox",
            "范围应为“西,南,东,北”（度），如 119.8,31.6,120.1,31.9",
            "write the box as west,south,east,north in degrees, e.g. 119.8,31.6,120.1,31.9",
        )
    })
}

/// 服务阵地列表 / List venues
///
/// 已审核通过的组织管理、未停用的服务阵地，按编号排序。/ Open venues of approved organisations,
/// in id order.
#[utoipa::path(
    get,
    path = "/api/v1/venues",
    tag = "venues",
    params(VenueParams),
    responses(
        (status = 200, description = "一页服务阵地 / A page of venues", body = VenueList),
        (status = 400, description = "参数无效 / A parameter is invalid", body = super::ApiError),
    )
)]
pub async fn venues(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<VenueParams>, QueryRejection>,
) -> Response {
    respond(
        async {
            let Query(p) = params.map_err(bad_query)?;
            let filter = VenueFilter {
                kind: choice("kind", &p.kind, &VENUE_KIND)?,
                province: region("province", &p.province, crate::regions::province)?,
                city: region("city", &p.city, crate::regions::city)?,
                county: region("county", &p.county, crate::regions::county)?,
                org_id: positive_id("org_id", &p.org_id)?,
                bbox: bbox_param(&p.bbox)?,
                after: positive_id("after", &p.after)?,
            };
            let limit = limit(&p.limit)?;
            let mut conn = state.db.pool.acquire().await?;
            let mut found = repo::public_list(&mut conn, &filter, limit as i64).await?;
            let next = (found.len() > limit).then(|| {
                found.truncate(limit);
                found.last().map(|v| v.id.to_string()).unwrap_or_default()
            });
            let base = site_base(&state, &headers);
            let filters = [
                ("kind", filter.kind.clone()),
                ("province", filter.province.clone()),
                ("city", filter.city.clone()),
                ("county", filter.county.clone()),
                ("org_id", filter.org_id.map(|v| v.to_string()).unwrap_or_default()),
                ("bbox", filter.bbox.map(|b| b.to_param()).unwrap_or_default()),
            ];
            Ok(VenueList {
                next_url: next.as_deref().map(|n| next_url(&base, "/api/v1/venues", &filters, n, limit)),
                next,
                items: found.into_iter().map(|v| venue_item(v, &base)).collect(),
            })
        }
        .await,
    )
}

/// 服务阵地详情 / One venue
///
/// 未停用且管理组织已审核通过的服务阵地及其即将开展的活动；其他返回 404。/ An open venue of an
/// approved organisation with its upcoming activities; any other is 404.
#[utoipa::path(
    get,
    path = "/api/v1/venues/{id}",
    tag = "venues",
    params(("id" = i64, Path, description = "阵地编号 / Venue id", minimum = 1)),
    responses(
        (status = 200, description = "服务阵地 / The venue", body = VenueFull),
        (status = 404, description = "没有这个服务阵地 / No such open venue", body = super::ApiError),
    )
)]
pub async fn venue(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    respond(
        async {
            let id = path_id(id)?;
            let mut conn = state.db.pool.acquire().await?;
            let (d, approved) = repo::detail(&mut conn, id, now_us()).await?;
            if d.summary.retired || !approved {
                return Err(not_found());
            }
            let base = site_base(&state, &headers);
            let photos = d.photos.into_iter().map(|p| VenuePhoto { url: format!("{base}{}", p.url), ..p }).collect();
            Ok(VenueFull {
                venue: venue_item(d.summary, &base),
                photos,
                description: d.description,
                online_link: d.online_link,
                facilities: d.facilities,
                opening_hours: d.opening_hours,
                contact_name: d.contact_name,
                contact_phone: d.contact_phone,
                upcoming: d.upcoming,
            })
        }
        .await,
    )
}

/// 地图数据 / Map markers
///
/// 范围内的服务阵地和即将开展（已发布、未结束）的活动，按缩放级别在服务器端以网格聚合：每个网格
/// 一个标记（`count` 个点的平均位置），只有一个点的标记带编号和名称。标记数不超过 4096 个/层。
/// / Venues and upcoming activities (published, not ended) inside the box, grouped on a grid
/// chosen by the zoom: one marker per cell at the mean of its `count` points; a marker of one
/// point carries its id and name. At most 4,096 markers per layer.
#[utoipa::path(
    get,
    path = "/api/v1/map",
    tag = "venues",
    params(MapParams),
    responses(
        (status = 200, description = "地图标记 / The markers", body = MapData),
        (status = 400, description = "参数无效 / A parameter is invalid", body = super::ApiError),
    )
)]
pub async fn map(State(state): State<AppState>, params: Result<Query<MapParams>, QueryRejection>) -> Response {
    respond(
        async {
            let Query(p) = params.map_err(bad_query)?;
            let datum = Datum::parse(trimmed(&p.datum))
                .ok_or_else(|| invalid("datum", "可选：wgs84, gcj02", "must be one of: wgs84, gcj02"))?;
            let zoom = match trimmed(&p.zoom) {
                "" => 4,
                raw => raw.parse::<u8>().ok().filter(|z| *z <= 19).ok_or_else(|| {
                    invalid("zoom", "zoom 须为 0 到 19 的整数", "zoom must be a whole number from 0 to 19")
                })?,
            };
            let layer = Layer::parse(trimmed(&p.layer)).ok_or_else(|| {
                invalid("layer", "可选：all, venues, activities", "must be one of: all, venues, activities")
            })?;
            let bbox = match bbox_param(&p.bbox)? {
                None => BoundingBox::CHINA,
                Some(b) => {
                    // The corners back in WGS-84; the shift is under a kilometre, so the box
                    // widens by a little to keep points near its edges.
                    let (south, west) = from_datum(datum, b.south, b.west);
                    let (north, east) = from_datum(datum, b.north, b.east);
                    let pad = if datum == Datum::Gcj02 { 10_000 } else { 0 };
                    BoundingBox { south: south - pad, west: west - pad, north: north + pad, east: east + pad }
                }
            };
            let near = near(&p.near)?;
            let query = MapQuery {
                bbox,
                zoom,
                kind: choice("kind", &p.kind, &VENUE_KIND)?,
                category: choice("category", &p.category, &crate::codes::SERVICE_CATEGORY)?,
                layer,
            };
            let mut data: MapData = crate::venues::map_points::map_data(&state, &query, datum, now_us()).await?;
            if let Some((lat, lng)) = near {
                let (lat, lng) = to_datum(datum, lat, lng);
                (data.near_lat_e6, data.near_lng_e6) = (Some(lat), Some(lng));
            }
            Ok(data)
        }
        .await,
    )
}
