//! `spawn_app()`: a fresh database from migrations (SQLite file, or a new PostgreSQL database
//! when `SCISERVE_TEST_DB` holds a postgres URL), the real router on a random port, and an HTTP
//! client with a cookie jar. Nothing is shared between tests.
#![allow(dead_code)]

pub mod orgs;
pub mod served;

use app::db::Db;
use app::error::AppError;
use app::state::Policy;
use leptos::config::LeptosOptions;
use serde::de::DeserializeOwned;
use server::sms::OutboxSender;
use server::startup::{build, serve, AppParts};
use std::path::PathBuf;
use std::sync::Arc;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub outbox: PathBuf,
    pub dir: PathBuf,
    /// The database's URL, for running the `server` binary against it.
    pub url: String,
}

fn unique(prefix: &str) -> String {
    format!("{prefix}{}_{:08x}", std::process::id(), rand_u32())
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos());
    h.finish() as u32
}

/// Which engine this run tests: "sqlite" (default) or a postgres URL.
pub fn engine_url() -> String {
    std::env::var("SCISERVE_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

async fn fresh_database(dir: &std::path::Path) -> String {
    let target = engine_url();
    if target == "sqlite" {
        return format!("sqlite://{}/test.db?mode=rwc", dir.display());
    }
    // A new database per test on the server the URL names.
    let name = unique("t_");
    let admin = Db::connect(&target).await.expect("connect to test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.expect("create test database");
    admin.pool.close().await;
    let (base, _) = target.rsplit_once('/').expect("postgres URL with a database name");
    format!("{base}/{name}")
}

pub fn test_policy() -> Policy {
    // Every test talks from 127.0.0.1; the per-client limit has its own test.
    Policy { codes_per_client_hourly: 10_000, ..Policy::default() }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(test_policy()).await
}

pub async fn spawn_with(policy: Policy) -> TestApp {
    spawn_sized(policy, 2 * 1024 * 1024).await
}

/// As [`spawn_with`], accepting request bodies up to `body_limit` bytes (uploads near their limit).
pub async fn spawn_sized(policy: Policy, body_limit: usize) -> TestApp {
    // Tests write fixtures straight into the database, which no page cache can notice: off here,
    // on in tests/pages.rs.
    spawn_full(policy, body_limit, server::pages::Settings { ttl: std::time::Duration::ZERO }).await
}

/// As [`spawn_sized`], with the page cache set by `pages`.
pub async fn spawn_full(policy: Policy, body_limit: usize, pages: server::pages::Settings) -> TestApp {
    let dir = std::env::temp_dir().join(unique("sciserve-test-"));
    std::fs::create_dir_all(&dir).unwrap();
    let url = fresh_database(&dir).await;
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // A site root of its own with one static file, served as cargo-leptos's output would be.
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let mut leptos_options =
        LeptosOptions::builder().output_name("sciserve").site_root(site.to_string_lossy().into_owned()).build();
    leptos_options.site_addr = addr;
    let outbox = dir.join("sms-outbox.jsonl");
    let router = build(AppParts {
        leptos_options,
        db: db.clone(),
        sms: Arc::new(OutboxSender::new(outbox.clone())),
        policy,
        keys: app::keys::Keys::random(),
        files_dir: dir.join("files"),
        secure_cookies: false,
        body_limit,
        pages,
    });
    tokio::spawn(serve(listener, router, std::future::pending()));
    let client = browser_client();
    TestApp { base: format!("http://{addr}"), client, db, outbox, dir, url }
}

/// A client that keeps cookies and does not follow redirects (tests look at them), and gives up
/// on a request after a minute: a request that never answers fails its test with a message
/// instead of hanging the whole suite until the CI step's time limit.
fn browser_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("HTTP client")
}

impl TestApp {
    /// A client with its own cookie jar (a second person or device).
    pub fn new_client(&self) -> reqwest::Client {
        browser_client()
    }

    /// Calls a server function with form-encoded arguments, as the browser does.
    pub async fn call<T: DeserializeOwned>(&self, endpoint: &str, args: &[(&str, &str)]) -> Result<T, AppError> {
        self.call_as(&self.client, endpoint, args).await
    }

    pub async fn call_as<T: DeserializeOwned>(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        args: &[(&str, &str)],
    ) -> Result<T, AppError> {
        let response = client.post(format!("{}/api/{endpoint}", self.base)).form(args).send().await.expect("request");
        decode(response).await
    }

    /// Calls a server function whose input is JSON-encoded.
    pub async fn call_json<T: DeserializeOwned>(&self, endpoint: &str, body: serde_json::Value) -> Result<T, AppError> {
        self.call_json_as(&self.client, endpoint, body).await
    }

    pub async fn call_json_as<T: DeserializeOwned>(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        body: serde_json::Value,
    ) -> Result<T, AppError> {
        let response = client.post(format!("{}/api/{endpoint}", self.base)).json(&body).send().await.expect("request");
        decode(response).await
    }

    /// A second signed-in person on their own client.
    pub async fn person(&self, mobile: &str) -> reqwest::Client {
        let client = self.new_client();
        self.login_as(&client, mobile).await;
        client
    }

    /// The newest code sent to `mobile`, read from the outbox file.
    pub fn last_code(&self, mobile: &str) -> String {
        let text = std::fs::read_to_string(&self.outbox).expect("outbox exists");
        text.lines()
            .rev()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("outbox line is JSON"))
            .find(|v| v["to"] == mobile)
            .and_then(|v| v["code"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no code for {mobile} in {text}"))
    }

    /// Registers/logs in `mobile` with a real code on `client`.
    pub async fn login_as(&self, client: &reqwest::Client, mobile: &str) -> app::accounts::model::SessionUser {
        let _: app::accounts::model::CodeSent =
            self.call_as(client, "accounts/send-code", &[("mobile", mobile)]).await.expect("code sent");
        let code = self.last_code(mobile);
        self.call_as(client, "accounts/login-code", &[("mobile", mobile), ("code", &code)]).await.expect("logged in")
    }

    pub async fn login(&self, mobile: &str) -> app::accounts::model::SessionUser {
        self.login_as(&self.client, mobile).await
    }

    /// Moves every stored code for `mobile` back in time (to test expiry and hourly limits
    /// without sleeping).
    pub async fn age_codes(&self, mobile: &str, seconds: i64) {
        sqlx::query(
            "UPDATE sms_codes SET created_at = created_at - $1, expires_at = expires_at - $1 WHERE mobile = $2",
        )
        .bind(seconds * 1_000_000)
        .bind(mobile)
        .execute(&self.db.pool)
        .await
        .unwrap();
    }
}

/// A server function's answer: its value, or the error whose status it must carry.
pub async fn decode<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, AppError> {
    let status = response.status();
    let body = response.text().await.expect("body");
    if status.is_success() {
        Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("decoding {body:?}: {e}")))
    } else {
        let error: AppError =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("decoding error {status} {body:?}: {e}"));
        // Every refusal any test sees also checks the one mapping from error to status.
        assert_eq!(status, error.status(), "status of {error:?}");
        Err(error)
    }
}

/// A valid ID number for someone born on `birth` (yyyymmdd) of the given gender.
pub fn id_for(birth: &str, male: bool) -> String {
    server::seed::id_with_check(&format!("320412{birth}{}", if male { "013" } else { "024" })).unwrap()
}

/// The user id for `mobile`, creating the account if needed.
pub async fn user(app: &TestApp, mobile: &str) -> i64 {
    let m = app::accounts::mobile::Mobile::parse(mobile).unwrap();
    app::accounts::users::find_or_create(&app.db, &m, app::db::now_us()).await.unwrap().id
}

/// Signs `mobile` in on a new client and gives them a complete profile.
pub async fn volunteer(app: &TestApp, mobile: &str, birth: &str, male: bool) -> reqwest::Client {
    volunteer_with(app, mobile, birth, male, "").await
}

/// As [`volunteer`], with the qualifications the profile lists.
pub async fn volunteer_with(
    app: &TestApp,
    mobile: &str,
    birth: &str,
    male: bool,
    qualifications: &str,
) -> reqwest::Client {
    let client = app.person(mobile).await;
    let county = "320412";
    let id = server::seed::id_with_check(&format!("{county}{birth}{}", if male { "015" } else { "026" })).unwrap();
    let profile = serde_json::json!({ "input": {
        "real_name": format!("志愿者{}", chinese_digits(&mobile[9..])), "gender": if male { "male" } else { "female" }, "id_number": id,
        "political_status": "13", "ethnicity": "01", "work_unit": "", "title": "none", "education": "bachelor",
        "occupation": "enterprise", "province": "32", "city": "3204", "county": county,
        "service_categories": ["tech_training"], "service_fields": ["science_education"], "four_heads": "none",
        "skills": "无人机 科普讲解", "qualifications": qualifications }});
    app.call_json_as::<()>(&client, "volunteers/save-profile", profile).await.expect("profile saved");
    client
}

/// Names take no digits: 01 → 零一.
pub fn chinese_digits(digits: &str) -> String {
    digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| "零一二三四五六七八九".chars().nth(d as usize).unwrap_or('零'))
        .collect()
}
