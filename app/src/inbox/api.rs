//! Server functions of the inbox: only ever the signed-in person's own messages.
use crate::error::AppError;
use crate::inbox::model::Notice;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{db::now_us, http, inbox::repo, state::app_state};

/// The newest messages, 50 at a time; `before` is the last id of the previous page.
#[server(endpoint = "inbox/list")]
pub async fn my_notices(before: Option<i64>) -> Result<Vec<Notice>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::list(&mut conn, uid, before, 50).await
}

#[server(endpoint = "inbox/unread")]
pub async fn unread_count() -> Result<i64, AppError> {
    let state = app_state()?;
    let Some(uid) = http::current_uid().await? else { return Ok(0) };
    let mut conn = state.db.pool.acquire().await?;
    repo::unread(&mut conn, uid).await
}

#[server(endpoint = "inbox/mark-read")]
pub async fn mark_read(up_to: Option<i64>) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::mark_read(&mut conn, uid, up_to, now_us()).await
}
