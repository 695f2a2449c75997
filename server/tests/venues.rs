//! F-40 / F-41 over real HTTP on both engines: who may register and keep up venues (staff of
//! the managing organisation's subtree only), what the server refuses, what the public reads,
//! and the map's server-side grouping (every point in the box counted exactly once).
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::ActivityInput;
use app::db::now_us;
use app::error::AppError;
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::validation::Invalid;
use app::venues::api::VenueFormContext;
use app::venues::model::VenueInput;
use app::venues::views::{MapData, VenueDetail, VenueSummary};
use common::{spawn_app, user, volunteer, TestApp};
use serde_json::{json, Value};
use sqlx::Row;

const STAFF_A: &str = "13822230001";
const STAFF_B: &str = "13822230002";
const STAFF_CHILD: &str = "13822230003";
const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;

/// Two trees: corps A → team `a` → detachment `child` (staff on `a` and on `child`), and
/// corps B → team `b` whose admin is the other tree's.
struct World {
    a: i64,
    child: i64,
    b: i64,
    staff_a: reqwest::Client,
    staff_b: reqwest::Client,
    staff_child: reqwest::Client,
}

async fn world(app: &TestApp) -> World {
    let now = now_us();
    let org =
        |name, parent| NewOrg { name, parent_id: parent, status: "approved", province: "32", city: "3204", county: "" };
    let corps_a = insert(&app.db, &org("江苏省科技志愿服务总队", None), now).await.unwrap();
    let a = insert(&app.db, &org("常州市科技志愿服务队", Some(corps_a)), now).await.unwrap();
    let child = insert(&app.db, &org("武进区科技志愿服务支队", Some(a)), now).await.unwrap();
    let corps_b = insert(&app.db, &org("浙江省科技志愿服务总队", None), now).await.unwrap();
    let b = insert(&app.db, &org("杭州市科技志愿服务队", Some(corps_b)), now).await.unwrap();
    set_staff(&app.db, a, user(app, STAFF_A).await, OrgRole::Staff, now).await.unwrap();
    set_staff(&app.db, child, user(app, STAFF_CHILD).await, OrgRole::Staff, now).await.unwrap();
    set_staff(&app.db, b, user(app, STAFF_B).await, OrgRole::Admin, now).await.unwrap();
    World {
        a,
        child,
        b,
        staff_a: app.person(STAFF_A).await,
        staff_b: app.person(STAFF_B).await,
        staff_child: app.person(STAFF_CHILD).await,
    }
}

async fn save(app: &TestApp, client: &reqwest::Client, id: Option<i64>, input: &VenueInput) -> Result<i64, AppError> {
    app.call_json_as(client, "venues/save", json!({ "id": id, "input": input })).await
}

async fn stored(app: &TestApp) -> Vec<(i64, i64, String, Option<i64>)> {
    sqlx::query("SELECT id, org_id, name, retired_at FROM venues ORDER BY id")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("id"), r.get("org_id"), r.get("name"), r.get("retired_at")))
        .collect()
}

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.new_client().get(format!("{}{path}", app.base)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn staff_of_another_tree_can_neither_register_nor_change_a_venue() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let museum = save(&app, &w.staff_a, None, &VenueInput::sample(w.a)).await.expect("own venue");
    let before = stored(&app).await;

    // Registering under someone else's organisation, editing, moving and retiring their venue.
    let theirs = VenueInput { name: "别人的科技馆".into(), ..VenueInput::sample(w.a) };
    assert_eq!(save(&app, &w.staff_b, None, &theirs).await, Err(AppError::Forbidden));
    assert_eq!(save(&app, &w.staff_b, Some(museum), &theirs).await, Err(AppError::Forbidden));
    let moved = VenueInput { org_id: w.b, ..VenueInput::sample(w.b) };
    assert_eq!(save(&app, &w.staff_b, Some(museum), &moved).await, Err(AppError::Forbidden));
    let retire: Result<(), AppError> =
        app.call_as(&w.staff_b, "venues/retire", &[("id", &museum.to_string()), ("retired", "true")]).await;
    assert_eq!(retire, Err(AppError::Forbidden));
    let list: Result<Vec<VenueSummary>, AppError> =
        app.call_as(&w.staff_b, "venues/of-org", &[("org_id", &w.a.to_string())]).await;
    assert_eq!(list, Err(AppError::Forbidden));
    let form: Result<VenueFormContext, AppError> =
        app.call_as(&w.staff_b, "venues/form-context", &[("venue_id", &museum.to_string())]).await;
    assert_eq!(form, Err(AppError::Forbidden));
    // The staff of A cannot move their venue into B's tree either.
    assert_eq!(save(&app, &w.staff_a, Some(museum), &moved).await, Err(AppError::Forbidden));

    // A volunteer and an anonymous caller get nothing done.
    let volunteer_client = volunteer(&app, "13900230001", "19900101", true).await;
    assert_eq!(save(&app, &volunteer_client, None, &VenueInput::sample(w.a)).await, Err(AppError::Forbidden));
    assert_eq!(save(&app, &app.new_client(), None, &VenueInput::sample(w.a)).await, Err(AppError::Unauthenticated));
    // An id that does not exist is not found, not a server error.
    assert_eq!(save(&app, &w.staff_a, Some(999_999), &VenueInput::sample(w.a)).await, Err(AppError::NotFound));

    assert_eq!(stored(&app).await, before, "nothing changed");
}

#[tokio::test]
async fn the_subtree_decides_upper_staff_keep_up_lower_venues_but_not_the_reverse() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let lower = save(
        &app,
        &w.staff_child,
        None,
        &VenueInput {
            name: "湖塘社区服务中心".into(), kind: "community_centre".into(), ..VenueInput::sample(w.child)
        },
    )
    .await
    .expect("child's own venue");
    let upper = save(&app, &w.staff_a, None, &VenueInput::sample(w.a)).await.expect("team's venue");
    // The team's staff edit the detachment's venue; the detachment's staff cannot touch the team's.
    let renamed = VenueInput {
        name: "湖塘镇社区服务中心".into(),
        kind: "community_centre".into(),
        ..VenueInput::sample(w.child)
    };
    assert_eq!(save(&app, &w.staff_a, Some(lower), &renamed).await, Ok(lower));
    assert_eq!(save(&app, &w.staff_child, Some(upper), &VenueInput::sample(w.child)).await, Err(AppError::Forbidden));
    let retire: Result<(), AppError> =
        app.call_as(&w.staff_child, "venues/retire", &[("id", &upper.to_string()), ("retired", "true")]).await;
    assert_eq!(retire, Err(AppError::Forbidden));
    // The team's list holds both; the detachment's only its own.
    let team: Vec<VenueSummary> =
        app.call_as(&w.staff_a, "venues/of-org", &[("org_id", &w.a.to_string())]).await.unwrap();
    assert_eq!(team.len(), 2);
    let child: Vec<VenueSummary> =
        app.call_as(&w.staff_child, "venues/of-org", &[("org_id", &w.child.to_string())]).await.unwrap();
    assert_eq!(child.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["湖塘镇社区服务中心"]);
}

#[tokio::test]
async fn the_server_refuses_bad_coordinates_and_kinds_and_stores_nothing() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let cases = [
        (VenueInput { lat: "".into(), lng: "".into(), ..VenueInput::sample(w.a) }, "coordinates", Invalid::Required),
        (
            VenueInput { lat: "31.7".into(), lng: "".into(), ..VenueInput::sample(w.a) },
            "coordinates",
            Invalid::Coordinates,
        ),
        (VenueInput { lat: "95".into(), ..VenueInput::sample(w.a) }, "coordinates", Invalid::Coordinates),
        (VenueInput { lng: "inf".into(), ..VenueInput::sample(w.a) }, "coordinates", Invalid::Coordinates),
        (VenueInput { kind: "castle".into(), ..VenueInput::sample(w.a) }, "kind", Invalid::NotInList),
        (VenueInput { province: "99".into(), ..VenueInput::sample(w.a) }, "region", Invalid::RegionUnknown),
    ];
    for (input, field, expected) in cases {
        match save(&app, &w.staff_a, None, &input).await {
            Err(AppError::Invalid(errors)) => assert_eq!(errors.get(field), Some(expected), "{field}"),
            other => panic!("{field}: expected a refusal, got {other:?}"),
        }
    }
    assert!(stored(&app).await.is_empty());
    // An online platform needs no place.
    let online = VenueInput {
        kind: "online_platform".into(),
        address: String::new(),
        lat: String::new(),
        lng: String::new(),
        online_link: "https://kepu.example.cn".into(),
        ..VenueInput::sample(w.a)
    };
    assert!(save(&app, &w.staff_a, None, &online).await.is_ok());
}

#[tokio::test]
async fn the_public_reads_open_venues_with_their_upcoming_activities_and_og_tags() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let museum = save(&app, &w.staff_a, None, &VenueInput::sample(w.a)).await.unwrap();
    let closed =
        save(&app, &w.staff_a, None, &VenueInput { name: "旧科普馆".into(), ..VenueInput::sample(w.a) }).await.unwrap();
    let _: () =
        app.call_as(&w.staff_a, "venues/retire", &[("id", &closed.to_string()), ("retired", "true")]).await.unwrap();

    // An activity held at the museum, published: its page and the API list it.
    let starts = now_us() + 3 * DAY;
    let input = ActivityInput {
        title: "科技馆里的周末实验课".into(),
        venue_id: Some(museum),
        starts_at: app::activities::model::format_local_input(starts),
        ends_at: app::activities::model::format_local_input(starts + 2 * HOUR),
        ..ActivityInput::sample(w.a)
    };
    let activity: i64 = app
        .call_json_as(&w.staff_a, "activities/save", json!({ "id": null, "input": input, "publish": true }))
        .await
        .expect("published at the venue");

    let detail: VenueDetail =
        app.call_as(&app.new_client(), "venues/detail", &[("id", &museum.to_string())]).await.unwrap();
    assert_eq!(detail.upcoming.iter().map(|a| a.id).collect::<Vec<_>>(), [activity]);
    assert!(!detail.can_manage);
    let hidden: Result<VenueDetail, AppError> =
        app.call_as(&app.new_client(), "venues/detail", &[("id", &closed.to_string())]).await;
    assert_eq!(hidden, Err(AppError::NotFound));
    let as_staff: VenueDetail = app.call_as(&w.staff_a, "venues/detail", &[("id", &closed.to_string())]).await.unwrap();
    assert!(as_staff.can_manage && as_staff.summary.retired);
    let other_tree: Result<VenueDetail, AppError> =
        app.call_as(&w.staff_b, "venues/detail", &[("id", &closed.to_string())]).await;
    assert_eq!(other_tree, Err(AppError::NotFound));

    // The server-rendered page, without JavaScript: Open Graph tags and the activity.
    let html =
        app.new_client().get(format!("{}/venues/{museum}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"property="og:title" content="常州科技馆""#), "og:title");
    assert!(html.contains(r#"name="description""#));
    assert!(html.contains(&format!("/activities/{activity}")));
    let missing = app.new_client().get(format!("{}/venues/{closed}", app.base)).send().await.unwrap();
    assert_eq!(missing.status().as_u16(), 404);

    // The activity page links its venue.
    let page =
        app.new_client().get(format!("{}/activities/{activity}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("/venues/{museum}")), "the activity page links the venue");

    // The public API: the open venue only, and the retired one is 404.
    let (status, list) = get_json(&app, "/api/v1/venues").await;
    assert_eq!(status, 200);
    let ids: Vec<i64> = list["items"].as_array().unwrap().iter().map(|v| v["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [museum]);
    let (status, one) = get_json(&app, &format!("/api/v1/venues/{museum}")).await;
    assert_eq!((status, one["upcoming"][0]["id"].as_i64()), (200, Some(activity)));
    assert_eq!(get_json(&app, &format!("/api/v1/venues/{closed}")).await.0, 404);
    assert_eq!(get_json(&app, "/api/v1/venues?kind=castle").await.0, 400);
    assert_eq!(get_json(&app, "/api/v1/venues?bbox=1,2,3").await.0, 400);
}

#[tokio::test]
async fn an_activity_may_only_be_held_at_a_venue_of_its_own_corps() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let theirs = save(&app, &w.staff_b, None, &VenueInput::sample(w.b)).await.unwrap();
    let ours = save(&app, &w.staff_a, None, &VenueInput::sample(w.a)).await.unwrap();
    let input = |venue| ActivityInput {
        venue_id: Some(venue),
        lat: String::new(),
        lng: String::new(),
        ..ActivityInput::sample(w.child)
    };
    let refused: Result<i64, AppError> = app
        .call_json_as(
            &w.staff_child,
            "activities/save",
            json!({ "id": null, "input": input(theirs), "publish": false }),
        )
        .await;
    match refused {
        Err(AppError::Invalid(errors)) => assert_eq!(errors.get("venue_id"), Some(Invalid::NotInList)),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A venue of the team above is usable by the detachment, and lends its position.
    let id: i64 = app
        .call_json_as(&w.staff_child, "activities/save", json!({ "id": null, "input": input(ours), "publish": false }))
        .await
        .expect("a venue of the same corps");
    let row = sqlx::query("SELECT venue_id, lat_e6, lng_e6 FROM activities WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<Option<i64>, _>("venue_id"), Some(ours));
    assert_eq!(
        (row.get::<Option<i64>, _>("lat_e6"), row.get::<Option<i64>, _>("lng_e6")),
        (Some(31_706_000), Some(119_942_000))
    );
}

/// A deterministic scatter of `n` points around Changzhou (no random crate needed).
fn scatter(n: usize, seed: u64) -> Vec<(i64, i64)> {
    let mut x = seed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n).map(|_| (31_000_000 + (next() % 2_000_000) as i64, 119_000_000 + (next() % 2_000_000) as i64)).collect()
}

#[tokio::test]
async fn map_markers_count_every_point_in_the_box_exactly_once_at_every_zoom() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let now = now_us();
    // 300 venues straight into the store (the form is tested above), in two trees, some retired.
    let points = scatter(300, 0x9e37_79b9_7f4a_7c15);
    let mut conn = app.db.pool.acquire().await.unwrap();
    for (i, (lat, lng)) in points.iter().enumerate() {
        let kind = if i % 3 == 0 { "school" } else { "science_museum" };
        let input = VenueInput {
            name: format!("测试阵地{i}"),
            kind: kind.into(),
            lat: format!("{:.6}", *lat as f64 / 1e6),
            lng: format!("{:.6}", *lng as f64 / 1e6),
            ..VenueInput::sample(if i % 2 == 0 { w.a } else { w.b })
        };
        let id = app::venues::repo::insert(&mut conn, &input.validate().unwrap(), None, now).await.unwrap();
        if i % 10 == 9 {
            app::venues::repo::set_retired(&mut conn, id, true, now).await.unwrap();
        }
    }
    drop(conn);
    let open: Vec<(usize, (i64, i64))> = points.iter().copied().enumerate().filter(|(i, _)| i % 10 != 9).collect();
    // Three published activities with positions, one draft (never on the map).
    for (k, (lat, lng)) in scatter(4, 42).into_iter().enumerate() {
        let starts = now + (k as i64 + 2) * DAY;
        let input = ActivityInput {
            title: format!("地图上的活动{k}"),
            lat: format!("{:.6}", lat as f64 / 1e6),
            lng: format!("{:.6}", lng as f64 / 1e6),
            starts_at: app::activities::model::format_local_input(starts),
            ends_at: app::activities::model::format_local_input(starts + 2 * HOUR),
            ..ActivityInput::sample(w.a)
        };
        let _: i64 = app
            .call_json_as(&w.staff_a, "activities/save", json!({ "id": null, "input": input, "publish": k < 3 }))
            .await
            .unwrap();
    }

    let boxes = [
        ("119.0,31.0,121.0,33.0", 119_000_000, 31_000_000, 121_000_000, 33_000_000),
        ("119.3,31.2,119.9,31.7", 119_300_000, 31_200_000, 119_900_000, 31_700_000),
    ];
    for (bbox, west, south, east, north) in boxes {
        let inside = |(lat, lng): (i64, i64)| (south..=north).contains(&lat) && (west..=east).contains(&lng);
        let expected = open.iter().filter(|(_, p)| inside(*p)).count() as i64;
        let schools = open.iter().filter(|(i, p)| i % 3 == 0 && inside(*p)).count() as i64;
        for zoom in [3, 6, 9, 12, 15, 18] {
            let (status, body) = get_json(&app, &format!("/api/v1/map?bbox={bbox}&zoom={zoom}&layer=venues")).await;
            assert_eq!(status, 200, "{body}");
            let data: MapData = serde_json::from_value(body).unwrap();
            let sum: i64 = data.items.iter().map(|i| i.count).sum();
            assert_eq!((sum, data.venues), (expected, expected), "{bbox} zoom {zoom}");
            for item in &data.items {
                assert!(item.count >= 1);
                assert_eq!(item.id.is_some(), item.count == 1, "lone points carry their id, groups do not");
            }
            let (_, body) =
                get_json(&app, &format!("/api/v1/map?bbox={bbox}&zoom={zoom}&layer=venues&kind=school")).await;
            let data: MapData = serde_json::from_value(body).unwrap();
            assert_eq!(data.items.iter().map(|i| i.count).sum::<i64>(), schools, "schools, zoom {zoom}");
        }
        // Coarser zooms never draw more markers than finer ones.
        let markers = |zoom: u8| {
            let app = &app;
            async move {
                let (_, body) = get_json(app, &format!("/api/v1/map?bbox={bbox}&zoom={zoom}&layer=venues")).await;
                body["items"].as_array().unwrap().len()
            }
        };
        assert!(markers(4).await <= markers(10).await);
    }
    // Activities: the three published ones, whichever box holds them all.
    let (_, body) = get_json(&app, "/api/v1/map?bbox=118,30,122,34&zoom=18&layer=activities").await;
    let data: MapData = serde_json::from_value(body).unwrap();
    assert_eq!(data.activities, 3);
    assert!(data.items.iter().all(|i| i.layer == "activity"));

    // For GCJ-02 tiles the same points come shifted (a few hundred metres), the counts unchanged.
    let (_, wgs) = get_json(&app, "/api/v1/map?bbox=119.0,31.0,121.0,33.0&zoom=18&layer=venues").await;
    let (_, gcj) = get_json(&app, "/api/v1/map?bbox=119.0,31.0,121.0,33.0&zoom=18&layer=venues&datum=gcj02").await;
    let first = |v: &Value, id: i64| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"].as_i64() == Some(id))
            .map(|i| (i["lat_e6"].as_i64().unwrap(), i["lng_e6"].as_i64().unwrap()))
    };
    let some_id = wgs["items"][0]["id"].as_i64().expect("a lone point at zoom 18");
    let (w_pos, g_pos) = (first(&wgs, some_id).unwrap(), first(&gcj, some_id).expect("the same venue"));
    assert_eq!(g_pos, app::venues::geo::to_datum(app::venues::geo::Datum::Gcj02, w_pos.0, w_pos.1));
    assert!((g_pos.1 - w_pos.1).abs() > 3_000);

    // Bad parameters are 400s naming them.
    for bad in ["zoom=30", "bbox=200,0,0,0", "layer=birds", "datum=bd09", "kind=castle"] {
        let (status, body) = get_json(&app, &format!("/api/v1/map?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
}

#[tokio::test]
async fn the_map_page_lists_the_same_results_without_javascript() {
    let app = spawn_app().await;
    let w = world(&app).await;
    save(&app, &w.staff_a, None, &VenueInput::sample(w.a)).await.unwrap();
    save(
        &app,
        &w.staff_a,
        None,
        &VenueInput {
            name: "常州市第一人民医院".into(),
            kind: "hospital".into(),
            lat: "31.78".into(),
            lng: "119.95".into(),
            ..VenueInput::sample(w.a)
        },
    )
    .await
    .unwrap();
    let page = |query: &'static str| {
        let app = &app;
        async move { app.new_client().get(format!("{}/map{query}", app.base)).send().await.unwrap().text().await.unwrap() }
    };
    let all = page("").await;
    assert!(all.contains("常州科技馆") && all.contains("常州市第一人民医院"));
    assert!(all.contains(r#"src="/vendor/leaflet/leaflet.js""#), "the map page loads Leaflet");
    let hospitals = page("?kind=hospital").await;
    assert!(hospitals.contains("常州市第一人民医院") && !hospitals.contains("常州科技馆"));
    let elsewhere = page("?bbox=100,20,101,21").await;
    assert!(!elsewhere.contains("常州科技馆"));
    // Leaflet is the map page's alone.
    let home = app.new_client().get(format!("{}/activities", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(!home.contains("leaflet"));
}

/// The map's points are kept in memory (app/src/venues/map_points.rs); a venue registered or
/// retired through the server shows on, or leaves, the very next map answer.
#[tokio::test]
async fn the_kept_map_points_follow_every_change_made_through_the_server() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let on_map = |name: &'static str| {
        let app = &app;
        async move {
            let (status, body) = get_json(app, "/api/v1/map?zoom=18&layer=venues").await;
            assert_eq!(status, 200, "{body}");
            let data: MapData = serde_json::from_value(body).unwrap();
            data.items.iter().find(|i| i.name.as_deref() == Some(name)).and_then(|i| i.id)
        }
    };
    assert_eq!(on_map("新建科普馆").await, None);
    let id = save(&app, &w.staff_a, None, &VenueInput { name: "新建科普馆".into(), ..VenueInput::sample(w.a) })
        .await
        .unwrap();
    assert_eq!(on_map("新建科普馆").await, Some(id), "registered: on the map at once");
    let _: () =
        app.call_as(&w.staff_a, "venues/retire", &[("id", &id.to_string()), ("retired", "true")]).await.unwrap();
    assert_eq!(on_map("新建科普馆").await, None, "retired: gone at once");
}
