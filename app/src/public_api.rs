//! The public read-only HTTP API (F-63): JSON under `/api/v1/` for activities, organisations
//! and projects, and its OpenAPI document at `/api/openapi.json`. The document is derived from
//! the handlers and types below, so it cannot drift from what is served.
//!
//! Only what the public pages already show leaves here: approved organisations with their
//! published activities (cancelled ones by id, never drafts) and projects; nothing of an
//! organisation that is pending, rejected or closed. No volunteer's personal data is reachable.
//! Every bad parameter is a 400 with a JSON body naming it — never a 500 — because integrators
//! read these bodies, not log files.
mod checks;
mod handlers;
mod types;
mod venues;

pub use types::*;

use crate::activities::model::{Phase, MODE};
use crate::activities::views::{ActivitySummary, ProjectSummary};
use crate::codes::SERVICE_CATEGORY;
use crate::state::AppState;
use axum::routing::{get, MethodRouter};
use utoipa::OpenApi;

/// The API's routes as (path, handler), mounted by the site's router; listed rather than built
/// into a `Router` so the authorisation matrix test can read exactly what is served.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/openapi.json", get(handlers::openapi_json)),
        ("/api/v1/activities", get(handlers::activities)),
        ("/api/v1/activities/{id}", get(handlers::activity)),
        ("/api/v1/organisations", get(handlers::organisations)),
        ("/api/v1/organisations/{id}", get(handlers::organisation)),
        ("/api/v1/projects", get(handlers::projects)),
        ("/api/v1/projects/{id}", get(handlers::project)),
        ("/api/v1/certificates/{code}", get(handlers::certificate)),
        ("/api/v1/venues", get(venues::venues)),
        ("/api/v1/venues/{id}", get(venues::venue)),
        ("/api/v1/map", get(venues::map)),
    ]
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "sciserve public API",
        version = "1",
        description = "科技志愿服务平台的公开只读接口：已发布的活动、已审核通过的组织和服务项目，返回 JSON。\
无需登录；允许跨域（`Access-Control-Allow-Origin: *`）；响应可缓存 60 秒。\n\n\
Public read-only API of the science volunteer service platform: published activities, approved \
organisations and projects, as JSON. No authentication; cross-origin requests are allowed; \
responses may be cached for 60 seconds.\n\n\
* 时间 / Times: `*_at` 为自 1970-01-01T00:00:00Z 起的微秒数（UTC）；`*_at_iso` 为同一时刻的 RFC 3339 \
文本（北京时间 +08:00）。`*_at` integers are microseconds since the Unix epoch (UTC); `*_at_iso` \
strings are the same instants in RFC 3339 at UTC+08:00.\n\
* 分页 / Paging: 列表返回 `next` 游标，作为 `after` 传回即得下一页；`next` 为 null 表示没有更多。\
Lists return an opaque `next` cursor: pass it back as `after` for the next page; null means the last page.\n\
* 错误 / Errors: `{\"error\": \"invalid_parameter\" | \"not_found\" | \"internal_error\", \"parameter\": …, \"message\": …}`.\n\
* 地区代码 / Region codes: GB/T 2260（省 2 位、市 4 位、县 6 位 / province 2, city 4, county 6 digits)."
    ),
    paths(
        handlers::activities,
        handlers::activity,
        handlers::organisations,
        handlers::organisation,
        handlers::projects,
        handlers::project,
        handlers::certificate,
        venues::venues,
        venues::venue,
        venues::map,
        handlers::openapi_json
    ),
    components(schemas(
        ActivitySummary,
        ProjectSummary,
        crate::records::certificates::model::CertificateFacts,
        crate::records::certificates::model::Scope,
        crate::records::certificates::model::CertificateStatus,
        crate::venues::views::VenueSummary,
        crate::venues::views::PlaceActivity,
        crate::venues::views::MapItem,
        crate::venues::views::MapData,
        venues::VenueItem,
        venues::VenueList,
        venues::VenueFull
    )),
    modifiers(&Refine),
    tags(
        (name = "activities", description = "志愿服务活动 / Volunteer activities"),
        (name = "organisations", description = "志愿服务组织（已审核通过）/ Approved volunteer organisations"),
        (name = "projects", description = "志愿服务项目 / Projects grouping recurring activities"),
        (name = "certificates", description = "志愿服务记录证明核验 / Verifying service record certificates"),
        (name = "venues", description = "服务阵地和地图 / Service venues and the map"),
        (name = "meta", description = "本接口的描述 / This API's description"),
    )
)]
pub struct ApiDoc;

/// Completes the generated document at run time: the closed code lists go into the parameters
/// that take them (from the lists the validators use, so the document states exactly what is
/// accepted), and the shared `ActivitySummary` schema gets the units its fields are in.
struct Refine;

impl utoipa::Modify for Refine {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{schema::Type, ObjectBuilder, RefOr, Schema};
        let lists: [(&str, Vec<(&str, &str)>); 4] = [
            ("category", SERVICE_CATEGORY.items.iter().map(|c| (c.code, c.zh)).collect()),
            ("mode", MODE.items.iter().map(|c| (c.code, c.zh)).collect()),
            ("phase", Phase::FILTERABLE.iter().map(|p| (p.code(), phase_label(*p))).collect()),
            ("kind", crate::venues::model::VENUE_KIND.items.iter().map(|c| (c.code, c.zh)).collect()),
        ];
        for item in openapi.paths.paths.values_mut() {
            let Some(parameters) = item.get.as_mut().and_then(|op| op.parameters.as_mut()) else { continue };
            for parameter in parameters.iter_mut() {
                let RefOr::T(parameter) = parameter else { continue };
                let Some((_, codes)) = lists.iter().find(|(name, _)| *name == parameter.name) else { continue };
                let listed =
                    codes.iter().map(|(code, label)| format!("`{code}` {label}")).collect::<Vec<_>>().join(", ");
                let description = parameter.description.take().unwrap_or_default();
                parameter.description = Some(format!("{description}\n\n{listed}"));
                parameter.schema = Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(codes.iter().map(|(code, _)| *code)))
                        .into(),
                );
            }
        }
        let summary = openapi.components.as_mut().and_then(|c| c.schemas.get_mut("ActivitySummary"));
        let Some(RefOr::T(Schema::Object(summary))) = summary else { return };
        const MICROS: &str = "Microseconds since the epoch, UTC.";
        let notes = [
            ("ends_at", MICROS),
            ("signup_opens_at", MICROS),
            ("signup_closes_at", MICROS),
            ("phase", "Where the activity stands, from the clock (cancelled is stored)."),
            ("capacity", "Volunteers needed."),
            ("confirmed", "Places taken."),
            ("waitlisted", "People waiting for a place."),
            ("lat_e6", "Latitude × 10⁶ (WGS 84)."),
            ("lng_e6", "Longitude × 10⁶ (WGS 84)."),
        ];
        for (field, note) in notes {
            if let Some(RefOr::T(Schema::Object(property))) = summary.properties.get_mut(field) {
                property.description.get_or_insert_with(|| note.to_owned());
            }
        }
        if let Some(RefOr::T(Schema::Object(phase))) = summary.properties.get_mut("phase") {
            let codes = ["not_open", "recruiting", "signup_closed", "in_progress", "ended", "cancelled"];
            debug_assert!(codes.iter().all(|c| Phase::from_code(c).is_some()));
            phase.enum_values = Some(codes.iter().map(|c| serde_json::Value::from(*c)).collect());
        }
    }
}

fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::Recruiting => "报名中 / recruiting",
        Phase::SignupClosed => "报名结束 / sign-up closed",
        Phase::InProgress => "活动中 / in progress",
        Phase::Ended => "活动结束 / ended",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_names_every_endpoint_and_the_code_lists() {
        let doc: serde_json::Value = serde_json::from_str(&ApiDoc::openapi().to_json().unwrap()).unwrap();
        let paths =
            ["/api/v1/activities", "/api/v1/activities/{id}", "/api/v1/organisations", "/api/v1/organisations/{id}"];
        let more = ["/api/v1/projects", "/api/v1/projects/{id}", "/api/v1/certificates/{code}", "/api/openapi.json"];
        let more = more.into_iter().chain(["/api/v1/venues", "/api/v1/venues/{id}", "/api/v1/map"]);
        for path in paths.into_iter().chain(more) {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }
        let params = doc["paths"]["/api/v1/activities"]["get"]["parameters"].as_array().unwrap();
        let mode = params.iter().find(|p| p["name"] == "mode").unwrap();
        assert_eq!(mode["schema"]["enum"], serde_json::json!(["offline", "online", "hybrid"]));
        for schema in ["ActivitySummary", "ActivityItem", "ActivityFull", "Organisation", "ProjectSummary", "ApiError"]
        {
            assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
        }
        let summary = &doc["components"]["schemas"]["ActivitySummary"]["properties"];
        assert_eq!(summary["ends_at"]["description"], "Microseconds since the epoch, UTC.");
        assert_eq!(summary["phase"]["enum"][0], "not_open");
    }
}
