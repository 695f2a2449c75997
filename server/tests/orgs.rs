//! F-10 – F-16 over real HTTP on both engines: registration with the naming rules, review,
//! membership, roster, export, collective registration, and data scope.
use crate::common;

use app::accounts::model::OrgRole;
use app::codes::VOLUNTEER_HEADERS;
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::inbox::model::Notice;
use app::orgs::import::{ImportReport, RowIssue};
use app::orgs::model::OrgInput;
use app::orgs::register::{Registered, RegistrationLists};
use app::orgs::repo::{insert, NewOrg};
use app::orgs::views::{MembershipStatus, MyMembership, OrgDetail, OrgPage, ReviewItem, RosterPage, RosterQuery};
use app::state::Policy;
use app::validation::Invalid;
use common::orgs::{approved, registration, staff, CORPS, TEAM};
use common::{id_for, spawn_app, spawn_with, test_policy, volunteer, TestApp};
use serde_json::json;
use sqlx::Row;

/// Two separate trees: A (corps → team A1 → detachment A1a) and B (corps → team B1).
struct World {
    a1: i64,
    a1a: i64,
    b1: i64,
}

const ADMIN_A1: &str = "13811110001";
const STAFF_A1A: &str = "13811110002";
const STAFF_B1: &str = "13811110003";

async fn world(app: &TestApp) -> World {
    let a = approved(app, CORPS, None).await;
    let a1 = approved(app, TEAM, Some(a)).await;
    let a1a = approved(app, "武进区科技志愿服务支队", Some(a1)).await;
    let b = approved(app, "浙江省科技志愿服务总队", None).await;
    let b1 = approved(app, "杭州市科技志愿服务队", Some(b)).await;
    staff(app, a1, ADMIN_A1, OrgRole::Admin).await;
    staff(app, a1a, STAFF_A1A, OrgRole::Staff).await;
    staff(app, b1, STAFF_B1, OrgRole::Admin).await;
    World { a1, a1a, b1 }
}

/// Registers `input` and, when it names someone else's mobile, has that number's holder sign in
/// and accept (their consent is `org_registration_consent.rs`'s subject); the new organisation's id.
async fn register(app: &TestApp, client: &reqwest::Client, input: &OrgInput) -> Result<i64, AppError> {
    match app.call_json_as(client, "orgs/register", json!({ "input": input })).await? {
        Registered::Created { org_id } => Ok(org_id),
        Registered::AwaitingAdmin { .. } => {
            let holder = app.new_client();
            app.age_codes(&input.contact_mobile, 3600).await;
            app.login_as(&holder, &input.contact_mobile).await;
            let lists: RegistrationLists = app.call_as(&holder, "orgs/registrations", &[]).await?;
            let id = lists.naming_me[0].id.to_string();
            app.call_as::<()>(&holder, "orgs/answer-registration", &[("id", &id), ("accept", "true")]).await?;
            let lists: RegistrationLists = app.call_as(&holder, "orgs/registrations", &[]).await?;
            Ok(lists.naming_me[0].org_id.expect("accepted"))
        }
    }
}

/// The kept subtree counts equal a count from scratch, for every organisation.
async fn assert_counts_consistent(app: &TestApp) {
    let kept: Vec<(i64, i64)> =
        sqlx::query("SELECT org_id, members FROM org_member_counts WHERE members <> 0 ORDER BY org_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.try_get("org_id").unwrap(), r.try_get("members").unwrap()))
            .collect();
    let counted: Vec<(i64, i64)> = sqlx::query(
        "SELECT c.ancestor_id AS org_id, COUNT(DISTINCT m.user_id) AS members FROM org_closure c
         JOIN memberships m ON m.org_id = c.descendant_id AND m.status = 'active' GROUP BY c.ancestor_id ORDER BY c.ancestor_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.try_get("org_id").unwrap(), r.try_get("members").unwrap()))
    .collect();
    assert_eq!(kept, counted);
}

async fn inbox(app: &TestApp, client: &reqwest::Client) -> Vec<Notice> {
    app.call_as(client, "inbox/list", &[]).await.unwrap()
}

#[tokio::test]
async fn a_registration_waits_for_its_managing_unit_which_approves_or_rejects_with_a_reason() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let applicant = volunteer(&app, "13922220001", "19900101", true).await;
    let admin_a1 = app.person(ADMIN_A1).await;
    let staff_b1 = app.person(STAFF_B1).await;

    // The naming rules refuse with the same code the form shows.
    let bad = registration("全国科普日科技志愿服务支队", w.a1, "13922220009");
    match register(&app, &applicant, &bad).await {
        Err(AppError::Invalid(e)) => assert_eq!(e.get("name"), Some(Invalid::OrgNameForbiddenWord)),
        other => panic!("expected a name error, got {other:?}"),
    }
    let corps =
        OrgInput {
            parent_id: None, name: "武进区科技志愿服务总队".into(), ..registration("", w.a1, "13922220009")
        };
    assert_eq!(register(&app, &applicant, &corps).await, Err(AppError::Refused(Refusal::CorpsByPlatformOnly)));

    let id = register(&app, &applicant, &registration("武进区青少年科普科技志愿服务支队", w.a1, "13922220009"))
        .await
        .unwrap();
    let duplicate =
        register(&app, &applicant, &registration("武进区青少年科普科技志愿服务支队", w.a1, "13922220009")).await;
    assert!(
        matches!(duplicate, Err(AppError::Invalid(ref e)) if e.get("name") == Some(Invalid::OrgNameTaken)),
        "{duplicate:?}"
    );

    // Pending: not in the public directory, not public by id, but in the reviewer's queue with
    // what CVST 1 §5.4.2 asks the reviewer to check.
    let page: OrgPage =
        app.call_json_as(&app.new_client(), "orgs/list", json!({ "query": { "q": "青少年" } })).await.unwrap();
    assert!(page.items.is_empty());
    let anonymous = app.call_as::<OrgDetail>(&app.new_client(), "orgs/detail", &[("id", &id.to_string())]).await;
    assert_eq!(anonymous, Err(AppError::NotFound));
    let queue: Vec<ReviewItem> =
        app.call_as(&admin_a1, "orgs/review-queue", &[("org_id", &w.a1.to_string())]).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!((queue[0].planned_members, queue[0].contact_name.as_str()), (20, "张三"));
    assert_eq!(queue[0].contact_mobile, "139****0009");
    assert!(inbox(&app, &admin_a1)
        .await
        .iter()
        .any(|n| n.kind == "org_review_requested" && n.subject.contains("青少年")));

    // Another tree's staff can neither see nor decide it.
    let theirs: Vec<ReviewItem> =
        app.call_as(&staff_b1, "orgs/review-queue", &[("org_id", &w.b1.to_string())]).await.unwrap();
    assert!(theirs.is_empty());
    let args = [("org_id", id.to_string()), ("approve", "true".into()), ("reason", String::new())];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(app.call_as::<()>(&staff_b1, "orgs/decide-review", &args).await, Err(AppError::Forbidden));

    // A rejection needs a reason, which the applicant then reads.
    let reject = |reason: &'static str| {
        vec![("org_id", id.to_string()), ("approve", "false".to_owned()), ("reason", reason.to_owned())]
    };
    let no_reason: Vec<(&str, String)> = reject("");
    let no_reason: Vec<(&str, &str)> = no_reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert!(matches!(app.call_as::<()>(&admin_a1, "orgs/decide-review", &no_reason).await, Err(AppError::Invalid(_))));
    let with_reason = reject("服务对象与本队重复，请补充说明");
    let with_reason: Vec<(&str, &str)> = with_reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call_as::<()>(&admin_a1, "orgs/decide-review", &with_reason).await.unwrap();
    assert_eq!(
        app.call_as::<()>(&admin_a1, "orgs/decide-review", &with_reason).await,
        Err(AppError::Refused(Refusal::AlreadyDecided))
    );
    let notes = inbox(&app, &applicant).await;
    assert!(
        notes.iter().any(|n| n.kind == "org_rejected" && n.detail == "服务对象与本队重复，请补充说明"),
        "{notes:?}"
    );
    let seen: OrgDetail = app.call_as(&applicant, "orgs/detail", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(seen.review_reason.as_deref(), Some("服务对象与本队重复，请补充说明"));

    // A second registration is approved by a unit higher up (the corps' platform admin path
    // is the same check) and then appears in the public directory with its admin account.
    let id2 =
        register(&app, &applicant, &registration("武进区农技服务科技志愿服务支队", w.a1, "13922220008")).await.unwrap();
    let approve = [("org_id", id2.to_string()), ("approve", "true".into()), ("reason", String::new())];
    let approve: Vec<(&str, &str)> = approve.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call_as::<()>(&admin_a1, "orgs/decide-review", &approve).await.unwrap();
    let page: OrgPage =
        app.call_json_as(&app.new_client(), "orgs/list", json!({ "query": { "q": "农技" } })).await.unwrap();
    assert_eq!(page.items.iter().map(|o| o.id).collect::<Vec<_>>(), vec![id2]);
    assert_eq!(page.items[0].level_name, "支队", "level 3 takes the configured third name");
    app.age_codes("13922220008", 3600).await;
    let contact = app.person("13922220008").await;
    let me: Option<app::accounts::model::SessionUser> = app.call_as(&contact, "accounts/me", &[]).await.unwrap();
    assert_eq!(
        me.unwrap().staff_roles.iter().map(|r| (r.org_id, r.role)).collect::<Vec<_>>(),
        vec![(id2, OrgRole::Admin)]
    );
}

#[tokio::test]
async fn registering_under_a_unit_you_manage_is_approved_at_once() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin_a1 = app.person(ADMIN_A1).await;
    let id =
        register(&app, &admin_a1, &registration("常州市气象科普科技志愿服务支队", w.a1, "13922220007")).await.unwrap();
    let seen: OrgDetail = app.call_as(&app.new_client(), "orgs/detail", &[("id", &id.to_string())]).await.unwrap();
    assert_eq!(seen.summary.status, app::orgs::views::OrgStatus::Approved);
    assert_eq!(seen.path.last().map(|p| p.0), Some(w.a1));
}

fn args<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn apply(app: &TestApp, client: &reqwest::Client, org: i64) -> Result<i64, AppError> {
    app.call_as(client, "orgs/apply", &[("org_id", &org.to_string())]).await
}

async fn decide(
    app: &TestApp,
    client: &reqwest::Client,
    membership: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let pairs =
        [("membership_id", membership.to_string()), ("approve", approve.to_string()), ("reason", reason.to_owned())];
    app.call_as(client, "orgs/decide-application", &args(&pairs)).await
}

async fn roster(app: &TestApp, client: &reqwest::Client, query: RosterQuery) -> Result<RosterPage, AppError> {
    app.call_json_as(client, "orgs/roster", json!({ "query": query })).await
}

#[tokio::test]
async fn volunteers_join_leave_transfer_and_keep_their_history() {
    let app = spawn_with(Policy { max_memberships: 2, ..test_policy() }).await;
    let w = world(&app).await;
    let admin_a1 = app.person(ADMIN_A1).await;
    let staff_a1a = app.person(STAFF_A1A).await;
    let staff_b1 = app.person(STAFF_B1).await;
    let no_profile = app.person("13922220100").await;
    assert_eq!(apply(&app, &no_profile, w.a1a).await, Err(AppError::Refused(Refusal::ProfileIncomplete)));

    let v = volunteer(&app, "13922220101", "19880808", false).await;
    let m1 = apply(&app, &v, w.a1a).await.unwrap();
    assert_eq!(apply(&app, &v, w.a1a).await, Err(AppError::Refused(Refusal::AlreadyMember)));
    let m2 = apply(&app, &v, w.b1).await.unwrap();
    assert_eq!(apply(&app, &v, w.a1).await, Err(AppError::Refused(Refusal::MembershipLimit { max: 2 })));

    // Staff of the detachment and of the team above both see the application; B's staff
    // cannot decide it.
    let queue: Vec<app::orgs::views::Application> =
        app.call_as(&admin_a1, "orgs/applications", &[("org_id", &w.a1.to_string())]).await.unwrap();
    assert_eq!(queue.iter().map(|a| a.id).collect::<Vec<_>>(), vec![m1]);
    assert_eq!(decide(&app, &staff_b1, m1, true, "").await, Err(AppError::Forbidden));
    assert!(
        matches!(decide(&app, &staff_a1a, m1, false, " ").await, Err(AppError::Invalid(_))),
        "a decline needs a reason"
    );
    decide(&app, &staff_a1a, m1, true, "").await.unwrap();
    decide(&app, &staff_b1, m2, false, "暂不招收外省志愿者").await.unwrap();

    let page = roster(&app, &admin_a1, RosterQuery { org_id: w.a1, ..Default::default() }).await.unwrap();
    assert_eq!(page.rows.len(), 1, "the team's roster includes its detachment's members");
    assert_counts_consistent(&app).await;
    assert_eq!(page.rows[0].mobile_masked, "139****0101");

    // Transfer to the team: the old membership stays active until the receiver approves.
    let t = app
        .call_as::<i64>(
            &v,
            "orgs/transfer",
            &args(&[("membership_id", m1.to_string()), ("to_org_id", w.a1.to_string())]),
        )
        .await
        .unwrap();
    decide(&app, &admin_a1, t, true, "").await.unwrap();
    assert_counts_consistent(&app).await;
    let counts: (i64, i64) = app.call_as(&admin_a1, "orgs/subtree-counts", &[("id", &w.a1.to_string())]).await.unwrap();
    assert_eq!(counts.0, 1, "moving within the subtree still counts one person");
    // Then removal with a reason; the account and the history stay.
    let remove = [("membership_id", t.to_string()), ("reason", "长期未参加活动".to_owned())];
    assert_eq!(
        app.call_as::<()>(&staff_a1a, "orgs/remove-member", &args(&remove)).await,
        Err(AppError::Forbidden),
        "the detachment does not manage the team"
    );
    app.call_as::<()>(&admin_a1, "orgs/remove-member", &args(&remove)).await.unwrap();

    let mine: Vec<MyMembership> = app.call_as(&v, "orgs/mine", &[]).await.unwrap();
    let states: Vec<(i64, MembershipStatus, &str)> = mine.iter().map(|m| (m.id, m.status, m.reason.as_str())).collect();
    assert_eq!(
        states,
        vec![
            (t, MembershipStatus::Removed, "长期未参加活动"),
            (m2, MembershipStatus::Declined, "暂不招收外省志愿者"),
            (m1, MembershipStatus::Transferred, "常州市科技志愿服务队"),
        ]
    );
    let kinds: Vec<String> = inbox(&app, &v).await.into_iter().map(|n| n.kind).collect();
    for kind in ["member_removed", "member_declined", "member_approved"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} in {kinds:?}");
    }
    let removed = roster(&app, &admin_a1, RosterQuery { org_id: w.a1, status: "removed".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(removed.rows[0].reason, "长期未参加活动");
    assert_counts_consistent(&app).await;
}

#[tokio::test]
async fn racing_requests_cannot_pass_the_limit_or_decide_twice() {
    let app = spawn_with(Policy { max_memberships: 2, ..test_policy() }).await;
    let w = world(&app).await;
    let v = volunteer(&app, "13922220201", "19900303", true).await;
    let now = now_us();
    let mut orgs = Vec::new();
    for i in 0..6 {
        let name = format!("第{i}科普科技志愿服务支队");
        orgs.push(
            insert(
                &app.db,
                &NewOrg {
                    name: &name,
                    parent_id: Some(w.a1),
                    status: "approved",
                    province: "32",
                    city: "",
                    county: "",
                },
                now,
            )
            .await
            .unwrap(),
        );
    }
    let results = futures::future::join_all(orgs.iter().map(|o| apply(&app, &v, *o))).await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 2, "{results:?}");
    assert!(results
        .iter()
        .filter(|r| r.is_err())
        .all(|r| *r == Err(AppError::Refused(Refusal::MembershipLimit { max: 2 }))));

    let m = results.iter().find_map(|r| r.clone().ok()).unwrap();
    let admin_a1 = app.person(ADMIN_A1).await;
    let (a, b) = tokio::join!(decide(&app, &admin_a1, m, true, ""), decide(&app, &admin_a1, m, false, "名额已满"));
    assert!(a.is_ok() != b.is_ok(), "exactly one decision lands: {a:?} {b:?}");
    assert!([a, b].contains(&Err(AppError::Refused(Refusal::AlreadyDecided))));
}

#[tokio::test]
async fn roster_filters_sorts_and_pages_by_keyset() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin = app.person(ADMIN_A1).await;
    let mut expected = Vec::new();
    for i in 0..7 {
        let mobile = format!("139333300{i:02}");
        let v = volunteer(&app, &mobile, &format!("1980010{}", i + 1), i % 2 == 0).await;
        let org = if i < 4 { w.a1a } else { w.a1 };
        let m = apply(&app, &v, org).await.unwrap();
        decide(&app, &admin, m, true, "").await.unwrap();
        expected.push(m);
    }
    // Page through three at a time, newest first: every row once, in order.
    let mut seen = Vec::new();
    let mut query = RosterQuery { org_id: w.a1, ..Default::default() };
    loop {
        let page = app::orgs::roster::ssr::page(&app.db, &query, 3).await.unwrap();
        seen.extend(page.rows.iter().map(|r| r.membership_id));
        match page.next {
            Some(next) => query.after = next,
            None => break,
        }
    }
    let mut newest_first = expected.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);
    // Both reading orders (from the organisations, or from the newest memberships) agree, with
    // and without a profile filter.
    for filter in [
        RosterQuery { org_id: w.a1, ..Default::default() },
        RosterQuery { org_id: w.a1, county: "320412".into(), ..Default::default() },
    ] {
        let narrow = app::orgs::roster::ssr::page_planned(&app.db, &filter, 50, Some(false)).await.unwrap();
        let wide = app::orgs::roster::ssr::page_planned(&app.db, &filter, 50, Some(true)).await.unwrap();
        assert_eq!(narrow, wide);
        assert_eq!(wide.rows.len(), 7);
    }

    let count = |q: RosterQuery| {
        let app = &app;
        let admin = &admin;
        async move { app.call_json_as::<i64>(admin, "orgs/roster-count", json!({ "query": q })).await.unwrap() }
    };
    assert_eq!(count(RosterQuery { org_id: w.a1, ..Default::default() }).await, 7);
    assert_eq!(count(RosterQuery { org_id: w.a1a, ..Default::default() }).await, 4);
    assert_eq!(count(RosterQuery { org_id: w.a1, q: "无人机".into(), ..Default::default() }).await, 7);
    assert_eq!(count(RosterQuery { org_id: w.a1, q: "志愿者零三".into(), ..Default::default() }).await, 1);
    assert_eq!(count(RosterQuery { org_id: w.a1, category: "agri_tech".into(), ..Default::default() }).await, 0);
    assert_eq!(count(RosterQuery { org_id: w.a1, county: "320412".into(), ..Default::default() }).await, 7);
    let by_name =
        roster(&app, &admin, RosterQuery { org_id: w.a1, sort: "name".into(), ..Default::default() }).await.unwrap();
    let names: Vec<String> = by_name.rows.iter().map(|r| r.real_name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    // Classification is a filter too.
    let classify = [("membership_id", expected[0].to_string()), ("class", "骨干".to_owned())];
    app.call_as::<()>(&admin, "orgs/classify", &args(&classify)).await.unwrap();
    assert_eq!(count(RosterQuery { org_id: w.a1, class: "骨干".into(), ..Default::default() }).await, 1);
    assert_counts_consistent(&app).await;
}

#[tokio::test]
async fn roster_shows_and_filters_approved_hours_served_in_the_subtree() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin = app.person(ADMIN_A1).await;
    let mut people = Vec::new();
    for i in 0..3 {
        let mobile = format!("139444400{i:02}");
        let v = volunteer(&app, &mobile, &format!("1981010{}", i + 1), i % 2 == 0).await;
        let m = apply(&app, &v, w.a1a).await.unwrap();
        decide(&app, &admin, m, true, "").await.unwrap();
        people.push((m, common::user(&app, &mobile).await));
    }
    let (first, second, third) = (people[0], people[1], people[2]);
    // First: 2 h approved in the detachment + 1.5 h in the team; a pending and a declined line
    // and 10 h in the other tree do not count.
    common::served::served(&app, w.a1a, first.1, 120, "approved").await;
    common::served::served(&app, w.a1, first.1, 90, "approved").await;
    common::served::served(&app, w.a1, first.1, 600, "pending").await;
    common::served::served(&app, w.a1, first.1, 600, "declined").await;
    common::served::served(&app, w.b1, first.1, 600, "approved").await;
    // Second: 30 minutes. Third: nothing.
    common::served::served(&app, w.a1a, second.1, 30, "approved").await;

    let page = roster(&app, &admin, RosterQuery { org_id: w.a1, ..Default::default() }).await.unwrap();
    let hours = |m: i64| page.rows.iter().find(|r| r.membership_id == m).map(|r| r.hours_minutes);
    assert_eq!((hours(first.0), hours(second.0), hours(third.0)), (Some(210), Some(30), Some(0)));
    // The detachment's own roster counts only the detachment's activities.
    let page = roster(&app, &admin, RosterQuery { org_id: w.a1a, ..Default::default() }).await.unwrap();
    assert_eq!(page.rows.iter().find(|r| r.membership_id == first.0).map(|r| r.hours_minutes), Some(120));

    let filtered = |min: &str, max: &str| RosterQuery {
        org_id: w.a1,
        hours_min: min.into(),
        hours_max: max.into(),
        ..Default::default()
    };
    let ids = |page: RosterPage| page.rows.iter().map(|r| r.membership_id).collect::<Vec<_>>();
    assert_eq!(ids(roster(&app, &admin, filtered("3.5", "")).await.unwrap()), vec![first.0]);
    assert_eq!(ids(roster(&app, &admin, filtered("0.5", "3")).await.unwrap()), vec![second.0]);
    assert_eq!(ids(roster(&app, &admin, filtered("", "0")).await.unwrap()), vec![third.0]);
    let count = app.call_json_as::<i64>(&admin, "orgs/roster-count", json!({ "query": filtered("0.5", "") })).await;
    assert_eq!(count.unwrap(), 2);
    // Bad bounds are refused under their field, not ignored.
    for (min, max, field) in [("abc", "", "hours_min"), ("1.234", "", "hours_min"), ("5", "2", "hours_max")] {
        match roster(&app, &admin, filtered(min, max)).await {
            Err(AppError::Invalid(errors)) => assert!(errors.get(field).is_some(), "{min}..{max}: {errors:?}"),
            other => panic!("{min}..{max} gave {other:?}"),
        }
    }
    // The download carries the hours column.
    let csv = admin.get(format!("{}/orgs/{}/roster.csv", app.base, w.a1)).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.lines().next().unwrap_or_default().contains("服务时长(小时)"), "{text}");
    assert!(text.lines().any(|line| line.ends_with(",3.5")), "{text}");
}

fn csv_of(rows: &[Vec<String>]) -> Vec<u8> {
    let headers: Vec<&str> = VOLUNTEER_HEADERS.to_vec();
    app::sheets::write_csv(&headers, rows)
}

fn volunteer_row(n: usize, name: &str, mobile: &str, id: &str) -> Vec<String> {
    [
        &n.to_string(),
        name,
        mobile,
        "女",
        id,
        "群众",
        "汉族",
        "常州大学",
        "中级",
        "本科",
        "企业",
        "江苏省",
        "常州市",
        "武进区",
        "☑科技培训 □科技咨询 ☑科普报告",
        "科学教育类",
        "否",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    org: i64,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
    commit: bool,
) -> Result<ImportReport, AppError> {
    let form = reqwest::multipart::Form::new()
        .text("org_id", org.to_string())
        .text("kind", kind.to_owned())
        .text("commit", if commit { "1" } else { "0" })
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()));
    common::decode(client.post(format!("{}/api/orgs/import", app.base)).multipart(form).send().await.unwrap()).await
}

async fn people(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM users").fetch_one(&app.db.pool).await.unwrap().try_get("n").unwrap()
}

#[tokio::test]
async fn a_volunteer_import_reports_every_bad_row_and_changes_nothing_until_clean() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin = app.person(ADMIN_A1).await;
    let existing = volunteer(&app, "13944440001", "19750505", true).await;
    let existing_id = {
        let p: Option<app::volunteers::model::ProfileInput> =
            app.call_as(&existing, "volunteers/my-profile", &[]).await.unwrap();
        p.unwrap().id_number
    };
    let good = id_for("19910202", false);
    let mut bad_id = id_for("19920303", false);
    bad_id.replace_range(17.., if bad_id.ends_with('0') { "1" } else { "0" });
    let rows = vec![
        volunteer_row(1, "周敏", "13944440002", &good),
        volunteer_row(2, "吴静", "13944440003", &bad_id),
        volunteer_row(3, "郑洁", "13944440002", &id_for("19930404", false)),
        volunteer_row(4, "王强", "139444400", &id_for("19940404", false)),
    ];
    let before = people(&app).await;
    let report = upload(&app, &admin, w.a1, "volunteers", "志愿者.csv", csv_of(&rows), true).await.unwrap();
    assert!(!report.committed);
    assert_eq!(report.rows, 4);
    let problems: Vec<(usize, &str, &RowIssue)> =
        report.problems.iter().map(|p| (p.line, p.column.as_str(), &p.issue)).collect();
    assert_eq!(
        problems,
        vec![
            (3, "身份证号", &RowIssue::Field { invalid: Invalid::IdChecksum }),
            (4, "手机号", &RowIssue::DuplicateInFile { first_line: 2 }),
            (5, "手机号", &RowIssue::Field { invalid: Invalid::MobileFormat }),
        ]
    );
    assert_eq!(people(&app).await, before, "a refused file writes nothing");

    // Fixed: the clean file commits; the person already registered (matched by ID number) is
    // invited, not enrolled, and no account is made for the row's other phone number.
    let mut existing_row = volunteer_row(3, "老会员", "13944449999", &existing_id);
    existing_row[3] = "男".into();
    let fixed = vec![volunteer_row(1, "周敏", "13944440002", &good), existing_row];
    let dry = upload(&app, &admin, w.a1, "volunteers", "志愿者.csv", csv_of(&fixed), false).await.unwrap();
    assert_eq!((dry.committed, dry.created, dry.invited), (false, 1, 1));
    assert_eq!(people(&app).await, before, "a dry run writes nothing");
    let done = upload(&app, &admin, w.a1, "volunteers", "志愿者.csv", csv_of(&fixed), true).await.unwrap();
    assert!(done.committed && done.problems.is_empty(), "{done:?}");
    assert_eq!(people(&app).await, before + 1);
    let count: i64 =
        app.call_json_as(&admin, "orgs/roster-count", json!({ "query": { "org_id": w.a1 } })).await.unwrap();
    assert_eq!(count, 1, "only the new person is a member until the invited one accepts");
    // Importing the same file again duplicates no one: both rows now match existing accounts.
    let again = upload(
        &app,
        &admin,
        w.a1,
        "volunteers",
        "志愿者.xlsx",
        {
            let headers: Vec<&str> = VOLUNTEER_HEADERS.to_vec();
            app::sheets::write_xlsx("志愿者", &headers, &fixed).unwrap()
        },
        true,
    )
    .await
    .unwrap();
    assert_eq!((again.committed, again.created, again.invited), (true, 0, 2));
    assert_eq!(people(&app).await, before + 1);
    assert_counts_consistent(&app).await;
}

#[tokio::test]
async fn an_organisation_import_creates_approved_sub_organisations_and_makes_only_the_importer_admin() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin = app.person(ADMIN_A1).await;
    let headers: Vec<&str> = app::orgs::import::ORG_HEADERS.to_vec();
    let row = |n: &str, name: &str, admin: &str| -> Vec<String> {
        [
            n,
            name,
            admin,
            "否",
            "地方科协",
            "武进区科协",
            "2019/8/8",
            "科技培训、科普报告",
            "江苏省",
            "常州市",
            "武进区",
            "",
            "",
            "",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let bad = vec![
        row("1", "湖塘镇科技志愿服务支队", "李四\n13955550001"),
        row("2", "全球变暖科技志愿服务支队", "13955550002"),
    ];
    let report = upload(
        &app,
        &admin,
        w.a1,
        "organisations",
        "组织.xlsx",
        app::sheets::write_xlsx("组织", &headers, &bad).unwrap(),
        true,
    )
    .await
    .unwrap();
    let issues: Vec<(usize, &str)> = report.problems.iter().map(|p| (p.line, p.column.as_str())).collect();
    assert_eq!(issues, vec![(3, "管理员姓名及手机号"), (3, "组织名称")], "{:?}", report.problems);
    assert!(!report.committed);

    // F-10 consent: the admin cell makes nobody admin but the importer, and opens no account.
    let wang = app.person("13955550002").await;
    let good = vec![
        row("1", "湖塘镇科技志愿服务支队", "李四\n13955550001"),
        row("2", "牛塘镇科技志愿服务支队", "王五 13955550002"),
        row("3", "前黄镇科技志愿服务支队", &format!("赵六 {ADMIN_A1}")),
    ];
    let done = upload(&app, &admin, w.a1, "organisations", "组织.csv", app::sheets::write_csv(&headers, &good), true)
        .await
        .unwrap();
    assert_eq!((done.committed, done.created), (true, 3), "{done:?}");
    let page: OrgPage =
        app.call_json_as(&app.new_client(), "orgs/list", json!({ "query": { "q": "塘镇" } })).await.unwrap();
    assert_eq!(page.items.len(), 2);
    let accounts: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE mobile = '13955550001'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(accounts, 0, "no account for a number that never confirmed");
    assert!(staff_orgs(&app, &wang).await.is_empty(), "an existing account is not made admin without agreeing");
    assert!(staff_orgs(&app, &admin).await.contains(&"前黄镇科技志愿服务支队".to_owned()), "the importer's own is");
}

async fn staff_orgs(app: &TestApp, client: &reqwest::Client) -> Vec<String> {
    let me: Option<app::accounts::model::SessionUser> = app.call_as(client, "accounts/me", &[]).await.unwrap();
    me.unwrap().staff_roles.into_iter().map(|r| r.org_name).collect()
}

#[tokio::test]
async fn roster_exports_are_masked_and_full_exports_are_for_admins_and_audited() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin = app.person(ADMIN_A1).await;
    let staff = app.person(STAFF_A1A).await;
    let v = volunteer(&app, "13966660001", "19850505", true).await;
    let m = apply(&app, &v, w.a1a).await.unwrap();
    decide(&app, &staff, m, true, "").await.unwrap();

    let csv = staff.get(format!("{}/orgs/{}/roster.csv", app.base, w.a1a)).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.contains("志愿者编号") && text.contains("139****0001") && !text.contains("13966660001"), "{text}");
    // Unmasked exports are posted by the roster page (see cross_site.rs).
    let full = staff.post(format!("{}/orgs/{}/roster.csv", app.base, w.a1a)).form(&[("q", "")]).send().await.unwrap();
    assert_eq!(full.status(), 403, "staff are not admins");
    let xlsx = admin
        .post(format!("{}/orgs/{}/roster.xlsx", app.base, w.a1))
        .form(&[("category", "tech_training")])
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.unwrap();
    let headers = ["志愿者编号", "姓名", "手机号", "身份证号"];
    let table = app::sheets::read_table(&bytes, "x.xlsx", &headers, 100).unwrap();
    assert_eq!(table.rows[0].cells[2], "13966660001");
    let audited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export_personal_data'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(audited, 1);
    let template = app.new_client().get(format!("{}/import-templates/volunteers.xlsx", app.base)).send().await.unwrap();
    assert_eq!(template.status(), 200);
}

/// Every scoped function, called by the admin of tree B with tree A's ids: all refused, and
/// nothing in A changes.
#[tokio::test]
async fn staff_of_one_tree_can_neither_read_nor_change_another() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let outsider = app.person(STAFF_B1).await;
    let applicant = volunteer(&app, "13977770001", "19870707", true).await;
    let pending_org =
        register(&app, &applicant, &registration("武进区天文科普科技志愿服务队", w.a1a, "13977770009")).await.unwrap();
    let application = apply(&app, &applicant, w.a1a).await.unwrap();
    let member = volunteer(&app, "13977770002", "19860606", false).await;
    let active = apply(&app, &member, w.a1).await.unwrap();
    let admin_a1 = app.person(ADMIN_A1).await;
    decide(&app, &admin_a1, active, true, "").await.unwrap();

    let a1 = w.a1.to_string();
    let forbidden_form: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("orgs/review-queue", vec![("org_id", a1.clone())]),
        (
            "orgs/decide-review",
            vec![("org_id", pending_org.to_string()), ("approve", "true".into()), ("reason", String::new())],
        ),
        ("orgs/applications", vec![("org_id", a1.clone())]),
        (
            "orgs/decide-application",
            vec![("membership_id", application.to_string()), ("approve", "true".into()), ("reason", String::new())],
        ),
        ("orgs/remove-member", vec![("membership_id", active.to_string()), ("reason", "越权".into())]),
        ("orgs/classify", vec![("membership_id", active.to_string()), ("class", "越权".into())]),
        ("orgs/staff", vec![("org_id", a1.clone())]),
        ("orgs/set-staff", vec![("org_id", a1.clone()), ("who", STAFF_B1.into()), ("role", "admin".into())]),
        ("orgs/remove-staff", vec![("org_id", a1.clone()), ("volunteer_no", "KJ0000000000".into())]),
        ("orgs/subtree-counts", vec![("id", a1.clone())]),
    ];
    for (endpoint, pairs) in &forbidden_form {
        let result = app.call_as::<serde_json::Value>(&outsider, endpoint, &args(pairs)).await;
        assert_eq!(result, Err(AppError::Forbidden), "{endpoint}");
    }
    for endpoint in ["orgs/roster", "orgs/roster-count"] {
        let result =
            app.call_json_as::<serde_json::Value>(&outsider, endpoint, json!({ "query": { "org_id": w.a1 } })).await;
        assert_eq!(result, Err(AppError::Forbidden), "{endpoint}");
    }
    let import = upload(&app, &outsider, w.a1, "volunteers", "x.csv", csv_of(&[]), true).await;
    assert_eq!(import, Err(AppError::Forbidden));
    for path in [format!("/orgs/{}/roster.csv", w.a1), format!("/orgs/{}/roster.xlsx", w.a1)] {
        assert_eq!(outsider.get(format!("{}{path}", app.base)).send().await.unwrap().status(), 403, "{path}");
    }
    // The volunteer card of A's member stays closed to B.
    let member_no: String = sqlx::query("SELECT volunteer_no FROM users WHERE mobile = '13977770002'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("volunteer_no")
        .unwrap();
    let card = app.call_as::<serde_json::Value>(&outsider, "volunteers/reveal", &[("volunteer_no", &member_no)]).await;
    assert_eq!(card, Err(AppError::Forbidden));
    assert!(app
        .call_as::<serde_json::Value>(&admin_a1, "volunteers/reveal", &[("volunteer_no", &member_no)])
        .await
        .is_ok());

    // Nothing in A changed.
    let state: Vec<(String,)> = sqlx::query("SELECT status FROM memberships ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get::<String, _>("status").unwrap(),))
        .collect();
    assert_eq!(state, vec![("pending".into(),), ("active".into(),)]);
    let org_status: String = sqlx::query("SELECT status FROM organisations WHERE id = $1")
        .bind(pending_org)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap();
    assert_eq!(org_status, "pending");
}

/// `server import volunteers FILE --into ID [--dry-run]`: the same report on the terminal and a
/// non-zero exit when any row is refused; a clean file is written only without --dry-run.
#[tokio::test]
async fn the_import_command_prints_the_report_and_fails_on_bad_rows() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let good = volunteer_row(1, "周敏", "13988880001", &id_for("19910202", false));
    let mut bad = volunteer_row(2, "吴静", "13988880002", &id_for("19920303", false));
    bad[13] = "不存在区".into();
    let run = |rows: Vec<Vec<String>>, dry: bool| {
        let path = app.dir.join(format!("import-{}.csv", rows.len()));
        std::fs::write(&path, csv_of(&rows)).unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
        cmd.args(["import", "volunteers"]).arg(&path).args(["--into", &w.a1.to_string()]).env("DATABASE_URL", &app.url);
        if dry {
            cmd.arg("--dry-run");
        }
        cmd.output().unwrap()
    };
    let refused = run(vec![good.clone(), bad], false);
    let out = String::from_utf8_lossy(&refused.stdout);
    assert_eq!(refused.status.code(), Some(1), "{out}");
    assert!(out.contains("第 3 行\t所在区域省\t请选择有效的省、市、县（区）"), "{out}");
    assert!(out.contains("有错误，未导入任何数据"), "{out}");

    let dry = run(vec![good.clone()], true);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(String::from_utf8_lossy(&dry.stdout).contains("检查通过"));
    let users = people(&app).await;
    let done = run(vec![good], false);
    assert!(done.status.success());
    assert!(String::from_utf8_lossy(&done.stdout).contains("已导入"));
    assert_eq!(people(&app).await, users + 1);
}

/// A form post as a browser without JavaScript sends it: form-encoded, asking for HTML, from
/// `page`. Returns the status and where the answer sends the browser.
async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    page: &str,
    form: &[(&str, String)],
) -> (u16, String) {
    let response = client
        .post(format!("{}/api/{endpoint}", app.base))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}{page}", app.base))
        .form(&args(form))
        .send()
        .await
        .expect("request");
    // An emptied query string may leave its `?` behind.
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .trim_end_matches('?')
        .to_owned();
    (response.status().as_u16(), location)
}

async fn membership_status(app: &TestApp, id: i64) -> String {
    sqlx::query("SELECT status FROM memberships WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("status")
}

#[tokio::test]
async fn joining_deciding_and_leaving_work_as_plain_form_posts() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let staff_a1a = app.person(STAFF_A1A).await;
    let v = volunteer(&app, "13922220301", "19910101", true).await;

    // Apply from the organisation's page: 303 back to it, and the application is there.
    let org_page = format!("/orgs/{}", w.a1a);
    let (status, location) = post_form(&app, &v, "orgs/apply", &org_page, &[("org_id", w.a1a.to_string())]).await;
    assert_eq!((status, location.as_str()), (303, format!("{}{org_page}", app.base).as_str()));
    let m: i64 = sqlx::query("SELECT id FROM memberships WHERE org_id = $1")
        .bind(w.a1a)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("id");
    assert_eq!(membership_status(&app, m).await, "pending");

    // Declining without a reason: back to the open confirmation with the refusal in the
    // address, which the server's page shows under the reason field.
    let confirm = format!("/orgs/{}/manage/applications?decline={m}", w.a1a);
    let decline = |reason: &str| {
        [("membership_id", m.to_string()), ("approve", "false".to_owned()), ("reason", reason.to_owned())]
    };
    let (status, location) = post_form(&app, &staff_a1a, "orgs/decide-application", &confirm, &decline("")).await;
    assert_eq!(status, 303);
    assert!(location.starts_with(&format!("{}{confirm}&", app.base)) && location.contains("__err="), "{location}");
    assert_eq!(membership_status(&app, m).await, "pending");
    let page = staff_a1a.get(&location).header("accept-language", "zh-CN").send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="f-reason""#), "the reason form is open");
    assert!(page.contains("此项为必填项"), "the refusal is under the field");

    // With a reason it takes effect, and the address comes back without the old refusal.
    let (status, location) =
        post_form(&app, &staff_a1a, "orgs/decide-application", &confirm, &decline("名额已满")).await;
    assert_eq!((status, location.as_str()), (303, format!("{}{confirm}", app.base).as_str()));
    assert_eq!(membership_status(&app, m).await, "declined");

    // Apply again, approved by a plain post, then leave from the confirmation in the address.
    post_form(&app, &v, "orgs/apply", &org_page, &[("org_id", w.a1a.to_string())]).await;
    let again: i64 = sqlx::query("SELECT id FROM memberships WHERE org_id = $1 AND status = 'pending'")
        .bind(w.a1a)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("id");
    let approve = [("membership_id", again.to_string()), ("approve", "true".to_owned()), ("reason", String::new())];
    let (status, _) = post_form(
        &app,
        &staff_a1a,
        "orgs/decide-application",
        &format!("/orgs/{}/manage/applications", w.a1a),
        &approve,
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(membership_status(&app, again).await, "active");
    let leave = [("membership_id", again.to_string()), ("reason", "工作调动".to_owned())];
    let (status, location) = post_form(&app, &v, "orgs/leave", &format!("/me/orgs?leave={again}"), &leave).await;
    assert_eq!((status, location.as_str()), (303, format!("{}/me/orgs?leave={again}", app.base).as_str()));
    assert_eq!(membership_status(&app, again).await, "left");
    assert_counts_consistent(&app).await;
}
