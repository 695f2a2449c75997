//! Collective registration and consent (issue 11 item 1, F-16 with F-14), over real HTTP on both
//! engines: an import never enrols an existing person nor writes onto their account, it cannot
//! tell whether a phone number and an ID number belong together, and every run (dry or not) is
//! audited and counted against the staff member's hourly limit.
use crate::common;

use app::accounts::model::OrgRole;
use app::codes::VOLUNTEER_HEADERS;
use app::error::{AppError, RateReason};
use common::orgs::{row, staff, team_with_admin};
use common::{id_for, spawn_app, user, volunteer, TestApp};
use serde_json::Value;
use sqlx::Row;

const ADMIN: &str = "13811120001";
const OTHER_STAFF: &str = "13811120002";

/// An approved team with an admin and a second staff member; returns its id.
async fn team(app: &TestApp) -> i64 {
    let team = team_with_admin(app, ADMIN).await;
    staff(app, team, OTHER_STAFF, OrgRole::Staff).await;
    team
}

fn csv_of(rows: &[Vec<String>]) -> Vec<u8> {
    app::sheets::write_csv(VOLUNTEER_HEADERS, rows)
}

/// Posts a sheet to the import page's endpoint; the report comes back as JSON.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    org: i64,
    rows: &[Vec<String>],
    commit: bool,
) -> Result<Value, AppError> {
    let form = reqwest::multipart::Form::new()
        .text("org_id", org.to_string())
        .text("kind", "volunteers")
        .text("commit", if commit { "1" } else { "0" })
        .part("file", reqwest::multipart::Part::bytes(csv_of(rows)).file_name("志愿者.csv"));
    let response = client.post(format!("{}/api/orgs/import", app.base)).multipart(form).send().await.unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    if status.is_success() {
        Ok(serde_json::from_str(&body).unwrap())
    } else {
        Err(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{status} {body}: {e}")))
    }
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query(sql).bind(bind).fetch_one(&app.db.pool).await.unwrap().try_get("n").unwrap()
}

async fn memberships_of(app: &TestApp, mobile: &str) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.mobile = $1", mobile)
        .await
}

async fn profile_of(app: &TestApp, mobile: &str) -> Option<(String, String)> {
    sqlx::query("SELECT p.real_name, p.id_number FROM profiles p JOIN users u ON u.id = p.user_id WHERE u.mobile = $1")
        .bind(mobile)
        .fetch_optional(&app.db.pool)
        .await
        .unwrap()
        .map(|r| (r.get("real_name"), r.get("id_number")))
}

/// The volunteer's ID number as stored.
async fn id_of(app: &TestApp, mobile: &str) -> String {
    profile_of(app, mobile).await.expect("a profile").1
}

/// Before the fix a row with an existing person's phone made them an active member, and a bare
/// account (phone only) got the row's name and ID number written onto it.
#[tokio::test]
async fn an_import_never_enrols_an_existing_person_nor_writes_onto_their_account() {
    let app = spawn_app().await;
    let team = team(&app).await;
    let admin = app.person(ADMIN).await;
    volunteer(&app, "13944450001", "19750505", true).await;
    let before = profile_of(&app, "13944450001").await;
    let bare = "13944450002";
    user(&app, bare).await;
    let known_id = id_of(&app, "13944450001").await;
    let rows = vec![
        row("冒名者", "13944450001", &known_id),
        row("冒名者", bare, &id_for("19800101", false)),
        row("新人", "13944450003", &id_for("19900101", false)),
    ];
    let report = upload(&app, &admin, team, &rows, true).await.unwrap();
    assert_eq!(report["committed"], true, "{report}");
    assert_eq!(memberships_of(&app, "13944450001").await, 0, "an existing person is invited, never enrolled");
    assert_eq!(memberships_of(&app, bare).await, 0);
    assert_eq!(profile_of(&app, "13944450001").await, before, "nothing written onto an existing account");
    assert_eq!(profile_of(&app, bare).await, None, "no name or ID number written onto a bare account");
    // A new person is created and enrolled as before.
    assert_eq!(memberships_of(&app, "13944450003").await, 1);
    assert_eq!(profile_of(&app, "13944450003").await.map(|p| p.0), Some("新人".to_owned()));
    assert_eq!((report["created"].as_u64(), report["invited"].as_u64()), (Some(1), Some(2)), "{report}");
}

/// Each way a row can meet existing accounts — the right pair, A's phone with B's ID number,
/// A's phone with an unknown ID number, an unknown phone with A's ID number — gives the same
/// report, in a dry run and in a commit: the import is no oracle for who holds which number.
#[tokio::test]
async fn the_report_does_not_tell_whether_a_phone_and_an_id_number_belong_together() {
    let app = spawn_app().await;
    let team = team(&app).await;
    let admin = app.person(ADMIN).await;
    let (a, b) = ("13944460001", "13944460002");
    volunteer(&app, a, "19750505", true).await;
    volunteer(&app, b, "19760606", false).await;
    let (id_a, id_b) = (id_of(&app, a).await, id_of(&app, b).await);
    let unknown_id = id_for("19880808", true);
    let cases = [
        ("right pair", row("甲乙", a, &id_a)),
        ("A's phone, B's ID", row("甲乙", a, &id_b)),
        ("A's phone, unknown ID", row("甲乙", a, &unknown_id)),
        ("unknown phone, A's ID", row("甲乙", "13944469999", &id_a)),
    ];
    for commit in [false, true] {
        let mut reports = Vec::new();
        for (case, r) in &cases {
            let report = upload(&app, &admin, team, std::slice::from_ref(r), commit).await.unwrap();
            reports.push((case, report));
        }
        let (_, first) = &reports[0];
        for (case, report) in &reports {
            assert_eq!(report, first, "{case} (commit {commit}) differs from the right pair");
        }
        assert_eq!(first["invited"], 1, "{first}");
        assert_eq!(first["problems"], serde_json::json!([]), "{first}");
    }
    // No account was made for the unknown phone, nobody became a member, nothing was written.
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM users WHERE mobile = $1", "13944469999").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM memberships WHERE status <> $1", "").await, 0);
    assert_eq!(id_of(&app, a).await, id_a);
}

/// A dry run leaves a line in the audit log as a commit does, with who ran it.
#[tokio::test]
async fn a_dry_run_is_audited_like_a_commit() {
    let app = spawn_app().await;
    let team = team(&app).await;
    let admin = app.person(ADMIN).await;
    let rows = vec![row("周敏", "13944470001", &id_for("19910202", false))];
    upload(&app, &admin, team, &rows, false).await.unwrap();
    let actor = user(&app, ADMIN).await.to_string();
    let sql = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'collective_registration_dry_run' AND actor_user_id = CAST($1 AS INTEGER)";
    assert_eq!(count(&app, sql, &actor).await, 1);
    upload(&app, &admin, team, &rows, true).await.unwrap();
    let sql = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'collective_registration' AND actor_user_id = CAST($1 AS INTEGER)";
    assert_eq!(count(&app, sql, &actor).await, 1);
}

/// Imports sent all at once by one staff member stop at the hourly limit (dry runs count too);
/// another staff member is not held up by it.
#[tokio::test]
async fn imports_are_limited_per_staff_member_even_when_sent_at_once() {
    let app = spawn_app().await;
    let team = team(&app).await;
    let admin = app.person(ADMIN).await;
    let limit = app::state::Policy::default().imports_hourly as usize;
    let rows = vec![row("周敏", "13944480001", &id_for("19910202", false))];
    let runs = (0..limit + 5).map(|_| upload(&app, &admin, team, &rows, false));
    let results = futures::future::join_all(runs).await;
    let passed = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(passed, limit, "{results:?}");
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            matches!(refused, AppError::RateLimited { reason: RateReason::Imports, retry_after_s } if *retry_after_s > 0),
            "{refused:?}"
        );
    }
    let other = app.person(OTHER_STAFF).await;
    assert!(upload(&app, &other, team, &rows, false).await.is_ok(), "the limit is per staff member");
}
