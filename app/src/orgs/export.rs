//! Downloads: the roster of the current filter as CSV or XLSX (F-15) and the two
//! collective-registration templates (F-16). Plain axum handlers, because a browser download
//! is a link, not a server-function call.
use crate::codes::{ChoiceList, SERVICE_CATEGORY, SERVICE_FIELD};
use crate::error::AppError;
use crate::http::UID_KEY;
use crate::orgs::import::ImportKind;
use crate::orgs::roster::ssr::page;
use crate::orgs::views::{RosterQuery, RosterRow};
use crate::scope;
use crate::sheets::{template_csv, template_xlsx, write_csv, write_xlsx};
use crate::state::AppState;
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sqlx::Row;
use std::collections::HashMap;
use tower_sessions::Session;

/// The most rows one export writes; a bigger subtree is exported by filter.
pub const MAX_EXPORT_ROWS: usize = 100_000;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    /// "1": unmasked phone and ID numbers, which only a POST gets (see [`masked_export`]).
    pub full: String,
}

fn labels(list: &ChoiceList, codes: &[String]) -> String {
    codes.iter().map(|c| list.get(c).map(|i| i.zh).unwrap_or(c.as_str())).collect::<Vec<_>>().join("、")
}

fn status_zh(row: &RosterRow) -> &'static str {
    use crate::orgs::views::MembershipStatus::*;
    match row.status {
        Pending => "待审核",
        Active => "在册",
        Declined => "未通过",
        Withdrawn => "已撤回",
        Left => "已退出",
        Removed => "已移出",
        Transferred => "已转出",
    }
}

const HEADERS: &[&str] = &[
    "志愿者编号",
    "姓名",
    "性别",
    "手机号",
    "身份证号",
    "所在组织",
    "所在区域",
    "服务类别",
    "服务领域或行业",
    "技能特长",
    "分类",
    "状态",
    "加入时间",
    "服务时长(小时)",
];

fn file_response(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = file_name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'.' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"export.{}\"; filename*=UTF-8''{encoded}",
                    file_name.rsplit('.').next().unwrap_or("bin")
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

async fn collect(
    state: &AppState,
    uid: i64,
    org_id: i64,
    mut query: RosterQuery,
    full: bool,
) -> Result<(String, Vec<Vec<String>>), AppError> {
    scope::require_manage(&state.db, uid, org_id).await?;
    if full {
        scope::require_admin(&state.db, uid, org_id).await?;
    }
    query.org_id = org_id;
    query.after.clear();
    let org_name: String = sqlx::query("SELECT name FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("name")?;
    let mut rows = Vec::new();
    // Whose unmasked numbers went into the file: each of them gets an audit entry.
    let mut exposed = Vec::new();
    loop {
        let batch = page(&state.db, &query, 1000).await?;
        let numbers = if full { unmasked(state, &batch.rows).await? } else { HashMap::new() };
        for r in &batch.rows {
            let (mobile, id_number) = match numbers.get(&r.volunteer_no) {
                Some((uid, mobile, id_number)) => {
                    exposed.push(*uid);
                    (mobile.clone(), id_number.clone())
                }
                None => (r.mobile_masked.clone(), String::new()),
            };
            rows.push(vec![
                r.volunteer_no.clone(),
                r.real_name.clone(),
                match r.gender.as_str() {
                    "male" => "男",
                    "female" => "女",
                    _ => "",
                }
                .to_owned(),
                mobile,
                id_number,
                r.org_name.clone(),
                r.region.clone(),
                labels(&SERVICE_CATEGORY, &r.service_categories),
                labels(&SERVICE_FIELD, &r.service_fields),
                r.skills.clone(),
                r.class.clone(),
                status_zh(r).to_owned(),
                r.joined_at.and_then(crate::clock::local).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                crate::ui::format::hours(r.hours_minutes),
            ]);
        }
        match batch.next {
            Some(next) if rows.len() < MAX_EXPORT_ROWS => query.after = next,
            _ => break,
        }
    }
    rows.truncate(MAX_EXPORT_ROWS);
    exposed.truncate(MAX_EXPORT_ROWS);
    if full {
        // One entry per person rather than one for the file, so each person's data download
        // shows who exported their numbers and when (F-05). No entry, no file.
        exposed.sort_unstable();
        exposed.dedup();
        let client = crate::http::client_addr(&state.policy).await;
        let detail = format!("roster export of {org_name} (org {org_id}): mobile,id_number");
        crate::audit::record_each(&state.db, uid, "export_personal_data", &exposed, &detail, &client).await?;
    }
    Ok((org_name, rows))
}

/// The account id and unmasked phone and ID numbers of one page of rows, by volunteer number,
/// in one query.
async fn unmasked(state: &AppState, rows: &[RosterRow]) -> Result<HashMap<String, (i64, String, String)>, AppError> {
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let placeholders: Vec<String> = (1..=rows.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT u.id, u.volunteer_no, u.mobile, p.id_number FROM users u LEFT JOIN profiles p ON p.user_id = u.id
         WHERE u.volunteer_no IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for r in rows {
        query = query.bind(r.volunteer_no.as_str());
    }
    let found = query.fetch_all(&state.db.pool).await?;
    found
        .iter()
        .map(|row| {
            Ok((
                row.try_get::<String, _>("volunteer_no")?,
                (
                    row.try_get::<i64, _>("id")?,
                    row.try_get::<String, _>("mobile")?,
                    row.try_get::<Option<String>, _>("id_number")?.unwrap_or_default(),
                ),
            ))
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// `GET /orgs/{id}/roster.csv?<roster filters>`: masked.
pub async fn roster_csv(
    State(state): State<AppState>,
    session: Session,
    Path(org_id): Path<i64>,
    Query(query): Query<RosterQuery>,
    Query(options): Query<ExportOptions>,
) -> Response {
    masked_export(state, session, org_id, "csv", query, options).await
}

/// `GET /orgs/{id}/roster.xlsx?<roster filters>`: masked.
pub async fn roster_xlsx(
    State(state): State<AppState>,
    session: Session,
    Path(org_id): Path<i64>,
    Query(query): Query<RosterQuery>,
    Query(options): Query<ExportOptions>,
) -> Response {
    masked_export(state, session, org_id, "xlsx", query, options).await
}

/// `POST /orgs/{id}/roster.csv` with the roster filters as form fields: unmasked.
pub async fn full_roster_csv(
    State(state): State<AppState>,
    session: Session,
    Path(org_id): Path<i64>,
    Form(query): Form<RosterQuery>,
) -> Response {
    roster_export(state, session, org_id, "csv", query, true).await
}

/// `POST /orgs/{id}/roster.xlsx` with the roster filters as form fields: unmasked.
pub async fn full_roster_xlsx(
    State(state): State<AppState>,
    session: Session,
    Path(org_id): Path<i64>,
    Form(query): Form<RosterQuery>,
) -> Response {
    roster_export(state, session, org_id, "xlsx", query, true).await
}

/// An unmasked export writes an audit entry in the admin's name, so it is not a link another
/// site could make the admin's browser follow: it is a POST, which only this site may send
/// (see `http::cross_site`). Old `?full=1` links are told so.
async fn masked_export(
    state: AppState,
    session: Session,
    org_id: i64,
    ext: &str,
    query: RosterQuery,
    options: ExportOptions,
) -> Response {
    if options.full == "1" {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "unmasked exports are posted from the roster page",
        )
            .into_response();
    }
    roster_export(state, session, org_id, ext, query, false).await
}

async fn roster_export(
    state: AppState,
    session: Session,
    org_id: i64,
    ext: &str,
    query: RosterQuery,
    full: bool,
) -> Response {
    let Ok(Some(uid)) = session.get::<i64>(UID_KEY).await else {
        return AppError::Unauthenticated.into_response();
    };
    let (org_name, rows) = match collect(&state, uid, org_id, query, full).await {
        Ok(data) => data,
        Err(e) => return e.into_response(),
    };
    let mut headers: Vec<&str> = HEADERS.to_vec();
    let mut rows = rows;
    if !full {
        // No ID column at all when masked: an empty column would only confuse.
        headers.remove(4);
        for r in &mut rows {
            r.remove(4);
        }
    }
    let stem = format!("{org_name}-花名册-{}", crate::clock::today().format("%Y%m%d"));
    match ext {
        "csv" => file_response("text/csv; charset=utf-8", &format!("{stem}.csv"), write_csv(&headers, &rows)),
        "xlsx" => match write_xlsx("花名册", &headers, &rows) {
            Ok(bytes) => file_response(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{stem}.xlsx"),
                bytes,
            ),
            Err(e) => AppError::internal(e).into_response(),
        },
        _ => AppError::NotFound.into_response(),
    }
}

/// `GET /import-templates/{file}` where file is `{organisations|volunteers}.{xlsx|csv}`.
pub async fn import_template(Path(file): Path<String>, _headers: HeaderMap) -> Response {
    let Some((kind, ext)) = file.split_once('.') else { return AppError::NotFound.into_response() };
    let Some(kind) = ImportKind::from_code(kind) else { return AppError::NotFound.into_response() };
    let name = format!("{}.{ext}", kind.title());
    match ext {
        "csv" => file_response("text/csv; charset=utf-8", &name, template_csv(kind.headers(), kind.example())),
        "xlsx" => match template_xlsx(kind.title(), kind.headers(), kind.example()) {
            Ok(bytes) => {
                file_response("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &name, bytes)
            }
            Err(e) => AppError::internal(e).into_response(),
        },
        _ => AppError::NotFound.into_response(),
    }
}
