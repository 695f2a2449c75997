//! Sessions end: after an idle time, after an absolute lifetime whatever the activity (OWASP
//! ASVS 4.0 3.3.2, level 2), and everywhere else when the password is set or changed — which
//! itself needs a fresh SMS code, so a borrowed unlocked phone with a signed-in browser is not
//! enough to take the account over.
use crate::common;

use app::accounts::model::{CodeSent, SessionUser};
use app::error::{AppError, CodeProblem};
use app::state::Policy;
use common::{spawn_app, spawn_with, test_policy, TestApp};

const PHONE: &str = "13912345678";

async fn me(app: &TestApp, client: &reqwest::Client) -> Option<SessionUser> {
    app.call_as(client, "accounts/me", &[]).await.expect("accounts/me answers")
}

/// Makes every stored session look `seconds` older (as if nobody had used it for that long).
async fn idle_for(app: &TestApp, seconds: i64) {
    sqlx::query("UPDATE sessions SET expires_at = expires_at - $1").bind(seconds).execute(&app.db.pool).await.unwrap();
}

async fn session_expiry(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT MAX(expires_at) FROM sessions").fetch_one(&app.db.pool).await.unwrap()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn an_idle_session_ends_and_a_used_one_slides() {
    let app = spawn_with(Policy { session_idle_s: 1800, ..test_policy() }).await;
    app.login(PHONE).await;
    // 29 minutes without a request: still signed in, and that request starts the wait again.
    idle_for(&app, 1740).await;
    assert!(me(&app, &app.client).await.is_some());
    let expiry = session_expiry(&app).await;
    assert!((expiry - (unix_now() + 1800)).abs() <= 5, "the idle time restarts at each request: {expiry}");
    // 30 minutes and one second without a request: signed out.
    idle_for(&app, 1801).await;
    assert!(me(&app, &app.client).await.is_none());
    let err = app.call::<()>("volunteers/request-closure", &[]).await.unwrap_err();
    assert_eq!(err, AppError::Unauthenticated);
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_however_busy() {
    let app = spawn_with(Policy { session_absolute_s: 3, ..test_policy() }).await;
    app.login(PHONE).await;
    // A request every half second keeps it from idling, not from ageing.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_millis(2500) {
        assert!(me(&app, &app.client).await.is_some(), "signed in before the lifetime ends");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert!(me(&app, &app.client).await.is_none(), "signed out after the absolute lifetime");
    // Signing in again starts a new lifetime.
    app.age_codes(PHONE, 120).await;
    app.login(PHONE).await;
    assert!(me(&app, &app.client).await.is_some());
}

#[tokio::test]
async fn a_password_needs_a_fresh_code_from_the_phone() {
    let app = spawn_app().await;
    app.login(PHONE).await;
    // Without a code, and with a code that was never sent: refused, nothing stored.
    let err = app.call::<()>("accounts/set-password", &[("password", "kexue2026")]).await.unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    let err =
        app.call::<()>("accounts/set-password", &[("password", "kexue2026"), ("code", "123456")]).await.unwrap_err();
    assert_eq!(err, AppError::Code(CodeProblem::NotRequested), "the login code is used up");
    // A wrong code counts as a wrong try, as at login.
    app.age_codes(PHONE, 120).await;
    let sent: CodeSent = app.call("accounts/send-own-code", &[]).await.unwrap();
    assert_eq!(sent.mobile_masked, "139****5678");
    let right = app.last_code(PHONE);
    let wrong = if right == "000000" { "111111" } else { "000000" };
    let err = app.call::<()>("accounts/set-password", &[("password", "kexue2026"), ("code", wrong)]).await.unwrap_err();
    assert!(matches!(err, AppError::Code(CodeProblem::Wrong { .. })), "{err:?}");
    let hash: Option<String> = sqlx::query_scalar("SELECT password_hash FROM users WHERE mobile = $1")
        .bind(PHONE)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(hash.is_none(), "no password was stored");
    let () = app.call("accounts/set-password", &[("password", "kexue2026"), ("code", &right)]).await.unwrap();
    // A code is sent only to the signed-in person's own phone.
    let err = app.call_as::<CodeSent>(&app.new_client(), "accounts/send-own-code", &[]).await.unwrap_err();
    assert_eq!(err, AppError::Unauthenticated);
}

#[tokio::test]
async fn a_new_password_ends_every_other_session() {
    let app = spawn_app().await;
    let other_device = app.person(PHONE).await;
    let someone_else = app.person("13912345679").await;
    app.age_codes(PHONE, 120).await;
    app.login(PHONE).await;
    assert!(me(&app, &other_device).await.is_some());
    app.age_codes(PHONE, 120).await;
    let _: CodeSent = app.call("accounts/send-own-code", &[]).await.unwrap();
    let code = app.last_code(PHONE);
    let () = app.call("accounts/set-password", &[("password", "kexue2026"), ("code", &code)]).await.unwrap();
    assert!(me(&app, &app.client).await.is_some(), "the session that changed it stays");
    assert!(me(&app, &other_device).await.is_none(), "the other device is signed out");
    assert!(me(&app, &someone_else).await.is_some(), "other people's sessions are untouched");
    // The other device gets back in with the new password.
    let back: SessionUser = app
        .call_as(&other_device, "accounts/login-password", &[("mobile", PHONE), ("password", "kexue2026")])
        .await
        .unwrap();
    assert_eq!(Some(back), me(&app, &other_device).await);
}

#[tokio::test]
async fn the_cookie_is_secure_whenever_the_public_address_is_https() {
    let app = spawn_with(Policy { public_url: "https://kjzyfw.example.cn".into(), ..test_policy() }).await;
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    let code = app.last_code(PHONE);
    let response = app
        .client
        .post(format!("{}/api/accounts/login-code", app.base))
        .form(&[("mobile", PHONE), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = response.headers().get("set-cookie").expect("a session cookie").to_str().unwrap().to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    // Over plain http (the default in development) the flag would stop the browser sending it.
    let plain = spawn_app().await;
    let _: CodeSent = plain.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    let code = plain.last_code(PHONE);
    let response = plain
        .client
        .post(format!("{}/api/accounts/login-code", plain.base))
        .form(&[("mobile", PHONE), ("code", code.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = response.headers().get("set-cookie").expect("a session cookie").to_str().unwrap().to_owned();
    assert!(!cookie.contains("Secure"), "{cookie}");
}
