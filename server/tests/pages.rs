//! Validators, caching headers and the anonymous page cache (server/src/pages.rs, issue 14).
use crate::common;

use common::orgs::{approved, CORPS};
use common::{spawn_full, test_policy, TestApp};
use reqwest::header::{HeaderMap, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use server::pages::Settings;
use std::time::Duration;

async fn app_with_cache(ttl: Duration) -> TestApp {
    spawn_full(test_policy(), 2 * 1024 * 1024, Settings { ttl }).await
}

/// GET `path` with `client`, asking for brotli; (status, headers, raw body).
async fn get(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    etag: Option<&str>,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = client.get(format!("{}{path}", app.base)).header("accept-encoding", "br, gzip");
    if let Some(etag) = etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn brotli_text(body: &[u8]) -> String {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut out).expect("a brotli body");
    String::from_utf8(out).unwrap()
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> &str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn anonymous_pages_are_kept_compressed_tagged_and_dropped_by_a_post() {
    let app = app_with_cache(Duration::from_secs(60)).await;
    approved(&app, CORPS, None).await;
    let anonymous = app.new_client();

    let (status, first, body) = get(&app, &anonymous, "/orgs", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&first, CONTENT_ENCODING), "br");
    assert_eq!(header(&first, CACHE_CONTROL), "no-cache");
    let etag = header(&first, ETAG).to_owned();
    assert!(etag.starts_with("W/\""), "a weak tag: {etag}");
    let page = brotli_text(&body);
    assert!(page.contains(CORPS));
    // The nonce in the policy is the one the page's scripts carry.
    let csp = header(&first, CONTENT_SECURITY_POLICY);
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
    assert!(page.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry the policy's nonce");

    // Asked again: the same bytes; with the tag: 304 and nothing else.
    let (_, again, body_again) = get(&app, &anonymous, "/orgs", None).await;
    assert_eq!(header(&again, ETAG), etag);
    assert_eq!(body_again, body);
    let (status, _, empty) = get(&app, &anonymous, "/orgs", Some(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(empty.is_empty());

    // A change written behind the server's back is not seen while the page is kept...
    approved(&app, "常州市科技志愿服务队", None).await;
    let (_, _, kept) = get(&app, &anonymous, "/orgs", None).await;
    assert_eq!(kept, body, "kept for the cache's time");
    // ...and any successful POST drops every kept page.
    let _: app::accounts::model::CodeSent = app.call("accounts/send-code", &[("mobile", "13900001111")]).await.unwrap();
    let (status, fresh, body) = get(&app, &anonymous, "/orgs", Some(&etag)).await;
    assert_eq!(status, StatusCode::OK, "a changed page is sent whole");
    assert_ne!(header(&fresh, ETAG), etag);
    assert!(brotli_text(&body).contains("常州市科技志愿服务队"));
}

#[tokio::test]
async fn equal_pages_have_equal_tags_without_the_cache_and_signed_in_pages_stay_private() {
    let app = app_with_cache(Duration::ZERO).await;
    approved(&app, CORPS, None).await;
    let anonymous = app.new_client();
    let (_, first, _) = get(&app, &anonymous, "/orgs", None).await;
    let (status, second, _) = get(&app, &anonymous, "/orgs", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&first, ETAG), header(&second, ETAG), "two renders of one page, one tag");
    assert_eq!(header(&first, CONTENT_SECURITY_POLICY), header(&second, CONTENT_SECURITY_POLICY));

    let volunteer = app.person("13900002222").await;
    let (status, mine, _) = get(&app, &volunteer, "/orgs", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&mine, CACHE_CONTROL), "private, no-cache");
    let etag = header(&mine, ETAG).to_owned();
    assert!(!etag.is_empty());
    let (status, _, empty) = get(&app, &volunteer, "/orgs", Some(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(empty.is_empty());
}

/// Pages rendered while static files are served beside them keep their own headers: a file
/// once left with a page's policy, and the page with none (src/owner_fence.rs). One thread
/// serves everything here (the test runtime), as happens when a phone asks for the page and
/// the WASM at once.
#[tokio::test]
async fn a_static_file_served_beside_a_page_never_takes_its_headers() {
    let app = app_with_cache(Duration::ZERO).await;
    approved(&app, CORPS, None).await;
    let client = app.new_client();
    let requests = (0..12).flat_map(|_| ["/orgs", "/favicon.svg"]).map(|path| {
        let client = client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let response = client.get(url).send().await.unwrap();
            (path, response.status(), header(response.headers(), CONTENT_SECURITY_POLICY).to_owned())
        }
    });
    for (path, status, csp) in futures::future::join_all(requests).await {
        assert_eq!(status, StatusCode::OK, "{path}");
        if path == "/orgs" {
            assert!(csp.contains("script-src 'self' 'nonce-"), "the page keeps its policy: {csp}");
        } else {
            assert_eq!(csp, app::shell::CSP_FALLBACK, "the file has the policy for files");
        }
    }
}

/// The region table the light pages fetch (app/src/regions, issue 14): under a name that
/// changes with its content, so kept for good, compressed, and the table the server checks.
#[tokio::test]
async fn the_region_table_is_served_immutable_and_compressed_under_its_hashed_name() {
    let app = app_with_cache(Duration::ZERO).await;
    let client = app.new_client();
    let path = app::regions::TSV_PATH;
    assert!(path.starts_with("/pkg/regions.") && path.ends_with(".tsv"), "{path}");
    let (status, headers, body) = get(&app, &client, path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, CACHE_CONTROL), "public, max-age=31536000, immutable");
    assert_eq!(header(&headers, CONTENT_ENCODING), "br");
    assert!(header(&headers, reqwest::header::CONTENT_TYPE).starts_with("text/tab-separated-values"));
    let table = brotli_text(&body);
    assert_eq!(table, include_str!("../../app/src/regions/regions.tsv"));
}
