//! Request facts server functions need: who is asking and from where.
use crate::error::AppError;
use crate::state::{AppState, Policy};
use axum::extract::ConnectInfo;
use std::net::{IpAddr, SocketAddr};
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

/// The address people reach the site by: the configured public URL, else this request's host.
pub fn site_base(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if !state.policy.public_url.is_empty() {
        return state.policy.public_url.trim_end_matches('/').to_owned();
    }
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|_| state.policy.trusted_proxies > 0)
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

/// The client's address for per-client limits and the audit log. See [`client_from`].
pub async fn client_addr(policy: &Policy) -> String {
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>().await.ok().map(|ConnectInfo(addr)| addr.ip());
    let headers = match policy.trusted_proxies {
        0 => axum::http::HeaderMap::new(),
        _ => leptos_axum::extract::<axum::http::HeaderMap>().await.unwrap_or_default(),
    };
    let forwarded: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    client_from(peer, &forwarded, policy.trusted_proxies)
}

/// The client in the chain `X-Forwarded-For` hops, then the connection's peer. Each of the
/// `trusted` proxies appends the address it was reached from, so the last `trusted` entries
/// are proxies and the one before them is the client; anything further left was written by
/// the client itself and could be rotated at will. A chain shorter than expected yields its
/// left-most entry; a hop that is not an IP address yields the peer.
pub fn client_from(peer: Option<IpAddr>, forwarded: &[&str], trusted: usize) -> String {
    let mut chain: Vec<&str> =
        forwarded.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|h| !h.is_empty()).collect();
    let peer_text = peer.map(|p| p.to_string());
    chain.push(peer_text.as_deref().unwrap_or("unknown"));
    let hop = chain[chain.len().saturating_sub(1 + trusted)];
    match hop.parse::<IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => peer_text.unwrap_or_else(|| "unknown".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::client_from;

    const PEER: Option<std::net::IpAddr> = Some(std::net::IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1)));

    #[test]
    fn the_client_is_the_rightmost_hop_no_trusted_proxy_added() {
        assert_eq!(client_from(PEER, &["6.6.6.6, 203.0.113.7"], 0), "10.0.0.1");
        assert_eq!(client_from(PEER, &["6.6.6.6, 203.0.113.7"], 1), "203.0.113.7");
        assert_eq!(client_from(PEER, &["6.6.6.6", "203.0.113.7, 10.0.0.2"], 2), "203.0.113.7");
        // Fewer hops than proxies: the left-most there is; garbage: the peer.
        assert_eq!(client_from(PEER, &["203.0.113.7"], 3), "203.0.113.7");
        assert_eq!(client_from(PEER, &["6.6.6.6, not-an-ip"], 1), "10.0.0.1");
        assert_eq!(client_from(None, &[], 1), "unknown");
    }
}
