//! What the server adds to every page and static file on the way out: validators, caching
//! headers, and a short-lived cache of the pages anonymous visitors get.
//!
//! * **Pages** (HTML) get a weak `ETag` and are revalidated (`no-cache`; `private` when signed
//!   in): a browser asking again with `If-None-Match` gets 304 and no body. A page carries a CSP
//!   nonce, which would make every render differ; it is therefore derived from the page itself,
//!   `HMAC(key, page with the nonce blanked)`, so the same page has the same nonce and tag while
//!   a page with anything injected gets a nonce nobody could have written into it beforehand.
//! * **Anonymous pages** (no session cookie), and the public API's answers, are kept for [`Settings::ttl`] (1 s by default),
//!   rendered once and compressed once (gzip and brotli), keyed by path, query, cookies (language,
//!   large text) and `Accept-Language`. Any successful request that is not a GET drops them all,
//!   so a change is seen at once on this server; what changes with the clock alone (an activity
//!   starting) is at most `ttl` late. Signed-in people always get a fresh render.
//! * **Static files**: `/pkg/` files named with their content hash (`hash-files`) are immutable
//!   for a year; everything else revalidates (`no-cache`, with `Last-Modified`).
use app::keys::Keys;
use app::state::Changes;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use std::collections::HashMap;
use std::io::Write;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// Pages larger than this are not tagged or kept but streamed on as they are (ours are far smaller).
const MAX_PAGE: usize = 2 * 1024 * 1024;
/// Kept pages at most; when full, all are dropped (a new set fills within a second).
const MAX_ENTRIES: usize = 4096;
const SESSION_COOKIE: &str = "sciserve_session=";

#[derive(Clone, Copy, Debug)]
pub struct Settings {
    /// How long an anonymous page is served from memory; zero turns the cache off.
    pub ttl: Duration,
}

struct Entry {
    made: Instant,
    generation: u64,
    etag: HeaderValue,
    /// The page's own headers (type, CSP with its nonce, language), without length or encoding.
    headers: HeaderMap,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

pub struct Pages {
    keys: Keys,
    settings: Settings,
    /// Successful write requests so far (shared with in-memory snapshots, `AppState::changes`).
    generation: Arc<Changes>,
    entries: Mutex<HashMap<String, Arc<Entry>>>,
}

impl Pages {
    pub fn new(keys: Keys, settings: Settings, generation: Arc<Changes>) -> Pages {
        Pages { keys, settings, generation, entries: Mutex::new(HashMap::new()) }
    }

    fn lookup(&self, key: &str) -> Option<Arc<Entry>> {
        let entry = self.entries.lock().ok()?.get(key).cloned()?;
        let fresh = entry.generation == self.generation.count() && entry.made.elapsed() < self.settings.ttl;
        fresh.then_some(entry)
    }

    fn keep(&self, key: String, entry: Arc<Entry>) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, entry);
        }
    }

    fn drop_all(&self) {
        self.generation.bump();
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

/// The middleware (see the module comment).
pub async fn serve(pages: Arc<Pages>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let response = next.run(request).await;
        if response.status().is_success() || response.status().is_redirection() {
            pages.drop_all();
        }
        return response;
    }
    let path = request.uri().path();
    if path.starts_with("/pkg/") || path.contains('.') {
        let immutable = path.starts_with("/pkg/") && is_hashed(path);
        let mut response = next.run(request).await;
        if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
            let value = if immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
            response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(value));
        }
        return response;
    }

    let path_is_api = path.starts_with("/api/v1/");
    let headers = request.headers();
    let signed_in =
        headers.get_all(header::COOKIE).iter().any(|v| v.to_str().map(|c| c.contains(SESSION_COOKIE)).unwrap_or(true));
    let if_none_match = headers.get(header::IF_NONE_MATCH).cloned();
    let encoding = Encoding::accepted(headers);
    // HEAD answers carry no body to keep or tag.
    let key = (method == Method::GET && !signed_in && !pages.settings.ttl.is_zero()).then(|| cache_key(&request));

    if let Some(entry) = key.as_deref().and_then(|key| pages.lookup(key)) {
        return from_entry(&entry, encoding, if_none_match.as_ref());
    }

    let generation = pages.generation.count();
    let response = next.run(request).await;
    let kept_type = content_type_is(response.headers(), "text/html")
        || (path_is_api && content_type_is(response.headers(), "application/json"));
    if method == Method::HEAD
        || response.status() != StatusCode::OK
        || !kept_type
        || response.headers().contains_key(header::CONTENT_ENCODING)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match read_up_to(body, MAX_PAGE).await {
        Read::Whole(body) => body,
        Read::TooLarge(body) => return Response::from_parts(parts, body),
        Read::Failed(error) => {
            tracing::error!(%error, "a page's render failed part-way");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let body = settle_nonce(&pages.keys, &mut parts.headers, body);
    let etag = etag_of(&pages.keys, &body);
    let cacheable = key.is_some() && !parts.headers.contains_key(header::SET_COOKIE) && !no_store(&parts.headers);
    parts.headers.remove(header::CONTENT_LENGTH);
    if cacheable {
        // The public API says how long clients may keep its answers; pages are revalidated.
        parts.headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-cache"));
        let entry = Arc::new(Entry {
            made: Instant::now(),
            generation,
            etag,
            gzip: compress(Encoding::Gzip, &body),
            brotli: compress(Encoding::Brotli, &body),
            identity: body,
            headers: parts.headers,
        });
        if let Some(key) = key {
            pages.keep(key, entry.clone());
        }
        return from_entry(&entry, encoding, if_none_match.as_ref());
    }
    parts.headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("private, no-cache"));
    parts.headers.insert(header::ETAG, etag.clone());
    if matches(if_none_match.as_ref(), &etag) {
        parts.status = StatusCode::NOT_MODIFIED;
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(body))
}

enum Read {
    Whole(Bytes),
    /// Longer than the limit: what was read, followed by the rest as it comes.
    TooLarge(Body),
    Failed(axum::Error),
}

async fn read_up_to(mut body: Body, max: usize) -> Read {
    let mut read = Vec::new();
    loop {
        match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            None => return Read::Whole(Bytes::from(read)),
            Some(Err(error)) => return Read::Failed(error),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    read.extend_from_slice(&data);
                }
                if read.len() > max {
                    return Read::TooLarge(Body::new(Prefixed { prefix: Some(Bytes::from(read)), rest: body }));
                }
            }
        }
    }
}

/// A body that sends `prefix` and then `rest`.
struct Prefixed {
    prefix: Option<Bytes>,
    rest: Body,
}

impl HttpBody for Prefixed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        match self.prefix.take() {
            Some(prefix) => Poll::Ready(Some(Ok(Frame::data(prefix)))),
            None => Pin::new(&mut self.rest).poll_frame(cx),
        }
    }
}

/// `name.HASH.ext`, as cargo-leptos names files with `hash-files = true`.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && parts[parts.len() - 2].len() >= 16
}

fn content_type_is(headers: &HeaderMap, prefix: &str) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with(prefix))
}

fn no_store(headers: &HeaderMap) -> bool {
    headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"))
}

fn cache_key(request: &Request) -> String {
    let header = |name| request.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).unwrap_or_default();
    let target = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    format!("{target}\n{}\n{}", header(header::COOKIE), header(header::ACCEPT_LANGUAGE))
}

/// Replaces the render's random nonce (in the CSP header and the page) by one derived from the
/// page, so equal pages are equal bytes (see the module comment).
fn settle_nonce(keys: &Keys, headers: &mut HeaderMap, body: Bytes) -> Bytes {
    let Some(csp) = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) else {
        return body;
    };
    let Some(random) = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()) else {
        return body;
    };
    let (Ok(page), true) = (std::str::from_utf8(&body), random.len() >= 8) else {
        return body;
    };
    let blank = page.replace(random, "");
    let derived = hex::encode(&keys.sign("page-nonce", blank.as_bytes())[..16]);
    let csp = csp.replace(random, &derived);
    let page = page.replace(random, &derived);
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Bytes::from(page)
}

fn etag_of(keys: &Keys, body: &[u8]) -> HeaderValue {
    let tag = hex::encode(&keys.sign("etag", body)[..12]);
    HeaderValue::from_str(&format!("W/\"{tag}\"")).unwrap_or(HeaderValue::from_static("W/\"0\""))
}

fn matches(if_none_match: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let (Some(wanted), Ok(etag)) = (if_none_match.and_then(|v| v.to_str().ok()), etag.to_str()) else {
        return false;
    };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    wanted.split(',').any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

fn from_entry(entry: &Entry, encoding: Encoding, if_none_match: Option<&HeaderValue>) -> Response {
    let mut response = Response::new(Body::empty());
    *response.headers_mut() = entry.headers.clone();
    let headers = response.headers_mut();
    headers.insert(header::ETAG, entry.etag.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding, cookie, accept-language"));
    if matches(if_none_match, &entry.etag) {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    let body = match encoding {
        Encoding::Brotli => &entry.brotli,
        Encoding::Gzip => &entry.gzip,
        Encoding::Identity => &entry.identity,
    };
    if let Some(name) = encoding.name() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    *response.body_mut() = Body::from(body.clone());
    response
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// Brotli if accepted, else gzip, else none (q-values of zero count as refusals).
    fn accepted(headers: &HeaderMap) -> Encoding {
        let accepted: Vec<String> = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter(|item| !item.replace(' ', "").ends_with(";q=0"))
            .map(|item| item.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
            .collect();
        if accepted.iter().any(|e| e == "br") {
            Encoding::Brotli
        } else if accepted.iter().any(|e| e == "gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    fn name(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }
}

fn compress(encoding: Encoding, body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 4);
    match encoding {
        Encoding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(&mut out, flate2::Compression::default());
            let _ = encoder.write_all(body);
            let _ = encoder.finish();
        }
        Encoding::Brotli => {
            // Quality 5: most of brotli's gain at a fraction of 11's time; a page is compressed
            // once per second at most.
            let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            let _ = encoder.write_all(body);
            let _ = encoder.flush();
            drop(encoder);
        }
        Encoding::Identity => return Bytes::copy_from_slice(body),
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_only_are_immutable() {
        assert!(is_hashed("/pkg/sciserve.Ab3dEfGhIjKlMnOpQrStUv.wasm"));
        assert!(!is_hashed("/pkg/sciserve.wasm"));
        assert!(!is_hashed("/pkg/sciserve_bg.wasm"));
    }

    #[test]
    fn encodings_in_order_of_preference() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, deflate, br"));
        assert_eq!(Encoding::accepted(&headers), Encoding::Brotli);
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br;q=0"));
        assert_eq!(Encoding::accepted(&headers), Encoding::Gzip);
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        assert_eq!(Encoding::accepted(&headers), Encoding::Identity);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        assert!(matches(Some(&HeaderValue::from_static("\"x\", W/\"abc\"")), &etag));
        assert!(matches(Some(&HeaderValue::from_static("\"abc\"")), &etag));
        assert!(!matches(Some(&HeaderValue::from_static("\"abd\"")), &etag));
        assert!(!matches(None, &etag));
    }

    #[tokio::test]
    async fn a_page_over_the_limit_is_sent_on_whole_and_a_short_one_is_read() {
        let chunks = || {
            let parts = ["<html>", "0123456789", "</html>"].map(|p| Ok::<_, std::io::Error>(Bytes::from(p)));
            Body::from_stream(futures::stream::iter(parts))
        };
        let Read::TooLarge(body) = read_up_to(chunks(), 8).await else { panic!("over the limit") };
        let all = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        assert_eq!(&all[..], b"<html>0123456789</html>");
        let Read::Whole(all) = read_up_to(chunks(), 64).await else { panic!("under the limit") };
        assert_eq!(&all[..], b"<html>0123456789</html>");
    }

    #[test]
    fn the_nonce_follows_the_page() {
        let keys = Keys::new(vec![7; 32]);
        let settle = |random: &str, text: &str| {
            let mut headers = HeaderMap::new();
            let csp = format!("script-src 'self' 'nonce-{random}'");
            headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp).unwrap());
            let body =
                settle_nonce(&keys, &mut headers, Bytes::from(format!("<script nonce=\"{random}\">{text}</script>")));
            (body, headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned())
        };
        let (a, csp_a) = settle("RANDOMaaaaaaaa", "x");
        let (b, csp_b) = settle("RANDOMbbbbbbbb", "x");
        assert_eq!(a, b, "two renders of one page are the same bytes");
        assert_eq!(csp_a, csp_b);
        assert!(!csp_a.contains("RANDOM"));
        let (c, csp_c) = settle("RANDOMcccccccc", "y");
        assert_ne!(csp_a, csp_c, "another page has another nonce");
        assert_ne!(a, c);
    }
}
