//! Health, security headers, error pages.
use crate::common;

use common::spawn_app;

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let response = app.client.get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_nonce_policy() {
    let app = spawn_app().await;
    let response = app.client.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    let csp = headers["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce =
        csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce in the policy").to_owned();
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
    let html_tag = html.split('>').find(|t| t.contains("<html")).expect("an html tag");
    assert_eq!(html_tag.matches("lang=").count(), 1, "{html_tag}");
    assert!(html_tag.contains("lang=\"zh-CN\""), "Chinese by default: {html_tag}");
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page() {
    let app = spawn_app().await;
    let response = app.client.get(format!("{}/no/such/page", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("页面不存在"));
}

#[tokio::test]
async fn oversized_requests_are_refused() {
    let app = spawn_app().await;
    let big = "x".repeat(3 * 1024 * 1024);
    let response = app.client.post(format!("{}/api/accounts/send-code", app.base)).body(big).send().await.unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn the_demo_seed_loads_once_and_every_profile_is_valid() {
    use sqlx::Row;
    let app = spawn_app().await;
    server::seed::seed_demo(&app.db).await.expect("seed");
    server::seed::seed_demo(&app.db).await.expect("a second run is a no-op");
    let count = |sql: &'static str| {
        let pool = app.db.pool.clone();
        async move { sqlx::query(sql).fetch_one(&pool).await.unwrap().get::<i64, _>("n") }
    };
    assert_eq!(count("SELECT COUNT(*) AS n FROM organisations").await, 7);
    assert_eq!(count("SELECT COUNT(*) AS n FROM profiles").await, 5);
    assert_eq!(count("SELECT COUNT(*) AS n FROM users WHERE is_platform_admin = 1").await, 1);
    // The closure table knows the squad is three levels under the corps.
    assert_eq!(
        count(
            "SELECT c.depth AS n FROM org_closure c JOIN organisations a ON a.id = c.ancestor_id
             JOIN organisations d ON d.id = c.descendant_id
             WHERE a.name = '江苏省科技志愿服务总队' AND d.name = '湖塘镇科技志愿服务分队'"
        )
        .await,
        3
    );
    // The demo admin logs in with a code like anyone else and sees their role.
    let user = app.login(server::seed::PLATFORM_ADMIN).await;
    assert!(user.is_platform_admin);
}

#[tokio::test]
async fn housekeeping_forgets_limit_keys_after_a_day_and_keeps_recent_ones() {
    use sqlx::Row;
    let app = spawn_app().await;
    let now = app::db::now_us();
    let two_days_ago = now - 2 * 24 * 3600 * 1_000_000;
    for (key, used_at) in [("mobile:13800000000", two_days_ago), ("client:203.0.113.7", now)] {
        sqlx::query("INSERT INTO limit_keys (key, used_at) VALUES ($1, $2)")
            .bind(key)
            .bind(used_at)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    server::jobs::housekeeping(&app.db).await.expect("housekeeping");
    let left: Vec<String> = sqlx::query("SELECT key FROM limit_keys ORDER BY key")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>("key"))
        .collect();
    assert_eq!(left, vec!["client:203.0.113.7".to_string()]);
}

/// Two writers meet (a publish beside the notice job once answered 500 this way): a write
/// transaction that read before another connection committed must still write and commit. On
/// SQLite a transaction opened with a plain `BEGIN` fails its first write with
/// SQLITE_BUSY_SNAPSHOT here; `Db::begin` opens it with `BEGIN IMMEDIATE`.
#[tokio::test]
async fn a_write_transaction_that_read_first_still_commits_beside_another_writer() {
    let app = spawn_app().await;
    let mut tx = app.db.begin().await.unwrap();
    let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM limit_keys WHERE key LIKE 'race:%'")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(seen, 0);
    let pool = app.db.pool.clone();
    let other = tokio::spawn(async move {
        sqlx::query("INSERT INTO limit_keys (key, used_at) VALUES ('race:other', 1)").execute(&pool).await
    });
    // The other writer has committed by now, or waits for this transaction's lock.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    sqlx::query("INSERT INTO limit_keys (key, used_at) VALUES ('race:first', 1)").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
    other.await.unwrap().unwrap();
    let both: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM limit_keys WHERE key LIKE 'race:%'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(both, 2);
}
