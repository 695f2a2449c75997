//! The public read-only API (F-63) over real HTTP on both engines: what it lists and hides,
//! keyset paging without gaps, filters, 400s that name the parameter, and the OpenAPI document.
use crate::common;

use app::activities::model::ActivityInput;
use app::db::now_us;
use app::orgs::repo::{insert, NewOrg};
use app::public_api::{ActivityFull, ActivityList, ApiError, OrganisationFull, OrganisationList, Project, ProjectList};
use common::{spawn_app, TestApp};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sqlx::Row;
use std::collections::HashSet;

const STAFF: &str = "13833330001";
const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;

/// Approved organisations in two trees, and one still pending review.
struct World {
    corps: i64,
    a: i64,
    a_sub: i64,
    corps_b: i64,
    b: i64,
    pending: i64,
    staff: i64,
}

async fn world(app: &TestApp) -> World {
    let now = now_us();
    let org =
        |name, parent, status, province| NewOrg { name, parent_id: parent, status, province, city: "", county: "" };
    let corps = insert(&app.db, &org("江苏省科技志愿服务总队", None, "approved", "32"), now).await.unwrap();
    let a = insert(&app.db, &org("常州市科技志愿服务队", Some(corps), "approved", "32"), now).await.unwrap();
    let a_sub = insert(&app.db, &org("武进区青少年科普志愿服务支队", Some(a), "approved", "32"), now).await.unwrap();
    let pending = insert(&app.db, &org("新北区科技志愿服务支队", Some(a), "pending", "32"), now).await.unwrap();
    let corps_b = insert(&app.db, &org("浙江省科技志愿服务总队", None, "approved", "33"), now).await.unwrap();
    let b = insert(&app.db, &org("杭州市科技志愿服务队", Some(corps_b), "approved", "33"), now).await.unwrap();
    sqlx::query("UPDATE organisations SET service_categories = 'youth_education,science_lecture', leader_name = '李明' WHERE id = $1")
        .bind(a_sub)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let mobile = app::accounts::mobile::Mobile::parse(STAFF).unwrap();
    let staff = app::accounts::users::find_or_create(&app.db, &mobile, now).await.unwrap().id;
    World { corps, a, a_sub, corps_b, b, pending, staff }
}

/// Stores an activity of `org` starting `starts_in` from now for two hours, as `status`.
async fn seed(
    app: &TestApp,
    w: &World,
    org: i64,
    title: &str,
    starts_in: i64,
    status: &str,
    edit: impl FnOnce(&mut ActivityInput),
) -> i64 {
    let now = now_us();
    let mut input = ActivityInput {
        title: title.into(),
        starts_at: app::activities::model::format_local_input(now + starts_in),
        ends_at: app::activities::model::format_local_input(now + starts_in + 2 * HOUR),
        ..ActivityInput::sample(org)
    };
    edit(&mut input);
    let valid = input.validate().expect("valid sample activity");
    let mut tx = app.db.begin().await.unwrap();
    let name = app::orgs::repo::name_of(&mut tx, org).await.unwrap();
    let status = app::activities::model::ActivityStatus::from_code(status).expect("a stored status");
    let id = app::activities::repo::insert(&mut tx, &valid, &name, status, w.staff, now).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(format!("{}{path}", app.base)).send().await.expect("request")
}

async fn json<T: DeserializeOwned>(app: &TestApp, path: &str) -> T {
    let response = get(app, path).await;
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
}

/// The status and decoded error of a refused request.
async fn refused(app: &TestApp, path: &str) -> (u16, ApiError) {
    let response = get(app, path).await;
    let status = response.status().as_u16();
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{path}");
    let body = response.text().await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}")))
}

fn ids(list: &ActivityList) -> Vec<i64> {
    list.items.iter().map(|a| a.summary.id).collect()
}

#[tokio::test]
async fn the_activity_list_shows_published_ones_only_and_pages_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let w = world(&app).await;
    // 25 activities over five start times, five sharing each: the cursor must break ties by id.
    let mut published = Vec::new();
    for i in 0..25 {
        published.push(
            seed(&app, &w, w.a, &format!("社区安全讲座第{}场", i + 1), (1 + i / 5) * DAY, "published", |_| {}).await,
        );
    }
    let draft = seed(&app, &w, w.a, "还没发布的讲座", DAY, "draft", |_| {}).await;
    let cancelled = seed(&app, &w, w.a, "取消了的讲座", DAY, "published", |_| {}).await;
    sqlx::query("UPDATE activities SET status = 'cancelled' WHERE id = $1")
        .bind(cancelled)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let response = get(&app, "/api/v1/activities?limit=10").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));

    let mut seen = Vec::new();
    let mut pages = 0;
    let mut path = "/api/v1/activities?limit=10".to_string();
    loop {
        let page: ActivityList = json(&app, &path).await;
        pages += 1;
        assert!(page.items.len() <= 10);
        seen.extend(ids(&page));
        match page.next {
            Some(next) => {
                // next_url carries the same request with the cursor.
                let url = page.next_url.expect("next_url with next");
                assert!(url.ends_with(&format!("after={next}&limit=10")), "{url}");
                path = url.strip_prefix(&app.base).expect("next_url on this host").to_owned();
            }
            None => {
                assert!(page.next_url.is_none());
                break;
            }
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25, "{seen:?}");
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 25, "no repeats: {seen:?}");
    assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), published.iter().copied().collect::<HashSet<_>>());
    assert!(!seen.contains(&draft) && !seen.contains(&cancelled));

    // Start time order, ties by id; times come as integers and RFC 3339 text.
    let all: ActivityList = json(&app, "/api/v1/activities?limit=50").await;
    let keys: Vec<(i64, i64)> = all.items.iter().map(|a| (a.summary.starts_at, a.summary.id)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let first = &all.items[0];
    assert!(first.starts_at_iso.ends_with("+08:00"), "{}", first.starts_at_iso);
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(&first.starts_at_iso).unwrap().timestamp_micros(),
        first.summary.starts_at
    );
    assert_eq!(first.url, format!("{}/activities/{}", app.base, first.summary.id));
    assert_eq!(first.summary.org_name, "常州市科技志愿服务队");
    let raw: Value = json(&app, "/api/v1/activities?limit=1").await;
    assert!(
        raw["items"][0]["title"].is_string() && raw["items"][0]["starts_at"].is_i64(),
        "summary fields at the top level: {raw}"
    );
}

#[tokio::test]
async fn keyword_region_category_mode_date_and_distance_filters_narrow_the_list() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let in_title =
        seed(&app, &w, w.a, "青少年科普实验课", DAY, "published", |a| a.category = "youth_education".into()).await;
    let in_content = seed(&app, &w, w.a, "周末亲子活动", 2 * DAY, "published", |a| {
        a.content = "带孩子动手做科普小实验。".into()
    })
    .await;
    let online = seed(&app, &w, w.b, "线上科普直播", 3 * DAY, "published", |a| {
        a.mode = "online".into();
        a.address.clear();
        a.lat.clear();
        a.lng.clear();
        a.province = "33".into();
        a.city = "3301".into();
        a.county = "330106".into();
        a.online_link = "https://meeting.example.com/room/1".into();
    })
    .await;
    let _draft = seed(&app, &w, w.a, "科普草稿", DAY, "draft", |_| {}).await;
    let plain = seed(&app, &w, w.a, "家庭安全用电讲座", 4 * DAY, "published", |a| {
        // Farther from the centre of 武进 than the others.
        a.lat = "31.9000".into();
        a.lng = "120.2000".into();
    })
    .await;

    let found: ActivityList = json(&app, "/api/v1/activities?q=%E7%A7%91%E6%99%AE").await;
    assert_eq!(ids(&found), vec![in_title, in_content, online], "科普 in title, content, and online; never the draft");

    let by_org: ActivityList = json(&app, &format!("/api/v1/activities?org_id={}", w.b)).await;
    assert_eq!(ids(&by_org), vec![online]);
    let by_province: ActivityList = json(&app, "/api/v1/activities?province=33").await;
    assert_eq!(ids(&by_province), vec![online]);
    let by_county: ActivityList = json(&app, "/api/v1/activities?county=320412").await;
    assert_eq!(ids(&by_county), vec![in_title, in_content, plain]);
    let by_category: ActivityList = json(&app, "/api/v1/activities?category=youth_education").await;
    assert_eq!(ids(&by_category), vec![in_title]);
    let by_mode: ActivityList = json(&app, "/api/v1/activities?mode=online").await;
    assert_eq!(ids(&by_mode), vec![online]);
    let recruiting: ActivityList = json(&app, "/api/v1/activities?phase=recruiting").await;
    assert_eq!(recruiting.items.len(), 4);
    let ended: ActivityList = json(&app, "/api/v1/activities?phase=ended").await;
    assert!(ended.items.is_empty());

    let day = |offset: i64| app::clock::local(now_us() + offset).unwrap().format("%Y-%m-%d").to_string();
    let window: ActivityList =
        json(&app, &format!("/api/v1/activities?from={}&to={}", day(2 * DAY), day(3 * DAY))).await;
    assert_eq!(ids(&window), vec![in_content, online]);

    // By distance from 武进: only activities with coordinates, nearest first, with metres.
    let near: ActivityList = json(&app, "/api/v1/activities?near=31.7060,119.9420&limit=2").await;
    assert_eq!(near.items.len(), 2);
    assert!(near.items.iter().all(|a| a.summary.distance_m.is_some_and(|d| d < 1_000)), "{:?}", near.items);
    let next = near.next.clone().expect("a second page");
    assert!(next.starts_with('d'), "{next}");
    let rest: ActivityList =
        json(&app, &format!("/api/v1/activities?near=31.7060%2C119.9420&limit=2&after={next}")).await;
    assert_eq!(ids(&rest), vec![plain]);
    assert!(rest.items[0].summary.distance_m.unwrap() > 20_000);
    assert!(rest.next.is_none());
    let nearby: HashSet<i64> = ids(&near).into_iter().collect();
    assert_eq!(nearby, HashSet::from([in_title, in_content]));
}

#[tokio::test]
async fn invalid_parameters_are_400s_that_name_the_parameter() {
    let app = spawn_app().await;
    let long = "长".repeat(101);
    let cases = [
        ("/api/v1/activities?limit=0", "limit"),
        ("/api/v1/activities?limit=51", "limit"),
        ("/api/v1/activities?limit=ten", "limit"),
        ("/api/v1/activities?phase=draft", "phase"),
        ("/api/v1/activities?phase=whenever", "phase"),
        ("/api/v1/activities?near=north", "near"),
        ("/api/v1/activities?near=95,120", "near"),
        ("/api/v1/activities?category=nope", "category"),
        ("/api/v1/activities?mode=teleport", "mode"),
        ("/api/v1/activities?province=99", "province"),
        ("/api/v1/activities?city=32", "city"),
        ("/api/v1/activities?from=2030-13-01", "from"),
        ("/api/v1/activities?from=2030-06-02&to=2030-06-01", "to"),
        ("/api/v1/activities?org_id=-1", "org_id"),
        ("/api/v1/activities?project_id=x", "project_id"),
        ("/api/v1/activities?after=garbage", "after"),
        ("/api/v1/activities?after=d20", "after"),
        ("/api/v1/activities?near=31.7,119.9&after=1700000000000000.4", "after"),
        ("/api/v1/activities?limit=1&limit=2", "query"),
        ("/api/v1/organisations?limit=100", "limit"),
        ("/api/v1/organisations?after=abc", "after"),
        ("/api/v1/organisations?category=nope", "category"),
        ("/api/v1/projects?org_id=0", "org_id"),
    ];
    for (path, parameter) in cases {
        let (status, error) = refused(&app, path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(error.error, "invalid_parameter", "{path}");
        assert_eq!(error.parameter.as_deref(), Some(parameter), "{path}: {error:?}");
        assert!(!error.message.is_empty());
    }
    let (status, error) = refused(&app, &format!("/api/v1/activities?q={long}")).await;
    assert_eq!((status, error.parameter.as_deref()), (400, Some("q")));
    // A 400 is not cached and still readable cross-origin.
    let response = get(&app, "/api/v1/activities?limit=0").await;
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    // Ids that cannot exist are simply not found.
    for path in [
        "/api/v1/activities/abc",
        "/api/v1/activities/0",
        "/api/v1/organisations/-3",
        "/api/v1/projects/0",
        "/api/v1/projects/999999",
    ] {
        let (status, error) = refused(&app, path).await;
        assert_eq!((status, error.error.as_str()), (404, "not_found"), "{path}");
    }
}

#[tokio::test]
async fn an_activity_is_public_once_published_and_stays_readable_when_cancelled() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let published = seed(&app, &w, w.a, "社区科普讲座：家庭安全用电", DAY, "published", |a| {
        a.risks = "用电演示有触电风险，请听从指挥。".into();
        a.purpose = "提高居民安全用电意识".into();
        a.online_link = "https://meeting.example.com/room/2".into();
        a.mode = "hybrid".into();
    })
    .await;
    let draft = seed(&app, &w, w.a, "草稿讲座", DAY, "draft", |_| {}).await;
    let cancelled = seed(&app, &w, w.a, "因雨取消的观星", 2 * DAY, "published", |_| {}).await;
    sqlx::query("UPDATE activities SET status = 'cancelled', cancel_reason = '天气原因' WHERE id = $1")
        .bind(cancelled)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let d: ActivityFull = json(&app, &format!("/api/v1/activities/{published}")).await;
    assert_eq!(d.activity.summary.id, published);
    assert_eq!(d.status, "published");
    assert_eq!(d.activity.summary.phase.code(), "recruiting");
    assert_eq!(d.contact_name, "王强");
    assert_eq!(d.contact_phone, "13900000003");
    assert_eq!(d.risks, "用电演示有触电风险，请听从指挥。");
    assert_eq!(d.plan.purpose, "提高居民安全用电意识");
    assert_eq!(d.plan.funding, "");
    assert_eq!(d.service_objects, vec!["public".to_string()]);
    assert!(d.has_online_link);
    assert!(d.project.is_none());
    assert!(d.cancel_deadline_at_iso.ends_with("+08:00"));
    let raw: Value = json(&app, &format!("/api/v1/activities/{published}")).await;
    assert!(raw.get("online_link").is_none(), "the meeting link is for those signed up: {raw}");
    assert!(raw.get("viewer").is_none());

    let (status, error) = refused(&app, &format!("/api/v1/activities/{draft}")).await;
    assert_eq!((status, error.error.as_str()), (404, "not_found"));
    let c: ActivityFull = json(&app, &format!("/api/v1/activities/{cancelled}")).await;
    assert_eq!((c.status.as_str(), c.cancel_reason.as_str()), ("cancelled", "天气原因"));
    assert_eq!(c.activity.summary.phase.code(), "cancelled");
    let (status, _) = refused(&app, "/api/v1/activities/987654").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn organisations_are_listed_when_approved_and_page_by_id() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let approved = vec![w.corps, w.a, w.a_sub, w.corps_b, w.b];

    let mut seen = Vec::new();
    let mut path = "/api/v1/organisations?limit=2".to_string();
    for _ in 0..10 {
        let page: OrganisationList = json(&app, &path).await;
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|o| o.id));
        match page.next_url {
            Some(url) => path = url.strip_prefix(&app.base).unwrap().to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, approved, "approved ones in id order, the pending one absent");
    assert!(!seen.contains(&w.pending));

    let named: OrganisationList = json(&app, "/api/v1/organisations?q=%E7%A7%91%E6%99%AE").await;
    assert_eq!(named.items.iter().map(|o| o.id).collect::<Vec<_>>(), vec![w.a_sub]);
    let org = &named.items[0];
    assert_eq!((org.level, org.province.as_str(), org.region.as_str()), (3, "32", "江苏省"));
    assert_eq!(org.service_categories, vec!["youth_education".to_string(), "science_lecture".to_string()]);
    assert_eq!(org.url, format!("{}/orgs/{}", app.base, w.a_sub));
    let by_category: OrganisationList = json(&app, "/api/v1/organisations?category=science_lecture").await;
    assert_eq!(by_category.items.iter().map(|o| o.id).collect::<Vec<_>>(), vec![w.a_sub]);
    let by_province: OrganisationList = json(&app, "/api/v1/organisations?province=33").await;
    assert_eq!(by_province.items.len(), 2);

    let d: OrganisationFull = json(&app, &format!("/api/v1/organisations/{}", w.a)).await;
    assert_eq!(d.organisation.name, "常州市科技志愿服务队");
    assert_eq!(d.parent.as_ref().map(|p| p.id), Some(w.corps));
    assert_eq!(d.path.iter().map(|p| p.id).collect::<Vec<_>>(), vec![w.corps]);
    assert_eq!(d.children.iter().map(|c| c.id).collect::<Vec<_>>(), vec![w.a_sub], "the pending child is not shown");
    let sub: OrganisationFull = json(&app, &format!("/api/v1/organisations/{}", w.a_sub)).await;
    assert_eq!(sub.leader_name, "李明");
    assert_eq!(sub.path.iter().map(|p| p.id).collect::<Vec<_>>(), vec![w.corps, w.a]);
    let raw: Value = json(&app, &format!("/api/v1/organisations/{}", w.a_sub)).await;
    for private in ["contact_mobile", "contact_name", "leader_phone", "viewer"] {
        assert!(raw.get(private).is_none(), "{private} stays private: {raw}");
    }
    let (status, _) = refused(&app, &format!("/api/v1/organisations/{}", w.pending)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn projects_are_listed_with_their_totals() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let now = now_us();
    let mut project_ids = Vec::new();
    for (org, name) in [(w.a, "青少年科学营"), (w.b, "科普大篷车")] {
        let id: i64 = sqlx::query(
            "INSERT INTO projects (org_id, name, summary, service_objects, created_by, created_at, updated_at)
             VALUES ($1, $2, '寒暑假科学实践', 'public', $3, $4, $4) RETURNING id",
        )
        .bind(org)
        .bind(name)
        .bind(w.staff)
        .bind(now)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
        project_ids.push(id);
    }
    let in_project =
        seed(&app, &w, w.a, "科学营第一期", DAY, "published", |a| a.project_id = Some(project_ids[0])).await;
    seed(&app, &w, w.a, "科学营草稿", DAY, "draft", |a| a.project_id = Some(project_ids[0])).await;

    let all: ProjectList = json(&app, "/api/v1/projects").await;
    assert_eq!(
        all.items.iter().map(|p| p.project.id).collect::<Vec<_>>(),
        vec![project_ids[1], project_ids[0]],
        "newest first"
    );
    let of_a: ProjectList = json(&app, &format!("/api/v1/projects?org_id={}", w.a)).await;
    assert_eq!(of_a.items.len(), 1);
    let p: Project = json(&app, &format!("/api/v1/projects/{}", project_ids[0])).await;
    assert_eq!((p.project.name.as_str(), p.project.org_name.as_str()), ("青少年科学营", "常州市科技志愿服务队"));
    assert_eq!(p.project.activities, 1, "the draft is not counted");
    assert_eq!((p.project.served_minutes, p.project.served_people), (0, 0));
    // Approved hours count, pending and declined ones do not (F-26: served, not planned, hours).
    let (one, two) = (common::user(&app, "13966660001").await, common::user(&app, "13966660002").await);
    common::served::served_in(&app, in_project, one, 90, "approved").await;
    common::served::served_in(&app, in_project, two, 45, "approved").await;
    common::served::served_in(&app, in_project, w.staff, 600, "declined").await;
    let p: Project = json(&app, &format!("/api/v1/projects/{}", project_ids[0])).await;
    assert_eq!((p.project.served_minutes, p.project.served_people), (135, 2));
    let page = app.client.get(format!("{}/projects/{}", app.base, project_ids[0])).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("2.25 小时"), "the project page shows served hours");
    assert_eq!(p.url, format!("{}/projects/{}", app.base, project_ids[0]));
    let of_project: ActivityList = json(&app, &format!("/api/v1/activities?project_id={}", project_ids[0])).await;
    assert_eq!(ids(&of_project), vec![in_project]);
    let d: ActivityFull = json(&app, &format!("/api/v1/activities/{in_project}")).await;
    assert_eq!(d.project.map(|p| (p.id, p.name)), Some((project_ids[0], "青少年科学营".to_string())));
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let response = get(&app, "/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let doc: Value = response.json().await.expect("valid JSON");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    assert_eq!(doc["info"]["title"], "sciserve public API");
    assert_eq!(doc["info"]["version"], "1");
    for path in [
        "/api/v1/activities",
        "/api/v1/activities/{id}",
        "/api/v1/organisations",
        "/api/v1/organisations/{id}",
        "/api/v1/projects",
        "/api/v1/projects/{id}",
        "/api/openapi.json",
    ] {
        assert!(doc["paths"][path]["get"]["responses"]["200"].is_object(), "{path} in {}", doc["paths"]);
    }
    for schema in [
        "ActivitySummary",
        "ActivityItem",
        "ActivityList",
        "ActivityFull",
        "Organisation",
        "OrganisationFull",
        "ProjectSummary",
        "Project",
        "ApiError",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    let params = doc["paths"]["/api/v1/activities"]["get"]["parameters"].as_array().unwrap();
    let names: HashSet<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    for name in [
        "q",
        "province",
        "city",
        "county",
        "category",
        "mode",
        "phase",
        "from",
        "to",
        "project_id",
        "org_id",
        "near",
        "after",
        "limit",
    ] {
        assert!(names.contains(name), "{name} documented");
    }
    let phase = params.iter().find(|p| p["name"] == "phase").unwrap();
    assert_eq!(phase["schema"]["enum"], serde_json::json!(["recruiting", "signup_closed", "in_progress", "ended"]));
}
