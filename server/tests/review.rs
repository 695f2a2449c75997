//! The attendance review queue (F-36) over real HTTP on both engines: staff see the open flags
//! of their own subtree only, and confirm or dismiss each with a note; flags are never deleted.
use crate::common;

use app::accounts::model::OrgRole;
use app::attendance::review::ReviewQueue;
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::validation::Invalid;
use common::{orgs, spawn_app, user, TestApp};
use sqlx::Row;

const STAFF_A: &str = "13822240001";
const STAFF_B: &str = "13822240002";
const CORPS_ADMIN: &str = "13822240003";

/// An activity row of `org` (only what the queue reads), straight into the database.
async fn activity(app: &TestApp, org: i64, title: &str) -> i64 {
    let now = now_us();
    sqlx::query(
        "INSERT INTO activities (org_id, status, title, category, content_form, mode, service_objects, content,
             province, city, county, starts_at, ends_at, signup_opens_at, signup_closes_at, cancel_deadline_at,
             capacity, contact_name, contact_phone, created_at, updated_at)
         VALUES ($1, 'published', $2, 'science_lecture', 'education', 'offline', 'public', '科普', '32', '3204',
                 '320412', $3, $4, $5, $3, $3, 20, '王强', '13900000003', $5, $5) RETURNING id",
    )
    .bind(org)
    .bind(title)
    .bind(now - 3_600_000_000)
    .bind(now + 3_600_000_000)
    .bind(now - 86_400_000_000)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get("id")
}

async fn flag(app: &TestApp, activity: i64, person: i64, kind: &str, evidence: &str) -> i64 {
    sqlx::query(
        "INSERT INTO attendance_flags (activity_id, user_id, kind, evidence, status, created_at)
         VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
    )
    .bind(activity)
    .bind(person)
    .bind(kind)
    .bind(evidence)
    .bind(now_us())
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get("id")
}

async fn org_queue(app: &TestApp, client: &reqwest::Client, org: i64) -> Result<ReviewQueue, AppError> {
    app.call_as(client, "attendance/review-org", &[("org_id", &org.to_string())]).await
}

async fn activity_queue(app: &TestApp, client: &reqwest::Client, activity: i64) -> Result<ReviewQueue, AppError> {
    app.call_as(client, "attendance/review-activity", &[("activity_id", &activity.to_string())]).await
}

async fn review(
    app: &TestApp,
    client: &reqwest::Client,
    flag: i64,
    decision: &str,
    note: &str,
) -> Result<(), AppError> {
    app.call_as(
        client,
        "attendance/review-flag",
        &[("flag_id", &flag.to_string()), ("decision", decision), ("note", note)],
    )
    .await
}

fn ids(queue: &ReviewQueue) -> Vec<i64> {
    queue.flags.iter().map(|f| f.id).collect()
}

#[tokio::test]
async fn the_queue_lists_the_subtrees_flags_only_and_reviews_keep_them_with_a_note() {
    let app = spawn_app().await;
    let corps_a = orgs::approved(&app, "江苏省科技志愿服务总队", None).await;
    let team_a = orgs::approved(&app, "常州市科技志愿服务队", Some(corps_a)).await;
    let corps_b = orgs::approved(&app, "浙江省科技志愿服务总队", None).await;
    let team_b = orgs::approved(&app, "杭州市科技志愿服务队", Some(corps_b)).await;
    orgs::staff(&app, team_a, STAFF_A, OrgRole::Staff).await;
    orgs::staff(&app, team_b, STAFF_B, OrgRole::Admin).await;
    orgs::staff(&app, corps_a, CORPS_ADMIN, OrgRole::Admin).await;
    let (staff_a, staff_b, corps_admin) =
        (app.person(STAFF_A).await, app.person(STAFF_B).await, app.person(CORPS_ADMIN).await);
    let person = user(&app, "13966680001").await;
    let volunteer = app.person("13966680001").await;
    let in_a = activity(&app, team_a, "常州科普讲座").await;
    let in_b = activity(&app, team_b, "杭州科普讲座").await;
    let fence =
        flag(&app, in_a, person, "outside_fence", r#"{"distance_m": 1850, "radius_m": 300, "accuracy_m": 20}"#).await;
    let travel = flag(&app, in_a, person, "impossible_travel", r#"{"distance_m": 160000, "speed_kmh": 480}"#).await;
    let other_tree = flag(&app, in_b, person, "shared_device", r#"{"people": 6}"#).await;

    // Each tree's staff see their own subtree's flags: the corps above sees the team's too.
    let a = org_queue(&app, &staff_a, team_a).await.expect("team A's staff");
    assert_eq!(ids(&a), vec![fence, travel]);
    assert_eq!(a.flags[0].kind, "outside_fence");
    assert!(a.flags[0].evidence.contains("1850"));
    assert!(!a.flags[0].masked_mobile.contains("6668"), "mobile masked: {}", a.flags[0].masked_mobile);
    assert_eq!(ids(&org_queue(&app, &corps_admin, corps_a).await.unwrap()), vec![fence, travel]);
    assert_eq!(ids(&org_queue(&app, &staff_b, team_b).await.unwrap()), vec![other_tree]);
    assert_eq!(ids(&activity_queue(&app, &staff_a, in_a).await.unwrap()), vec![fence, travel]);

    // Another tree's staff, the volunteer and nobody signed in are refused.
    assert_eq!(org_queue(&app, &staff_b, team_a).await, Err(AppError::Forbidden));
    assert_eq!(
        org_queue(&app, &staff_a, corps_a).await,
        Err(AppError::Forbidden),
        "staff of a team do not see its corps"
    );
    assert_eq!(activity_queue(&app, &staff_b, in_a).await, Err(AppError::Forbidden));
    assert_eq!(org_queue(&app, &volunteer, team_a).await, Err(AppError::Forbidden));
    assert_eq!(org_queue(&app, &app.new_client(), team_a).await, Err(AppError::Unauthenticated));
    assert_eq!(review(&app, &staff_b, fence, "dismissed", "看错了").await, Err(AppError::Forbidden));
    assert_eq!(review(&app, &volunteer, fence, "dismissed", "看错了").await, Err(AppError::Forbidden));

    // A review needs a note and a known decision.
    let missing = review(&app, &staff_a, fence, "dismissed", " ").await;
    assert_eq!(missing, Err(AppError::field("note", Invalid::Required)));
    let unknown = review(&app, &staff_a, fence, "deleted", "删除").await;
    assert_eq!(unknown, Err(AppError::field("decision", Invalid::NotInList)));

    review(&app, &staff_a, fence, "dismissed", "定位漂移，现场有签到表为证").await.expect("dismissed");
    review(&app, &corps_admin, travel, "confirmed", "两地相距160公里，不可能同时到场").await.expect("confirmed");
    assert_eq!(
        review(&app, &staff_a, fence, "confirmed", "再看").await,
        Err(AppError::Refused(Refusal::AlreadyDecided))
    );
    assert!(ids(&org_queue(&app, &staff_a, team_a).await.unwrap()).is_empty(), "reviewed flags leave the queue");

    // The flags are all still there, with who reviewed them and why; each review is audited.
    let rows = sqlx::query("SELECT id, status, review_note, reviewed_by FROM attendance_flags ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    let got: Vec<(i64, String, String, Option<i64>)> =
        rows.iter().map(|r| (r.get("id"), r.get("status"), r.get("review_note"), r.get("reviewed_by"))).collect();
    assert_eq!(
        got,
        vec![
            (fence, "dismissed".into(), "定位漂移，现场有签到表为证".into(), Some(user(&app, STAFF_A).await)),
            (travel, "confirmed".into(), "两地相距160公里，不可能同时到场".into(), Some(user(&app, CORPS_ADMIN).await)),
            (other_tree, "open".into(), String::new(), None),
        ]
    );
    let audited: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'attendance_flag_reviewed' AND subject_user_id = $1",
    )
    .bind(person)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get("n");
    assert_eq!(audited, 2);
}
