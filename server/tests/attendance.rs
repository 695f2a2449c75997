//! F-30, F-35, F-36 over real HTTP on both engines: check-in and check-out by rotating QR code,
//! by position and by staff; every refusal with its status; replays and races ending in one
//! row; offline scans sent later; the anomaly flags written at check-in time.
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::ActivityInput;
use app::attendance::model::{Attendance, CheckResult, Direction, Method, ScreenToken, StaffSheet};
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::state::{AttendancePolicy, Policy};
use app::validation::Invalid;
use common::orgs::{approved, staff};
use common::{spawn_app, spawn_with, test_policy, user, volunteer, TestApp};
use serde_json::json;
use sqlx::Row;
use std::sync::Arc;

const STAFF_A: &str = "13822220001";
const STAFF_B: &str = "13822220002";
const MINUTE: i64 = 60_000_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// The sample activity's venue (湖塘镇, WGS-84).
const VENUE: (f64, f64) = (31.7060, 119.9420);

struct World {
    a: i64,
    staff_a: reqwest::Client,
    staff_b: reqwest::Client,
}

/// Org A (under a corps) with a staff member, and another tree's admin.
async fn world(app: &TestApp) -> World {
    let corps_a = approved(app, "江苏省科技志愿服务总队", None).await;
    let a = approved(app, "常州市科技志愿服务队", Some(corps_a)).await;
    let corps_b = approved(app, "浙江省科技志愿服务总队", None).await;
    let b = approved(app, "杭州市科技志愿服务队", Some(corps_b)).await;
    staff(app, a, STAFF_A, OrgRole::Staff).await;
    staff(app, b, STAFF_B, OrgRole::Admin).await;
    World { a, staff_a: app.person(STAFF_A).await, staff_b: app.person(STAFF_B).await }
}

/// Publishes the sample activity (in a week, so sign-up is open), then moves it to run from
/// `starts` to `ends` (instants) straight in the database.
async fn activity_at(app: &TestApp, w: &World, title: &str, mode: &str, starts: i64, ends: i64) -> i64 {
    let input = ActivityInput {
        title: title.into(),
        mode: mode.into(),
        online_link: if mode == "online" { "https://meeting.example.cn/123".into() } else { String::new() },
        address: if mode == "online" { String::new() } else { ActivityInput::sample(w.a).address },
        starts_at: app::activities::model::format_local_input(now_us() + 7 * DAY),
        ends_at: app::activities::model::format_local_input(now_us() + 7 * DAY + 2 * HOUR),
        ..ActivityInput::sample(w.a)
    };
    let id: i64 = app
        .call_json_as(&w.staff_a, "activities/save", json!({ "id": null, "input": input, "publish": true }))
        .await
        .expect("published");
    set_times(app, id, starts, ends).await;
    id
}

async fn set_times(app: &TestApp, id: i64, starts: i64, ends: i64) {
    sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2 WHERE id = $3")
        .bind(starts)
        .bind(ends)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// An activity running now: started 10 minutes ago, for two hours.
async fn running(app: &TestApp, w: &World, title: &str) -> i64 {
    activity_at(app, w, title, "offline", now_us() - 10 * MINUTE, now_us() + 110 * MINUTE).await
}

/// A confirmed sign-up written straight into the database (the sign-up rules have their own tests).
async fn confirm(app: &TestApp, activity: i64, mobile: &str) -> i64 {
    let uid = user(app, mobile).await;
    let now = now_us();
    sqlx::query(
        "INSERT INTO signups (activity_id, user_id, status, queued_at, created_at, updated_at)
         VALUES ($1, $2, 'confirmed', $3, $3, $3)",
    )
    .bind(activity)
    .bind(uid)
    .bind(now)
    .execute(&app.db.pool)
    .await
    .unwrap();
    uid
}

/// A signed-in volunteer with a confirmed sign-up.
async fn confirmed(app: &TestApp, activity: i64, mobile: &str) -> reqwest::Client {
    confirm(app, activity, mobile).await;
    app.person(mobile).await
}

async fn screen(app: &TestApp, staff: &reqwest::Client, activity: i64, dir: &str) -> Result<ScreenToken, AppError> {
    app.call_as(staff, "attendance/screen-token", &[("activity_id", &activity.to_string()), ("direction", dir)]).await
}

async fn token(app: &TestApp, w: &World, activity: i64, dir: &str) -> String {
    screen(app, &w.staff_a, activity, dir).await.expect("staff screen token").token
}

/// Posts `attendance/check` with these input fields, form-encoded as the token page's form does.
async fn check(app: &TestApp, client: &reqwest::Client, fields: &[(&str, &str)]) -> Result<CheckResult, AppError> {
    let named: Vec<(String, String)> = fields.iter().map(|(k, v)| (format!("input[{k}]"), v.to_string())).collect();
    let pairs: Vec<(&str, &str)> = named.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call_as(client, "attendance/check", &pairs).await
}

async fn scan(app: &TestApp, client: &reqwest::Client, token: &str) -> Result<CheckResult, AppError> {
    check(app, client, &[("token", token)]).await
}

async fn attendance(app: &TestApp, activity: i64, mobile: &str) -> Option<Attendance> {
    let uid = user(app, mobile).await;
    let mut conn = app.db.pool.acquire().await.unwrap();
    app::attendance::repo::attendance_of(&mut conn, activity, uid).await.unwrap()
}

async fn rows(app: &TestApp, activity: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM attendances WHERE activity_id = $1")
        .bind(activity)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("n")
}

/// The kinds of open flags of one person at one activity, sorted.
async fn flags(app: &TestApp, activity: i64, mobile: &str) -> Vec<String> {
    let uid = user(app, mobile).await;
    let mut kinds: Vec<String> =
        sqlx::query("SELECT kind FROM attendance_flags WHERE activity_id = $1 AND user_id = $2 AND status = 'open'")
            .bind(activity)
            .bind(uid)
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("kind"))
            .collect();
    kinds.sort();
    kinds
}

fn refused(r: Result<CheckResult, AppError>) -> Refusal {
    match r {
        Err(AppError::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn ms(us: i64) -> String {
    (us / 1_000).to_string()
}

#[tokio::test]
async fn forged_foreign_expired_and_out_of_window_scans_are_refused_with_a_reason() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let now_on = running(&app, &w, "正在进行的活动").await;
    let other = running(&app, &w, "另一个活动").await;
    let v = confirmed(&app, now_on, "13900001001").await;
    let good = token(&app, &w, now_on, "in").await;

    // Forged: the shape is right, the signature is not; or not even the shape.
    let mut forged = good.clone();
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    assert_eq!(refused(scan(&app, &v, &forged).await), Refusal::CheckinCodeInvalid);
    let next_window = {
        let t = app::attendance::model::Token::parse(&good).unwrap();
        format!("{}.{}.i.{}", t.activity_id, t.window + 1, t.tag)
    };
    assert_eq!(refused(scan(&app, &v, &next_window).await), Refusal::CheckinCodeInvalid);
    assert_eq!(refused(scan(&app, &v, "<script>").await), Refusal::CheckinCodeInvalid);
    // A genuine code of another activity, scanned on this activity's page.
    let foreign = token(&app, &w, other, "in").await;
    assert_eq!(
        refused(check(&app, &v, &[("token", &foreign), ("activity_id", &now_on.to_string())]).await),
        Refusal::CheckinCodeOtherActivity
    );
    // ... and opened by itself: this person has no sign-up there.
    assert_eq!(refused(scan(&app, &v, &foreign).await), Refusal::CheckinNotSignedUp);
    // A check-out before any check-in.
    let out = token(&app, &w, now_on, "out").await;
    assert_eq!(refused(scan(&app, &v, &out).await), Refusal::NotCheckedIn);
    // Signed out: sign in first.
    assert_eq!(scan(&app, &app.new_client(), &good).await, Err(AppError::Unauthenticated));

    // Too early: in a week. Too late: ended an hour ago (check-out still open for 2 h), and
    // check-out three hours after the end.
    let early = activity_at(&app, &w, "下周的活动", "offline", now_us() + 7 * DAY, now_us() + 7 * DAY + HOUR).await;
    let v_early = confirmed(&app, early, "13900001002").await;
    let t = token(&app, &w, early, "in").await;
    assert_eq!(refused(scan(&app, &v_early, &t).await), Refusal::CheckinTooEarly { minutes: 60 });
    let late = activity_at(&app, &w, "刚结束的活动", "offline", now_us() - 3 * HOUR, now_us() - HOUR).await;
    let v_late = confirmed(&app, late, "13900001003").await;
    let t = token(&app, &w, late, "in").await;
    assert_eq!(refused(scan(&app, &v_late, &t).await), Refusal::CheckinClosed);
    let long_ago = activity_at(&app, &w, "早已结束的活动", "offline", now_us() - 6 * HOUR, now_us() - 3 * HOUR).await;
    let v_long = confirmed(&app, long_ago, "13900001004").await;
    sqlx::query(
        "INSERT INTO attendances (activity_id, user_id, in_method, in_at, in_received_at, created_at, updated_at)
         VALUES ($1, $2, 'qr', $3, $3, $3, $3)",
    )
    .bind(long_ago)
    .bind(user(&app, "13900001004").await)
    .bind(now_us() - 5 * HOUR)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let t = token(&app, &w, long_ago, "out").await;
    assert_eq!(refused(scan(&app, &v_long, &t).await), Refusal::CheckoutClosed { minutes: 120 });

    // Someone without a confirmed sign-up.
    let stranger = volunteer(&app, "13900001005", "19900101", true).await;
    assert_eq!(refused(scan(&app, &stranger, &good).await), Refusal::CheckinNotSignedUp);
    assert_eq!(rows(&app, now_on).await, 0, "nothing was recorded");

    // Codes come from staff of the subtree only.
    assert_eq!(screen(&app, &w.staff_b, now_on, "in").await, Err(AppError::Forbidden));
    assert_eq!(screen(&app, &v, now_on, "in").await, Err(AppError::Forbidden));
}

#[tokio::test]
async fn an_expired_code_is_refused_the_previous_one_is_taken() {
    let policy = Policy { attendance: AttendancePolicy { qr_rotation_s: 1, ..Default::default() }, ..test_policy() };
    let app = spawn_with(policy).await;
    let w = world(&app).await;
    let id = running(&app, &w, "一秒一换的二维码").await;
    let v1 = confirmed(&app, id, "13900001011").await;
    let v2 = confirmed(&app, id, "13900001012").await;
    let old = token(&app, &w, id, "in").await;
    tokio::time::sleep(std::time::Duration::from_millis(2_300)).await;
    assert_eq!(refused(scan(&app, &v1, &old).await), Refusal::CheckinCodeExpired);
    let fresh = token(&app, &w, id, "in").await;
    tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
    // One window later it is the previous code: still taken.
    scan(&app, &v2, &fresh).await.expect("the previous window is taken");
}

#[tokio::test]
async fn a_volunteer_checks_in_and_out_by_qr_code() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = running(&app, &w, "扫码签到的活动").await;
    // The real sign-up path: the activity is moved back to next week for signing up.
    set_times(&app, id, now_us() + 7 * DAY, now_us() + 7 * DAY + HOUR).await;
    let v = volunteer(&app, "13900001021", "19900101", true).await;
    let _: serde_json::Value = app
        .call_as(
            &v,
            "activities/sign-up",
            &[
                ("input[activity_id]", &id.to_string()),
                ("input[risks_read]", "true"),
                ("input[insurance_ack]", "true"),
                ("input[training_ack]", "true"),
            ],
        )
        .await
        .expect("signed up");
    set_times(&app, id, now_us() - 10 * MINUTE, now_us() + 110 * MINUTE).await;

    let screen_in = screen(&app, &w.staff_a, id, "in").await.unwrap();
    assert!(screen_in.url.ends_with(&format!("/checkin/{}", screen_in.token)), "{}", screen_in.url);
    assert!(screen_in.svg.contains("<svg") && (1..=31).contains(&screen_in.refresh_s));
    let before = now_us();
    let r = check(&app, &v, &[("token", &screen_in.token), ("client_id", "scan-1")]).await.unwrap();
    assert_eq!((r.direction, r.method, r.already_recorded, r.delayed), (Direction::In, Method::Qr, false, false));
    assert!(r.at >= before && r.at <= now_us());
    // The same scan again (a double tap, a queue resending it): acknowledged, nothing new.
    let again = check(&app, &v, &[("token", &screen_in.token), ("client_id", "scan-1")]).await.unwrap();
    assert!(again.already_recorded && again.at == r.at);
    // Another scan: refused, already checked in.
    assert_eq!(refused(scan(&app, &v, &screen_in.token).await), Refusal::AlreadyCheckedIn);

    let out = token(&app, &w, id, "out").await;
    let r = check(&app, &v, &[("token", &out), ("client_id", "scan-2")]).await.unwrap();
    assert_eq!((r.direction, r.method), (Direction::Out, Method::Qr));
    assert_eq!(refused(scan(&app, &v, &out).await), Refusal::AlreadyCheckedOut);
    let a = attendance(&app, id, "13900001021").await.expect("one row");
    assert_eq!((a.in_method, a.out_method, a.in_delayed), (Method::Qr, Some(Method::Qr), false));
    assert!(a.out_at.unwrap() >= a.in_at);
    assert_eq!(rows(&app, id).await, 1);
    assert!(flags(&app, id, "13900001021").await.is_empty());

    // The page's context shows it.
    let ctx: app::attendance::model::CheckinContext =
        app.call_as(&v, "attendance/token-context", &[("token", &out)]).await.unwrap();
    assert_eq!((ctx.activity_id, ctx.confirmed, ctx.direction), (id, true, Some(Direction::Out)));
    assert!(ctx.attendance.is_some_and(|a| a.out_at.is_some()));
    let forged: Result<app::attendance::model::CheckinContext, _> =
        app.call_as(&v, "attendance/token-context", &[("token", "1.2.i.00000000000000000000aaaa")]).await;
    assert_eq!(forged, Err(AppError::Refused(Refusal::CheckinCodeInvalid)));
}

#[tokio::test]
async fn replays_sequential_and_concurrent_end_in_one_row() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = running(&app, &w, "并发签到的活动").await;
    let v = confirmed(&app, id, "13900001031").await;
    let t = token(&app, &w, id, "in").await;
    // Ten scans at once with different client ids: one wins, nine are told "already".
    let app = Arc::new(app);
    let mut tasks = Vec::new();
    for i in 0..10 {
        let (app, v, t) = (app.clone(), v.clone(), t.clone());
        tasks.push(tokio::spawn(async move {
            check(&app, &v, &[("token", &t), ("client_id", &format!("race-{i}"))]).await
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(r) => {
                assert!(!r.already_recorded);
                won += 1
            }
            Err(e) => assert_eq!(e, AppError::Refused(Refusal::AlreadyCheckedIn)),
        }
    }
    assert_eq!((won, rows(&app, id).await), (1, 1));

    // Ten sends of one queued scan at once: all acknowledged, one row.
    let v2 = confirmed(&app, id, "13900001032").await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (app, v2, t) = (app.clone(), v2.clone(), t.clone());
        tasks.push(tokio::spawn(async move { check(&app, &v2, &[("token", &t), ("client_id", "queued-1")]).await }));
    }
    let mut fresh = 0;
    for task in tasks {
        let r = task.await.unwrap().expect("a replay of the same scan is acknowledged");
        fresh += usize::from(!r.already_recorded);
    }
    assert_eq!((fresh, rows(&app, id).await), (1, 2));
}

#[tokio::test]
async fn offline_scans_are_taken_within_limits_flagged_delayed_and_never_valid_codes_refused() {
    // Codes change every 10 minutes here, so a code of now matches a scan made 10 minutes ago.
    let policy = Policy {
        attendance: AttendancePolicy { qr_rotation_s: 600, offline_accept_h: 1, ..Default::default() },
        ..test_policy()
    };
    let app = spawn_with(policy).await;
    let w = world(&app).await;
    let id = activity_at(&app, &w, "信号不好的乡村活动", "offline", now_us() - 3 * HOUR, now_us() + HOUR).await;
    let other = running(&app, &w, "另一个活动").await;
    let v = confirmed(&app, id, "13900001041").await;
    let t = token(&app, &w, id, "in").await;
    let made = now_us() - 10 * MINUTE;
    let r = check(&app, &v, &[("token", &t), ("client_id", "offline-1"), ("device_ms", &ms(made))]).await.unwrap();
    assert!(r.delayed && !r.already_recorded);
    assert_eq!(r.at / 1_000, made / 1_000, "the time the person was there");
    let a = attendance(&app, id, "13900001041").await.unwrap();
    assert!(a.in_delayed && a.in_received_at > a.in_at + 9 * MINUTE);
    assert_eq!(flags(&app, id, "13900001041").await, vec!["delayed"]);
    let evidence: String = sqlx::query("SELECT evidence FROM attendance_flags WHERE activity_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("evidence");
    let evidence: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    assert!(evidence["delay_s"].as_i64().unwrap() >= 600, "{evidence}");
    // The queue sends it again after a lost answer: acknowledged, so the queue empties.
    let again = check(&app, &v, &[("token", &t), ("client_id", "offline-1"), ("device_ms", &ms(made))]).await.unwrap();
    assert!(again.already_recorded);
    assert_eq!(rows(&app, id).await, 1);

    // Kept too long (over offline_accept_h).
    let v2 = confirmed(&app, id, "13900001042").await;
    let old = ms(now_us() - 2 * HOUR);
    let r = check(&app, &v2, &[("token", &t), ("client_id", "offline-2"), ("device_ms", &old)]).await;
    assert_eq!(refused(r), Refusal::OfflineScanTooOld { hours: 1 });
    // Codes that were never valid: forged; another activity's; one not on any screen at the
    // claimed time (50 minutes ago the code was five windows older).
    let mut forged = t.clone();
    forged.replace_range(forged.len() - 4.., "abcd");
    let r = check(&app, &v2, &[("token", &forged), ("device_ms", &ms(now_us() - 20 * MINUTE))]).await;
    assert_eq!(refused(r), Refusal::CheckinCodeInvalid);
    let foreign = token(&app, &w, other, "in").await;
    let (id_text, made_ms) = (id.to_string(), ms(made));
    let r = check(&app, &v2, &[("token", &foreign), ("activity_id", &id_text), ("device_ms", &made_ms)]).await;
    assert_eq!(refused(r), Refusal::CheckinCodeOtherActivity);
    let r = check(&app, &v2, &[("token", &t), ("device_ms", &ms(now_us() - 50 * MINUTE))]).await;
    assert_eq!(refused(r), Refusal::CheckinCodeInvalid);
    assert_eq!(rows(&app, id).await, 1);
}

#[tokio::test]
async fn position_check_in_takes_the_radius_and_the_reported_accuracy() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = running(&app, &w, "定位签到的活动").await;
    let near = confirmed(&app, id, "13900001051").await;
    let far = confirmed(&app, id, "13900001052").await;
    let pos = |lat: f64, acc: &str| {
        vec![
            ("activity_id", id.to_string()),
            ("direction", "in".to_string()),
            ("lat", lat.to_string()),
            ("lng", VENUE.1.to_string()),
            ("accuracy", acc.to_string()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>, client: reqwest::Client| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            check(app, &client, &pairs).await
        }
    };
    // About 111 m away: inside 300 m.
    let r = send(pos(VENUE.0 + 0.001, "20"), near.clone()).await.unwrap();
    assert_eq!(r.method, Method::Position);
    let a = attendance(&app, id, "13900001051").await.unwrap();
    assert_eq!((a.in_lat_e6, a.in_accuracy_m), (Some(31_707_000), Some(20)));
    // About 445 m away with a precise fix: refused with the distance.
    match refused(send(pos(VENUE.0 + 0.004, "10"), far.clone()).await) {
        Refusal::TooFarFromVenue { distance_m, radius_m } => {
            assert!((430..460).contains(&distance_m) && radius_m == 300, "{distance_m}")
        }
        other => panic!("{other:?}"),
    }
    assert!(attendance(&app, id, "13900001052").await.is_none(), "a refused position creates nothing");
    // The same place with an accuracy of 200 m could be inside: taken, accuracy recorded.
    send(pos(VENUE.0 + 0.004, "200"), far.clone()).await.expect("within radius + accuracy");
    assert_eq!(attendance(&app, id, "13900001052").await.unwrap().in_accuracy_m, Some(200));
    // 6 km away however vague the fix: the accuracy stretches the circle by the radius at most.
    let third = confirmed(&app, id, "13900001053").await;
    assert!(matches!(
        refused(send(pos(VENUE.0 + 0.055, "50000"), third.clone()).await),
        Refusal::TooFarFromVenue { .. }
    ));
    // No position sent; a position that is not one.
    let mut none = pos(VENUE.0, "");
    none.retain(|(k, _)| !matches!(*k, "lat" | "lng"));
    let e = send(none, third.clone()).await.unwrap_err();
    assert_eq!(e.field_errors().and_then(|f| f.get("lat")), Some(Invalid::Required));
    let e = send(pos(123.0, "5"), third.clone()).await.unwrap_err();
    assert_eq!(e.field_errors().and_then(|f| f.get("lat")), Some(Invalid::NotInList));
    // An online activity has no venue to check in by.
    let online = activity_at(&app, &w, "线上科普直播", "online", now_us() - MINUTE, now_us() + HOUR).await;
    confirm(&app, online, "13900001053").await;
    let r = check(
        &app,
        &third,
        &[("activity_id", &online.to_string()), ("direction", "in"), ("lat", "31.706"), ("lng", "119.942")],
    )
    .await;
    assert_eq!(refused(r), Refusal::NoVenuePosition);
}

/// A client of its own whose jar carries a given device cookie (one phone, several people).
fn client_on_device(app: &TestApp, device: &str) -> reqwest::Client {
    let jar = Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(&format!("sciserve_device={device}; Path=/"), &app.base.parse().unwrap());
    reqwest::Client::builder().cookie_provider(jar).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

#[tokio::test]
async fn one_phone_checking_in_many_people_far_scans_and_impossible_travel_are_flagged() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = running(&app, &w, "共享手机签到的活动").await;
    let t = token(&app, &w, id, "in").await;
    let device = "0123456789abcdef0123456789abcdef";
    let mobiles = ["13900001061", "13900001062", "13900001063", "13900001064"];
    for m in mobiles {
        confirm(&app, id, m).await;
        let client = client_on_device(&app, device);
        app.login_as(&client, m).await;
        scan(&app, &client, &t).await.expect("taken, and looked at");
    }
    // device_people_max is 3: the fourth person on that phone is flagged.
    assert!(flags(&app, id, mobiles[2]).await.is_empty());
    assert_eq!(flags(&app, id, mobiles[3]).await, vec!["shared_device"]);
    // Each fresh browser got its own device cookie: nobody else is flagged.
    let fresh = confirmed(&app, id, "13900001065").await;
    scan(&app, &fresh, &t).await.unwrap();
    assert!(flags(&app, id, "13900001065").await.is_empty());

    // A QR scan carrying a position 20 km away: taken (the code was on the screen), flagged.
    let far = confirmed(&app, id, "13900001066").await;
    check(&app, &far, &[("token", &t), ("lat", "31.886"), ("lng", "119.942"), ("accuracy", "15")]).await.unwrap();
    assert_eq!(flags(&app, id, "13900001066").await, vec!["outside_fence"]);

    // The same person at the same time in 北京: impossible travel and overlapping attendance.
    let beijing = running(&app, &w, "北京的活动").await;
    sqlx::query("UPDATE activities SET lat_e6 = 39904200, lng_e6 = 116407400 WHERE id = $1")
        .bind(beijing)
        .execute(&app.db.pool)
        .await
        .unwrap();
    confirm(&app, beijing, "13900001065").await;
    let t_bj = token(&app, &w, beijing, "in").await;
    let r = check(&app, &fresh, &[("token", &t_bj), ("lat", "39.9042"), ("lng", "116.4074"), ("accuracy", "10")]).await;
    r.expect("taken, and looked at");
    assert_eq!(flags(&app, beijing, "13900001065").await, vec!["impossible_travel", "overlap"]);
    let evidence: String =
        sqlx::query("SELECT evidence FROM attendance_flags WHERE activity_id = $1 AND kind = 'impossible_travel'")
            .bind(beijing)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("evidence");
    let evidence: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    assert_eq!(evidence["other_activity_id"], id);
    assert!(evidence["distance_m"].as_i64().unwrap() > 900_000, "{evidence}");
}

#[tokio::test]
async fn staff_check_listed_people_in_and_out_within_their_subtree_only() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let online = activity_at(&app, &w, "线上科普直播", "online", now_us() - MINUTE, now_us() + HOUR).await;
    confirm(&app, online, "13900001071").await;
    let v = volunteer(&app, "13900001072", "19900101", true).await;
    confirm(&app, online, "13900001072").await;
    let sheet: StaffSheet =
        app.call_as(&w.staff_a, "attendance/staff-sheet", &[("activity_id", &online.to_string())]).await.unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert!(sheet.rows.iter().all(|r| r.masked_mobile.contains("****") && r.in_at.is_none()));
    let no = sheet.rows.iter().find(|r| r.masked_mobile.ends_with("1072")).unwrap().volunteer_no.clone();
    let mark = |client: &reqwest::Client, dir: &'static str, no: String| {
        let (app, client) = (&app, client.clone());
        async move {
            app.call_as::<CheckResult>(
                &client,
                "attendance/staff-mark",
                &[("activity_id", &online.to_string()), ("volunteer_no", &no), ("direction", dir)],
            )
            .await
        }
    };
    // Another tree's admin, and the volunteer themself, are refused; nothing is written.
    assert_eq!(mark(&w.staff_b, "in", no.clone()).await, Err(AppError::Forbidden));
    assert_eq!(mark(&v, "in", no.clone()).await, Err(AppError::Forbidden));
    let other_sheet: Result<StaffSheet, _> =
        app.call_as(&w.staff_b, "attendance/staff-sheet", &[("activity_id", &online.to_string())]).await;
    assert_eq!(other_sheet, Err(AppError::Forbidden));
    assert_eq!(rows(&app, online).await, 0);

    assert_eq!(
        mark(&w.staff_a, "out", no.clone()).await.map_err(|e| e.to_string()),
        Err(AppError::Refused(Refusal::NotCheckedIn).to_string())
    );
    let r = mark(&w.staff_a, "in", no.clone()).await.unwrap();
    assert_eq!((r.method, r.direction), (Method::Staff, Direction::In));
    assert_eq!(mark(&w.staff_a, "in", no.clone()).await, Err(AppError::Refused(Refusal::AlreadyCheckedIn)));
    mark(&w.staff_a, "out", no.clone()).await.unwrap();
    let a = attendance(&app, online, "13900001072").await.unwrap();
    assert_eq!(
        (a.in_method, a.out_method, a.recorded_by),
        (Method::Staff, Some(Method::Staff), Some(user(&app, STAFF_A).await))
    );
    // Someone not signed up cannot be checked in by staff either; an unknown number is a field error.
    let stranger_no: String = sqlx::query("SELECT volunteer_no FROM users WHERE id = $1")
        .bind(user(&app, "13900001079").await)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("volunteer_no");
    assert_eq!(mark(&w.staff_a, "in", stranger_no).await, Err(AppError::Refused(Refusal::CheckinNotSignedUp)));
    let e = mark(&w.staff_a, "in", "KJ0000000000".into()).await.unwrap_err();
    assert_eq!(e.field_errors().and_then(|f| f.get("volunteer_no")), Some(Invalid::NotInList));
    let sheet: StaffSheet =
        app.call_as(&w.staff_a, "attendance/staff-sheet", &[("activity_id", &online.to_string())]).await.unwrap();
    assert_eq!(sheet.rows.iter().filter(|r| r.in_at.is_some() && r.out_at.is_some()).count(), 1);
}

#[tokio::test]
async fn an_activity_across_midnight_checks_in_and_out_on_either_side_of_it() {
    let app = spawn_app().await;
    let w = world(&app).await;
    // The last Beijing midnight at least an hour ago: the activity ran 22:00–01:00 around it.
    let offset = 8 * HOUR;
    let mut midnight = (now_us() + offset).div_euclid(DAY) * DAY - offset;
    if now_us() - midnight < HOUR {
        midnight -= DAY;
    }
    let id = activity_at(&app, &w, "夜间观星活动", "offline", midnight - 2 * HOUR, midnight + HOUR).await;
    let v = confirmed(&app, id, "13900001081").await;
    let v2 = confirmed(&app, id, "13900001082").await;
    let v3 = confirmed(&app, id, "13900001083").await;
    let at_venue = |dir: &'static str, device: i64, client_id: &'static str| {
        vec![
            ("activity_id", id.to_string()),
            ("direction", dir.to_string()),
            ("lat", VENUE.0.to_string()),
            ("lng", VENUE.1.to_string()),
            ("accuracy", "30".to_string()),
            ("device_ms", ms(device)),
            ("client_id", client_id.to_string()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>, client: reqwest::Client| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            check(app, &client, &pairs).await
        }
    };
    // In at 22:10, out at 00:50 the next day (sent now, so both delayed).
    send(at_venue("in", midnight - 110 * MINUTE, "n-in"), v.clone()).await.unwrap();
    send(at_venue("out", midnight + 50 * MINUTE, "n-out"), v.clone()).await.unwrap();
    let a = attendance(&app, id, "13900001081").await.unwrap();
    assert_eq!(a.in_at / 1_000, (midnight - 110 * MINUTE) / 1_000);
    assert_eq!(a.out_at.map(|t| t / 1_000), Some((midnight + 50 * MINUTE) / 1_000));
    let (shown_in, shown_out) = (app::ui::format::local_time(a.in_at), app::ui::format::local_time(a.out_at.unwrap()));
    assert!(shown_in.ends_with(" 22:10") && shown_out.ends_with(" 00:50"), "{shown_in} {shown_out}");
    assert_ne!(shown_in[..10], shown_out[..10], "two calendar days in Beijing");
    // In after midnight, still before the end: taken. At 01:10: closed. Out at 02:30: still open.
    send(at_venue("in", midnight + 30 * MINUTE, "n2-in"), v2.clone()).await.expect("after midnight, before the end");
    let r = send(at_venue("in", midnight + 70 * MINUTE, "n3-in"), v3.clone()).await;
    assert_eq!(refused(r), Refusal::CheckinClosed);
    send(at_venue("out", midnight + 150 * MINUTE, "n2-out"), v2.clone()).await.expect("out within 2 h of the end");
    // An out before the in is refused.
    send(at_venue("in", midnight - 30 * MINUTE, "n3-in2"), v3.clone()).await.unwrap();
    let r = send(at_venue("out", midnight - 40 * MINUTE, "n3-out"), v3.clone()).await;
    assert_eq!(refused(r), Refusal::NotCheckedIn);
}
