//! Reading the parameters (every refusal is a 400 naming the parameter), and writing answers
//! with the headers a public, cacheable, cross-origin read needs.
use super::types::ApiError;
use crate::codes::ChoiceList;
use crate::error::AppError;
use crate::validation::{Invalid, Keyword, MAX_KEYWORD_CHARS};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 50;
/// `repo::search_on` stops offsetting a distance-sorted list here.
pub const MAX_NEAR_OFFSET: usize = 10_000;

/// Why a request got no data.
#[derive(Debug)]
pub enum Failure {
    /// A query parameter that cannot be used. 400 naming it: the API's documented contract
    /// (what integrators already handle), where the site's forms answer 422 with field errors.
    Invalid { parameter: String, message: String },
    /// Anything else, answered with the site's one mapping, `AppError::status`.
    App(AppError),
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Self {
        Failure::App(error)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(error: sqlx::Error) -> Self {
        Failure::App(error.into())
    }
}

pub fn not_found() -> Failure {
    Failure::App(AppError::NotFound)
}

pub fn invalid(parameter: &str, zh: &str, en: &str) -> Failure {
    Failure::Invalid { parameter: parameter.to_owned(), message: format!("{zh} / {en}") }
}

/// Headers every API answer carries: readable from any origin (it is public data).
pub fn with_headers(mut response: Response, cache: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

pub fn ok<T: Serialize>(value: T) -> Response {
    with_headers(Json(value).into_response(), "public, max-age=60")
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let error = match self {
            Failure::Invalid { parameter, message } => {
                let body = ApiError { error: "invalid_parameter".into(), parameter: Some(parameter), message };
                return with_headers((StatusCode::BAD_REQUEST, Json(body)).into_response(), "no-store");
            }
            Failure::App(error) => error,
        };
        let (body, cache) = match &error {
            AppError::NotFound => (
                ApiError { error: "not_found".into(), parameter: None, message: "没有这项内容 / Not found".into() },
                // Drafts get published: a short cache keeps a 404 from outliving that.
                "public, max-age=60",
            ),
            AppError::Internal { reference } => (
                ApiError {
                    error: "internal_error".into(),
                    parameter: None,
                    message: format!("服务器出错，请稍后再试（编号 {reference}）/ Server error, please retry later (ref {reference})"),
                },
                "no-store",
            ),
            // Nothing else is expected from a public read: logged as a fault with a reference.
            other => return Failure::App(AppError::internal(other)).into_response(),
        };
        with_headers((error.status(), Json(body)).into_response(), cache)
    }
}

pub fn respond<T: Serialize>(result: Result<T, Failure>) -> Response {
    match result {
        Ok(value) => ok(value),
        Err(failure) => failure.into_response(),
    }
}

pub fn bad_query(rejection: QueryRejection) -> Failure {
    Failure::Invalid {
        parameter: "query".into(), message: format!("查询参数无法解析 / {}", rejection.body_text())
    }
}

/// A path id. One that cannot exist (not a positive integer) is simply not found.
pub fn path_id(path: Result<Path<String>, PathRejection>) -> Result<i64, Failure> {
    match path.map(|Path(raw)| raw.trim().parse::<i64>()) {
        Ok(Ok(id)) if id > 0 => Ok(id),
        _ => Err(not_found()),
    }
}

// ---------------------------------------------------------------------------------------------
// Parameter checks

pub fn trimmed(value: &Option<String>) -> &str {
    value.as_deref().map(str::trim).unwrap_or("")
}

pub fn limit(value: &Option<String>) -> Result<usize, Failure> {
    let raw = trimmed(value);
    if raw.is_empty() {
        return Ok(DEFAULT_LIMIT);
    }
    match raw.parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(invalid("limit", "limit 须为 1 到 50 之间的整数", "limit must be a whole number from 1 to 50")),
    }
}

pub fn positive_id(name: &str, value: &Option<String>) -> Result<Option<i64>, Failure> {
    let raw = trimmed(value);
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(Some(id)),
        _ => Err(invalid(name, &format!("{name} 须为正整数"), &format!("{name} must be a positive integer"))),
    }
}

/// The keyword as given (trimmed, for the next page's address) and its terms, by the rules
/// every search box follows ([`Keyword`]).
pub fn keyword(value: &Option<String>) -> Result<(String, Keyword), Failure> {
    let q = trimmed(value);
    match Keyword::parse(q) {
        Ok(keyword) => Ok((q.to_owned(), keyword)),
        Err(Invalid::TooManyTerms { max }) => {
            Err(invalid("q", &format!("关键词最多 {max} 个词"), &format!("the keyword is limited to {max} words")))
        }
        Err(_) => Err(invalid(
            "q",
            &format!("关键词最多 {MAX_KEYWORD_CHARS} 个字"),
            &format!("the keyword is limited to {MAX_KEYWORD_CHARS} characters"),
        )),
    }
}

/// A region code of the given depth (2, 4 or 6 digits) that exists.
pub fn region(
    name: &str,
    value: &Option<String>,
    lookup: fn(&str) -> Option<&'static crate::regions::Region>,
) -> Result<String, Failure> {
    let code = trimmed(value);
    if code.is_empty() || lookup(code).is_some() {
        return Ok(code.to_owned());
    }
    Err(invalid(name, "不是有效的地区代码（GB/T 2260）", "not a known GB/T 2260 region code of this level"))
}

pub fn choice(name: &str, value: &Option<String>, list: &ChoiceList) -> Result<String, Failure> {
    let code = trimmed(value);
    if code.is_empty() || list.contains(code) {
        return Ok(code.to_owned());
    }
    let codes = list.items.iter().map(|c| c.code).collect::<Vec<_>>().join(", ");
    Err(invalid(name, &format!("不是可选的代码：{codes}"), &format!("must be one of: {codes}")))
}

pub fn date(name: &str, value: &Option<String>) -> Result<String, Failure> {
    let raw = trimmed(value);
    if raw.is_empty() {
        return Ok(String::new());
    }
    crate::validation::parse_date(raw)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| invalid(name, "日期格式应为 YYYY-MM-DD", "dates are written YYYY-MM-DD"))
}

/// "lat,lng" in decimal degrees, as microdegrees.
pub fn near(value: &Option<String>) -> Result<Option<(i64, i64)>, Failure> {
    let raw = trimmed(value);
    if raw.is_empty() {
        return Ok(None);
    }
    let refused = || {
        invalid(
            "near",
            "位置应为“纬度,经度”，如 31.7060,119.9420",
            "write the position as lat,lng in decimal degrees, e.g. 31.7060,119.9420",
        )
    };
    let (lat, lng) = raw.split_once(',').ok_or_else(refused)?;
    crate::activities::model::parse_coordinates(lat, lng).ok().flatten().map(Some).ok_or_else(refused)
}

/// Checks a cursor has the shape `repo::search_on` gives for this kind of list: it ignores
/// others and would start over, which would loop a client that pages to the end.
pub fn activity_cursor(value: &Option<String>, by_distance: bool) -> Result<Option<String>, Failure> {
    let raw = trimmed(value);
    if raw.is_empty() {
        return Ok(None);
    }
    let fits = if by_distance {
        raw.strip_prefix('d').and_then(|n| n.parse::<usize>().ok()).is_some_and(|n| n <= MAX_NEAR_OFFSET)
    } else {
        raw.split_once('.').is_some_and(|(s, i)| s.parse::<i64>().is_ok() && i.parse::<i64>().is_ok())
    };
    if fits {
        Ok(Some(raw.to_owned()))
    } else {
        Err(invalid(
            "after",
            "游标无效：请原样传回上一页的 next",
            "invalid cursor: pass back the previous page's next unchanged",
        ))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters and the comma stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The address of the next page: the same non-empty filters with the new cursor.
pub fn next_url(base: &str, path: &str, filters: &[(&str, String)], after: &str, limit: usize) -> String {
    let mut query: Vec<String> =
        filters.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect();
    query.push(format!("after={}", encode(after)));
    query.push(format!("limit={limit}"));
    format!("{base}{path}?{}", query.join("&"))
}

pub fn iso(us: i64) -> String {
    crate::clock::local(us).map(|t| t.to_rfc3339()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked() {
        assert_eq!(limit(&None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(limit(&Some(" 50 ".into())).unwrap(), 50);
        for bad in ["0", "51", "-1", "ten", "1.5"] {
            assert!(
                matches!(limit(&Some(bad.into())), Err(Failure::Invalid { ref parameter, .. }) if parameter == "limit"),
                "{bad}"
            );
        }
        assert_eq!(near(&Some("31.7060,119.9420".into())).unwrap(), Some((31_706_000, 119_942_000)));
        for bad in ["31.7", "north,east", "91,10", "31.7,"] {
            assert!(near(&Some(bad.into())).is_err(), "{bad}");
        }
        assert!(activity_cursor(&Some("1700000000000000.42".into()), false).is_ok());
        assert!(activity_cursor(&Some("d40".into()), false).is_err());
        assert!(activity_cursor(&Some("d40".into()), true).is_ok());
        assert!(activity_cursor(&Some("d99999".into()), true).is_err());
        assert!(region("province", &Some("32".into()), crate::regions::province).is_ok());
        assert!(region("province", &Some("3204".into()), crate::regions::province).is_err());
        assert_eq!(encode("科 a,b&c"), "%E7%A7%91%20a,b%26c");
        assert_eq!(
            next_url("http://x", "/api/v1/activities", &[("q", "科普".into()), ("mode", String::new())], "1.2", 10),
            "http://x/api/v1/activities?q=%E7%A7%91%E6%99%AE&after=1.2&limit=10"
        );
    }
}
