//! Make-up requests (F-32, CVST 2 §6.3 c): when checking in or out failed (network, operation,
//! location), a volunteer with a confirmed sign-up files a request once the activity has
//! started, with a cause, a reason, the span served and optionally a photo. Staff of the
//! activity's organisation subtree approve (the person's attendance is written, capped to the
//! activity's schedule) or reject with a reason; the volunteer is told either way.
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod photo;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
mod upload;

use crate::error::AppError;
use leptos::prelude::*;
use model::{MakeupForm, MakeupQueue, MyMakeup};

/// Files a make-up request: multipart fields `activity_id`, `cause`, `reason`, `from`, `to`
/// (local wall-clock times, `YYYY-MM-DDTHH:MM`, Asia/Shanghai) and an optional `file` (the
/// photo: JPEG, PNG or WebP, at most 5 MiB, recognised by its first bytes). Returns the
/// request's id. Posted by a plain form, the answer is a redirect back to the page.
#[server(endpoint = "records/makeup-file", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn file_makeup(data: leptos::server_fn::codec::MultipartData) -> Result<i64, AppError> {
    upload::receive(data).await
}

/// What the make-up page shows the signed-in person for one activity: the schedule, whether a
/// request may be filed now (and if not, why), and their requests for it.
#[server(endpoint = "records/makeup-form")]
pub async fn load_makeup_form(activity_id: i64) -> Result<MakeupForm, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::form(&mut conn, uid, activity_id, crate::db::now_us()).await
}

/// All the signed-in person's make-up requests, newest first, with status and decision reason.
#[server(endpoint = "records/my-makeups")]
pub async fn my_makeups() -> Result<Vec<MyMakeup>, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::mine(&mut conn, uid, None).await
}

/// The pending make-up requests of an activity, for staff of its organisation subtree.
#[server(endpoint = "records/makeup-queue")]
pub async fn load_makeup_queue(activity_id: i64) -> Result<MakeupQueue, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let activity = repo::activity(&mut conn, activity_id).await?;
    crate::scope::require_manage(&state.db, uid, activity.org_id).await?;
    repo::queue(&mut conn, &activity).await
}

/// Approves (`approve=true`) or rejects a pending make-up request; a rejection needs a reason.
/// Approval writes the person's attendance, capped to the activity's schedule, in the same
/// transaction; the volunteer gets an inbox message and a text message either way.
#[server(endpoint = "records/decide-makeup")]
pub async fn decide_makeup(request_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let client = crate::http::client_addr(&state.policy).await;
    repo::decide(&state, uid, request_id, approve, &reason, &client).await
}
