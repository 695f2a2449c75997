//! Server functions and the download route of certificates (F-34).
use super::model::CertificateFacts;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::repo;
#[cfg(feature = "ssr")]
use crate::{db::now_us, state::app_state};

/// The public verification of a code (`/verify/{code}`): no login needed. A code that is not
/// well formed, unknown, or no longer the signature of what is stored is `NotFound`.
#[server(endpoint = "certificates/verify")]
pub async fn verify_certificate(code: String) -> Result<CertificateFacts, AppError> {
    let state = app_state()?;
    let mut conn = state.db.pool.acquire().await?;
    let stored = repo::verified(&mut conn, &state.keys, &code).await?;
    repo::facts(&mut conn, &stored).await
}

/// Revokes a certificate with a reason. Staff (or admins) over the organisation the
/// certificate names (an organisation or activity certificate), platform admins for any.
#[server(endpoint = "certificates/revoke")]
pub async fn revoke_certificate(code: String, reason: String) -> Result<CertificateFacts, AppError> {
    use crate::validation::Invalid;
    let state = app_state()?;
    let uid = crate::http::require_uid().await?;
    let reason = reason.trim().to_owned();
    if reason.is_empty() {
        return Err(AppError::field("reason", Invalid::Required));
    }
    if reason.chars().count() > 200 {
        return Err(AppError::field("reason", Invalid::TooLong { max: 200 }));
    }
    let mut conn = state.db.pool.acquire().await?;
    let stored = repo::verified(&mut conn, &state.keys, &code).await?;
    if !ssr::may_revoke(&state, uid, &stored).await? {
        return Err(AppError::Forbidden);
    }
    repo::revoke(&mut conn, stored.id, uid, &reason, now_us()).await?;
    let client = crate::http::client_addr(&state.policy).await;
    crate::audit::record(
        &state.db,
        uid,
        "certificate.revoke",
        Some(stored.user_id),
        &format!("{}: {reason}", stored.code),
        &client,
    )
    .await?;
    let stored = repo::verified(&mut conn, &state.keys, &stored.code).await?;
    repo::facts(&mut conn, &stored).await
}

/// Whether the signed-in caller may revoke this certificate: the verification page then offers
/// the form. Anonymous callers simply may not.
#[server(endpoint = "certificates/may-revoke")]
pub async fn may_revoke_certificate(code: String) -> Result<bool, AppError> {
    let state = app_state()?;
    let mut conn = state.db.pool.acquire().await?;
    let stored = repo::verified(&mut conn, &state.keys, &code).await?;
    match crate::http::current_uid().await? {
        Some(uid) => ssr::may_revoke(&state, uid, &stored).await,
        None => Ok(false),
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::repo::Stored;
    use crate::error::AppError;
    use crate::state::AppState;

    /// Staff (or admins) over the organisation the certificate names; platform admins for any.
    pub async fn may_revoke(state: &AppState, uid: i64, stored: &Stored) -> Result<bool, AppError> {
        Ok(match stored.request.org_id {
            Some(org) => crate::scope::role_over(&state.db, uid, org).await?.is_some(),
            None => crate::scope::is_platform_admin(&state.db, uid).await?,
        })
    }
}

#[cfg(feature = "ssr")]
pub use download::*;

#[cfg(feature = "ssr")]
mod download {
    use super::super::model::{hours_text, mask_id_number, Scope};
    use super::super::pdf::{render_pdf, CertificateDoc, Row};
    use super::super::repo::{self, Line, Request, Stored};
    use crate::clock::{local, platform_offset};
    use crate::db::now_us;
    use crate::error::AppError;
    use crate::http::{site_base, UID_KEY};
    use crate::state::AppState;
    use crate::validation::Invalid;
    use axum::extract::{Form, State};
    use axum::http::{header, HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};
    use chrono::NaiveDate;
    use serde::Deserialize;
    use tower_sessions::Session;

    /// The download form (`/me/hours`): which scope and its one parameter.
    #[derive(Debug, Default, Deserialize)]
    pub struct DownloadForm {
        #[serde(default)]
        pub scope: String,
        #[serde(default)]
        pub from: String,
        #[serde(default)]
        pub to: String,
        #[serde(default)]
        pub org_id: String,
        #[serde(default)]
        pub activity_id: String,
    }

    fn start_of(day: NaiveDate) -> Option<i64> {
        day.and_hms_opt(0, 0, 0)?.and_local_timezone(platform_offset()).single().map(|t| t.timestamp_micros())
    }

    fn date(field: &str, text: &str) -> Result<NaiveDate, AppError> {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| AppError::field(field, Invalid::DateFormat))
    }

    fn id(field: &str, text: &str) -> Result<i64, AppError> {
        text.trim().parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| AppError::field(field, Invalid::Required))
    }

    /// The form as a request; every bad value is a field refusal.
    pub fn request(form: &DownloadForm) -> Result<Request, AppError> {
        let scope = Scope::from_code(form.scope.trim())
            .filter(|s| Scope::ISSUABLE.contains(s))
            .ok_or_else(|| AppError::field("scope", Invalid::NotInList))?;
        let mut r = Request { scope, org_id: None, activity_id: None, period_from: None, period_to: None };
        match scope {
            Scope::Period => {
                let (from, to) = (date("from", &form.from)?, date("to", &form.to)?);
                if to < from {
                    return Err(AppError::field("to", Invalid::EndsBeforeStart));
                }
                let after = to.succ_opt().ok_or_else(|| AppError::field("to", Invalid::DateFormat))?;
                r.period_from = Some(start_of(from).ok_or_else(|| AppError::field("from", Invalid::DateFormat))?);
                r.period_to = Some(start_of(after).ok_or_else(|| AppError::field("to", Invalid::DateFormat))?);
            }
            Scope::Org => r.org_id = Some(id("org_id", &form.org_id)?),
            Scope::Activity => r.activity_id = Some(id("activity_id", &form.activity_id)?),
            Scope::Training => return Err(AppError::field("scope", Invalid::NotInList)),
        }
        Ok(r)
    }

    fn day(us: i64) -> String {
        local(us).map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()
    }

    /// What the certificate prints.
    pub fn document(stored: &Stored, lines: &[Line], id_number: &str, base: &str) -> CertificateDoc {
        let r = &stored.request;
        let first = lines.first();
        let scope_text = match r.scope {
            Scope::Period => format!(
                "{} 至 {} 期间的志愿服务",
                r.period_from.map(day).unwrap_or_default(),
                r.period_to.map(|t| day(t - 1)).unwrap_or_default()
            ),
            Scope::Org => format!(
                "在{}（含下级组织）的志愿服务",
                lines.iter().find(|l| Some(l.org_id) == r.org_id).or(first).map(|l| l.org_name.as_str()).unwrap_or("")
            ),
            Scope::Activity => format!("活动“{}”", first.map(|l| l.activity_title.as_str()).unwrap_or("")),
            Scope::Training => "培训".to_owned(),
        };
        CertificateDoc {
            holder_name: stored.holder_name.clone(),
            id_masked: mask_id_number(id_number),
            scope_text,
            record_count: stored.record_count,
            raw_hours: hours_text(stored.raw_minutes),
            weighted_hours: hours_text(stored.weighted_minutes),
            rows: lines
                .iter()
                .map(|l| Row {
                    date: day(l.starts_at),
                    activity: l.activity_title.clone(),
                    org: l.org_name.clone(),
                    hours: hours_text(l.raw_minutes),
                })
                .collect(),
            platform: "科技志愿服务平台".to_owned(),
            issued_on: day(stored.issued_at),
            code: stored.code.clone(),
            verify_url: format!("{base}/verify/{}", stored.code),
        }
    }

    async fn issue_pdf(
        state: &AppState,
        uid: i64,
        form: &DownloadForm,
        base: &str,
    ) -> Result<(String, Vec<u8>), AppError> {
        let r = request(form)?;
        let mut conn = state.db.pool.acquire().await?;
        let (stored, lines) = repo::issue(&mut conn, &state.keys, uid, &r, now_us()).await?;
        let (_, id_number) = repo::holder(&mut conn, uid).await?;
        drop(conn);
        let doc = document(&stored, &lines, &id_number, base);
        let font = state.policy.cert_font.clone();
        let pdf = tokio::task::spawn_blocking(move || render_pdf(&doc, std::path::Path::new(&font)))
            .await
            .map_err(AppError::internal)??;
        Ok((stored.code, pdf))
    }

    fn wants_html(headers: &HeaderMap) -> bool {
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    }

    /// `POST /me/certificate.pdf` (form: scope, from, to, org_id, activity_id): issues a
    /// certificate of the signed-in person's approved hours and answers the PDF. The person is
    /// always the one signed in; there is no parameter naming anyone else.
    ///
    /// Refusals are 4xx with the `AppError` as JSON; a browser's plain form post (Accept:
    /// text/html) is sent back to `/me/hours` with the refusal in the address instead.
    pub async fn download_certificate(
        State(state): State<AppState>,
        headers: HeaderMap,
        session: Session,
        Form(form): Form<DownloadForm>,
    ) -> Response {
        let uid = match session.get::<i64>(UID_KEY).await {
            Ok(Some(uid)) => uid,
            _ if wants_html(&headers) => {
                return (StatusCode::SEE_OTHER, [(header::LOCATION, "/login?next=%2Fme%2Fhours")]).into_response()
            }
            _ => return AppError::Unauthenticated.into_response(),
        };
        match issue_pdf(&state, uid, &form, &site_base(&state, &headers)).await {
            Ok((code, pdf)) => (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"certificate-{code}.pdf\"")),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                    (header::HeaderName::from_static("x-certificate-code"), code),
                ],
                pdf,
            )
                .into_response(),
            Err(e @ AppError::Internal { .. }) => e.into_response(),
            Err(e) if wants_html(&headers) => {
                let json = serde_json::to_string(&e).unwrap_or_default();
                let location = format!("/me/hours?refused={}", crate::ui::format::encode_component(&json));
                (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
            }
            Err(e) => e.into_response(),
        }
    }
}
