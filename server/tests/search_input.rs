//! Issue 11 item 5 over real HTTP on both engines: every search path — the public pages, the
//! server functions and `/api/v1` — applies the one keyword rule set (`validation::Keyword`),
//! and a 100 KB keyword is refused with a 4xx before any search runs.
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::ActivityInput;
use app::activities::views::{ActivityPage, ActivityQuery};
use app::db::now_us;
use app::error::AppError;
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::orgs::views::{OrgPage, OrgQuery, RosterQuery};
use app::validation::{Invalid, MAX_KEYWORD_CHARS, MAX_KEYWORD_TERMS};
use common::{spawn_app, user, TestApp};
use serde_json::json;
use std::time::{Duration, Instant};

const STAFF: &str = "13855550001";
const DAY: i64 = 24 * 3_600_000_000;

/// About 100 KB of words, as a hostile client would send.
fn huge() -> String {
    "ab ".repeat(34_134)
}

/// One approved team with a staff member signed in on `app.client`, and one published activity.
async fn world(app: &TestApp) -> i64 {
    let now = now_us();
    let org =
        |name, parent| NewOrg { name, parent_id: parent, status: "approved", province: "32", city: "3204", county: "" };
    let corps = insert(&app.db, &org("江苏省科技志愿服务总队", None), now).await.unwrap();
    let team = insert(&app.db, &org("常州市科技志愿服务队", Some(corps)), now).await.unwrap();
    set_staff(&app.db, team, user(app, STAFF).await, OrgRole::Staff, now).await.unwrap();
    app.login(STAFF).await;
    let at = |offset| app::activities::model::format_local_input(now + offset);
    let input = ActivityInput {
        title: "书法与科普讲座".into(),
        starts_at: at(DAY),
        ends_at: at(DAY + DAY / 12),
        ..ActivityInput::sample(team)
    };
    let published =
        app.call_json::<i64>("activities/save", json!({ "id": null, "input": input, "publish": true })).await;
    published.expect("published");
    team
}

/// The refusal of field `q`.
fn q_refusal(result: Result<impl std::fmt::Debug, AppError>) -> Invalid {
    match result {
        Err(AppError::Invalid(errors)) => errors.get("q").unwrap_or_else(|| panic!("no q error in {errors:?}")),
        other => panic!("expected a refused keyword, got {other:?}"),
    }
}

fn report(path: &str, took: Duration) {
    // Read by whoever runs the suite with --nocapture; a time limit here would make the test flaky.
    eprintln!("100 KB keyword: {path} answered in {} ms", took.as_millis());
}

#[tokio::test]
async fn a_100_kb_keyword_is_refused_on_every_path() {
    let app = spawn_app().await;
    let team = world(&app).await;
    let q = huge();
    let too_long = Invalid::TooLong { max: MAX_KEYWORD_CHARS as u32 };

    // Server functions.
    let started = Instant::now();
    let page = app
        .call_json::<ActivityPage>(
            "activities/list",
            json!({ "query": ActivityQuery { q: q.clone(), ..Default::default() } }),
        )
        .await;
    report("activities/list", started.elapsed());
    assert_eq!(q_refusal(page), too_long);
    let started = Instant::now();
    let page = app
        .call_json::<OrgPage>("orgs/list", json!({ "query": OrgQuery { q: q.clone(), ..Default::default() } }))
        .await;
    report("orgs/list", started.elapsed());
    assert_eq!(q_refusal(page), too_long);
    let roster = RosterQuery { org_id: team, q: q.clone(), ..Default::default() };
    for endpoint in ["orgs/roster", "orgs/roster-count"] {
        let started = Instant::now();
        let result = app.call_json::<serde_json::Value>(endpoint, json!({ "query": roster })).await;
        report(endpoint, started.elapsed());
        assert_eq!(q_refusal(result), too_long, "{endpoint}");
    }
    let started = Instant::now();
    let mine = app.call::<serde_json::Value>("activities/mine", &[("tab", "all"), ("q", &q)]).await;
    report("activities/mine", started.elapsed());
    assert_eq!(q_refusal(mine), too_long);

    // Pages (the keyword in the address) and the public API. An address over 64 KB is refused
    // by the HTTP layer itself (414) before any handler runs; one under that with a keyword over
    // the limit is refused by the keyword rules.
    let encoded = q.replace(' ', "+");
    let under_uri_limit = &encoded[..60_000];
    for (path, expected) in [
        ("/activities", 422),
        ("/orgs", 422),
        ("/me/activities", 422),
        (&*format!("/orgs/{team}/manage/roster"), 422),
        ("/api/v1/activities", 400),
        ("/api/v1/organisations", 400),
    ] {
        let started = Instant::now();
        let status = raw_get(&app, &format!("{path}?q={encoded}")).await;
        report(&format!("GET {path} (raw, 100 KB)"), started.elapsed());
        assert_eq!(status, 414, "{path}");
        let started = Instant::now();
        let response = app
            .client
            .get(format!("{}{path}?q={under_uri_limit}", app.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {}", e.without_url()));
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        report(&format!("GET {path} (60 KB)"), started.elapsed());
        assert_eq!(status, expected, "{path}");
        assert!(body.len() < under_uri_limit.len(), "{path} does not echo the keyword back ({} bytes)", body.len());
    }
}

/// The status of a GET sent as raw bytes: the HTTP client refuses to build an address as long
/// as a hostile one can be.
async fn raw_get(app: &TestApp, path_and_query: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    let request = format!("GET {path_and_query} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer");
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status in {head:?}"))
}

#[tokio::test]
async fn every_path_applies_the_same_keyword_rules() {
    let app = spawn_app().await;
    let team = world(&app).await;
    let search = |q: &str| {
        let app = &app;
        let query = ActivityQuery { q: q.into(), ..Default::default() };
        async move { app.call_json::<ActivityPage>("activities/list", json!({ "query": query })).await }
    };
    // A lone Chinese character is a word; lone letters and digits are left out, not matched.
    assert_eq!(search("书").await.unwrap().items.len(), 1);
    assert_eq!(search("a 1 科普").await.unwrap().items.len(), 1);
    assert_eq!(search("x 天文").await.unwrap().items.len(), 0);
    let too_many = (0..=MAX_KEYWORD_TERMS).map(|i| format!("词{i}")).collect::<Vec<_>>().join(" ");
    let refused = Invalid::TooManyTerms { max: MAX_KEYWORD_TERMS as u32 };
    assert_eq!(q_refusal(search(&too_many).await), refused);
    let orgs = app
        .call_json::<OrgPage>("orgs/list", json!({ "query": OrgQuery { q: too_many.clone(), ..Default::default() } }))
        .await;
    assert_eq!(q_refusal(orgs), refused);
    let roster = RosterQuery { org_id: team, q: too_many.clone(), ..Default::default() };
    assert_eq!(q_refusal(app.call_json::<serde_json::Value>("orgs/roster", json!({ "query": roster })).await), refused);
    for path in ["/api/v1/activities", "/api/v1/organisations"] {
        let response = app.client.get(format!("{}{path}", app.base)).query(&[("q", &too_many)]).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
    }
    // The directory matches every word of the name, wherever it stands.
    let found: OrgPage = app
        .call_json("orgs/list", json!({ "query": OrgQuery { q: "常州 服务队".into(), ..Default::default() } }))
        .await
        .unwrap();
    assert_eq!(found.items.iter().map(|o| o.id).collect::<Vec<_>>(), vec![team]);
    let longest = "科".repeat(MAX_KEYWORD_CHARS);
    assert_eq!(search(&longest).await.unwrap().items.len(), 0, "the longest keyword is a search");
}
