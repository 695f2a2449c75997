//! Make-up requests (F-32) over real HTTP on both engines: who may file, what a photo may be,
//! who sees it, and what approval and rejection write.
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::{format_local_input, ActivityInput};
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::inbox::model::{kinds, Notice};
use app::records::makeup::model::{MakeupForm, MakeupQueue, MakeupStatus, MyMakeup};
use app::validation::Invalid;
use common::{orgs, spawn_app, spawn_sized, test_policy, user, volunteer, TestApp};
use serde_json::json;
use sqlx::Row;

const STAFF_A: &str = "13822230001";
const STAFF_B: &str = "13822230002";
const PERSON: &str = "13966670001";
const OTHER: &str = "13966670002";
const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba,
    0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Two trees (A, whose team publishes the activity, and B), their staff signed in, and two
/// volunteers: `person` confirmed for the activity, `other` confirmed too.
struct World {
    activity: i64,
    staff_a: reqwest::Client,
    staff_b: reqwest::Client,
    person: reqwest::Client,
    other: reqwest::Client,
    person_id: i64,
}

/// An activity of team A starting in three days for two hours, with `person` and `other`
/// confirmed; `started` moves it to have begun an hour ago (and end an hour from now).
async fn world(app: &TestApp, started: bool) -> World {
    let corps_a = orgs::approved(app, "江苏省科技志愿服务总队", None).await;
    let team_a = orgs::approved(app, "常州市科技志愿服务队", Some(corps_a)).await;
    let corps_b = orgs::approved(app, "浙江省科技志愿服务总队", None).await;
    let team_b = orgs::approved(app, "杭州市科技志愿服务队", Some(corps_b)).await;
    orgs::staff(app, team_a, STAFF_A, OrgRole::Staff).await;
    orgs::staff(app, team_b, STAFF_B, OrgRole::Admin).await;
    let staff_a = app.person(STAFF_A).await;
    let staff_b = app.person(STAFF_B).await;
    let input = ActivityInput {
        title: "补签测试科普活动".into(),
        starts_at: format_local_input(now_us() + 3 * DAY),
        ends_at: format_local_input(now_us() + 3 * DAY + 2 * HOUR),
        ..ActivityInput::sample(team_a)
    };
    let activity: i64 = app
        .call_json_as(&staff_a, "activities/save", json!({ "id": null, "input": input, "publish": true }))
        .await
        .expect("published");
    let person = volunteer(app, PERSON, "19900101", true).await;
    let other = volunteer(app, OTHER, "19910202", false).await;
    for client in [&person, &other] {
        let id = activity.to_string();
        let form = [
            ("input[activity_id]", id.as_str()),
            ("input[risks_read]", "true"),
            ("input[insurance_ack]", "true"),
            ("input[training_ack]", "true"),
        ];
        app.call_as::<serde_json::Value>(client, "activities/sign-up", &form).await.expect("signed up");
    }
    if started {
        start_now(app, activity).await;
    }
    World { activity, staff_a, staff_b, person, other, person_id: user(app, PERSON).await }
}

/// Moves the activity to have started an hour ago, ending in an hour.
async fn start_now(app: &TestApp, activity: i64) {
    let now = now_us();
    sqlx::query("UPDATE activities SET starts_at = $2, ends_at = $3, signup_closes_at = $4 WHERE id = $1")
        .bind(activity)
        .bind(now - HOUR)
        .bind(now + HOUR)
        .bind(now - 2 * HOUR)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

async fn window(app: &TestApp, activity: i64) -> (i64, i64) {
    let row = sqlx::query("SELECT starts_at, ends_at FROM activities WHERE id = $1")
        .bind(activity)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (row.get("starts_at"), row.get("ends_at"))
}

struct Filing<'a> {
    activity: i64,
    cause: &'a str,
    reason: &'a str,
    from: String,
    to: String,
    /// (file name, bytes, declared type)
    photo: Option<(&'a str, Vec<u8>, &'a str)>,
}

impl Filing<'_> {
    /// A claim of the activity's first hour, from `activity`'s window.
    async fn first_hour(app: &TestApp, activity: i64) -> Filing<'static> {
        let (starts, _) = window(app, activity).await;
        Filing {
            activity,
            cause: "network",
            reason: "现场网络信号差，扫码签到一直失败。",
            from: format_local_input(starts),
            to: format_local_input(starts + HOUR),
            photo: None,
        }
    }
}

/// Posts the make-up form as the browser's script would (multipart); returns the status too.
async fn file(app: &TestApp, client: &reqwest::Client, f: &Filing<'_>) -> (u16, Result<i64, AppError>) {
    let mut form = reqwest::multipart::Form::new()
        .text("activity_id", f.activity.to_string())
        .text("cause", f.cause.to_owned())
        .text("reason", f.reason.to_owned())
        .text("from", f.from.clone())
        .text("to", f.to.clone());
    form = match &f.photo {
        Some((name, bytes, media)) => form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()).mime_str(media).unwrap(),
        ),
        None => form.part("file", reqwest::multipart::Part::bytes(Vec::new()).file_name("")),
    };
    let response =
        client.post(format!("{}/api/records/makeup-file", app.base)).multipart(form).send().await.expect("answer");
    let status = response.status().as_u16();
    (status, common::decode(response).await)
}

async fn queue(app: &TestApp, client: &reqwest::Client, activity: i64) -> Result<MakeupQueue, AppError> {
    app.call_as(client, "records/makeup-queue", &[("activity_id", &activity.to_string())]).await
}

async fn decide(
    app: &TestApp,
    client: &reqwest::Client,
    request: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let (id, approve) = (request.to_string(), approve.to_string());
    app.call_as(client, "records/decide-makeup", &[("request_id", &id), ("approve", &approve), ("reason", reason)])
        .await
}

async fn photo(app: &TestApp, client: &reqwest::Client, request: i64) -> reqwest::Response {
    client.get(format!("{}/makeups/{request}/photo", app.base)).send().await.expect("answer")
}

async fn attendance_rows(
    app: &TestApp,
    activity: i64,
) -> Vec<(i64, String, i64, Option<String>, Option<i64>, Option<i64>)> {
    sqlx::query(
        "SELECT user_id, in_method, in_at, out_method, out_at, recorded_by FROM attendances WHERE activity_id = $1
         ORDER BY user_id",
    )
    .bind(activity)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.get("user_id"),
            r.get("in_method"),
            r.get("in_at"),
            r.get("out_method"),
            r.get("out_at"),
            r.get("recorded_by"),
        )
    })
    .collect()
}

async fn request_count(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM makeup_requests").fetch_one(&app.db.pool).await.unwrap().get("n")
}

/// Files in `files_dir/makeup`, with their permission bits.
fn stored_photos(app: &TestApp) -> Vec<(String, u32)> {
    let dir = app.dir.join("files").join("makeup");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    entries
        .map(|e| {
            let e = e.unwrap();
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&e.metadata().unwrap().permissions()) & 0o777;
            #[cfg(not(unix))]
            let mode = 0;
            (e.file_name().to_string_lossy().into_owned(), mode)
        })
        .collect()
}

#[tokio::test]
async fn filing_is_refused_without_a_confirmed_sign_up_before_the_start_and_twice() {
    let app = spawn_app().await;
    let w = world(&app, false).await;
    // Before the start: refused, with the reason.
    let f = Filing::first_hour(&app, w.activity).await;
    assert_eq!(file(&app, &w.person, &f).await, (409, Err(AppError::Refused(Refusal::MakeupNotStarted))));
    start_now(&app, w.activity).await;
    let f = Filing::first_hour(&app, w.activity).await;

    // Someone never signed up, and staff (not signed up either): refused.
    let stranger = volunteer(&app, "13966670003", "19920303", true).await;
    assert_eq!(file(&app, &stranger, &f).await, (409, Err(AppError::Refused(Refusal::MakeupNotConfirmed))));
    assert_eq!(file(&app, &w.staff_a, &f).await.1, Err(AppError::Refused(Refusal::MakeupNotConfirmed)));
    // Nobody signed in.
    assert_eq!(file(&app, &app.new_client(), &f).await, (401, Err(AppError::Unauthenticated)));
    // A cancelled sign-up is no sign-up.
    sqlx::query("UPDATE signups SET status = 'cancelled' WHERE activity_id = $1 AND user_id = $2")
        .bind(w.activity)
        .bind(user(&app, OTHER).await)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(file(&app, &w.other, &f).await.1, Err(AppError::Refused(Refusal::MakeupNotConfirmed)));
    assert_eq!(request_count(&app).await, 0);

    // Fields are checked: no reason, an unknown cause, an end before the start, a span
    // outside the schedule.
    let bad = Filing { reason: "", cause: "weather", to: f.from.clone(), ..Filing::first_hour(&app, w.activity).await };
    let (status, result) = file(&app, &w.person, &bad).await;
    let errors = result.unwrap_err();
    let errors = errors.field_errors().expect("field errors");
    assert_eq!(status, 422);
    assert_eq!(errors.get("reason"), Some(Invalid::Required));
    assert_eq!(errors.get("cause"), Some(Invalid::NotInList));
    assert_eq!(errors.get("to"), Some(Invalid::EndsBeforeStart));
    let (starts, _) = window(&app, w.activity).await;
    let outside = Filing {
        from: format_local_input(starts - 5 * HOUR),
        to: format_local_input(starts - 3 * HOUR),
        ..Filing::first_hour(&app, w.activity).await
    };
    assert_eq!(file(&app, &w.person, &outside).await.1, Err(AppError::field("from", Invalid::MakeupOutsideSchedule)));

    // The first request goes in; a second while it waits is refused.
    let (status, id) = file(&app, &w.person, &f).await;
    assert_eq!(status, 200);
    let id = id.expect("filed");
    assert_eq!(file(&app, &w.person, &f).await, (409, Err(AppError::Refused(Refusal::MakeupAlreadyOpen))));
    assert_eq!(request_count(&app).await, 1);

    // The person's own list has it, waiting; their form now says why they cannot file again.
    let mine: Vec<MyMakeup> = app.call_as(&w.person, "records/my-makeups", &[]).await.unwrap();
    assert_eq!(
        mine.iter().map(|m| (m.id, m.status, m.has_photo)).collect::<Vec<_>>(),
        vec![(id, MakeupStatus::Pending, false)]
    );
    let form: MakeupForm =
        app.call_as(&w.person, "records/makeup-form", &[("activity_id", &w.activity.to_string())]).await.unwrap();
    assert_eq!((form.blocked, form.requests.len()), (Some(Refusal::MakeupAlreadyOpen), 1));
    // Someone unrelated learns nothing from the form.
    let stranger_form: Result<MakeupForm, AppError> =
        app.call_as(&stranger, "records/makeup-form", &[("activity_id", &w.activity.to_string())]).await;
    assert_eq!(stranger_form, Err(AppError::Refused(Refusal::MakeupNotConfirmed)));
}

#[tokio::test]
async fn photos_are_checked_by_their_bytes_stored_privately_and_shown_only_to_the_owner_and_staff() {
    let app = spawn_app().await;
    let w = world(&app, true).await;
    let base = Filing::first_hour(&app, w.activity).await;

    // A PDF renamed .jpg and declared as JPEG: refused by its first bytes.
    let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    let renamed =
        Filing { photo: Some(("现场.jpg", pdf, "image/jpeg")), ..Filing::first_hour(&app, w.activity).await };
    assert_eq!(file(&app, &w.person, &renamed).await, (422, Err(AppError::field("file", Invalid::FileType))));
    // An SVG (script inside an image) likewise.
    let svg = Filing {
        photo: Some((
            "a.png",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>1</script></svg>".to_vec(),
            "image/png",
        )),
        ..Filing::first_hour(&app, w.activity).await
    };
    assert_eq!(file(&app, &w.person, &svg).await.1, Err(AppError::field("file", Invalid::FileType)));
    assert_eq!((request_count(&app).await, stored_photos(&app).len()), (0, 0));

    // A real PNG under a misleading name goes in, stored under a random name, private.
    let png = Filing { photo: Some(("../../etc/passwd.gif", PNG.to_vec(), "image/gif")), ..base };
    let (status, id) = file(&app, &w.person, &png).await;
    assert_eq!(status, 200);
    let id = id.expect("filed with a photo");
    let stored = stored_photos(&app);
    assert_eq!(stored.len(), 1);
    assert!(stored[0].0.len() == 32 && stored[0].0.bytes().all(|b| b.is_ascii_hexdigit()), "{stored:?}");
    #[cfg(unix)]
    assert_eq!(stored[0].1, 0o600);
    let row = sqlx::query("SELECT photo_path, photo_type FROM makeup_requests WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        (row.get::<String, _>("photo_path"), row.get::<String, _>("photo_type")),
        (stored[0].0.clone(), "image/png".into())
    );

    // Staff of the activity's tree see it, with its type and nosniff; the view is audited.
    let seen = photo(&app, &w.staff_a, id).await;
    assert_eq!(seen.status(), 200);
    assert_eq!(seen.headers()["content-type"], "image/png");
    assert_eq!(seen.headers()["x-content-type-options"], "nosniff");
    assert_eq!(seen.bytes().await.unwrap().as_ref(), PNG);
    let audited: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'makeup_photo_viewed' AND subject_user_id = $1",
    )
    .bind(w.person_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
    .get("n");
    assert_eq!(audited, 1);
    // The owner sees their own.
    assert_eq!(photo(&app, &w.person, id).await.status(), 200);
    // Another volunteer, staff of another tree and nobody signed in do not.
    let refused = photo(&app, &w.other, id).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(common::decode::<()>(refused).await, Err(AppError::Forbidden));
    assert_eq!(photo(&app, &w.staff_b, id).await.status(), 403);
    assert_eq!(photo(&app, &app.new_client(), id).await.status(), 401);
    // A request without a photo has none to show; an unknown one is not found.
    let none_id = file(&app, &w.other, &Filing::first_hour(&app, w.activity).await).await.1.expect("filed");
    assert_eq!(photo(&app, &w.other, none_id).await.status(), 404);
    assert_eq!(photo(&app, &w.staff_a, 999_999).await.status(), 404);
}

#[tokio::test]
async fn a_photo_over_five_megabytes_is_refused_under_its_field() {
    // The server takes bodies up to 8 MiB, as deployed: the photo's own limit answers.
    let app = spawn_sized(test_policy(), 8 * 1024 * 1024).await;
    let w = world(&app, true).await;
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let f = Filing { photo: Some(("big.png", big, "image/png")), ..Filing::first_hour(&app, w.activity).await };
    assert_eq!(
        file(&app, &w.person, &f).await,
        (413, Err(AppError::field("file", Invalid::FileTooLarge { max_mb: 5 })))
    );
    // Exactly 5 MiB is accepted.
    let mut fits = PNG.to_vec();
    fits.resize(5 * 1024 * 1024, 0);
    let f = Filing { photo: Some(("fits.png", fits, "image/png")), ..Filing::first_hour(&app, w.activity).await };
    assert_eq!(file(&app, &w.person, &f).await.0, 200);
    assert_eq!((request_count(&app).await, stored_photos(&app).len()), (1, 1));
}

#[tokio::test]
async fn only_staff_of_the_activitys_tree_list_and_decide() {
    let app = spawn_app().await;
    let w = world(&app, true).await;
    let id = file(&app, &w.person, &Filing::first_hour(&app, w.activity).await).await.1.expect("filed");

    assert_eq!(queue(&app, &w.staff_b, w.activity).await, Err(AppError::Forbidden));
    assert_eq!(queue(&app, &w.person, w.activity).await, Err(AppError::Forbidden));
    assert_eq!(decide(&app, &w.staff_b, id, true, "").await, Err(AppError::Forbidden));
    assert_eq!(decide(&app, &w.person, id, true, "").await, Err(AppError::Forbidden));
    assert_eq!(decide(&app, &app.new_client(), id, true, "").await, Err(AppError::Unauthenticated));
    assert!(attendance_rows(&app, w.activity).await.is_empty());

    let listed = queue(&app, &w.staff_a, w.activity).await.expect("staff of the tree list");
    assert_eq!(listed.items.iter().map(|m| m.id).collect::<Vec<_>>(), vec![id]);
    // The mobile is masked.
    assert!(!listed.items[0].masked_mobile.contains(&PERSON[3..7]), "{:?}", listed.items[0].masked_mobile);
}

#[tokio::test]
async fn approval_writes_attendance_capped_to_the_schedule_and_tells_the_volunteer() {
    let app = spawn_app().await;
    let w = world(&app, true).await;
    let staff_id = user(&app, STAFF_A).await;
    let (starts, ends) = window(&app, w.activity).await;
    // The claim runs from two hours before the start to three after the end.
    let long = Filing {
        from: format_local_input(starts - 2 * HOUR),
        to: format_local_input(ends + 3 * HOUR),
        ..Filing::first_hour(&app, w.activity).await
    };
    let id = file(&app, &w.person, &long).await.1.expect("filed");
    decide(&app, &w.staff_a, id, true, "").await.expect("approved");

    // Written in the same step: the scheduled span (to the minute the form can say), by staff.
    let rows = attendance_rows(&app, w.activity).await;
    assert_eq!(rows.len(), 1);
    let (uid, in_method, in_at, out_method, out_at, recorded_by) = rows[0].clone();
    assert_eq!(
        (uid, in_method.as_str(), out_method.as_deref(), recorded_by),
        (w.person_id, "makeup", Some("makeup"), Some(staff_id))
    );
    assert_eq!((in_at, out_at), (starts, Some(ends)), "capped to starts_at..ends_at");

    // Decided once: a second decision is refused, nothing changes.
    assert_eq!(decide(&app, &w.staff_a, id, false, "重复").await, Err(AppError::Refused(Refusal::AlreadyDecided)));
    // The volunteer is told in the inbox and by a queued text message.
    let inbox: Vec<Notice> = app.call_as(&w.person, "inbox/list", &[]).await.unwrap();
    assert!(inbox.iter().any(|n| n.kind == kinds::MAKEUP_APPROVED && n.subject == "补签测试科普活动"), "{inbox:?}");
    let texts: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM sms_outbox WHERE to_mobile = $1 AND text LIKE '%补签申请已通过%'")
            .bind(PERSON)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("n");
    assert_eq!(texts, 1);
    let mine: Vec<MyMakeup> = app.call_as(&w.person, "records/my-makeups", &[]).await.unwrap();
    assert_eq!(mine[0].status, MakeupStatus::Approved);
    // With both ends recorded, there is nothing left to make up.
    let again = Filing::first_hour(&app, w.activity).await;
    assert_eq!(file(&app, &w.person, &again).await.1, Err(AppError::Refused(Refusal::MakeupAttendanceComplete)));
}

#[tokio::test]
async fn approval_fills_a_missing_check_out_and_rejection_needs_a_reason_and_writes_nothing() {
    let app = spawn_app().await;
    let w = world(&app, true).await;
    let (starts, ends) = window(&app, w.activity).await;
    let other_id = user(&app, OTHER).await;
    // `other` checked in (by QR) but never out.
    let now = now_us();
    sqlx::query(
        "INSERT INTO attendances (activity_id, user_id, in_method, in_at, in_received_at, created_at, updated_at)
         VALUES ($1, $2, 'qr', $3, $3, $3, $3)",
    )
    .bind(w.activity)
    .bind(other_id)
    .bind(starts + 10 * 60_000_000)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let f = Filing {
        cause: "operation",
        to: format_local_input(ends + HOUR),
        ..Filing::first_hour(&app, w.activity).await
    };
    let other_request = file(&app, &w.other, &f).await.1.expect("filed");
    let person_request = file(&app, &w.person, &Filing::first_hour(&app, w.activity).await).await.1.expect("filed");

    // Rejecting without a reason is refused and changes nothing.
    assert_eq!(
        decide(&app, &w.staff_a, person_request, false, "  ").await,
        Err(AppError::field("reason", Invalid::Required))
    );
    decide(&app, &w.staff_a, person_request, false, "当天签到名单中没有您").await.expect("rejected");
    let mine: Vec<MyMakeup> = app.call_as(&w.person, "records/my-makeups", &[]).await.unwrap();
    assert_eq!((mine[0].status, mine[0].decision_reason.as_str()), (MakeupStatus::Rejected, "当天签到名单中没有您"));
    let inbox: Vec<Notice> = app.call_as(&w.person, "inbox/list", &[]).await.unwrap();
    assert!(inbox.iter().any(|n| n.kind == kinds::MAKEUP_REJECTED && n.detail == "当天签到名单中没有您"), "{inbox:?}");

    // Approving `other`'s fills the check-out only, capped to the end; the QR check-in stays.
    decide(&app, &w.staff_a, other_request, true, "").await.expect("approved");
    let rows = attendance_rows(&app, w.activity).await;
    assert_eq!(rows.len(), 1, "the rejection wrote no attendance: {rows:?}");
    let (uid, in_method, in_at, out_method, out_at, _) = rows[0].clone();
    assert_eq!((uid, in_method.as_str(), in_at), (other_id, "qr", starts + 10 * 60_000_000));
    assert_eq!((out_method.as_deref(), out_at), (Some("makeup"), Some(ends)));
    let _ = now;

    // After a rejection the person may file again.
    assert!(file(&app, &w.person, &Filing::first_hour(&app, w.activity).await).await.1.is_ok());
}

/// Without JavaScript the form posts itself; the answer is a 303 back to the page, a refusal
/// riding along in the address.
#[tokio::test]
async fn without_javascript_the_form_post_answers_303_back_to_the_page() {
    use reqwest::header::{ACCEPT, LOCATION, REFERER};
    let app = spawn_app().await;
    let w = world(&app, true).await;
    let page = format!("{}/activities/{}/makeup", app.base, w.activity);
    let f = Filing::first_hour(&app, w.activity).await;
    let post = |reason: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("activity_id", w.activity.to_string())
            .text("cause", "location")
            .text("reason", reason)
            .text("from", f.from.clone())
            .text("to", f.to.clone())
            .part("file", reqwest::multipart::Part::bytes(Vec::new()).file_name(""));
        w.person
            .post(format!("{}/api/records/makeup-file", app.base))
            .header(ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .header(REFERER, page.clone())
            .multipart(form)
            .send()
    };
    let refused = post("").await.unwrap();
    assert_eq!(refused.status(), 303);
    let location = refused.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.contains(&format!("/activities/{}/makeup", w.activity)) && location.contains("__err="),
        "{location}"
    );
    let done = post("定位失败").await.unwrap();
    assert_eq!(done.status(), 303);
    let location = done.headers()[LOCATION].to_str().unwrap().to_owned();
    // (leptos may leave an empty `?` behind when it strips an earlier refusal: the same page)
    let url = reqwest::Url::parse(&location).expect("a Location");
    assert_eq!((url.path(), url.query().unwrap_or("")), (format!("/activities/{}/makeup", w.activity).as_str(), ""));
    assert_eq!(request_count(&app).await, 1);
}
