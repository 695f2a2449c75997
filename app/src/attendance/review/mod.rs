//! The anomaly review queue (F-36): overlapping attendance, check-ins outside the geofence,
//! impossible travel between venues, one device checking in many people (and the other kinds
//! check-in records) wait here, with their evidence, for staff of the activity's organisation
//! subtree to confirm or dismiss with a note. Flags are never deleted; each review is audited.
pub mod evidence;
pub mod pages;

#[cfg(feature = "ssr")]
mod repo;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Longest review note.
pub const NOTE_MAX: u32 = 200;

/// One flag as staff see it (the person's mobile masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub id: i64,
    pub activity_id: i64,
    pub activity_title: String,
    pub activity_starts_at: i64,
    pub name: String,
    pub masked_mobile: String,
    /// overlap | outside_fence | impossible_travel | shared_device | no_checkout | delayed
    pub kind: String,
    /// The evidence as the detector wrote it (JSON); see [`evidence::lines`].
    pub evidence: String,
    pub status: String,
    pub review_note: String,
    pub created_at: i64,
}

/// The open flags of an organisation subtree or of one activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    /// The organisation's or the activity's name.
    pub title: String,
    pub flags: Vec<Flag>,
}

/// The open flags on activities of `org_id`'s subtree, oldest first; staff over it only.
#[server(endpoint = "attendance/review-org")]
pub async fn org_review_queue(org_id: i64) -> Result<ReviewQueue, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    crate::scope::require_manage(&state.db, uid, org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::org_queue(&mut conn, org_id).await
}

/// The open flags of one activity; staff over its organisation only.
#[server(endpoint = "attendance/review-activity")]
pub async fn activity_review_queue(activity_id: i64) -> Result<ReviewQueue, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let org_id = repo::activity_org(&mut conn, activity_id).await?;
    crate::scope::require_manage(&state.db, uid, org_id).await?;
    repo::activity_queue(&mut conn, activity_id).await
}

/// Confirms (`decision=confirmed`) or dismisses (`decision=dismissed`) an open flag, with a
/// note (required). The flag stays, with who reviewed it, when and why.
#[server(endpoint = "attendance/review-flag")]
pub async fn review_flag(flag_id: i64, decision: String, note: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let client = crate::http::client_addr(&state.policy).await;
    repo::review(&state, uid, flag_id, &decision, &note, &client).await
}
