//! F-20 – F-26 over real HTTP on both engines: publishing, the public list and keyword search,
//! sign-up rules, the race for the last seats, the waitlist, notices and their schedule.
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::{ActivityInput, Phase, SignupStatus};
use app::activities::views::{
    ActivityDetail, ActivityPage, ActivityQuery, MyActivity, OrgActivity, SignupRequest, SignupResult,
};
use app::db::{now_us, Db};
use app::error::{AppError, Refusal};
use app::inbox::model::{kinds, Notice};
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::sms::{SmsMessage, SmsSender};
use app::validation::Invalid;
use common::{spawn_app, user, volunteer, volunteer_with, TestApp};
use serde_json::json;
use sqlx::Row;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const STAFF_A: &str = "13822220001";
const STAFF_B: &str = "13822220002";
const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;

/// Two approved teams in separate trees, each with a staff member signed in.
struct World {
    a: i64,
    b: i64,
    staff_a: reqwest::Client,
    staff_b: reqwest::Client,
}

async fn world(app: &TestApp) -> World {
    let now = now_us();
    let org =
        |name, parent| NewOrg { name, parent_id: parent, status: "approved", province: "32", city: "3204", county: "" };
    let corps_a = insert(&app.db, &org("江苏省科技志愿服务总队", None), now).await.unwrap();
    let a = insert(&app.db, &org("常州市科技志愿服务队", Some(corps_a)), now).await.unwrap();
    let corps_b = insert(&app.db, &org("浙江省科技志愿服务总队", None), now).await.unwrap();
    let b = insert(&app.db, &org("杭州市科技志愿服务队", Some(corps_b)), now).await.unwrap();
    set_staff(&app.db, a, user(app, STAFF_A).await, OrgRole::Staff, now).await.unwrap();
    set_staff(&app.db, b, user(app, STAFF_B).await, OrgRole::Admin, now).await.unwrap();
    World { a, b, staff_a: app.person(STAFF_A).await, staff_b: app.person(STAFF_B).await }
}

/// A local wall-clock time `offset` from now, as the form writes it.
fn local_in(offset_us: i64) -> String {
    app::activities::model::format_local_input(now_us() + offset_us)
}

/// The sample activity of `org`, starting in `days` days for two hours.
fn activity(org: i64, title: &str, days: i64, capacity: u32) -> ActivityInput {
    ActivityInput {
        title: title.into(),
        starts_at: local_in(days * DAY),
        ends_at: local_in(days * DAY + 2 * HOUR),
        capacity: capacity.to_string(),
        ..ActivityInput::sample(org)
    }
}

async fn save(
    app: &TestApp,
    client: &reqwest::Client,
    id: Option<i64>,
    input: &ActivityInput,
    publish: bool,
) -> Result<i64, AppError> {
    app.call_json_as(client, "activities/save", json!({ "id": id, "input": input, "publish": publish })).await
}

async fn publish(app: &TestApp, w: &World, input: &ActivityInput) -> i64 {
    save(app, &w.staff_a, None, input, true).await.expect("published")
}

async fn list(app: &TestApp, query: ActivityQuery) -> ActivityPage {
    app.call_json("activities/list", json!({ "query": query })).await.expect("list")
}

fn titles(page: &ActivityPage) -> Vec<String> {
    page.items.iter().map(|a| a.title.clone()).collect()
}

/// Signs up with every acknowledgement ticked, form-encoded as the sign-up form posts it.
async fn sign_up(app: &TestApp, client: &reqwest::Client, activity: i64) -> Result<SignupResult, AppError> {
    let id = activity.to_string();
    let form = [
        ("input[activity_id]", id.as_str()),
        ("input[risks_read]", "true"),
        ("input[insurance_ack]", "true"),
        ("input[training_ack]", "true"),
    ];
    app.call_as(client, "activities/sign-up", &form).await
}

async fn inbox(app: &TestApp, client: &reqwest::Client) -> Vec<Notice> {
    app.call_as(client, "inbox/list", &[]).await.unwrap()
}

async fn detail(app: &TestApp, client: &reqwest::Client, id: i64) -> ActivityDetail {
    app.call_as(client, "activities/detail", &[("id", &id.to_string())]).await.expect("detail")
}

/// The kept counts on each activity equal a count of its sign-ups.
async fn assert_counts_consistent(db: &Db) {
    let rows = sqlx::query(
        "SELECT a.id, a.confirmed_count, a.waitlist_count, a.pending_count,
                (SELECT COUNT(*) FROM signups s WHERE s.activity_id = a.id AND s.status = 'confirmed') AS c,
                (SELECT COUNT(*) FROM signups s WHERE s.activity_id = a.id AND s.status = 'waitlisted') AS w,
                (SELECT COUNT(*) FROM signups s WHERE s.activity_id = a.id AND s.status = 'pending') AS p
         FROM activities a",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for r in rows {
        let kept: (i64, i64, i64) = (r.get("confirmed_count"), r.get("waitlist_count"), r.get("pending_count"));
        let counted: (i64, i64, i64) = (r.get("c"), r.get("w"), r.get("p"));
        assert_eq!(kept, counted, "activity {}", r.get::<i64, _>("id"));
    }
}

#[tokio::test]
async fn published_activities_are_found_by_a_two_character_keyword_drafts_are_not() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let lecture = publish(&app, &w, &activity(w.a, "社区科普讲座：家庭安全用电", 5, 20)).await;
    publish(
        &app,
        &w,
        &ActivityInput {
            content: "为老年人讲解智能手机的使用方法。".into(), ..activity(w.a, "银龄数字课堂", 6, 20)
        },
    )
    .await;
    save(&app, &w.staff_a, None, &activity(w.a, "科普草稿活动", 7, 20), false).await.expect("draft saved");

    let by = |q: &str| ActivityQuery { q: q.into(), ..Default::default() };
    assert_eq!(titles(&list(&app, by("科普")).await), vec!["社区科普讲座：家庭安全用电"], "the draft stays hidden");
    assert_eq!(titles(&list(&app, by("手机")).await), vec!["银龄数字课堂"], "content is searched");
    assert_eq!(titles(&list(&app, by("常州市科技")).await).len(), 2, "the organisation's name is searched");
    assert_eq!(
        titles(&list(&app, by("家庭 用电")).await),
        vec!["社区科普讲座：家庭安全用电"],
        "every word must appear"
    );
    assert!(list(&app, by("用电家庭")).await.items.is_empty(), "characters keep their order");
    assert_eq!(
        titles(&list(&app, by("课")).await),
        vec!["银龄数字课堂"],
        "a single character scans instead of the index"
    );
    assert_eq!(list(&app, ActivityQuery::default()).await.items.len(), 2);
    assert_eq!(list(&app, ActivityQuery { phase: "ended".into(), ..Default::default() }).await.items.len(), 0);

    // Sorted by distance from a point near 武进 (the sample's coordinates), with the distance.
    let near = list(
        &app,
        ActivityQuery { near_lat_e6: Some(31_700_000), near_lng_e6: Some(119_940_000), ..Default::default() },
    )
    .await;
    assert!(near.items.iter().all(|a| a.distance_m.is_some_and(|d| d < 2_000)), "{:?}", near.items);

    // Signed out, the page is public; the draft's page is not.
    let d: ActivityDetail = app.call("activities/detail", &[("id", &lecture.to_string())]).await.unwrap();
    assert_eq!((d.summary.phase, d.viewer), (Phase::Recruiting, None));

    // The share QR code and the calendar file.
    let qr = app.client.get(format!("{}/activities/{lecture}/qr.svg", app.base)).send().await.unwrap();
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().contains("<svg"));
    let ics = app
        .client
        .get(format!("{}/activities/{lecture}/calendar.ics", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("社区科普讲座"), "{ics}");
}

#[tokio::test]
async fn publishing_is_validated_and_scoped_to_the_organisations_staff() {
    let app = spawn_app().await;
    let w = world(&app).await;
    // Another tree's staff cannot publish for A, nor can a volunteer.
    let refused = save(&app, &w.staff_b, None, &activity(w.a, "跨组织发布", 5, 10), true).await;
    assert_eq!(refused, Err(AppError::Forbidden));
    let mut bad = activity(w.a, "时间颠倒的活动", 5, 10);
    bad.ends_at = local_in(4 * DAY);
    let errors = save(&app, &w.staff_a, None, &bad, true).await.unwrap_err();
    assert_eq!(errors.field_errors().and_then(|e| e.get("ends_at")), Some(Invalid::EndsBeforeStart));
    let past = activity(w.a, "已经过去的活动", -2, 10);
    let errors = save(&app, &w.staff_a, None, &past, true).await.unwrap_err();
    assert_eq!(errors.field_errors().and_then(|e| e.get("ends_at")), Some(Invalid::InThePast));
    let count: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM activities").fetch_one(&app.db.pool).await.unwrap().get("n");
    assert_eq!(count, 0, "nothing refused was stored");
    // Staff of B see nothing of A's console.
    let id = publish(&app, &w, &activity(w.a, "常州科普日", 5, 10)).await;
    let theirs: Result<Vec<OrgActivity>, _> =
        app.call_as(&w.staff_b, "activities/of-org", &[("org_id", &w.a.to_string())]).await;
    assert_eq!(theirs, Err(AppError::Forbidden));
    let queue: Result<Vec<SignupRequest>, _> =
        app.call_as(&w.staff_b, "activities/signup-queue", &[("org_id", &w.a.to_string())]).await;
    assert_eq!(queue, Err(AppError::Forbidden));
    let cancel: Result<(), _> =
        app.call_as(&w.staff_b, "activities/cancel", &[("id", &id.to_string()), ("reason", "x")]).await;
    assert_eq!(cancel, Err(AppError::Forbidden));
    let ours: Vec<OrgActivity> =
        app.call_as(&w.staff_a, "activities/of-org", &[("org_id", &w.a.to_string())]).await.unwrap();
    assert_eq!(ours.len(), 1);
    let _ = w.b;
}

#[tokio::test]
async fn many_people_racing_for_the_last_seats_leave_exactly_the_capacity_confirmed() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = publish(&app, &w, &activity(w.a, "名额有限的科普实验课", 5, 3)).await;
    let mut people = Vec::new();
    for i in 0..12 {
        people.push(volunteer(&app, &format!("139333300{i:02}"), &format!("199001{:02}", i + 1), i % 2 == 0).await);
    }
    let attempts = people.iter().map(|client| sign_up(&app, client, id));
    let results = futures::future::join_all(attempts).await;
    let statuses: Vec<SignupStatus> = results.into_iter().map(|r| r.expect("signed up").status).collect();
    let confirmed = statuses.iter().filter(|s| **s == SignupStatus::Confirmed).count();
    let waitlisted = statuses.iter().filter(|s| **s == SignupStatus::Waitlisted).count();
    assert_eq!((confirmed, waitlisted), (3, 9), "{statuses:?}");
    assert_counts_consistent(&app.db).await;
    // Waitlist places are 1..=9, each once.
    let mut places: Vec<i64> = Vec::new();
    for client in &people {
        if let Some(p) = detail(&app, client, id).await.viewer.and_then(|v| v.signup).and_then(|s| s.waitlist_position)
        {
            places.push(p);
        }
    }
    places.sort();
    assert_eq!(places, (1..=9).collect::<Vec<i64>>());
    // The same person twice at once: one lands.
    let again = futures::future::join_all((0..3).map(|_| sign_up(&app, &people[0], id))).await;
    assert!(again.iter().all(|r| *r == Err(AppError::Refused(Refusal::AlreadySignedUp))), "{again:?}");
}

#[tokio::test]
async fn a_cancellation_promotes_the_first_on_the_waitlist_and_tells_them() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = publish(&app, &w, &activity(w.a, "周末科普志愿服务", 5, 1)).await;
    let first = volunteer(&app, "13944440001", "19900101", true).await;
    let second = volunteer(&app, "13944440002", "19900102", false).await;
    let third = volunteer(&app, "13944440003", "19900103", true).await;
    assert_eq!(sign_up(&app, &first, id).await.unwrap().status, SignupStatus::Confirmed);
    assert_eq!(sign_up(&app, &second, id).await.unwrap().waitlist_position, Some(1));
    assert_eq!(sign_up(&app, &third, id).await.unwrap().waitlist_position, Some(2));

    let _: () = app.call_as(&first, "activities/cancel-sign-up", &[("activity_id", &id.to_string())]).await.unwrap();
    let second_now = detail(&app, &second, id).await.viewer.unwrap().signup.unwrap();
    assert_eq!(second_now.status, SignupStatus::Confirmed);
    let third_now = detail(&app, &third, id).await.viewer.unwrap().signup.unwrap();
    assert_eq!((third_now.status, third_now.waitlist_position), (SignupStatus::Waitlisted, Some(1)));
    assert!(inbox(&app, &second).await.iter().any(|n| n.kind == kinds::SIGNUP_PROMOTED));
    let texts: Vec<String> = sqlx::query("SELECT to_mobile, text FROM sms_outbox")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.get::<String, _>("to_mobile") == "13944440002")
        .map(|r| r.get("text"))
        .collect();
    assert!(texts.iter().any(|t| t.contains("周末科普志愿服务") && t.contains("正式报名")), "{texts:?}");
    // Cancelling again is refused; signing up again joins the end of the waitlist.
    let twice: Result<(), _> =
        app.call_as(&first, "activities/cancel-sign-up", &[("activity_id", &id.to_string())]).await;
    assert_eq!(twice, Err(AppError::Refused(Refusal::AlreadyDecided)));
    assert_eq!(sign_up(&app, &first, id).await.unwrap().waitlist_position, Some(2));
    assert_counts_consistent(&app.db).await;

    // Past the organiser's deadline, a confirmed person cannot cancel.
    sqlx::query("UPDATE activities SET cancel_deadline_at = $1 WHERE id = $2")
        .bind(now_us() - HOUR)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let late: Result<(), _> =
        app.call_as(&second, "activities/cancel-sign-up", &[("activity_id", &id.to_string())]).await;
    assert_eq!(late, Err(AppError::Refused(Refusal::CancelDeadlinePassed)));
    // The waitlisted may still leave the queue before the start.
    let _: () = app.call_as(&third, "activities/cancel-sign-up", &[("activity_id", &id.to_string())]).await.unwrap();

    // My activities: upcoming holds it, ended does not; the calendar lists it.
    let upcoming: Vec<MyActivity> =
        app.call_as(&second, "activities/mine", &[("tab", "upcoming"), ("q", "科普")]).await.unwrap();
    assert_eq!(upcoming.len(), 1);
    let ended: Vec<MyActivity> = app.call_as(&second, "activities/mine", &[("tab", "ended"), ("q", "")]).await.unwrap();
    assert!(ended.is_empty());
    let ics = second.get(format!("{}/me/activities.ics", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(ics.contains("周末科普志愿服务"), "{ics}");
}

#[tokio::test]
async fn conditions_are_checked_on_the_server_and_approval_places_people() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let input = ActivityInput {
        min_age: "30".into(),
        qualification: "执业医师".into(),
        risks: "户外高温，注意防暑".into(),
        insurance_required: true,
        needs_approval: true,
        ..activity(w.a, "乡村健康义诊", 5, 1)
    };
    let id = publish(&app, &w, &input).await;
    let young = volunteer_with(&app, "13955550001", "20050101", true, "执业医师").await;
    assert_eq!(sign_up(&app, &young, id).await, Err(AppError::Refused(Refusal::AgeOutOfRange { min: 30, max: 120 })));
    let unqualified = volunteer(&app, "13955550002", "19800101", true).await;
    assert_eq!(sign_up(&app, &unqualified, id).await, Err(AppError::Refused(Refusal::QualificationMissing)));
    let doctor = volunteer_with(&app, "13955550003", "19800102", false, "执业医师、心理咨询师").await;
    let unread: Result<SignupResult, _> = app
        .call_as(
            &doctor,
            "activities/sign-up",
            &[("input[activity_id]", &id.to_string()), ("input[risks_read]", "true")],
        )
        .await;
    assert_eq!(unread.unwrap_err().field_errors().and_then(|e| e.get("insurance_ack")), Some(Invalid::MustAccept));
    let nobody = app.new_client();
    assert_eq!(sign_up(&app, &nobody, id).await, Err(AppError::Unauthenticated));
    let no_profile = app.person("13955550009").await;
    assert_eq!(sign_up(&app, &no_profile, id).await, Err(AppError::Refused(Refusal::ProfileIncomplete)));

    assert_eq!(sign_up(&app, &doctor, id).await.unwrap().status, SignupStatus::Pending);
    let doctor2 = volunteer_with(&app, "13955550004", "19800103", true, "执业医师").await;
    assert_eq!(sign_up(&app, &doctor2, id).await.unwrap().status, SignupStatus::Pending);
    let queue: Vec<SignupRequest> =
        app.call_as(&w.staff_a, "activities/signup-queue", &[("org_id", &w.a.to_string())]).await.unwrap();
    assert_eq!(queue.len(), 2);
    assert!(queue[0].masked_mobile.contains("****"));
    let decide = |signup: i64, approve: bool, reason: &'static str| {
        let client = w.staff_a.clone();
        let app = &app;
        async move {
            app.call_as::<()>(
                &client,
                "activities/decide-sign-up",
                &[("signup_id", &signup.to_string()), ("approve", &approve.to_string()), ("reason", reason)],
            )
            .await
        }
    };
    // Declining needs a reason; the other staff tree cannot decide.
    assert_eq!(
        decide(queue[1].signup_id, false, "").await.unwrap_err().field_errors().and_then(|e| e.get("reason")),
        Some(Invalid::Required)
    );
    let foreign: Result<(), _> = app
        .call_as(
            &w.staff_b,
            "activities/decide-sign-up",
            &[("signup_id", &queue[0].signup_id.to_string()), ("approve", "true"), ("reason", "")],
        )
        .await;
    assert_eq!(foreign, Err(AppError::Forbidden));
    decide(queue[0].signup_id, true, "").await.unwrap();
    decide(queue[1].signup_id, true, "").await.unwrap();
    assert_eq!(decide(queue[1].signup_id, true, "").await, Err(AppError::Refused(Refusal::AlreadyDecided)));
    let statuses = (
        detail(&app, &doctor, id).await.viewer.unwrap().signup.unwrap().status,
        detail(&app, &doctor2, id).await.viewer.unwrap().signup.unwrap().status,
    );
    assert_eq!(statuses, (SignupStatus::Confirmed, SignupStatus::Waitlisted), "one place: the second approved waits");
    assert_counts_consistent(&app.db).await;
}

#[tokio::test]
async fn overlapping_sign_ups_are_warned_edits_and_cancellation_are_announced() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let morning = publish(&app, &w, &activity(w.a, "上午场科普讲解", 5, 10)).await;
    let mut overlapping = activity(w.a, "同时段科普展览", 5, 10);
    overlapping.starts_at = local_in(5 * DAY + HOUR);
    overlapping.ends_at = local_in(5 * DAY + 3 * HOUR);
    let second = publish(&app, &w, &overlapping).await;
    let person = volunteer(&app, "13966660001", "19900101", true).await;
    assert!(sign_up(&app, &person, morning).await.unwrap().overlaps.is_empty());
    let result = sign_up(&app, &person, second).await.unwrap();
    assert_eq!(result.overlaps, vec![(morning, "上午场科普讲解".to_string())], "signed up, with a warning");

    // An edit to the time tells who signed up what changed, by inbox and text message.
    let mut moved = activity(w.a, "上午场科普讲解", 6, 10);
    moved.capacity = "10".into();
    save(&app, &w.staff_a, Some(morning), &moved, false).await.unwrap();
    let notice =
        inbox(&app, &person).await.into_iter().find(|n| n.kind == kinds::ACTIVITY_CHANGED).expect("change notice");
    assert!(notice.detail.contains("活动时间"), "{}", notice.detail);
    assert_eq!(detail(&app, &person, morning).await.version, 2);
    // The capacity cannot drop below those confirmed.
    let mut smaller = moved.clone();
    smaller.capacity = "0".into();
    assert!(save(&app, &w.staff_a, Some(morning), &smaller, false).await.is_err());

    // Cancelling needs a reason, tells everyone and takes it out of the list.
    let no_reason: Result<(), _> =
        app.call_as(&w.staff_a, "activities/cancel", &[("id", &second.to_string()), ("reason", " ")]).await;
    assert!(no_reason.is_err());
    let _: () = app
        .call_as(&w.staff_a, "activities/cancel", &[("id", &second.to_string()), ("reason", "场馆临时闭馆")])
        .await
        .unwrap();
    let notice =
        inbox(&app, &person).await.into_iter().find(|n| n.kind == kinds::ACTIVITY_CANCELLED).expect("cancel notice");
    assert_eq!(notice.detail, "场馆临时闭馆");
    assert_eq!(
        titles(&list(&app, ActivityQuery { q: "展览".into(), ..Default::default() }).await),
        Vec::<String>::new()
    );
    let d = detail(&app, &person, second).await;
    assert_eq!((d.summary.phase, d.cancel_reason.as_str()), (Phase::Cancelled, "场馆临时闭馆"));
    let late = volunteer(&app, "13966660002", "19900102", true).await;
    assert_eq!(sign_up(&app, &late, second).await, Err(AppError::Refused(Refusal::SignupNotOpen)));
}

/// Counts what it is asked to send.
struct CountingSender(AtomicUsize);

#[async_trait::async_trait]
impl SmsSender for CountingSender {
    async fn send(&self, _message: &SmsMessage) -> Result<(), String> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[tokio::test]
async fn confirmations_and_reminders_are_made_once_even_across_a_restart() {
    use app::activities::notices::{deliver_outbox, make_due};
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = publish(&app, &w, &activity(w.a, "三天后的科普活动", 10, 5)).await;
    let person = volunteer(&app, "13977770001", "19900101", true).await;
    sign_up(&app, &person, id).await.unwrap();
    let starts: i64 = sqlx::query("SELECT starts_at FROM activities WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("starts_at");
    let sender = Arc::new(CountingSender(AtomicUsize::new(0)));

    assert_eq!(make_due(&app.db, starts - 4 * DAY).await.unwrap(), 0, "too early");
    assert_eq!(make_due(&app.db, starts - 3 * DAY + HOUR).await.unwrap(), 1, "the three-day confirmation");
    assert_eq!(make_due(&app.db, starts - 3 * DAY + 2 * HOUR).await.unwrap(), 0, "not twice");
    // A restart: a new pool on the same database finds nothing new to make.
    let restarted = Db::connect(&app.url).await.unwrap();
    assert_eq!(make_due(&restarted, starts - 2 * DAY).await.unwrap(), 0);
    assert_eq!(make_due(&restarted, starts - 20 * HOUR).await.unwrap(), 1, "the day-before reminder");
    assert_eq!(make_due(&app.db, starts - 19 * HOUR).await.unwrap(), 0);

    let waiting: i64 = sqlx::query("SELECT COUNT(*) AS n FROM sms_outbox WHERE to_mobile = '13977770001'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("n");
    assert_eq!(waiting, 2);
    // Two senders delivering at once (two servers) still send each message once.
    let (a, b) = futures::future::join(
        deliver_outbox(&app.db, sender.as_ref(), now_us()),
        deliver_outbox(&restarted, sender.as_ref(), now_us()),
    )
    .await;
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    assert_eq!(deliver_outbox(&app.db, sender.as_ref(), now_us()).await.unwrap(), 0);
    assert_eq!(sender.0.load(Ordering::SeqCst), 2);
    let kinds_seen: Vec<String> = inbox(&app, &person).await.into_iter().map(|n| n.kind).collect();
    assert!(
        kinds_seen.contains(&kinds::ACTIVITY_CONFIRM.to_string())
            && kinds_seen.contains(&kinds::ACTIVITY_REMINDER.to_string())
    );
}

#[tokio::test]
async fn an_activity_across_midnight_is_in_progress_after_midnight_and_listed_on_its_start_day() {
    use app::activities::repo::search_on;
    let app = spawn_app().await;
    let w = world(&app).await;
    let input = ActivityInput {
        starts_at: "2030-06-01T22:00".into(),
        ends_at: "2030-06-02T02:00".into(),
        ..activity(w.a, "夏夜星空观测", 0, 10)
    };
    let id = publish(&app, &w, &input).await;
    let starts = app::activities::model::parse_local_datetime("2030-06-01T22:00").unwrap();
    let after_midnight = app::activities::model::parse_local_datetime("2030-06-02T00:30").unwrap();
    // 22:00 in Shanghai is 14:00 UTC: stored in UTC.
    let utc = chrono::DateTime::<chrono::Utc>::from_timestamp_micros(starts).unwrap();
    assert_eq!(utc.format("%H:%M").to_string(), "14:00");
    let mut conn = app.db.pool.acquire().await.unwrap();
    let in_progress = ActivityQuery { phase: "in_progress".into(), ..Default::default() };
    let page = search_on(&mut conn, &in_progress, after_midnight, 20).await.unwrap();
    assert_eq!(page.items.iter().map(|a| a.id).collect::<Vec<_>>(), vec![id]);
    let on_the_first = ActivityQuery { from: "2030-06-01".into(), to: "2030-06-01".into(), ..Default::default() };
    assert_eq!(search_on(&mut conn, &on_the_first, starts - DAY, 20).await.unwrap().items.len(), 1);
    let on_the_second = ActivityQuery { from: "2030-06-02".into(), to: "2030-06-02".into(), ..Default::default() };
    assert!(
        search_on(&mut conn, &on_the_second, starts - DAY, 20).await.unwrap().items.is_empty(),
        "it starts on the 1st"
    );
    assert_eq!(
        app::activities::pages::widgets::time_range(starts, starts + 4 * HOUR),
        "2030-06-01 22:00 – 06-02 02:00"
    );
}

#[tokio::test]
async fn the_list_pages_through_every_activity_once() {
    let app = spawn_app().await;
    let w = world(&app).await;
    for i in 0..45 {
        publish(&app, &w, &activity(w.a, &format!("科普进校园第{i}场"), 3 + i % 7, 10)).await;
    }
    let mut seen = Vec::new();
    let mut query = ActivityQuery { q: "科普".into(), ..Default::default() };
    loop {
        let page = list(&app, query.clone()).await;
        assert!(page.items.windows(2).all(|p| (p[0].starts_at, p[0].id) < (p[1].starts_at, p[1].id)), "in start order");
        seen.extend(page.items.iter().map(|a| a.id));
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (45, 45));
}

/// A form post as a browser without JavaScript makes it, from the page at `from`.
async fn form_post(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    from: &str,
    body: String,
) -> reqwest::Response {
    use reqwest::header::{ACCEPT, CONTENT_TYPE, REFERER};
    client
        .post(format!("{}/api/{endpoint}", app.base))
        .header(ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(REFERER, from)
        .body(body)
        .send()
        .await
        .expect("the server answers")
}

/// Where the answer to a form post sends the browser: the page's path and its query (leptos may
/// leave an empty `?` behind when it strips an earlier refusal, which is the same page).
fn back(r: &reqwest::Response) -> (String, Vec<(String, String)>) {
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let location = r.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()).unwrap_or_default();
    // Back to the page it came from (absolute), or to where the action says (a path).
    let url = reqwest::Url::parse("http://sciserve.test/").and_then(|base| base.join(location)).expect("a Location");
    let query = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    (url.path().to_owned(), query)
}

/// The refusal a form post's answer carries in the address.
fn refusal_in(query: &[(String, String)]) -> AppError {
    use leptos::server_fn::error::ServerFnUrlError;
    let err = query.iter().find(|(k, _)| k == "__err").map(|(_, v)| v.clone()).expect("the refusal in the address");
    ServerFnUrlError::<AppError>::decode_err(&err)
}

/// A browser without JavaScript posts the sign-up and cancel forms itself. Each answer is a 303
/// See Other back to the page it came from (so the browser follows with a GET); a refusal rides
/// along in that address, for the page to show.
#[tokio::test]
async fn without_javascript_sign_up_and_cancel_answer_303_back_to_the_page() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let input = ActivityInput {
        risks: "户外活动，请注意防晒。".into(), ..activity(w.a, "无脚本报名的科普活动", 5, 3)
    };
    let id = publish(&app, &w, &input).await;
    let person = volunteer(&app, "13966660001", "19900101", true).await;
    let page = format!("{}/activities/{id}", app.base);
    let path = format!("/activities/{id}");

    // The risks left unticked: back to the page, with the refusal in the address.
    let refused = form_post(&app, &person, "activities/sign-up", &page, format!("input%5Bactivity_id%5D={id}")).await;
    let (to, query) = back(&refused);
    assert_eq!(to, path);
    assert_eq!(refusal_in(&query).field_errors().and_then(|e| e.get("risks_read")), Some(Invalid::MustAccept));
    assert!(detail(&app, &person, id).await.viewer.unwrap().signup.is_none());

    let signed = form_post(
        &app,
        &person,
        "activities/sign-up",
        &page,
        format!("input%5Bactivity_id%5D={id}&input%5Brisks_read%5D=true"),
    )
    .await;
    let done = |name: &str| vec![("done".to_owned(), name.to_owned())];
    assert_eq!(back(&signed), (path.clone(), done("signed-up")));
    assert!(location_of(&signed).ends_with("#activity-status"), "the status line in view");
    assert_eq!(detail(&app, &person, id).await.viewer.unwrap().signup.unwrap().status, SignupStatus::Confirmed);
    // The page it comes back to says so in its status line; another person's, at the same
    // address, claims nothing.
    let said = |html: &str| status_line(html).contains("报名成功");
    assert!(said(&page_html(&person, &format!("{page}?done=signed-up")).await));
    let other = volunteer(&app, "13966660002", "19900102", true).await;
    assert!(!said(&page_html(&other, &format!("{page}?done=signed-up")).await));

    // Cancelling is confirmed on `?cancel=<id>`, which the answer goes back to.
    let cancelled = form_post(
        &app,
        &person,
        "activities/cancel-sign-up",
        &format!("{page}?cancel={id}"),
        format!("activity_id={id}"),
    )
    .await;
    assert_eq!(back(&cancelled), (path, done("sign-up-cancelled")));
    assert_eq!(detail(&app, &person, id).await.viewer.unwrap().signup.unwrap().status, SignupStatus::Cancelled);
    assert!(status_line(&page_html(&person, &format!("{page}?done=sign-up-cancelled")).await).contains("已取消报名"));
    assert_counts_consistent(&app.db).await;
}

/// The `Location` a form post's answer sends the browser to.
fn location_of(r: &reqwest::Response) -> String {
    r.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned()
}

/// A page's HTML as the server renders it for `client`.
async fn page_html(client: &reqwest::Client, url: &str) -> String {
    let response = client.get(url).send().await.expect("the server answers");
    assert_eq!(response.status(), reqwest::StatusCode::OK, "{url}");
    response.text().await.expect("a page")
}

/// The activity page's status line (`#activity-status`), as HTML.
fn status_line(html: &str) -> &str {
    let start = html.find("id=\"activity-status\"").expect("the page has its status line");
    let end = html[start..].find("</div>").map_or(html.len(), |n| start + n);
    &html[start..end]
}

/// The organiser cancels the activity without JavaScript: the reason form is a plain post, a
/// blank reason comes back in the address and changes nothing, and a reason cancels it and says so.
#[tokio::test]
async fn without_javascript_an_organiser_cancels_the_activity_with_a_reason() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let id = publish(&app, &w, &activity(w.a, "无脚本取消的科普活动", 5, 3)).await;
    let page = format!("{}/activities/{id}", app.base);
    let asked = format!("{page}?cancel_activity=1");
    assert!(page_html(&w.staff_a, &asked).await.contains("id=\"confirm-cancel-activity\""), "the reason form");

    let blank = form_post(&app, &w.staff_a, "activities/cancel", &asked, format!("id={id}&reason=+")).await;
    let (to, query) = back(&blank);
    assert_eq!(to, format!("/activities/{id}"));
    assert_eq!(refusal_in(&query).field_errors().and_then(|e| e.get("reason")), Some(Invalid::Required));
    assert_eq!(detail(&app, &w.staff_a, id).await.summary.phase, Phase::Recruiting);

    let reason = "%E5%9C%BA%E9%A6%86%E4%B8%B4%E6%97%B6%E9%97%AD%E9%A6%86"; // 场馆临时闭馆
    let cancelled = form_post(&app, &w.staff_a, "activities/cancel", &asked, format!("id={id}&reason={reason}")).await;
    assert_eq!(
        back(&cancelled),
        (format!("/activities/{id}"), vec![("done".to_owned(), "activity-cancelled".to_owned())])
    );
    let html = page_html(&w.staff_a, &format!("{page}?done=activity-cancelled")).await;
    assert!(status_line(&html).contains("活动已取消"), "{}", status_line(&html));
    assert!(html.contains("场馆临时闭馆"));
    assert_eq!(detail(&app, &w.staff_a, id).await.summary.phase, Phase::Cancelled);
}

/// The organiser's queue without JavaScript: approving and the decline form are plain posts of
/// `decide-sign-up`, answered with a 303 back to the console; declining without a reason comes
/// back with the refusal in the address and changes nothing.
#[tokio::test]
async fn without_javascript_an_organiser_declines_and_approves_sign_ups() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let input = ActivityInput { needs_approval: true, ..activity(w.a, "需审核的无脚本科普活动", 5, 3) };
    let id = publish(&app, &w, &input).await;
    let first = volunteer(&app, "13966670001", "19900101", true).await;
    let second = volunteer(&app, "13966670002", "19900102", true).await;
    for person in [&first, &second] {
        assert_eq!(sign_up(&app, person, id).await.unwrap().status, SignupStatus::Pending);
    }
    let queue: Vec<SignupRequest> =
        app.call_as(&w.staff_a, "activities/signup-queue", &[("org_id", &w.a.to_string())]).await.unwrap();
    let (one, two) = (queue[0].signup_id, queue[1].signup_id);
    let path = format!("/orgs/{}/manage/activities", w.a);
    let console = format!("{}{path}", app.base);
    let decide = "activities/decide-sign-up";
    let opened = format!("{console}?decline={one}");

    // The decline form opened on `?decline=<id>`, sent without a reason.
    let refused = form_post(&app, &w.staff_a, decide, &opened, format!("signup_id={one}&approve=false&reason=")).await;
    let (to, query) = back(&refused);
    assert_eq!(to, path);
    assert!(query.contains(&("decline".to_owned(), one.to_string())), "{query:?}");
    assert_eq!(refusal_in(&query).field_errors().and_then(|e| e.get("reason")), Some(Invalid::Required));
    assert_eq!(detail(&app, &first, id).await.viewer.unwrap().signup.unwrap().status, SignupStatus::Pending);
    // Sent again, blank, from the page that shows the refusal: the address names one refusal.
    let shown = refused.headers()[reqwest::header::LOCATION].to_str().unwrap().to_owned();
    let again = form_post(&app, &w.staff_a, decide, &shown, format!("signup_id={one}&approve=false&reason=")).await;
    let (to, query) = back(&again);
    assert_eq!(to, path);
    for key in ["__err", "__path", "decline"] {
        assert_eq!(query.iter().filter(|(k, _)| k == key).count(), 1, "{key} in {query:?}");
    }
    assert_eq!(refusal_in(&query).field_errors().and_then(|e| e.get("reason")), Some(Invalid::Required));

    let declined = form_post(
        &app,
        &w.staff_a,
        decide,
        &opened,
        format!("signup_id={one}&approve=false&reason=%E5%90%8D%E9%A2%9D%E5%B7%B2%E6%BB%A1"),
    )
    .await;
    assert_eq!(back(&declined).0, path);
    assert!(!back(&declined).1.iter().any(|(k, _)| k == "__err"));
    assert_eq!(detail(&app, &first, id).await.viewer.unwrap().signup.unwrap().status, SignupStatus::Declined);

    let approved = form_post(&app, &w.staff_a, decide, &console, format!("signup_id={two}&approve=true&reason=")).await;
    assert!(!back(&approved).1.iter().any(|(k, _)| k == "__err"));
    assert_eq!(detail(&app, &second, id).await.viewer.unwrap().signup.unwrap().status, SignupStatus::Confirmed);
    assert_counts_consistent(&app.db).await;
}

/// Sorting by distance searches a box around the position first and widens it while it could
/// miss a nearer row (app/src/activities/repo/search.rs `nearest`): every page, followed to the
/// end, is the order a sort over every row gives, from a dense cluster nearby to the far west.
#[tokio::test]
async fn the_distance_sort_pages_through_every_row_in_the_order_of_a_full_sort() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let here = (31_700_000_i64, 119_940_000_i64);
    // Offsets in microdegrees: a cluster within a few kilometres, rings at tens and hundreds of
    // kilometres, and points thousands of kilometres away.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut places = Vec::new();
    for spread in [30_000_i64, 300_000, 3_000_000] {
        for _ in 0..15 {
            let dy = (next() % (2 * spread as u64)) as i64 - spread;
            let dx = (next() % (2 * spread as u64)) as i64 - spread;
            places.push((here.0 + dy, here.1 + dx));
        }
    }
    places.extend([(43_800_000, 87_600_000), (29_650_000, 91_100_000), (45_750_000, 126_650_000)]);
    for (i, (lat, lng)) in places.iter().enumerate() {
        let input = ActivityInput {
            lat: format!("{:.6}", *lat as f64 / 1e6),
            lng: format!("{:.6}", *lng as f64 / 1e6),
            ..activity(w.a, &format!("远近活动{i}"), 3 + (i as i64 % 5), 20)
        };
        publish(&app, &w, &input).await;
    }

    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let query = ActivityQuery {
            near_lat_e6: Some(here.0),
            near_lng_e6: Some(here.1),
            after: after.clone(),
            ..Default::default()
        };
        let page = list(&app, query).await;
        seen.extend(page.items.iter().map(|a| (a.id, a.lat_e6.unwrap(), a.lng_e6.unwrap())));
        match page.next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    // The sort's own measure (search.rs `distance_key`), ties by id.
    let cos = ((here.0 as f64 / 1e6).to_radians().cos() * 1000.0).round() as i64;
    let key = |(id, lat, lng): (i64, i64, i64)| {
        let (dy, dx) = ((lat / 1000 - here.0 / 1000) * 1000, (lng / 1000 - here.1 / 1000) * cos);
        (dy * dy + dx * dx, id)
    };
    let mut expected = seen.clone();
    expected.sort_by_key(|p| key(*p));
    assert_eq!(seen.len(), places.len(), "every row once");
    assert_eq!(seen, expected);
}
