//! What the public API answers with and the query parameters it reads. These derive the
//! OpenAPI schemas; the doc comments are the descriptions integrators see.
use crate::activities::views::{ActivitySummary, ProjectSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An error. `error` is `invalid_parameter` (400), `not_found` (404) or `internal_error` (500).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    pub error: String,
    /// The query or path parameter at fault, for `invalid_parameter`.
    pub parameter: Option<String>,
    /// What went wrong, in Chinese and English.
    pub message: String,
}

/// An id with its display name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NamedId {
    pub id: i64,
    pub name: String,
}

/// An activity as listed. `*_at` integers (here and in the summary) are microseconds since
/// the Unix epoch, UTC; the `*_at_iso` strings are the same instants in RFC 3339 at UTC+08:00.
/// `phase` is one of not_open, recruiting, signup_closed, in_progress, ended, cancelled.
/// `lat_e6`/`lng_e6` are degrees × 10⁶ (WGS 84).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActivityItem {
    #[serde(flatten)]
    pub summary: ActivitySummary,
    #[schema(format = DateTime)]
    pub starts_at_iso: String,
    #[schema(format = DateTime)]
    pub ends_at_iso: String,
    #[schema(format = DateTime)]
    pub signup_opens_at_iso: String,
    #[schema(format = DateTime)]
    pub signup_closes_at_iso: String,
    /// The activity's page on the site.
    pub url: String,
}

/// A page of activities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActivityList {
    pub items: Vec<ActivityItem>,
    /// Pass as `after` for the next page; null on the last page.
    pub next: Option<String>,
    /// The full address of the next page (same filters); null on the last page.
    pub next_url: Option<String>,
}

/// The plan of an activity (CVST 3 §6.1.5); empty strings where the organiser wrote nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActivityPlan {
    pub purpose: String,
    pub process: String,
    pub support: String,
    pub funding: String,
    pub emergency_plan: String,
    pub publicity: String,
}

/// One activity in full, as its public page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActivityFull {
    #[serde(flatten)]
    pub activity: ActivityItem,
    /// published | cancelled
    pub status: String,
    pub project: Option<NamedId>,
    /// Content and form code (CVST 3 §5.2): outreach, training, education, health, safety.
    pub content_form: String,
    /// Service object codes (CVST 3 §5.1).
    pub service_objects: Vec<String>,
    /// Special groups served: minors, elderly, disabled.
    pub special_groups: Vec<String>,
    pub content: String,
    /// Confirmed volunteers may cancel until then (microseconds since the epoch, UTC).
    pub cancel_deadline_at: i64,
    #[schema(format = DateTime)]
    pub cancel_deadline_at_iso: String,
    /// Sign-ups wait for the organiser's approval.
    pub needs_approval: bool,
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    pub skills: String,
    pub qualification: String,
    pub training_required: bool,
    pub insurance_required: bool,
    /// Risks disclosed to volunteers (CVST 1 §4.1 d).
    pub risks: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub plan: ActivityPlan,
    /// Why it was cancelled, when it was.
    pub cancel_reason: String,
    /// Goes up by one with every edit after publication that volunteers were told about.
    pub version: i64,
    /// An online meeting link exists; the site shows it to volunteers who signed up.
    pub has_online_link: bool,
}

/// An approved organisation as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    /// 1 for a corps (总队), one more for each level below.
    pub level: u32,
    /// The configured name of the level, e.g. 总队, 支队, 大队.
    pub level_name: String,
    /// Region names, e.g. 江苏省 常州市 武进区.
    pub region: String,
    /// GB/T 2260 codes; empty below the region's depth.
    pub province: String,
    pub city: String,
    pub county: String,
    /// Service category codes.
    pub service_categories: Vec<String>,
    /// Active members of this organisation itself.
    pub members: i64,
    /// The organisation's page on the site.
    pub url: String,
}

/// A page of organisations, in id order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrganisationList {
    pub items: Vec<Organisation>,
    /// Pass as `after` for the next page; null on the last page.
    pub next: Option<String>,
    pub next_url: Option<String>,
}

/// One approved organisation in full, as its public page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OrganisationFull {
    #[serde(flatten)]
    pub organisation: Organisation,
    /// The managing organisation, absent for a corps.
    pub parent: Option<NamedId>,
    /// Every organisation above, the corps first and the parent last.
    pub path: Vec<NamedId>,
    /// Approved organisations directly below, by name (at most 200).
    pub children: Vec<Organisation>,
    pub civil_registered: bool,
    /// Supervisor type code (e.g. local_cast).
    pub supervisor_type: String,
    pub supervisor_name: String,
    /// YYYY-MM-DD, or empty.
    pub founded_on: String,
    pub service_scope: String,
    pub service_content: String,
    pub service_objects: String,
    pub service_requirements: String,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_unit: String,
}

/// A project with its totals. `served_minutes` sums the approved (weighted) service hours of its
/// activities; `served_people` counts the volunteers credited with them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Project {
    #[serde(flatten)]
    pub project: ProjectSummary,
    /// The project's page on the site.
    pub url: String,
}

/// Projects, newest first (at most 200).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProjectList {
    pub items: Vec<Project>,
}

// ---------------------------------------------------------------------------------------------
// Query parameters

/// Filters of `GET /api/v1/activities`. Empty values count as absent.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityParams {
    /// 关键词，匹配活动名称、内容和组织名称：至多 50 个字、5 个词，以空格或标点分隔的词须全部出现，
    /// 单个字母或数字忽略（单个汉字保留）/ Keyword over title, content and organisation name: at
    /// most 50 characters and 5 words, split at spaces and punctuation, every word must appear;
    /// a lone letter or digit is ignored (a lone Chinese character is a word).
    #[param(max_length = 50, example = "科普")]
    pub q: Option<String>,
    /// 省级代码 / Province code (2 digits).
    #[param(example = "32")]
    pub province: Option<String>,
    /// 市级代码 / City code (4 digits).
    #[param(example = "3204")]
    pub city: Option<String>,
    /// 县级代码 / County code (6 digits).
    #[param(example = "320412")]
    pub county: Option<String>,
    /// 服务类别 / Service category.
    pub category: Option<String>,
    /// 活动方式 / Mode.
    pub mode: Option<String>,
    /// 活动状态；不填为未结束的活动 / Phase; absent means every activity not yet ended.
    pub phase: Option<String>,
    /// 开始日期不早于（北京时间）/ Starting on or after this date (UTC+08:00), YYYY-MM-DD.
    #[param(format = Date, example = "2030-06-01")]
    pub from: Option<String>,
    /// 开始日期不晚于 / Starting on or before this date, YYYY-MM-DD.
    #[param(format = Date)]
    pub to: Option<String>,
    /// 所属项目 / Only this project's activities.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub project_id: Option<String>,
    /// 发布组织 / Only activities published by this organisation (not its sub-organisations).
    #[param(value_type = Option<i64>, minimum = 1)]
    pub org_id: Option<String>,
    /// 按距离排序的位置“纬度,经度”（十进制度，WGS 84）；此时只列出有坐标的活动 / Sort by distance from
    /// "lat,lng" in decimal degrees; only activities with coordinates are listed then.
    #[param(example = "31.7060,119.9420")]
    pub near: Option<String>,
    /// 上一页的 `next` / The previous page's `next` cursor.
    pub after: Option<String>,
    /// 每页条数 / Items per page.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50, default = 20)]
    pub limit: Option<String>,
}

/// Filters of `GET /api/v1/organisations`. Empty values count as absent.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationParams {
    /// 名称包含这些词（规则同活动关键词）/ Name contains these words (same rules as the activity
    /// keyword).
    #[param(max_length = 50)]
    pub q: Option<String>,
    /// 省级代码 / Province code (2 digits).
    pub province: Option<String>,
    /// 市级代码 / City code (4 digits).
    pub city: Option<String>,
    /// 县级代码 / County code (6 digits).
    pub county: Option<String>,
    /// 服务类别 / Service category.
    pub category: Option<String>,
    /// 上一页的 `next` / The previous page's `next` cursor.
    pub after: Option<String>,
    /// 每页条数 / Items per page.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50, default = 20)]
    pub limit: Option<String>,
}

/// Filters of `GET /api/v1/projects`.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectParams {
    /// 所属组织 / Only this organisation's projects.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub org_id: Option<String>,
}
