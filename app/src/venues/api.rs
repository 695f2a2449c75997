//! Server functions for venues (F-40) and the map's list (F-41). Staff register and keep up the
//! venues of their organisation's subtree; everyone reads open venues.
use crate::error::AppError;
use crate::venues::model::VenueInput;
use crate::venues::views::{MapList, TileConfig, VenueDetail, VenueSummary};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    db::now_us,
    http, scope,
    state::app_state,
    validation::Invalid,
    venues::{
        repo,
        views::{BoundingBox, Layer, MapQuery},
    },
};

/// What the venue form offers: the organisations the person manages, and for an edit the
/// stored values and whether the venue is retired.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueFormContext {
    pub orgs: Vec<(i64, String)>,
    pub input: Option<VenueInput>,
    pub retired: bool,
}

/// The form's context; for an edit only staff over the venue's organisation get it.
#[server(endpoint = "venues/form-context")]
pub async fn venue_form(venue_id: Option<i64>) -> Result<VenueFormContext, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let mut context = VenueFormContext { orgs: repo::managed_orgs(&mut conn, uid).await?, ..Default::default() };
    if let Some(id) = venue_id {
        let org_id = repo::org_of(&mut conn, id).await?;
        scope::require_manage(&state.db, uid, org_id).await?;
        let (detail, _) = repo::detail(&mut conn, id, now_us()).await?;
        context.retired = detail.summary.retired;
        context.input = Some(repo::stored_input(&mut conn, id).await?);
    }
    Ok(context)
}

/// Creates (`id` empty) or updates a venue. The person must manage the venue's organisation —
/// for an edit both the one it has and the one it is given — or the answer is 403 and nothing
/// is stored.
#[server(endpoint = "venues/save", input = Json)]
pub async fn save_venue(id: Option<i64>, input: VenueInput) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let valid = input.validate()?;
    let mut tx = state.db.begin().await?;
    if let Some(id) = id {
        let current = repo::org_of(&mut tx, id).await?;
        scope::require_manage(&state.db, uid, current).await?;
    }
    scope::require_manage(&state.db, uid, valid.org_id).await?;
    let exists = sqlx::query("SELECT 1 AS hit FROM organisations WHERE id = $1")
        .bind(valid.org_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !exists {
        return Err(AppError::field("org_id", Invalid::NotInList));
    }
    let now = now_us();
    let id = match id {
        Some(id) => {
            repo::update(&mut tx, id, &valid, now).await?;
            id
        }
        None => repo::insert(&mut tx, &valid, Some(uid), now).await?,
    };
    tx.commit().await?;
    Ok(id)
}

/// Retires a venue (it leaves the lists and the map; nothing is deleted) or reopens it.
#[server(endpoint = "venues/retire")]
pub async fn retire_venue(id: i64, retired: bool) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let org_id = repo::org_of(&mut conn, id).await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    repo::set_retired(&mut conn, id, retired, now_us()).await
}

/// The venues of an organisation's subtree (the console's 服务阵地 tab).
#[server(endpoint = "venues/of-org")]
pub async fn org_venues(org_id: i64) -> Result<Vec<VenueSummary>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::of_subtree(&mut conn, org_id).await
}

/// A venue's page. Open venues of approved organisations are public; a retired venue or one of
/// an organisation that is not open only to those who manage it (404 for everyone else).
#[server(endpoint = "venues/detail")]
pub async fn get_venue(id: i64) -> Result<VenueDetail, AppError> {
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let (mut detail, approved) = repo::detail(&mut conn, id, now_us()).await?;
    let can_manage = match uid {
        Some(uid) => scope::role_over(&state.db, uid, detail.summary.org_id).await?.is_some(),
        None => false,
    };
    if !can_manage && (detail.summary.retired || !approved) {
        return Err(AppError::NotFound);
    }
    detail.can_manage = can_manage;
    Ok(detail)
}

/// The map page's data: the tiles to draw on and the server-rendered list of the same box and
/// filters, for phones without JavaScript or without tiles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapView {
    pub tiles: TileConfig,
    pub list: MapList,
    /// The filters as understood (empty where a value was not recognised).
    pub kind: String,
    pub category: String,
    pub layer: String,
    /// `west,south,east,north` of the box listed.
    pub bbox: String,
}

/// How many of each the list under the map shows.
pub const MAP_LIST_LIMIT: i64 = 50;

/// The list under the map for a box (`west,south,east,north`; empty: all of China) and filters.
/// Unknown filter values are ignored rather than refused: the page is a public landing.
#[server(endpoint = "venues/map-list")]
pub async fn map_page_data(kind: String, category: String, layer: String, bbox: String) -> Result<MapView, AppError> {
    let state = app_state()?;
    let kind =
        if crate::venues::model::VENUE_KIND.contains(kind.trim()) { kind.trim().to_owned() } else { String::new() };
    let category = if crate::codes::SERVICE_CATEGORY.contains(category.trim()) {
        category.trim().to_owned()
    } else {
        String::new()
    };
    let layer = Layer::parse(&layer).unwrap_or_default();
    let bbox = BoundingBox::parse(&bbox).unwrap_or(BoundingBox::CHINA);
    let query = MapQuery { bbox, zoom: 4, kind: kind.clone(), category: category.clone(), layer };
    let mut conn = state.db.pool.acquire().await?;
    let list = repo::map_list(&mut conn, &query, now_us(), MAP_LIST_LIMIT).await?;
    let tiles = &state.policy.map_tiles;
    Ok(MapView {
        tiles: TileConfig {
            url: tiles.url.clone(),
            attribution: tiles.attribution.clone(),
            subdomains: tiles.subdomains.clone(),
            datum: tiles.datum.clone(),
        },
        list,
        kind,
        category,
        layer: layer.code().to_owned(),
        bbox: bbox.to_param(),
    })
}
