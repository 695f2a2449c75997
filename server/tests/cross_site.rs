//! Cross-site requests: a page on another site must not be able to make a signed-in person's
//! browser change anything here. Browsers mark every request with `Sec-Fetch-Site` (and
//! `Origin` on POSTs); the server refuses state-changing requests another site started.
use crate::common;

use app::accounts::model::{CodeSent, SessionUser};
use reqwest::StatusCode;

const MOBILE: &str = "13912345678";

/// Posts form arguments to a server function with the given browser headers.
async fn post_with(
    app: &common::TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    args: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = client.post(format!("{}/api/{endpoint}", app.base)).form(args);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn a_server_function_posted_from_another_site_is_refused() {
    let app = common::spawn_app().await;
    let client = common::volunteer(&app, MOBILE, "19900101", true).await;
    let evil = [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")];
    let response = post_with(&app, &client, "volunteers/request-closure", &[], &evil).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Nothing changed: the account is still active.
    let status: String = sqlx::query_scalar("SELECT status FROM users WHERE mobile = $1")
        .bind(MOBILE)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "active");

    // An older browser that sends only `Origin` is judged by it.
    let response =
        post_with(&app, &client, "volunteers/request-closure", &[], &[("origin", "https://evil.example")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // A sibling subdomain is another site's page too.
    let response =
        post_with(&app, &client, "volunteers/request-closure", &[], &[("sec-fetch-site", "same-site")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // `Origin: null` (sandboxed frames, some redirects) names no one this server knows.
    let response = post_with(&app, &client, "volunteers/request-closure", &[], &[("origin", "null")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn login_from_another_site_is_refused() {
    // Login CSRF: a foreign page signs the victim's browser into the attacker's account.
    let app = common::spawn_app().await;
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", MOBILE)]).await.unwrap();
    let code = app.last_code(MOBILE);
    let args = [("mobile", MOBILE), ("code", code.as_str())];
    let evil = [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")];
    let response = post_with(&app, &app.client, "accounts/login-code", &args, &evil).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let me: Option<SessionUser> = app.call("accounts/me", &[]).await.unwrap();
    assert!(me.is_none(), "no session was started");
    let response = post_with(&app, &app.client, "accounts/send-code", &[("mobile", "13912345679")], &evil).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_same_site_and_clients_without_browser_headers_are_served() {
    let app = common::spawn_app().await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let own_origin = app.base.clone();
    // The page's own origin (by Host), a request the person typed (`none`), and a client that
    // sends neither header (the CLI, scripts, these tests) all pass.
    for headers in [
        vec![("origin", own_origin.as_str()), ("sec-fetch-site", "same-origin")],
        vec![("origin", own_origin.as_str())],
        vec![("sec-fetch-site", "none")],
        vec![],
    ] {
        let response = post_with(&app, &app.client, "accounts/me", &[], &headers).await;
        assert_eq!(response.status(), StatusCode::OK, "{headers:?} for host {host}");
    }
    // Reading is not changing: a GET from anywhere is answered (links from other sites work).
    let response = app
        .client
        .get(format!("{}/activities", app.base))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_configured_public_address_is_the_same_origin() {
    // Behind a reverse proxy the Host the server sees may be internal; the public URL counts.
    let policy = app::state::Policy { public_url: "https://kjzyfw.example.cn/".into(), ..common::test_policy() };
    let app = common::spawn_with(policy).await;
    let response = post_with(&app, &app.client, "accounts/me", &[], &[("origin", "https://kjzyfw.example.cn")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = post_with(&app, &app.client, "accounts/me", &[], &[("origin", "http://kjzyfw.example.cn")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "another scheme is another origin");
}

async fn audited_exports(app: &common::TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export_personal_data'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unmasked_export_is_a_post_from_the_site_itself() {
    // A link on another site, followed by an admin's browser (SameSite=Lax cookies go along with
    // a top-level GET), must not export everyone's phone and ID numbers in the admin's name.
    let app = common::spawn_app().await;
    server::seed::seed_demo(&app.db).await.unwrap();
    let corps: i64 = sqlx::query_scalar("SELECT id FROM organisations WHERE name = '江苏省科技志愿服务总队'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let admin = app.person("13800000001").await;
    let address = format!("{}/orgs/{corps}/roster.csv", app.base);
    let followed = admin.get(format!("{address}?full=1")).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(followed.status(), StatusCode::METHOD_NOT_ALLOWED);
    let forged = admin
        .post(&address)
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .form(&[("q", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(audited_exports(&app).await, 0, "nothing exported, nothing audited");

    // The roster page's own button posts the filter from the site itself.
    let own = admin
        .post(&address)
        .header("origin", app.base.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&[("status", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert!(own.text().await.unwrap().contains("13900000001"), "unmasked");
    assert!(audited_exports(&app).await >= 1);
    // The masked export has no side effect and stays a plain link.
    let masked = admin.get(&address).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(masked.status(), StatusCode::OK);
    assert!(!masked.text().await.unwrap().contains("13900000001"));
}
