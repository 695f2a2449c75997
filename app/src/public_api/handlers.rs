//! The handlers: each checks its parameters, reads through the same repository code as the
//! pages, and maps the result into the API's own types.
use super::checks::*;
use super::types::*;
use crate::activities::files::site_base;
use crate::activities::model::{ActivityStatus, Phase, MODE};
use crate::activities::repo;
use crate::activities::views::{ActivityQuery, ActivitySummary, ProjectSummary};
use crate::codes::SERVICE_CATEGORY;
use crate::db::now_us;
use crate::error::AppError;
use crate::orgs::repo as orgs_repo;
use crate::orgs::views::OrgStatus;
use crate::state::AppState;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::OpenApi;

fn activity_item(summary: ActivitySummary, base: &str) -> ActivityItem {
    ActivityItem {
        starts_at_iso: iso(summary.starts_at),
        ends_at_iso: iso(summary.ends_at),
        signup_opens_at_iso: iso(summary.signup_opens_at),
        signup_closes_at_iso: iso(summary.signup_closes_at),
        url: format!("{base}/activities/{}", summary.id),
        summary,
    }
}

/// 活动列表 / List activities
///
/// 已发布的活动（不含草稿和已取消的），按开始时间排序（`phase=ended` 时由近及远），或给出 `near` 时
/// 按距离排序。/ Published activities (neither drafts nor cancelled ones), by start time (most
/// recent first for `phase=ended`), or by distance when `near` is given.
#[utoipa::path(
    get,
    path = "/api/v1/activities",
    tag = "activities",
    params(ActivityParams),
    responses(
        (status = 200, description = "一页活动 / A page of activities", body = ActivityList),
        (status = 400, description = "参数无效 / A parameter is invalid", body = ApiError),
    )
)]
pub async fn activities(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ActivityParams>, QueryRejection>,
) -> Response {
    respond(
        async {
            let Query(p) = params.map_err(bad_query)?;
            let position = near(&p.near)?;
            let (from, to) = (date("from", &p.from)?, date("to", &p.to)?);
            if !from.is_empty() && !to.is_empty() && from > to {
                return Err(invalid("to", "结束日期早于开始日期", "to is before from"));
            }
            let phase = trimmed(&p.phase);
            if !phase.is_empty() && !Phase::from_code(phase).is_some_and(|f| Phase::FILTERABLE.contains(&f)) {
                let codes = Phase::FILTERABLE.map(Phase::code).join(", ");
                return Err(invalid("phase", &format!("可选：{codes}"), &format!("must be one of: {codes}")));
            }
            let query = ActivityQuery {
                q: keyword(&p.q)?.0,
                province: region("province", &p.province, crate::regions::province)?,
                city: region("city", &p.city, crate::regions::city)?,
                county: region("county", &p.county, crate::regions::county)?,
                category: choice("category", &p.category, &SERVICE_CATEGORY)?,
                mode: choice("mode", &p.mode, &MODE)?,
                phase: phase.to_owned(),
                from,
                to,
                near_lat_e6: position.map(|p| p.0),
                near_lng_e6: position.map(|p| p.1),
                project_id: positive_id("project_id", &p.project_id)?,
                org_id: positive_id("org_id", &p.org_id)?,
                after: activity_cursor(&p.after, position.is_some())?,
            };
            let limit = limit(&p.limit)?;
            let mut conn = state.db.pool.acquire().await?;
            let page = repo::search_on(&mut conn, &query, now_us(), limit).await?;
            // Past the offset cap the repository would hand out the same page again.
            let next = page.next.filter(|n| {
                n.strip_prefix('d').and_then(|o| o.parse::<usize>().ok()).is_none_or(|o| o <= MAX_NEAR_OFFSET)
            });
            let base = site_base(&state, &headers);
            let filters = [
                ("q", query.q.clone()),
                ("province", query.province.clone()),
                ("city", query.city.clone()),
                ("county", query.county.clone()),
                ("category", query.category.clone()),
                ("mode", query.mode.clone()),
                ("phase", query.phase.clone()),
                ("from", query.from.clone()),
                ("to", query.to.clone()),
                ("project_id", query.project_id.map(|v| v.to_string()).unwrap_or_default()),
                ("org_id", query.org_id.map(|v| v.to_string()).unwrap_or_default()),
                ("near", trimmed(&p.near).to_owned()),
            ];
            Ok(ActivityList {
                next_url: next.as_deref().map(|n| next_url(&base, "/api/v1/activities", &filters, n, limit)),
                next,
                items: page.items.into_iter().map(|s| activity_item(s, &base)).collect(),
            })
        }
        .await,
    )
}

/// 活动详情 / One activity
///
/// 已发布或已取消的活动；草稿和未开放组织的活动返回 404。/ A published or cancelled activity;
/// drafts and the activities of organisations that are not open are 404.
#[utoipa::path(
    get,
    path = "/api/v1/activities/{id}",
    tag = "activities",
    params(("id" = i64, Path, description = "活动编号 / Activity id", minimum = 1)),
    responses(
        (status = 200, description = "活动 / The activity", body = ActivityFull),
        (status = 404, description = "没有这项活动 / No such public activity", body = ApiError),
    )
)]
pub async fn activity(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    respond(
        async {
            let id = path_id(id)?;
            let mut conn = state.db.pool.acquire().await?;
            let d = repo::detail(&mut conn, id, now_us()).await?;
            if d.status == ActivityStatus::Draft || !orgs_repo::is_approved(&mut conn, d.summary.org_id).await? {
                return Err(not_found());
            }
            let plan_of =
                |field: &str| d.plan.iter().find(|(f, _)| f == field).map(|(_, v)| v.clone()).unwrap_or_default();
            debug_assert_eq!(crate::activities::model::PLAN_FIELDS.len(), 6, "ActivityPlan names every plan field");
            let plan = ActivityPlan {
                purpose: plan_of("purpose"),
                process: plan_of("process"),
                support: plan_of("support"),
                funding: plan_of("funding"),
                emergency_plan: plan_of("emergency_plan"),
                publicity: plan_of("publicity"),
            };
            Ok(ActivityFull {
                activity: activity_item(d.summary.clone(), &site_base(&state, &headers)),
                status: d.status.code().to_owned(),
                project: d.project.clone().map(|(id, name)| NamedId { id, name }),
                content_form: d.content_form.clone(),
                service_objects: d.service_objects.clone(),
                special_groups: d.special_groups.clone(),
                content: d.content.clone(),
                cancel_deadline_at: d.cancel_deadline_at,
                cancel_deadline_at_iso: iso(d.cancel_deadline_at),
                needs_approval: d.needs_approval,
                min_age: d.min_age,
                max_age: d.max_age,
                skills: d.skills.clone(),
                qualification: d.qualification.clone(),
                training_required: d.training_required,
                insurance_required: d.insurance_required,
                risks: d.risks.clone(),
                contact_name: d.contact_name.clone(),
                contact_phone: d.contact_phone.clone(),
                plan,
                cancel_reason: d.cancel_reason.clone(),
                version: d.version,
                has_online_link: !d.online_link.is_empty(),
            })
        }
        .await,
    )
}

// ---------------------------------------------------------------------------------------------
// Organisations

fn organisation_item(o: orgs_repo::Listed, base: &str) -> Organisation {
    let s = o.summary;
    Organisation {
        url: format!("{base}/orgs/{}", s.id),
        id: s.id,
        name: s.name,
        level: s.level,
        level_name: s.level_name,
        region: s.region,
        province: o.province,
        city: o.city,
        county: o.county,
        service_categories: s.service_categories,
        members: s.members,
    }
}

/// 组织列表 / List organisations
///
/// 已审核通过的志愿服务组织，按编号排序。/ Approved organisations in id order.
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "organisations",
    params(OrganisationParams),
    responses(
        (status = 200, description = "一页组织 / A page of organisations", body = OrganisationList),
        (status = 400, description = "参数无效 / A parameter is invalid", body = ApiError),
    )
)]
pub async fn organisations(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<OrganisationParams>, QueryRejection>,
) -> Response {
    respond(
        async {
            let Query(p) = params.map_err(bad_query)?;
            let (q_text, q) = keyword(&p.q)?;
            let filters = [
                ("q", q_text),
                ("province", region("province", &p.province, crate::regions::province)?),
                ("city", region("city", &p.city, crate::regions::city)?),
                ("county", region("county", &p.county, crate::regions::county)?),
                ("category", choice("category", &p.category, &SERVICE_CATEGORY)?),
            ];
            let after = positive_id("after", &p.after)?.unwrap_or(0);
            let limit = limit(&p.limit)?;
            let [_, province, city, county, category] = filters.each_ref().map(|(_, value)| value.as_str());
            let query = orgs_repo::DirectoryQuery { q, province, city, county, category, after, limit };
            let (found, next) = orgs_repo::directory(&state.db, &query, &state.policy.level_names).await?;
            let next = next.map(|id| id.to_string());
            let base = site_base(&state, &headers);
            let items = found.into_iter().map(|o| organisation_item(o, &base)).collect();
            Ok(OrganisationList {
                next_url: next.as_deref().map(|n| next_url(&base, "/api/v1/organisations", &filters, n, limit)),
                next,
                items,
            })
        }
        .await,
    )
}

/// 组织详情 / One organisation
///
/// 已审核通过的组织；其他状态返回 404。/ An approved organisation; any other is 404.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{id}",
    tag = "organisations",
    params(("id" = i64, Path, description = "组织编号 / Organisation id", minimum = 1)),
    responses(
        (status = 200, description = "组织 / The organisation", body = OrganisationFull),
        (status = 404, description = "没有这个组织 / No such approved organisation", body = ApiError),
    )
)]
pub async fn organisation(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    respond(
        async {
            let id = path_id(id)?;
            let base = site_base(&state, &headers);
            let levels = &state.policy.level_names;
            let found = orgs_repo::find(&state.db, id, levels)
                .await?
                .filter(|o| o.listed.summary.status == OrgStatus::Approved)
                .ok_or(not_found())?;
            let path: Vec<NamedId> =
                orgs_repo::path(&state.db, id).await?.into_iter().map(|(id, name)| NamedId { id, name }).collect();
            let children = orgs_repo::children(&state.db, id, levels)
                .await?
                .into_iter()
                .map(|o| organisation_item(o, &base))
                .collect();
            let about = found.about;
            Ok(OrganisationFull {
                organisation: organisation_item(found.listed, &base),
                parent: path.last().cloned(),
                path,
                children,
                civil_registered: about.civil_registered,
                supervisor_type: about.supervisor_type,
                supervisor_name: about.supervisor_name,
                founded_on: about.founded_on,
                service_scope: about.service_scope,
                service_content: about.service_content,
                service_objects: about.service_objects,
                service_requirements: about.service_requirements,
                leader_name: about.leader_name,
                leader_title: about.leader_title,
                leader_unit: about.leader_unit,
            })
        }
        .await,
    )
}

// ---------------------------------------------------------------------------------------------
// Projects

fn project_item(project: ProjectSummary, base: &str) -> Project {
    Project { url: format!("{base}/projects/{}", project.id), project }
}

/// 项目列表 / List projects
///
/// 志愿服务项目及其累计数据，最新的在前，最多 200 个。/ Projects with their totals, newest first,
/// at most 200.
#[utoipa::path(
    get,
    path = "/api/v1/projects",
    tag = "projects",
    params(ProjectParams),
    responses(
        (status = 200, description = "项目 / Projects", body = ProjectList),
        (status = 400, description = "参数无效 / A parameter is invalid", body = ApiError),
    )
)]
pub async fn projects(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Query<ProjectParams>, QueryRejection>,
) -> Response {
    respond(
        async {
            let Query(p) = params.map_err(bad_query)?;
            let org = positive_id("org_id", &p.org_id)?;
            let base = site_base(&state, &headers);
            let items = repo::projects(&state.db, None, org, now_us(), true).await?;
            Ok(ProjectList { items: items.into_iter().map(|p| project_item(p, &base)).collect() })
        }
        .await,
    )
}

/// 项目详情 / One project
#[utoipa::path(
    get,
    path = "/api/v1/projects/{id}",
    tag = "projects",
    params(("id" = i64, Path, description = "项目编号 / Project id", minimum = 1)),
    responses(
        (status = 200, description = "项目 / The project", body = Project),
        (status = 404, description = "没有这个项目 / No such project", body = ApiError),
    )
)]
pub async fn project(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    respond(
        async {
            let id = path_id(id)?;
            let found = repo::projects(&state.db, Some(id), None, now_us(), true)
                .await?
                .into_iter()
                .next()
                .ok_or(not_found())?;
            Ok(project_item(found, &site_base(&state, &headers)))
        }
        .await,
    )
}

// ---------------------------------------------------------------------------------------------
// The description

/// 接口描述 / This document
///
/// 本接口的 OpenAPI 描述。/ The OpenAPI description of this API.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "OpenAPI 文档 / The OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi_json() -> Response {
    static DOCUMENT: OnceLock<Result<String, String>> = OnceLock::new();
    match DOCUMENT.get_or_init(|| super::ApiDoc::openapi().to_json().map_err(|e| e.to_string())) {
        Ok(json) => with_headers(
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], json.clone()).into_response(),
            "public, max-age=300",
        ),
        Err(e) => Failure::App(AppError::internal(e)).into_response(),
    }
}

/// 核验志愿服务记录证明 / Verify a service record certificate
///
/// 证明上印的验证码（大小写、空格和连字符不计）所对应证明的内容与当前状态：有效、记录已变更
/// （出具后所涵盖的时长有更正、撤销或新增）或已撤销。持有人姓名部分隐去。验证码是平台密钥对证明
/// 内容的签名（120 位），无法伪造或猜测；被篡改的证明查不到。/ What the certificate with this
/// printed code (case, spaces and dashes ignored) states, and its status now: valid, changed
/// (the hours it covers were corrected, declined or added to since issue) or revoked. The
/// holder's name is masked. The code is the platform's keyed signature (120 bits) of the
/// certificate's content: it cannot be forged or guessed, and an altered certificate is not found.
#[utoipa::path(
    get,
    path = "/api/v1/certificates/{code}",
    tag = "certificates",
    params(("code" = String, Path, description = "验证码 / Verification code, 24 characters")),
    responses(
        (status = 200, description = "证明 / The certificate", body = crate::records::certificates::model::CertificateFacts),
        (status = 404, description = "没有这份证明 / No such certificate", body = ApiError),
    )
)]
pub async fn certificate(State(state): State<AppState>, code: Result<Path<String>, PathRejection>) -> Response {
    use crate::records::certificates::repo;
    let result = async {
        let Path(code) = code.map_err(|_| not_found())?;
        let mut conn = state.db.pool.acquire().await?;
        let stored = repo::verified(&mut conn, &state.keys, &code).await?;
        Ok::<_, super::checks::Failure>(repo::facts(&mut conn, &stored).await?)
    }
    .await;
    match result {
        // A revocation shows at once: not cached.
        Ok(facts) => with_headers(axum::Json(facts).into_response(), "no-store"),
        Err(failure) => failure.into_response(),
    }
}
