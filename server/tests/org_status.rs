//! Issue 11 item 7 over real HTTP on both engines: an organisation that is pending, rejected or
//! closed publishes nothing, and nothing of it is readable through any public path — server
//! functions, pages, the share files and `/api/v1` — while its own staff and platform admins
//! still see it in their management pages.
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::{ActivityInput, ActivityStatus, ProjectInput};
use app::activities::views::{ActivityDetail, ActivityPage, ActivityQuery, OrgActivity, ProjectSummary};
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::orgs::api::OrgFormContext;
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::orgs::views::{OrgDetail, OrgPage, OrgQuery, OrgStatus};
use app::public_api::{ActivityList, OrganisationList, ProjectList};
use common::{spawn_app, user, volunteer, TestApp};
use serde_json::json;
use sqlx::Row;

const ADMIN_A: &str = "13844440001";
const ADMIN_P: &str = "13844440002";
const ADMIN_C: &str = "13844440003";
const PLATFORM: &str = "13844440009";
const DAY: i64 = 24 * 3_600_000_000;

/// An approved team A with three sub-teams: P pending review, R rejected, C approved.
struct World {
    a: i64,
    p: i64,
    r: i64,
    c: i64,
}

const P_NAME: &str = "新北区科技志愿服务支队";
const R_NAME: &str = "天宁区科技志愿服务支队";
const C_NAME: &str = "钟楼区科技志愿服务支队";

async fn world(app: &TestApp) -> World {
    let now = now_us();
    let org =
        |name, parent, status| NewOrg { name, parent_id: parent, status, province: "32", city: "3204", county: "" };
    let corps = insert(&app.db, &org("江苏省科技志愿服务总队", None, "approved"), now).await.unwrap();
    let a = insert(&app.db, &org("常州市科技志愿服务队", Some(corps), "approved"), now).await.unwrap();
    let p = insert(&app.db, &org(P_NAME, Some(a), "pending"), now).await.unwrap();
    let r = insert(&app.db, &org(R_NAME, Some(a), "rejected"), now).await.unwrap();
    let c = insert(&app.db, &org(C_NAME, Some(a), "approved"), now).await.unwrap();
    set_staff(&app.db, a, user(app, ADMIN_A).await, OrgRole::Admin, now).await.unwrap();
    set_staff(&app.db, p, user(app, ADMIN_P).await, OrgRole::Admin, now).await.unwrap();
    set_staff(&app.db, r, user(app, ADMIN_P).await, OrgRole::Admin, now).await.unwrap();
    set_staff(&app.db, c, user(app, ADMIN_C).await, OrgRole::Admin, now).await.unwrap();
    user(app, PLATFORM).await;
    sqlx::query("UPDATE users SET is_platform_admin = 1 WHERE mobile = $1")
        .bind(PLATFORM)
        .execute(&app.db.pool)
        .await
        .unwrap();
    World { a, p, r, c }
}

fn activity(org: i64, title: &str) -> ActivityInput {
    let at = |offset| app::activities::model::format_local_input(now_us() + offset);
    ActivityInput {
        title: title.into(),
        starts_at: at(3 * DAY),
        ends_at: at(3 * DAY + DAY / 12),
        ..ActivityInput::sample(org)
    }
}

fn project(org: i64, name: &str) -> ProjectInput {
    ProjectInput {
        org_id: org,
        name: name.into(),
        summary: "寒暑假科学实践".into(),
        service_objects: vec!["public".into()],
        goals: "每月一次".into(),
        cycle: "每月".into(),
        ..ProjectInput::default()
    }
}

async fn publish(app: &TestApp, client: &reqwest::Client, input: &ActivityInput) -> Result<i64, AppError> {
    app.call_json_as(client, "activities/save", json!({ "id": null, "input": input, "publish": true })).await
}

async fn save_project(app: &TestApp, client: &reqwest::Client, input: &ProjectInput) -> Result<i64, AppError> {
    app.call_json_as(client, "projects/save", json!({ "id": null, "input": input })).await
}

/// A published activity and a project of `org` written straight to the database: what an
/// organisation has from before it stopped being open (or what a bug could let through).
async fn seed(app: &TestApp, org: i64, title: &str) -> (i64, i64) {
    let now = now_us();
    let staff = user(app, ADMIN_A).await;
    let project: i64 = sqlx::query(
        "INSERT INTO projects (org_id, name, summary, service_objects, created_by, created_at, updated_at)
         VALUES ($1, $2, '寒暑假科学实践', 'public', $3, $4, $4) RETURNING id",
    )
    .bind(org)
    .bind(format!("{title}项目"))
    .bind(staff)
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    let valid = ActivityInput { project_id: Some(project), ..activity(org, title) }.validate().expect("valid");
    let mut tx = app.db.begin().await.unwrap();
    let name = app::orgs::repo::name_of(&mut tx, org).await.unwrap();
    let id =
        app::activities::repo::insert(&mut tx, &valid, &name, ActivityStatus::Published, staff, now).await.unwrap();
    tx.commit().await.unwrap();
    (id, project)
}

async fn get(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.new_client().get(format!("{}{path}", app.base)).send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

async fn api<T: serde::de::DeserializeOwned>(app: &TestApp, path: &str) -> T {
    let (status, body) = get(app, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

/// What an anonymous visitor can reach of organisation `org` named `name`, with its activity
/// and project: nothing, on every public path.
async fn assert_hidden(app: &TestApp, org: i64, name: &str, activity: i64, project: i64) {
    let anon = app.new_client();
    let id = org.to_string();
    // Server functions.
    let page: OrgPage = app.call_json_as(&anon, "orgs/list", json!({ "query": OrgQuery::default() })).await.unwrap();
    assert!(page.items.iter().all(|o| o.id != org), "directory lists {name}");
    let by_name = OrgQuery { q: name.into(), ..OrgQuery::default() };
    let page: OrgPage = app.call_json_as(&anon, "orgs/list", json!({ "query": by_name })).await.unwrap();
    assert!(page.items.is_empty(), "directory search finds {name}");
    let detail = app.call_as::<OrgDetail>(&anon, "orgs/detail", &[("id", &id)]).await;
    assert_eq!(detail.unwrap_err(), AppError::NotFound, "orgs/detail of {name}");
    let context = app.call_as::<OrgFormContext>(&anon, "orgs/form-context", &[("parent_id", &id)]).await;
    assert_eq!(context.unwrap_err(), AppError::NotFound, "orgs/form-context of {name}");
    let list = |query: ActivityQuery| {
        let anon = &anon;
        async move { app.call_json_as::<ActivityPage>(anon, "activities/list", json!({ "query": query })).await.unwrap() }
    };
    assert!(list(ActivityQuery::default()).await.items.iter().all(|a| a.id != activity), "{name}'s activity listed");
    assert!(list(ActivityQuery { org_id: Some(org), ..Default::default() }).await.items.is_empty());
    assert!(list(ActivityQuery { q: "讲座".into(), ..Default::default() })
        .await
        .items
        .iter()
        .all(|a| a.id != activity));
    let detail = app.call_as::<ActivityDetail>(&anon, "activities/detail", &[("id", &activity.to_string())]).await;
    assert_eq!(detail.unwrap_err(), AppError::NotFound, "activities/detail of {name}'s activity");
    let projects: Vec<ProjectSummary> = app.call_as(&anon, "projects/list", &[]).await.unwrap();
    assert!(projects.iter().all(|p| p.id != project), "{name}'s project listed");
    let projects: Vec<ProjectSummary> = app.call_as(&anon, "projects/list", &[("org_id", &id)]).await.unwrap();
    assert!(projects.is_empty(), "{name}'s projects listed by organisation");
    let one = app.call_as::<ProjectSummary>(&anon, "projects/detail", &[("id", &project.to_string())]).await;
    assert_eq!(one.unwrap_err(), AppError::NotFound, "projects/detail of {name}'s project");
    // Files and pages.
    for path in [format!("/activities/{activity}/qr.svg"), format!("/activities/{activity}/calendar.ics")] {
        assert_eq!(get(app, &path).await.0, 404, "{path}");
    }
    for path in [
        "/orgs".to_owned(),
        format!("/orgs/{org}"),
        "/activities".to_owned(),
        format!("/activities/{activity}"),
        format!("/projects/{project}"),
    ] {
        let (_, body) = get(app, &path).await;
        assert!(!body.contains(name), "{path} shows {name}");
    }
    // The public API.
    let orgs: OrganisationList = api(app, "/api/v1/organisations?limit=50").await;
    assert!(orgs.items.iter().all(|o| o.id != org), "API lists {name}");
    assert_eq!(get(app, &format!("/api/v1/organisations/{org}")).await.0, 404);
    let all: ActivityList = api(app, "/api/v1/activities?limit=50").await;
    assert!(all.items.iter().all(|a| a.summary.id != activity), "API lists {name}'s activity");
    let of_org: ActivityList = api(app, &format!("/api/v1/activities?org_id={org}")).await;
    assert!(of_org.items.is_empty());
    assert_eq!(get(app, &format!("/api/v1/activities/{activity}")).await.0, 404);
    let projects: ProjectList = api(app, "/api/v1/projects").await;
    assert!(projects.items.iter().all(|p| p.project.id != project), "API lists {name}'s project");
    let projects: ProjectList = api(app, &format!("/api/v1/projects?org_id={org}")).await;
    assert!(projects.items.is_empty());
    assert_eq!(get(app, &format!("/api/v1/projects/{project}")).await.0, 404);
}

/// What the organisation's own staff (and platform admins) still see in their pages.
async fn assert_insiders_see(app: &TestApp, client: &reqwest::Client, org: i64, status: OrgStatus, activity: i64) {
    let detail: OrgDetail = app.call_as(client, "orgs/detail", &[("id", &org.to_string())]).await.unwrap();
    assert_eq!(detail.summary.status, status);
    let ours: Vec<OrgActivity> =
        app.call_as(client, "activities/of-org", &[("org_id", &org.to_string())]).await.unwrap();
    assert!(ours.iter().any(|a| a.summary.id == activity));
    let one: ActivityDetail = app.call_as(client, "activities/detail", &[("id", &activity.to_string())]).await.unwrap();
    assert_eq!(one.summary.org_id, org);
}

#[tokio::test]
async fn a_pending_or_rejected_organisation_publishes_nothing() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin_p = app.person(ADMIN_P).await;
    for org in [w.p, w.r] {
        let refused = publish(&app, &admin_p, &activity(org, "家庭安全用电讲座")).await;
        assert_eq!(refused.unwrap_err(), AppError::Refused(Refusal::OrgNotOpen));
        let refused = save_project(&app, &admin_p, &project(org, "科普大篷车")).await;
        assert_eq!(refused.unwrap_err(), AppError::Refused(Refusal::OrgNotOpen));
    }
    let count = |table: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(&pool)
                .await
                .unwrap()
                .get::<i64, _>("n")
        }
    };
    assert_eq!((count("activities").await, count("projects").await), (0, 0));
}

#[tokio::test]
async fn nothing_of_a_pending_or_rejected_organisation_is_public_but_its_staff_see_it() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let (p_activity, p_project) = seed(&app, w.p, "新北区科普讲座").await;
    let (r_activity, r_project) = seed(&app, w.r, "天宁区科普讲座").await;
    let (c_activity, _) = seed(&app, w.c, "钟楼区科普讲座").await;
    assert_hidden(&app, w.p, P_NAME, p_activity, p_project).await;
    assert_hidden(&app, w.r, R_NAME, r_activity, r_project).await;
    // The open sibling is listed, so the lists above were not merely empty.
    let page: ActivityPage =
        app.call_json("activities/list", json!({ "query": ActivityQuery::default() })).await.unwrap();
    assert_eq!(page.items.iter().map(|a| a.id).collect::<Vec<_>>(), vec![c_activity]);
    for (path, shown) in [("/orgs".to_owned(), C_NAME), (format!("/activities/{c_activity}"), "钟楼区科普讲座")]
    {
        assert!(get(&app, &path).await.1.contains(shown), "{path} renders what it lists");
    }

    let admin_p = app.person(ADMIN_P).await;
    assert_insiders_see(&app, &admin_p, w.p, OrgStatus::Pending, p_activity).await;
    assert_insiders_see(&app, &admin_p, w.r, OrgStatus::Rejected, r_activity).await;
    let reviewer = app.person(ADMIN_A).await;
    assert_insiders_see(&app, &reviewer, w.p, OrgStatus::Pending, p_activity).await;
    let platform = app.person(PLATFORM).await;
    assert_insiders_see(&app, &platform, w.r, OrgStatus::Rejected, r_activity).await;
    // A registration form under a pending unit tells its staff it is not open yet.
    let context: OrgFormContext =
        app.call_as(&admin_p, "orgs/form-context", &[("parent_id", &w.p.to_string())]).await.unwrap();
    assert!(!context.parent_open);
}

#[tokio::test]
async fn a_platform_admin_closes_an_organisation_which_then_publishes_nothing_and_disappears() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let admin_c = app.person(ADMIN_C).await;
    let lecture = publish(&app, &admin_c, &activity(w.c, "钟楼区科普讲座")).await.expect("published while open");
    let program = save_project(&app, &admin_c, &project(w.c, "钟楼科学营")).await.expect("project while open");
    let close = |client: reqwest::Client, org: i64, closed: bool| {
        let app = &app;
        async move {
            let (org, closed) = (org.to_string(), closed.to_string());
            app.call_as::<()>(&client, "orgs/set-closed", &[("org_id", &org), ("closed", &closed)]).await
        }
    };
    // Only a platform admin closes; not the organisation's own admin, not its managing unit.
    assert_eq!(close(admin_c.clone(), w.c, true).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(close(app.person(ADMIN_A).await, w.c, true).await.unwrap_err(), AppError::Forbidden);
    let platform = app.person(PLATFORM).await;
    // A unit with open sub-organisations closes them first, so no open one hangs under a closed one.
    assert_eq!(close(platform.clone(), w.a, true).await.unwrap_err(), AppError::Refused(Refusal::OrgHasOpenChildren));
    // Pending and rejected registrations are decided by review, not closed.
    assert_eq!(close(platform.clone(), w.p, true).await.unwrap_err(), AppError::Refused(Refusal::AlreadyDecided));
    close(platform.clone(), w.c, true).await.expect("closed");

    assert_hidden(&app, w.c, C_NAME, lecture, program).await;
    assert_insiders_see(&app, &admin_c, w.c, OrgStatus::Closed, lecture).await;
    assert_insiders_see(&app, &platform, w.c, OrgStatus::Closed, lecture).await;
    let refused = publish(&app, &admin_c, &activity(w.c, "钟楼区第二场讲座")).await;
    assert_eq!(refused.unwrap_err(), AppError::Refused(Refusal::OrgNotOpen));
    let refused = save_project(&app, &admin_c, &project(w.c, "钟楼科学营二期")).await;
    assert_eq!(refused.unwrap_err(), AppError::Refused(Refusal::OrgNotOpen));
    let volunteer = volunteer(&app, "13844440101", "19900101", true).await;
    let signed = app
        .call_as::<app::activities::views::SignupResult>(
            &volunteer,
            "activities/sign-up",
            &[("input[activity_id]", &lecture.to_string())],
        )
        .await;
    assert_eq!(signed.unwrap_err(), AppError::NotFound, "a hidden activity takes no sign-ups");
    let audited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'close_organisation'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(audited, 1);

    close(platform, w.c, false).await.expect("reopened");
    let page: ActivityPage =
        app.call_json("activities/list", json!({ "query": ActivityQuery::default() })).await.unwrap();
    assert_eq!(page.items.iter().map(|a| a.id).collect::<Vec<_>>(), vec![lecture]);
}
