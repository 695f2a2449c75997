//! Closing an organisation: a platform admin takes an approved organisation out of public view
//! (and may reopen it). A closed organisation publishes nothing and appears nowhere public, its
//! activities included; its staff keep their management pages.
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{audit, db::now_us, error::Refusal, http, orgs::repo, scope, state::app_state};

/// Closes (`closed`) or reopens organisation `org_id`. Platform admins only: closing ends an
/// organisation's public life, which its managing unit reviews into being but does not end.
#[server(endpoint = "orgs/set-closed")]
pub async fn set_org_closed(org_id: i64, closed: bool) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    if !scope::is_platform_admin(&state.db, uid).await? {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    repo::lock_org(&mut tx, org_id).await?;
    if closed && repo::has_live_children(&mut tx, org_id).await? {
        return Err(AppError::Refused(Refusal::OrgHasOpenChildren));
    }
    if !repo::set_closed(&mut tx, org_id, closed, now_us()).await? {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    let action = if closed { "close_organisation" } else { "reopen_organisation" };
    audit::record(&state.db, uid, action, None, &format!("org {org_id}"), &client).await
}
