//! F-01/F-02 over real HTTP: phone + code registration and login, every code rule and limit,
//! passwords, sessions.
use crate::common;

use app::accounts::model::{CodeSent, SessionUser};
use app::error::{AppError, CodeProblem, RateReason};
use app::validation::Invalid;
use common::{spawn_app, spawn_with, test_policy};

const PHONE: &str = "13912345678";

#[tokio::test]
async fn a_new_number_registers_with_a_code_and_logs_out() {
    let app = spawn_app().await;
    let me: Option<SessionUser> = app.call("accounts/me", &[]).await.unwrap();
    assert_eq!(me, None);

    let sent: CodeSent = app.call("accounts/send-code", &[("mobile", "139 1234 5678")]).await.unwrap();
    assert_eq!(sent.mobile_masked, "139****5678");
    assert_eq!((sent.resend_after_s, sent.expires_in_s), (60, 300));
    let code = app.last_code(PHONE);
    assert_eq!(code.len(), 6);

    let user: SessionUser = app.call("accounts/login-code", &[("mobile", PHONE), ("code", &code)]).await.unwrap();
    assert!(user.volunteer_no.starts_with("KJ") && user.volunteer_no.len() == 12, "{}", user.volunteer_no);
    assert_eq!(user.mobile_masked, "139****5678");
    assert!(!user.profile_complete());

    let me: Option<SessionUser> = app.call("accounts/me", &[]).await.unwrap();
    assert_eq!(me.as_ref().map(|u| &u.volunteer_no), Some(&user.volunteer_no));

    let () = app.call("accounts/logout", &[]).await.unwrap();
    let me: Option<SessionUser> = app.call("accounts/me", &[]).await.unwrap();
    assert_eq!(me, None);

    // Logging in again reaches the same account, not a new one.
    app.age_codes(PHONE, 61).await;
    let again = app.login(PHONE).await;
    assert_eq!(again.volunteer_no, user.volunteer_no);
}

#[tokio::test]
async fn the_server_refuses_what_the_browser_would() {
    let app = spawn_app().await;
    let err = app.call::<CodeSent>("accounts/send-code", &[("mobile", "12345")]).await.unwrap_err();
    assert_eq!(err, AppError::field("mobile", Invalid::MobileFormat));
    let err = app.call::<SessionUser>("accounts/login-code", &[("mobile", ""), ("code", "12")]).await.unwrap_err();
    let fields = err.field_errors().expect("field errors");
    assert_eq!(fields.get("mobile"), Some(Invalid::Required));
    assert_eq!(fields.get("code"), Some(Invalid::SmsCodeFormat));
}

#[tokio::test]
async fn a_code_works_once() {
    let app = spawn_app().await;
    app.login(PHONE).await;
    let code = app.last_code(PHONE);
    let other = app.new_client();
    let err = app
        .call_as::<SessionUser>(&other, "accounts/login-code", &[("mobile", PHONE), ("code", &code)])
        .await
        .unwrap_err();
    assert_eq!(err, AppError::Code(CodeProblem::NotRequested));
}

#[tokio::test]
async fn five_wrong_tries_void_the_code() {
    let app = spawn_app().await;
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    let code = app.last_code(PHONE);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for remaining in (1..=4).rev() {
        let err =
            app.call::<SessionUser>("accounts/login-code", &[("mobile", PHONE), ("code", wrong)]).await.unwrap_err();
        assert_eq!(err, AppError::Code(CodeProblem::Wrong { remaining }));
    }
    let err = app.call::<SessionUser>("accounts/login-code", &[("mobile", PHONE), ("code", wrong)]).await.unwrap_err();
    assert_eq!(err, AppError::Code(CodeProblem::TooManyTries));
    // Even the right code is refused now.
    let err = app.call::<SessionUser>("accounts/login-code", &[("mobile", PHONE), ("code", &code)]).await.unwrap_err();
    assert_eq!(err, AppError::Code(CodeProblem::TooManyTries));
}

#[tokio::test]
async fn a_code_expires_after_five_minutes() {
    let app = spawn_app().await;
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    let code = app.last_code(PHONE);
    app.age_codes(PHONE, 301).await;
    let err = app.call::<SessionUser>("accounts/login-code", &[("mobile", PHONE), ("code", &code)]).await.unwrap_err();
    assert_eq!(err, AppError::Code(CodeProblem::Expired));
}

#[tokio::test]
async fn resending_waits_a_minute_and_each_number_gets_five_an_hour() {
    let app = spawn_app().await;
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    match app.call::<CodeSent>("accounts/send-code", &[("mobile", PHONE)]).await.unwrap_err() {
        AppError::RateLimited { reason: RateReason::ResendTooSoon, retry_after_s } => {
            assert!((1..=60).contains(&retry_after_s))
        }
        other => panic!("expected ResendTooSoon, got {other:?}"),
    }
    for _ in 0..4 {
        app.age_codes(PHONE, 61).await;
        let _: CodeSent = app.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    }
    app.age_codes(PHONE, 61).await;
    match app.call::<CodeSent>("accounts/send-code", &[("mobile", PHONE)]).await.unwrap_err() {
        // The oldest of the five was sent 5 × 61 s ago, so the window reopens in 3600 − 305 s.
        AppError::RateLimited { reason: RateReason::NumberHourly, retry_after_s } => {
            assert_eq!(retry_after_s, 3600 - 305)
        }
        other => panic!("expected NumberHourly, got {other:?}"),
    }
}

#[tokio::test]
async fn one_client_address_gets_a_limited_number_of_codes() {
    let app = spawn_with(app::state::Policy { codes_per_client_hourly: 3, ..test_policy() }).await;
    for n in 1..=3 {
        let _: CodeSent = app.call("accounts/send-code", &[("mobile", &format!("1370000000{n}"))]).await.unwrap();
    }
    match app.call::<CodeSent>("accounts/send-code", &[("mobile", "13700000009")]).await.unwrap_err() {
        AppError::RateLimited { reason: RateReason::ClientHourly, retry_after_s } => assert!(retry_after_s > 3500),
        other => panic!("expected ClientHourly, got {other:?}"),
    }
}

#[tokio::test]
async fn two_requests_racing_with_one_code_log_in_once() {
    let app = spawn_app().await;
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    let code = app.last_code(PHONE);
    let clients: Vec<_> = (0..6).map(|_| app.new_client()).collect();
    let args = [("mobile", PHONE), ("code", code.as_str())];
    let attempts = clients.iter().map(|c| app.call_as::<SessionUser>(c, "accounts/login-code", &args));
    let results = futures::future::join_all(attempts).await;
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    let users: i64 =
        sqlx::Row::get(&sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&app.db.pool).await.unwrap(), "n");
    assert_eq!(users, 1);
}

/// Sets PHONE's password on the app's client with a fresh code (see `sessions.rs` for the rules).
async fn set_password(app: &common::TestApp, password: &str) {
    app.age_codes(PHONE, 120).await;
    let _: CodeSent = app.call("accounts/send-own-code", &[]).await.expect("code sent");
    let code = app.last_code(PHONE);
    let () = app.call("accounts/set-password", &[("password", password), ("code", &code)]).await.expect("password set");
}

#[tokio::test]
async fn a_password_is_a_second_way_in() {
    let app = spawn_app().await;
    let user = app.login(PHONE).await;
    assert!(!user.has_password);
    let err = app.call::<()>("accounts/set-password", &[("password", "short1"), ("code", "123456")]).await.unwrap_err();
    assert_eq!(err, AppError::field("password", Invalid::PasswordWeak));
    set_password(&app, "kexue2026").await;

    let other = app.new_client();
    let err = app
        .call_as::<SessionUser>(&other, "accounts/login-password", &[("mobile", PHONE), ("password", "wrong2026")])
        .await
        .unwrap_err();
    assert_eq!(err, AppError::Code(CodeProblem::BadPassword));
    let back: SessionUser =
        app.call_as(&other, "accounts/login-password", &[("mobile", PHONE), ("password", "kexue2026")]).await.unwrap();
    assert_eq!(back.volunteer_no, user.volunteer_no);
    assert!(back.has_password);
}

#[tokio::test]
async fn wrong_passwords_pause_password_login() {
    let app = spawn_app().await;
    app.login(PHONE).await;
    set_password(&app, "kexue2026").await;
    let other = app.new_client();
    for _ in 0..10 {
        let err = app
            .call_as::<SessionUser>(&other, "accounts/login-password", &[("mobile", PHONE), ("password", "nope12345")])
            .await
            .unwrap_err();
        assert_eq!(err, AppError::Code(CodeProblem::BadPassword));
    }
    let err = app
        .call_as::<SessionUser>(&other, "accounts/login-password", &[("mobile", PHONE), ("password", "kexue2026")])
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::RateLimited { reason: RateReason::LoginAttempts, .. }), "{err:?}");
}

#[tokio::test]
async fn setting_a_password_needs_a_login() {
    let app = spawn_app().await;
    let err =
        app.call::<()>("accounts/set-password", &[("password", "kexue2026"), ("code", "123456")]).await.unwrap_err();
    assert_eq!(err, AppError::Unauthenticated);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = spawn_app().await;
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
    assert!(cookie.starts_with("sciserve_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

/// The outcomes of `n` requests to one endpoint, each from its own client and all at once.
async fn all_at_once<T: serde::de::DeserializeOwned>(
    app: &common::TestApp,
    n: usize,
    endpoint: &str,
    args: &[(&str, &str)],
) -> Vec<Result<T, AppError>> {
    let clients: Vec<_> = (0..n).map(|_| app.new_client()).collect();
    futures::future::join_all(clients.iter().map(|c| app.call_as::<T>(c, endpoint, args))).await
}

fn outbox_lines(app: &common::TestApp) -> usize {
    std::fs::read_to_string(&app.outbox).map(|t| t.lines().count()).unwrap_or(0)
}

#[tokio::test]
async fn thirty_parallel_sends_to_one_number_send_one_code() {
    let app = spawn_app().await;
    let results: Vec<Result<CodeSent, _>> = all_at_once(&app, 30, "accounts/send-code", &[("mobile", PHONE)]).await;
    let accepted = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(AppError::RateLimited { reason: RateReason::ResendTooSoon, .. })))
        .count();
    assert_eq!((accepted, refused, outbox_lines(&app)), (1, 29, 1), "{results:?}");
}

#[tokio::test]
async fn a_hundred_parallel_wrong_passwords_stop_at_the_limit() {
    let app = spawn_app().await;
    app.login(PHONE).await;
    set_password(&app, "kexue2026").await;
    let args = [("mobile", PHONE), ("password", "nope12345")];
    let results: Vec<Result<SessionUser, _>> = all_at_once(&app, 100, "accounts/login-password", &args).await;
    // Every "wrong password" answer means the password was really checked.
    let checked = results.iter().filter(|r| matches!(r, Err(AppError::Code(CodeProblem::BadPassword)))).count();
    let paused = results
        .iter()
        .filter(|r| matches!(r, Err(AppError::RateLimited { reason: RateReason::LoginAttempts, .. })))
        .count();
    assert_eq!((checked, paused), (10, 90), "{results:?}");
    let err = app
        .call_as::<SessionUser>(
            &app.new_client(),
            "accounts/login-password",
            &[("mobile", PHONE), ("password", "kexue2026")],
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::RateLimited { reason: RateReason::LoginAttempts, .. }), "{err:?}");
}

#[tokio::test]
async fn parallel_wrong_codes_use_up_the_tries_before_the_right_one_counts() {
    let app = spawn_app().await;
    let _: CodeSent = app.call("accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    let code = app.last_code(PHONE);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let results: Vec<Result<SessionUser, _>> =
        all_at_once(&app, 50, "accounts/login-code", &[("mobile", PHONE), ("code", wrong)]).await;
    let checked = results.iter().filter(|r| matches!(r, Err(AppError::Code(CodeProblem::Wrong { .. })))).count();
    assert_eq!(checked, 4, "{results:?}");
    let err = app.call::<SessionUser>("accounts/login-code", &[("mobile", PHONE), ("code", &code)]).await.unwrap_err();
    assert_eq!(err, AppError::Code(CodeProblem::TooManyTries));
}

/// Sends a code to `mobile` claiming to come through the proxy chain `forwarded`.
async fn send_via(app: &common::TestApp, mobile: &str, forwarded: &str) -> Result<CodeSent, AppError> {
    let response = app
        .new_client()
        .post(format!("{}/api/accounts/send-code", app.base))
        .header("x-forwarded-for", forwarded)
        .form(&[("mobile", mobile)])
        .send()
        .await
        .expect("request");
    let (ok, body) = (response.status().is_success(), response.text().await.expect("body"));
    if ok {
        Ok(serde_json::from_str(&body).expect("CodeSent"))
    } else {
        Err(serde_json::from_str(&body).expect("AppError"))
    }
}

#[tokio::test]
async fn behind_one_proxy_spoofed_forwarded_hops_do_not_rotate_the_client() {
    let policy = app::state::Policy { codes_per_client_hourly: 2, trusted_proxies: 1, ..test_policy() };
    let app = spawn_with(policy).await;
    // The proxy appends the address it saw (203.0.113.7); what the client wrote before it is ignored.
    for n in 1..=2 {
        send_via(&app, &format!("1370000000{n}"), &format!("10.9.9.{n}, 203.0.113.7")).await.unwrap();
    }
    let err = send_via(&app, "13700000009", "10.9.9.3, 203.0.113.7").await.unwrap_err();
    assert!(matches!(err, AppError::RateLimited { reason: RateReason::ClientHourly, .. }), "{err:?}");
    // Another real client behind the same proxy has its own allowance.
    send_via(&app, "13700000008", "10.9.9.3, 198.51.100.4").await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT DISTINCT client_addr FROM sms_codes ORDER BY client_addr")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, ["198.51.100.4", "203.0.113.7"]);
    // The per-number limit holds whatever address a request comes from.
    let err = send_via(&app, "13700000001", "192.0.2.99").await.unwrap_err();
    assert!(matches!(err, AppError::RateLimited { reason: RateReason::ResendTooSoon, .. }), "{err:?}");
}
