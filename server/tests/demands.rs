//! F-42 demands and F-43 matching over real HTTP on both engines: posting needs the SMS code,
//! review is scoped to the managing organisation's subtree, the ranking's order and reasons on
//! a fixture whose order is plain from the data, accepting makes one draft activity however
//! many accepts race, and the recruitment notice goes out once.
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::ActivityInput;
use app::db::now_us;
use app::demands::matching::{MatchResult, Reason};
use app::demands::model::{DemandInput, DemandStatus, DemandSummary, DemandView, Posted};
use app::error::{AppError, CodeProblem, Refusal};
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::validation::Invalid;
use common::{user, TestApp};
use serde_json::json;
use sqlx::Row;

const STAFF_A: &str = "13822220001";
const STAFF_B: &str = "13822220002";
const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;

/// Two trees. A: 江苏 corps → 常州 team → 武进 detachment (county 320412). B: 浙江 corps → 杭州 team.
/// STAFF_A is staff of the 常州 team, STAFF_B admin of the 杭州 team.
struct World {
    corps_a: i64,
    team_a: i64,
    wujin: i64,
    team_b: i64,
    staff_a: reqwest::Client,
    staff_b: reqwest::Client,
}

async fn world(app: &TestApp) -> World {
    let now = now_us();
    let org = |name, parent, province, city, county| NewOrg {
        name,
        parent_id: parent,
        status: "approved",
        province,
        city,
        county,
    };
    let corps_a = insert(&app.db, &org("江苏省科技志愿服务总队", None, "32", "", ""), now).await.unwrap();
    let team_a = insert(&app.db, &org("常州市科技志愿服务队", Some(corps_a), "32", "3204", ""), now).await.unwrap();
    let wujin =
        insert(&app.db, &org("武进区科技志愿服务支队", Some(team_a), "32", "3204", "320412"), now).await.unwrap();
    let corps_b = insert(&app.db, &org("浙江省科技志愿服务总队", None, "33", "", ""), now).await.unwrap();
    let team_b = insert(&app.db, &org("杭州市科技志愿服务队", Some(corps_b), "33", "3301", ""), now).await.unwrap();
    set_staff(&app.db, team_a, user(app, STAFF_A).await, OrgRole::Staff, now).await.unwrap();
    set_staff(&app.db, team_b, user(app, STAFF_B).await, OrgRole::Admin, now).await.unwrap();
    World { corps_a, team_a, wujin, team_b, staff_a: app.person(STAFF_A).await, staff_b: app.person(STAFF_B).await }
}

fn local_in(offset_us: i64) -> String {
    app::activities::model::format_local_input(now_us() + offset_us)
}

/// The sample demand, ten days ahead from 09:00 for two hours, with its own contact phone.
fn demand(phone: &str) -> DemandInput {
    let day = now_us() + 10 * DAY;
    let start = app::activities::model::format_local_input(day);
    let date = &start[..10];
    DemandInput {
        contact_phone: phone.into(),
        starts_at: format!("{date}T09:00"),
        ends_at: format!("{date}T11:00"),
        ..DemandInput::sample()
    }
}

/// The form a browser posts: `input[field]=value`, lists indexed.
fn form(input: &DemandInput) -> Vec<(String, String)> {
    let v = serde_json::to_value(input).unwrap();
    let mut out = Vec::new();
    for (k, value) in v.as_object().unwrap() {
        match value {
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    out.push((format!("input[{k}][{i}]"), item.as_str().unwrap().to_owned()));
                }
            }
            other => out.push((format!("input[{k}]"), other.as_str().unwrap_or_default().to_owned())),
        }
    }
    out
}

async fn post(app: &TestApp, client: &reqwest::Client, input: &DemandInput) -> Result<Posted, AppError> {
    let pairs = form(input);
    let args: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call_as(client, "demands/post", &args).await
}

async fn follow(app: &TestApp, token: &str) -> DemandView {
    app.call_as(&app.new_client(), "demands/follow", &[("token", token)]).await.expect("follow")
}

/// Posts and verifies a demand from an anonymous client; returns (id, token).
async fn submitted(app: &TestApp, input: &DemandInput) -> (i64, String) {
    let poster = app.new_client();
    let posted = post(app, &poster, input).await.expect("posted");
    let code = app.last_code(&input.contact_phone);
    let status: DemandStatus =
        app.call_as(&poster, "demands/verify", &[("token", &posted.token), ("code", &code)]).await.expect("verified");
    assert_eq!(status, DemandStatus::Review);
    (follow(app, &posted.token).await.id, posted.token)
}

async fn review(app: &TestApp, client: &reqwest::Client, id: i64, publish: bool, reason: &str) -> Result<(), AppError> {
    app.call_as(
        client,
        "demands/review",
        &[("demand_id", &id.to_string()), ("publish", if publish { "true" } else { "false" }), ("reason", reason)],
    )
    .await
}

async fn published(app: &TestApp, w: &World, input: &DemandInput) -> (i64, String) {
    let (id, token) = submitted(app, input).await;
    review(app, &w.staff_a, id, true, "").await.expect("published");
    (id, token)
}

#[tokio::test]
async fn a_demand_needs_its_sms_code_before_anyone_reviews_it() {
    let app = common::spawn_app().await;
    let w = world(&app).await;
    let poster = app.new_client();
    let input = demand("13700000001");

    // Refused input stores nothing and sends no code.
    let bad = DemandInput { contact_phone: "12345".into(), ..input.clone() };
    match post(&app, &poster, &bad).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("contact_phone"), Some(Invalid::MobileFormat)),
        other => panic!("expected a field error, got {other:?}"),
    }
    let past = DemandInput { starts_at: local_in(-2 * DAY), ends_at: local_in(-2 * DAY + HOUR), ..input.clone() };
    match post(&app, &poster, &past).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("starts_at"), Some(Invalid::InThePast)),
        other => panic!("expected a field error, got {other:?}"),
    }

    let posted = post(&app, &poster, &input).await.expect("posted");
    assert_eq!(posted.contact_masked, "137****0001");
    assert!(posted.token.len() >= 40, "an unguessable token");
    let view = follow(&app, &posted.token).await;
    assert_eq!(view.status, DemandStatus::Unverified);
    // Routed by region: the county's detachment manages it.
    assert_eq!(view.org_id, w.wujin);

    // Unverified: invisible to the public and not in the staff queue.
    let anon = app.new_client();
    let err = app.call_as::<DemandView>(&anon, "demands/detail", &[("id", &view.id.to_string())]).await.unwrap_err();
    assert_eq!(err, AppError::NotFound);
    let queue: Vec<DemandSummary> =
        app.call_as(&w.staff_a, "demands/queue", &[("org_id", &w.team_a.to_string())]).await.unwrap();
    assert!(queue.is_empty(), "{queue:?}");
    // Staff cannot publish what was not verified.
    assert_eq!(review(&app, &w.staff_a, view.id, true, "").await, Err(AppError::Refused(Refusal::AlreadyDecided)));

    // A wrong code is refused and counted; a made-up token finds nothing.
    let code = app.last_code("13700000001");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = app
        .call_as::<DemandStatus>(&poster, "demands/verify", &[("token", &posted.token), ("code", wrong)])
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Code(CodeProblem::Wrong { .. })), "{err:?}");
    let err = app
        .call_as::<DemandStatus>(&poster, "demands/verify", &[("token", "00ff"), ("code", &code)])
        .await
        .unwrap_err();
    assert_eq!(err, AppError::NotFound);
    // The resend limit of login codes holds here too.
    let err = app.call_as::<String>(&poster, "demands/resend-code", &[("token", &posted.token)]).await.unwrap_err();
    assert!(matches!(err, AppError::RateLimited { .. }), "{err:?}");

    let status: DemandStatus =
        app.call_as(&poster, "demands/verify", &[("token", &posted.token), ("code", &code)]).await.unwrap();
    assert_eq!(status, DemandStatus::Review);
    assert_eq!(follow(&app, &posted.token).await.status, DemandStatus::Review);
    // The code is spent: it proves nothing a second time.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sms_codes WHERE mobile = $1 AND consumed_at IS NOT NULL")
        .bind("13700000001")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    // The detachment's staff are told (the team's staff see it in their subtree queue).
    let queue: Vec<DemandSummary> =
        app.call_as(&w.staff_a, "demands/queue", &[("org_id", &w.team_a.to_string())]).await.unwrap();
    assert_eq!(queue.iter().map(|d| (d.id, d.status)).collect::<Vec<_>>(), vec![(view.id, DemandStatus::Review)]);
    // Still not public.
    let list: Vec<DemandSummary> = app.call_as(&anon, "demands/list", &[]).await.unwrap();
    assert!(list.is_empty());
}

#[tokio::test]
async fn review_is_for_the_managing_subtree_and_rejection_needs_a_reason() {
    let app = common::spawn_app().await;
    let w = world(&app).await;
    let (id, token) = submitted(&app, &demand("13700000002")).await;
    let sid = id.to_string();

    // Outside the subtree: not found, whatever the role; signed out: 401.
    assert_eq!(review(&app, &w.staff_b, id, true, "").await, Err(AppError::NotFound));
    let volunteer = app.person("13911119999").await;
    assert_eq!(review(&app, &volunteer, id, true, "").await, Err(AppError::NotFound));
    assert_eq!(review(&app, &app.new_client(), id, true, "").await, Err(AppError::Unauthenticated));
    let err = app
        .call_as::<Vec<DemandSummary>>(&w.staff_b, "demands/queue", &[("org_id", &w.team_a.to_string())])
        .await
        .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    assert_eq!(
        app.call_as::<MatchResult>(&w.staff_b, "demands/match", &[("demand_id", &sid)]).await.unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(
        app.call_as::<i64>(&w.staff_b, "demands/accept", &[("demand_id", &sid)]).await.unwrap_err(),
        AppError::NotFound
    );

    // A rejection says why.
    match review(&app, &w.staff_a, id, false, " ").await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("reason"), Some(Invalid::Required)),
        other => panic!("expected a field error, got {other:?}"),
    }
    review(&app, &w.staff_a, id, false, "时间与本队培训冲突").await.expect("rejected");
    let seen = follow(&app, &token).await;
    assert_eq!(seen.status, DemandStatus::Rejected);
    assert_eq!(seen.reject_reason, "时间与本队培训冲突");
    // Decided once.
    assert_eq!(review(&app, &w.staff_a, id, true, "").await, Err(AppError::Refused(Refusal::AlreadyDecided)));
    // The poster was told by SMS (queued with the decision).
    let texts: Vec<String> = sqlx::query("SELECT text FROM sms_outbox WHERE to_mobile = $1")
        .bind("13700000002")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("text"))
        .collect();
    assert!(texts.iter().any(|t| t.contains("时间与本队培训冲突")), "{texts:?}");

    // A published one is public, its contact masked; staff over it see it whole.
    let (id2, _) = published(&app, &w, &demand("13700000003")).await;
    let anon = app.new_client();
    let list: Vec<DemandSummary> = app.call_as(&anon, "demands/list", &[]).await.unwrap();
    assert_eq!(list.iter().map(|d| d.id).collect::<Vec<_>>(), vec![id2]);
    let public: DemandView = app.call_as(&anon, "demands/detail", &[("id", &id2.to_string())]).await.unwrap();
    assert_eq!(public.contact_phone, "137****0003");
    assert_eq!(public.contact_name, "刘*");
    assert!(!public.can_manage);
    let whole: DemandView = app.call_as(&w.staff_a, "demands/detail", &[("id", &id2.to_string())]).await.unwrap();
    assert_eq!(whole.contact_phone, "13700000003");
    assert!(whole.can_manage);
    // The rejected one stays hidden from the public.
    let err = app.call_as::<DemandView>(&anon, "demands/detail", &[("id", &sid)]).await.unwrap_err();
    assert_eq!(err, AppError::NotFound);
    // Audit entries for both decisions.
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('demand_published', 'demand_rejected')")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 2);
}

/// Saves a complete profile for `mobile` with the given category, region, skills and
/// qualifications, and makes them an active member of `org`. Returns the user id.
#[allow(clippy::too_many_arguments)]
async fn member(
    app: &TestApp,
    mobile: &str,
    birth: &str,
    category: &str,
    (city, county): (&str, &str),
    skills: &str,
    qualifications: &str,
    org: i64,
) -> i64 {
    let client = app.person(mobile).await;
    let id = server::seed::id_with_check(&format!("320412{birth}015")).unwrap();
    let profile = json!({ "input": {
        "real_name": format!("志愿者{}", common::chinese_digits(&mobile[9..])), "gender": "male", "id_number": id,
        "political_status": "13", "ethnicity": "01", "work_unit": "", "title": "none", "education": "bachelor",
        "occupation": "enterprise", "province": "32", "city": city, "county": county,
        "service_categories": [category], "service_fields": ["science_education"], "four_heads": "none",
        "skills": skills, "qualifications": qualifications }});
    app.call_json_as::<()>(&client, "volunteers/save-profile", profile).await.expect("profile saved");
    let uid = user(app, mobile).await;
    let now = now_us();
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, status, source, requested_at, joined_at, updated_at)
         VALUES ($1, $2, 'active', 'apply', $3, $3, $3)",
    )
    .bind(org)
    .bind(uid)
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    uid
}

/// A published activity of 武进 from 10:00 to 12:00 on the demand's day (overlapping it).
async fn overlapping_activity(app: &TestApp, w: &World, input: &DemandInput) -> i64 {
    let date = &input.starts_at[..10];
    let overlapping = ActivityInput {
        starts_at: format!("{date}T10:00"),
        ends_at: format!("{date}T12:00"),
        ..ActivityInput::sample(w.wujin)
    };
    app.call_json_as(&w.staff_a, "activities/save", json!({ "id": null, "input": overlapping, "publish": true }))
        .await
        .expect("activity")
}

/// A sign-up of `uid` for `activity` in `status`, written directly.
async fn sign_up(app: &TestApp, activity: i64, uid: i64, status: &str) {
    sqlx::query(
        "INSERT INTO signups (activity_id, user_id, status, queued_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4, $4)",
    )
    .bind(activity)
    .bind(uid)
    .bind(status)
    .bind(now_us())
    .execute(&app.db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn matching_ranks_by_category_then_the_rest_with_reasons_inside_the_subtree_only() {
    let app = common::spawn_app().await;
    let w = world(&app).await;
    // The demand: 科普报告 in 武进 (320412), expertise 急救 / 科普讲解, qualification 急救证.
    let input = demand("13700000004");
    let (id, _) = published(&app, &w, &input).await;

    // Same category, same city (新北 320411), qualified, skilled in 急救: 100 + 20 + 40 + 15.
    let v1 =
        member(&app, "13911110001", "19800101", "science_lecture", ("3204", "320411"), "急救培训", "急救证", w.team_a)
            .await;
    // Same category, same county, nothing else: 100 + 30.
    let v2 = member(&app, "13911110002", "19800202", "science_lecture", ("3204", "320412"), "", "", w.wujin).await;
    // Another category next door, with both skills: 30 + 15 + 15 — ranks below any category match.
    let v3 = member(&app, "13911110003", "19800303", "tech_training", ("3204", "320412"), "急救 科普讲解", "", w.wujin)
        .await;
    // Same category, another city of the province (南京 玄武): 100 + 10 — still above v3.
    let v4 = member(&app, "13911110004", "19800404", "science_lecture", ("3201", "320102"), "", "", w.team_a).await;
    // A perfect profile on the corps above the viewer's team: outside the viewer's subtree.
    let above =
        member(&app, "13911110008", "19800808", "science_lecture", ("3204", "320412"), "急救", "急救证", w.corps_a)
            .await;
    // The best profile of all, but signed up for an activity overlapping the demand's time.
    let busy =
        member(&app, "13911110005", "19800505", "science_lecture", ("3204", "320412"), "急救", "急救证", w.wujin).await;
    // The best profile of all, in the other tree.
    let outsider =
        member(&app, "13911110006", "19800606", "science_lecture", ("3204", "320412"), "急救", "急救证", w.team_b)
            .await;
    // The best profile of all, whose membership was never approved.
    let pending =
        member(&app, "13911110007", "19800707", "science_lecture", ("3204", "320412"), "急救", "急救证", w.wujin).await;
    sqlx::query("UPDATE memberships SET status = 'pending' WHERE user_id = $1")
        .bind(pending)
        .execute(&app.db.pool)
        .await
        .unwrap();

    // `busy` is confirmed for an activity from 10:00 to 12:00 on the demand's day.
    let activity = overlapping_activity(&app, &w, &input).await;
    sign_up(&app, activity, busy, "confirmed").await;
    // A cancelled sign-up of v2 at the same time does not make v2 busy.
    sign_up(&app, activity, v2, "cancelled").await;

    // The organisations: the detachment lists the category.
    sqlx::query("UPDATE organisations SET service_categories = 'science_lecture' WHERE id = $1")
        .bind(w.wujin)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let result: MatchResult =
        app.call_as(&w.staff_a, "demands/match", &[("demand_id", &id.to_string())]).await.expect("matched");
    let order: Vec<i64> = result.volunteers.iter().map(|c| c.id).collect();
    assert_eq!(order, vec![v1, v2, v4, v3], "{:#?}", result.volunteers);
    for hidden in [busy, outsider, pending, above] {
        assert!(!order.contains(&hidden));
    }
    let q = "急救证".to_string();
    assert_eq!(
        result.volunteers[0].reasons,
        vec![
            Reason::Category,
            Reason::SameCity,
            Reason::Qualification(q.clone()),
            Reason::Skill("急救".into()),
            Reason::Free
        ]
    );
    assert_eq!(result.volunteers[0].score, 175);
    assert_eq!(
        result.volunteers[1].reasons,
        vec![Reason::Category, Reason::SameCounty, Reason::QualificationMissing(q.clone()), Reason::Free]
    );
    assert_eq!(result.volunteers[2].reasons[..2], [Reason::Category, Reason::SameProvince]);
    assert_eq!(
        result.volunteers[3].reasons,
        vec![
            Reason::SameCounty,
            Reason::QualificationMissing(q),
            Reason::Skill("急救".into()),
            Reason::Skill("科普讲解".into()),
            Reason::Free
        ]
    );
    // Masked names and volunteer numbers only.
    assert_eq!(result.volunteers[0].label, "志***一");
    assert!(result.volunteers[0].volunteer_no.starts_with("KJ"));
    // Three are needed and four match.
    assert_eq!(result.needed, 3);
    assert!(!result.too_few);
    // Organisations of the subtree only, the one of the category and county first.
    let orgs: Vec<i64> = result.orgs.iter().map(|c| c.id).collect();
    assert_eq!(orgs[0], w.wujin);
    assert_eq!(result.orgs[0].reasons, vec![Reason::Category, Reason::SameCounty]);
    assert!(!orgs.contains(&w.team_b) && !orgs.contains(&w.corps_a));
    // The viewer's subtree: the team and its detachment.
    assert_eq!(orgs.len(), 2);
    // Enough match: no recruitment.
    assert_eq!(
        app.call_as::<u32>(&w.staff_a, "demands/recruit", &[("demand_id", &id.to_string())]).await,
        Err(AppError::Refused(Refusal::RecruitmentNotNeeded))
    );

    // The same ranking for the overlapping activity itself: `busy` is signed up for it and so
    // not offered; other-tree staff get nothing.
    let for_activity: MatchResult =
        app.call_as(&w.staff_a, "demands/match-activity", &[("activity_id", &activity.to_string())]).await.unwrap();
    let ids: Vec<i64> = for_activity.volunteers.iter().map(|c| c.id).collect();
    assert!(!ids.contains(&busy) && !ids.contains(&outsider), "{ids:?}");
    assert!(ids.contains(&v1));
    assert_eq!(
        app.call_as::<MatchResult>(&w.staff_b, "demands/match-activity", &[("activity_id", &activity.to_string())])
            .await
            .unwrap_err(),
        AppError::NotFound
    );
}

#[tokio::test]
async fn two_accepts_at_once_make_one_draft_activity() {
    let app = common::spawn_app().await;
    let w = world(&app).await;
    let (id, token) = submitted(&app, &demand("13700000005")).await;
    let sid = id.to_string();
    // Not before it is published.
    assert_eq!(
        app.call_as::<i64>(&w.staff_a, "demands/accept", &[("demand_id", &sid)]).await,
        Err(AppError::Refused(Refusal::AlreadyDecided))
    );
    review(&app, &w.staff_a, id, true, "").await.unwrap();

    let args = [("demand_id", sid.as_str())];
    let (a, b) = tokio::join!(
        app.call_as::<i64>(&w.staff_a, "demands/accept", &args),
        app.call_as::<i64>(&w.staff_a, "demands/accept", &args),
    );
    let results = [a, b];
    let made: Vec<i64> = results.iter().filter_map(|r| r.as_ref().ok().copied()).collect();
    assert_eq!(made.len(), 1, "{results:?}");
    assert!(results.iter().any(|r| r == &Err(AppError::Refused(Refusal::AlreadyDecided))), "{results:?}");
    let activity = made[0];
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM activities").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(n, 1);
    let row = sqlx::query("SELECT status, org_id, title, capacity, qualification FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<String, _>("status"), "draft");
    assert_eq!(row.get::<i64, _>("org_id"), w.wujin);
    assert_eq!(row.get::<String, _>("title"), DemandInput::sample().title);
    assert_eq!(row.get::<i64, _>("capacity"), 3);
    assert_eq!(row.get::<String, _>("qualification"), "急救证");
    // The demand shows the link; the poster sees it accepted.
    let seen = follow(&app, &token).await;
    assert_eq!((seen.status, seen.activity_id), (DemandStatus::Accepted, Some(activity)));
    // The draft opens for its staff (and only them).
    let detail: serde_json::Value =
        app.call_as(&w.staff_a, "activities/detail", &[("id", &activity.to_string())]).await.unwrap();
    assert_eq!(detail["status"], "draft");
    // A third accept is refused too.
    assert_eq!(
        app.call_as::<i64>(&w.staff_a, "demands/accept", &[("demand_id", &sid)]).await,
        Err(AppError::Refused(Refusal::AlreadyDecided))
    );
}

#[tokio::test]
async fn too_few_matches_send_one_recruitment_notice_to_the_subtree() {
    let app = common::spawn_app().await;
    let w = world(&app).await;
    let input = DemandInput { volunteers_needed: "50".into(), ..demand("13700000006") };
    let (id, _) = published(&app, &w, &input).await;
    let sid = id.to_string();
    let a = member(&app, "13911110011", "19810101", "science_lecture", ("3204", "320412"), "", "", w.wujin).await;
    let b = member(&app, "13911110012", "19810202", "tech_training", ("3204", "320411"), "", "", w.team_a).await;
    let other = member(&app, "13911110013", "19810303", "science_lecture", ("3204", "320412"), "", "", w.team_b).await;

    let result: MatchResult = app.call_as(&w.staff_a, "demands/match", &[("demand_id", &sid)]).await.unwrap();
    assert!(result.too_few);
    assert_eq!(result.recruit_sent_at, None);
    assert_eq!(
        app.call_as::<u32>(&w.staff_b, "demands/recruit", &[("demand_id", &sid)]).await,
        Err(AppError::NotFound)
    );

    let args = [("demand_id", sid.as_str())];
    let (one, two) = tokio::join!(
        app.call_as::<u32>(&w.staff_a, "demands/recruit", &args),
        app.call_as::<u32>(&w.staff_a, "demands/recruit", &args),
    );
    let results = [one, two];
    assert_eq!(results.iter().filter(|r| r == &&Ok(2)).count(), 1, "{results:?}");
    assert!(results.iter().any(|r| r == &Err(AppError::Refused(Refusal::RecruitmentSent))), "{results:?}");
    let told: Vec<i64> =
        sqlx::query("SELECT user_id FROM notifications WHERE kind = 'demand_recruitment' ORDER BY user_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("user_id"))
            .collect();
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(told, expected);
    assert!(!told.contains(&other));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'demand_recruitment'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let again: MatchResult = app.call_as(&w.staff_a, "demands/match", &[("demand_id", &sid)]).await.unwrap();
    assert!(again.recruit_sent_at.is_some());
}

#[tokio::test]
async fn a_region_without_an_organisation_asks_for_one_and_a_chosen_one_must_be_open() {
    let app = common::spawn_app().await;
    let w = world(&app).await;
    let poster = app.new_client();
    // 北京: nobody manages it.
    let far =
        DemandInput { province: "11".into(), city: "1101".into(), county: "110101".into(), ..demand("13700000007") };
    assert_eq!(post(&app, &poster, &far).await.unwrap_err(), AppError::Refused(Refusal::NoManagingOrg));
    // Choosing one works for any approved organisation…
    let chosen = DemandInput { org_id: w.team_b.to_string(), ..far.clone() };
    let posted = post(&app, &poster, &chosen).await.expect("posted");
    assert_eq!(follow(&app, &posted.token).await.org_id, w.team_b);
    // …and not for one that is not open.
    let pending = insert(
        &app.db,
        &NewOrg {
            name: "待审支队",
            parent_id: Some(w.team_a),
            status: "pending",
            province: "32",
            city: "3204",
            county: "",
        },
        now_us(),
    )
    .await
    .unwrap();
    let bad = DemandInput { org_id: pending.to_string(), ..demand("13700000008") };
    match post(&app, &poster, &bad).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("org_id"), Some(Invalid::NotInList)),
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// The volunteers' pre-selection is kept a minute between requests (the one pass over every
/// member of a subtree), but what changes by the hour is checked on every request: someone who
/// signs up for an overlapping activity, leaves the subtree or closes the account drops out of
/// the very next match, and more than the list shows being busy widens the pre-selection.
#[tokio::test]
async fn a_kept_preselection_still_checks_availability_and_membership_on_each_request() {
    let app = common::spawn_app().await;
    let w = world(&app).await;
    let input = demand("13700000011");
    let (id, _) = published(&app, &w, &input).await;
    let sid = id.to_string();
    let best =
        member(&app, "13911110021", "19820101", "science_lecture", ("3204", "320412"), "急救", "急救证", w.wujin).await;
    let leaving = member(&app, "13911110022", "19820202", "science_lecture", ("3204", "320412"), "", "", w.wujin).await;
    let third = member(&app, "13911110023", "19820303", "tech_training", ("3204", "320411"), "", "", w.team_a).await;
    let ids = |r: &MatchResult| r.volunteers.iter().map(|c| c.id).collect::<Vec<i64>>();
    let first: MatchResult = app.call_as(&w.staff_a, "demands/match", &[("demand_id", &sid)]).await.unwrap();
    assert_eq!(ids(&first), vec![best, leaving, third]);

    // `best` signs up for an activity overlapping the demand; `leaving` leaves the detachment.
    let activity = overlapping_activity(&app, &w, &input).await;
    sign_up(&app, activity, best, "confirmed").await;
    sqlx::query("UPDATE memberships SET status = 'left' WHERE user_id = $1")
        .bind(leaving)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let second: MatchResult = app.call_as(&w.staff_a, "demands/match", &[("demand_id", &sid)]).await.unwrap();
    assert_eq!(ids(&second), vec![third], "{:#?}", second.volunteers);
    assert!(second.too_few);
    // The reasons are worked out again from the profile, not kept.
    assert_eq!(second.volunteers[0].reasons[0], Reason::SameCity);
}

/// More members than the pre-selection takes, the best of them all busy: the match looks further
/// down and still shows a full list, the best free ones first.
#[tokio::test]
async fn when_the_best_are_busy_the_preselection_widens() {
    use app::demands::matching::SHOWN;
    use app::demands::repo::PRESELECT_MARGIN;
    let app = common::spawn_app().await;
    let w = world(&app).await;
    let input = demand("13700000012");
    let (id, _) = published(&app, &w, &input).await;
    let now = now_us();
    // Seeded directly (a profile form per person would take minutes): the pre-selection's size
    // plus ten more, the first ones of the category (and so ranked first), all busy.
    let busy = SHOWN + PRESELECT_MARGIN;
    let total = busy + 10;
    let activity = overlapping_activity(&app, &w, &input).await;
    let mut people = Vec::new();
    for n in 0..total {
        let uid: i64 = sqlx::query_scalar(
            "INSERT INTO users (volunteer_no, mobile, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
        )
        .bind(format!("KJ9{n:09}"))
        .bind(format!("1356{n:07}"))
        .bind(now)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let category = if n < busy { "science_lecture" } else { "tech_training" };
        sqlx::query(
            "INSERT INTO profiles (user_id, real_name, gender, id_number, birth_date, political_status, ethnicity,
                 title, education, occupation, province, city, county, service_categories, service_fields,
                 four_heads, created_at, updated_at)
             VALUES ($1, '测试人', 'male', $2, '1980-01-01', '13', '01', 'none', 'bachelor', 'enterprise', '32',
                 '3204', '320412', $3, 'science_education', 'none', $4, $4)",
        )
        .bind(uid)
        .bind(format!("ID{n:016}"))
        .bind(category)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO memberships (org_id, user_id, status, source, requested_at, joined_at, updated_at)
             VALUES ($1, $2, 'active', 'apply', $3, $3, $3)",
        )
        .bind(w.wujin)
        .bind(uid)
        .bind(now)
        .execute(&app.db.pool)
        .await
        .unwrap();
        if n < busy {
            sign_up(&app, activity, uid, "confirmed").await;
        }
        people.push(uid);
    }
    let result: MatchResult =
        app.call_as(&w.staff_a, "demands/match", &[("demand_id", &id.to_string())]).await.unwrap();
    let ids: Vec<i64> = result.volunteers.iter().map(|c| c.id).collect();
    assert_eq!(ids, people[busy..].to_vec());
}
