//! The console's server functions. Each asks first whether the caller is a platform admin
//! (signed in: 401 otherwise; a platform admin: 403 otherwise), on the server, whatever the page
//! showed.
use crate::error::AppError;
use crate::platform::model::{AdminRow, AuditPage, ClosureRow, CorpsRow};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    accounts::mobile::Mobile,
    http,
    platform::{admins, repo},
    scope,
    state::{app_state, AppState},
};

/// The state and the caller, who is a platform admin.
#[cfg(feature = "ssr")]
async fn platform_admin() -> Result<(AppState, i64), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    if !scope::is_platform_admin(&state.db, uid).await? {
        return Err(AppError::Forbidden);
    }
    Ok((state, uid))
}

/// The corps with the registrations waiting in each tree (reviewed on the corps' own console).
#[server(endpoint = "platform/corps")]
pub async fn list_corps() -> Result<Vec<CorpsRow>, AppError> {
    let (state, _) = platform_admin().await?;
    repo::corps(&state.db).await
}

#[server(endpoint = "platform/admins")]
pub async fn list_admins() -> Result<Vec<AdminRow>, AppError> {
    let (state, uid) = platform_admin().await?;
    repo::admins(&state.db, uid).await
}

/// Makes the account of `mobile` a platform admin (creating a bare account for a new number,
/// as the command line does).
#[server(endpoint = "platform/grant-admin")]
pub async fn grant_admin(mobile: String) -> Result<(), AppError> {
    let (state, uid) = platform_admin().await?;
    let mobile = Mobile::parse(&mobile).map_err(|e| AppError::field("mobile", e))?;
    let client = http::client_addr(&state.policy).await;
    admins::grant(&state.db, &mobile, Some(uid), &client).await.map(|_| ())
}

/// Takes platform admin away; never from the last one.
#[server(endpoint = "platform/revoke-admin")]
pub async fn revoke_admin(volunteer_no: String) -> Result<(), AppError> {
    let (state, uid) = platform_admin().await?;
    let target = admins::uid_of(&state.db, &volunteer_no).await?;
    let client = http::client_addr(&state.policy).await;
    admins::revoke(&state.db, target, Some(uid), &client, false).await.map(|_| ())
}

#[server(endpoint = "platform/closures")]
pub async fn list_closures() -> Result<Vec<ClosureRow>, AppError> {
    let (state, _) = platform_admin().await?;
    repo::closures(&state.db).await
}

#[server(endpoint = "platform/complete-closure")]
pub async fn complete_closure(volunteer_no: String) -> Result<(), AppError> {
    let (state, uid) = platform_admin().await?;
    let target = admins::uid_of(&state.db, &volunteer_no).await?;
    let client = http::client_addr(&state.policy).await;
    crate::platform::closure::complete(&state, uid, target, &client).await
}

/// The start of `date` in the platform's zone, in µs.
#[cfg(feature = "ssr")]
fn day_start(date: chrono::NaiveDate) -> Option<i64> {
    date.and_hms_opt(0, 0, 0)?
        .and_local_timezone(crate::clock::platform_offset())
        .single()
        .map(|t| t.timestamp_micros())
}

/// The audit log, newest first, filtered by actor and subject (volunteer numbers), action and
/// dates (inclusive, in the platform's zone), one page at a time.
#[server(endpoint = "platform/audit")]
pub async fn audit_log(
    actor: String,
    subject: String,
    action: String,
    from: String,
    until: String,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    use crate::platform::model::{AuditEntry, AUDIT_PAGE};
    use crate::validation::{parse_date, FieldErrors};
    let (state, _) = platform_admin().await?;
    let mut errors = FieldErrors::new();
    let mut date = |field: &str, text: &str, next_day: bool| -> Option<i64> {
        if text.trim().is_empty() {
            return None;
        }
        let day = errors.check(field, parse_date(text.trim()))?;
        day_start(if next_day { day.succ_opt()? } else { day })
    };
    let from = date("from", &from, false);
    let until = date("until", &until, true);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let search = crate::audit::Search {
        actor: &actor,
        subject: &subject,
        action: &action,
        from,
        until,
        before,
        limit: AUDIT_PAGE,
    };
    let (entries, next) = crate::audit::search(&state.db, &search).await?;
    let items = entries
        .into_iter()
        .map(|e| AuditEntry {
            id: e.id,
            at: e.at,
            action: e.action,
            detail: e.detail,
            client_addr: e.client_addr,
            actor_no: e.actor_no,
            subject_no: e.subject_no,
        })
        .collect();
    Ok(AuditPage { items, next })
}
