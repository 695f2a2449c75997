//! Request facts server functions need: who is asking, from where, and from which site.
use crate::error::AppError;
use crate::state::{AppState, Policy};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method};
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

/// `scheme://host[:port]` of an address such as the configured public URL, lower-cased, the way
/// browsers write it in `Origin`; empty when there is none.
pub fn origin_of(url: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else { return String::new() };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return String::new();
    }
    format!("{scheme}://{authority}").to_ascii_lowercase()
}

/// Whether a request that can change something was started by a page of another site
/// (cross-site request forgery, login included), given the site's public origin (see
/// [`origin_of`]; empty: only the request's own `Host` counts).
///
/// Reading (GET, HEAD, OPTIONS) never changes anything here, so links from anywhere work.
/// Otherwise, `Sec-Fetch-Site`, which browsers set and pages cannot forge, must say
/// `same-origin` or `none` (typed by the person); `same-site` — a sibling subdomain, which
/// may be run by someone else — is refused. Browsers that predate it send `Origin` on every
/// cross-site POST, and it must name this site. A request carrying neither header did not
/// come from a browser following another site's page (the command line, scripts, tests): it
/// acts only with credentials of its own, so it is allowed.
pub fn cross_site(method: &Method, headers: &HeaderMap, public_origin: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    let origin = origin.to_str().unwrap_or_default().to_ascii_lowercase();
    if !public_origin.is_empty() && origin == public_origin {
        return false;
    }
    // The address the browser used, as the server saw it (no proxy in between, or one that
    // keeps Host): either scheme, since TLS may end before the server.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    let own = !host.is_empty()
        && origin.split_once("://").is_some_and(|(scheme, rest)| matches!(scheme, "http" | "https") && rest == host);
    !own
}

#[cfg(test)]
mod tests {
    use super::{client_from, cross_site, origin_of};
    use axum::http::{HeaderMap, HeaderValue, Method};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (axum::http::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn the_public_origin_is_scheme_and_authority() {
        assert_eq!(origin_of("https://KJZYFW.example.cn/path?x=1"), "https://kjzyfw.example.cn");
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(origin_of(""), "");
        assert_eq!(origin_of("kjzyfw.example.cn"), "");
    }

    #[test]
    fn only_this_site_may_change_things() {
        let public = "https://kjzyfw.example.cn";
        let post = Method::POST;
        let host = ("host", "10.0.0.5:3000");
        assert!(!cross_site(&post, &headers(&[host, ("sec-fetch-site", "same-origin")]), public));
        assert!(!cross_site(&post, &headers(&[host, ("sec-fetch-site", "none")]), public));
        assert!(cross_site(&post, &headers(&[host, ("sec-fetch-site", "same-site")]), public));
        assert!(cross_site(&post, &headers(&[host, ("sec-fetch-site", "cross-site")]), public));
        assert!(!cross_site(&post, &headers(&[host, ("origin", "https://kjzyfw.example.cn")]), public));
        assert!(!cross_site(&post, &headers(&[host, ("origin", "http://10.0.0.5:3000")]), public));
        assert!(cross_site(&post, &headers(&[host, ("origin", "https://evil.example")]), public));
        assert!(cross_site(&post, &headers(&[host, ("origin", "null")]), public));
        assert!(cross_site(&post, &headers(&[host, ("origin", "https://10.0.0.5:3000.evil.example")]), ""));
        assert!(!cross_site(&post, &headers(&[host]), public), "no browser headers: not a browser");
        assert!(!cross_site(&Method::GET, &headers(&[host, ("sec-fetch-site", "cross-site")]), public));
        assert!(cross_site(&Method::DELETE, &headers(&[host, ("sec-fetch-site", "cross-site")]), public));
    }

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
