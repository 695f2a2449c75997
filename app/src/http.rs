//! Request facts server functions need: who is asking and from where.
use crate::error::AppError;
use crate::state::Policy;
use axum::extract::ConnectInfo;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The session key under which the signed-in user's id is kept.
pub const UID_KEY: &str = "uid";

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(AppError::internal)
}

/// The signed-in user's id, if any.
pub async fn current_uid() -> Result<Option<i64>, AppError> {
    session().await?.get::<i64>(UID_KEY).await.map_err(AppError::internal)
}

/// The signed-in user's id, or `Unauthenticated`.
pub async fn require_uid() -> Result<i64, AppError> {
    current_uid().await?.ok_or(AppError::Unauthenticated)
}

/// The client's address for per-client limits and the audit log. `X-Forwarded-For` is only
/// believed when the operator says a trusted proxy sets it; otherwise anyone could rotate it.
pub async fn client_addr(policy: &Policy) -> String {
    if policy.trust_forwarded_for {
        if let Ok(headers) = leptos_axum::extract::<axum::http::HeaderMap>().await {
            if let Some(first) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                return first.to_owned();
            }
        }
    }
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".into(),
    }
}
