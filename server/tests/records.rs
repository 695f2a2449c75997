//! F-31 and F-33 over real HTTP on both engines: closing an ended activity writes its service
//! record and hours lines (rounded down, capped by the window, no check-out credited to the end
//! and flagged, across midnight), counts no-shows and happens once; staff approve, decline and
//! correct lines with reasons, every change a version; corps coefficients weight the hours; the
//! make-up recount contract; the overdue list; and everyone outside the activity's tree refused.
use crate::common;

use app::accounts::model::OrgRole;
use app::activities::model::ActivityInput;
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::records::closing::{Overdue, RecordsView};
use app::records::mine::HoursOverview;
use app::records::versions::Version;
use app::records::weights::WeightList;
use app::validation::Invalid;
use common::orgs::{approved, staff};
use common::{spawn_app, user, volunteer, TestApp};
use serde_json::json;
use sqlx::Row;

const STAFF_A: &str = "13822220001";
const CORPS_ADMIN: &str = "13822220003";
const OUTSIDER: &str = "13822220002";
const P1: &str = "13900000001";
const P2: &str = "13900000002";
const P3: &str = "13900000003";
const P4: &str = "13900000004";
const MIN: i64 = 60_000_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

struct World {
    corps: i64,
    team: i64,
    other_corps: i64,
    staff: reqwest::Client,
    corps_admin: reqwest::Client,
    outsider: reqwest::Client,
}

/// Corps A → team (staff: STAFF_A; the corps' admin: CORPS_ADMIN); corps B, whose admin is the outsider.
async fn world(app: &TestApp) -> World {
    let corps = approved(app, "江苏省科技志愿服务总队", None).await;
    let team = approved(app, "常州市科技志愿服务队", Some(corps)).await;
    let other_corps = approved(app, "浙江省科技志愿服务总队", None).await;
    staff(app, team, STAFF_A, OrgRole::Staff).await;
    staff(app, corps, CORPS_ADMIN, OrgRole::Admin).await;
    staff(app, other_corps, OUTSIDER, OrgRole::Admin).await;
    World {
        corps,
        team,
        other_corps,
        staff: app.person(STAFF_A).await,
        corps_admin: app.person(CORPS_ADMIN).await,
        outsider: app.person(OUTSIDER).await,
    }
}

/// A published activity of `org` moved to `starts_at..ends_at` (the past, usually).
async fn activity_at(app: &TestApp, w: &World, org: i64, starts_at: i64, ends_at: i64) -> i64 {
    let input = ActivityInput {
        starts_at: app::activities::model::format_local_input(now_us() + 2 * DAY),
        ends_at: app::activities::model::format_local_input(now_us() + 2 * DAY + 2 * HOUR),
        ..ActivityInput::sample(org)
    };
    let id: i64 = app
        .call_json_as(&w.staff, "activities/save", json!({ "id": null, "input": input, "publish": true }))
        .await
        .expect("published");
    sqlx::query("UPDATE activities SET starts_at = $1, ends_at = $2, signup_opens_at = $3, signup_closes_at = $3, cancel_deadline_at = $3 WHERE id = $4")
        .bind(starts_at)
        .bind(ends_at)
        .bind(starts_at - DAY)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    id
}

async fn confirm(app: &TestApp, activity: i64, person: i64) {
    sqlx::query(
        "INSERT INTO signups (activity_id, user_id, status, queued_at, created_at, updated_at) VALUES ($1, $2, 'confirmed', $3, $3, $3)",
    )
    .bind(activity)
    .bind(person)
    .bind(now_us())
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// An attendance row as the check-in code writes it.
async fn attend(app: &TestApp, activity: i64, person: i64, in_at: i64, out_at: Option<i64>, method: &str) -> i64 {
    let out_method = out_at.map(|_| "qr");
    sqlx::query_scalar(
        "INSERT INTO attendances (activity_id, user_id, in_method, in_at, in_received_at, out_method, out_at, out_received_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4, $5, $6, $6, $4, $4) RETURNING id",
    )
    .bind(activity)
    .bind(person)
    .bind(method)
    .bind(in_at)
    .bind(out_method)
    .bind(out_at)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn close(app: &TestApp, client: &reqwest::Client, activity: i64) -> Result<(), AppError> {
    let id = activity.to_string();
    app.call_as(
        client,
        "records/close",
        &[
            ("activity_id", id.as_str()),
            ("quality_score", "4"),
            ("quality_note", "准备充分"),
            ("leader_name", "王队长"),
            ("summary", "顺利完成"),
        ],
    )
    .await
}

async fn view(app: &TestApp, client: &reqwest::Client, activity: i64) -> Result<RecordsView, AppError> {
    app.call_as(client, "records/activity", &[("activity_id", &activity.to_string())]).await
}

fn line_of(v: &RecordsView, person: i64) -> &app::records::hours::HoursLine {
    v.lines.iter().find(|l| l.user_id == person).expect("line for person")
}

#[tokio::test]
async fn everyone_outside_the_tree_is_refused_every_action() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let volunteer_client = volunteer(&app, P1, "19900101", true).await;
    let p1 = user(&app, P1).await;
    let start = now_us() - 3 * HOUR;
    let a = activity_at(&app, &w, w.team, start, start + 2 * HOUR).await;
    attend(&app, a, p1, start, Some(start + HOUR), "qr").await;
    let weight: i64 = app
        .call_as(
            &w.corps_admin,
            "records/add-weight",
            &[("org_id", &w.corps.to_string()), ("condition", "climate"), ("label", "高温"), ("factor", "1.25")],
        )
        .await
        .expect("corps admin adds");

    // Before closing: the stranger and the volunteer can neither close nor look nor choose weights.
    let id = a.to_string();
    let wid = weight.to_string();
    for client in [&w.outsider, &volunteer_client] {
        assert_eq!(close(&app, client, a).await, Err(AppError::Forbidden));
        assert_eq!(view(&app, client, a).await, Err(AppError::Forbidden));
        let r: Result<(), _> = app
            .call_as(client, "records/set-weight", &[("activity_id", &id), ("weight_id", &wid), ("on", "true")])
            .await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<Vec<Overdue>, _> =
            app.call_as(client, "records/overdue", &[("org_id", &w.team.to_string())]).await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<WeightList, _> = app.call_as(client, "records/weights", &[("org_id", &w.team.to_string())]).await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<i64, _> = app
            .call_as(
                client,
                "records/add-weight",
                &[("org_id", &w.corps.to_string()), ("condition", "climate"), ("label", "x"), ("factor", "1.5")],
            )
            .await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<(), _> = app.call_as(client, "records/retire-weight", &[("weight_id", &wid)]).await;
        assert_eq!(r, Err(AppError::Forbidden));
    }
    // Anonymous callers are asked to sign in.
    assert_eq!(close(&app, &app.new_client(), a).await, Err(AppError::Unauthenticated));

    close(&app, &w.staff, a).await.expect("staff close");
    let line = line_of(&view(&app, &w.staff, a).await.unwrap(), p1).id.to_string();
    for client in [&w.outsider, &volunteer_client] {
        let r: Result<(), _> = app
            .call_as(client, "records/decide-hours", &[("hours_id", &line), ("approve", "true"), ("reason", "")])
            .await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<(), _> = app
            .call_as(client, "records/decide-hours", &[("hours_id", &line), ("approve", "false"), ("reason", "不实")])
            .await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<(), _> = app
            .call_as(client, "records/correct-hours", &[("hours_id", &line), ("minutes", "30"), ("reason", "更正")])
            .await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<i64, _> = app.call_as(client, "records/approve-all", &[("activity_id", &id)]).await;
        assert_eq!(r, Err(AppError::Forbidden));
        let r: Result<(), _> = app
            .call_as(
                client,
                "records/edit",
                &[
                    ("activity_id", &id),
                    ("quality_score", "1"),
                    ("quality_note", ""),
                    ("leader_name", "某人"),
                    ("summary", ""),
                    ("reason", "改"),
                ],
            )
            .await;
        assert_eq!(r, Err(AppError::Forbidden));
        assert_eq!(view(&app, client, a).await, Err(AppError::Forbidden));
    }
    // The stranger cannot read the line's history; the person it credits can.
    let r: Result<Vec<Version>, _> = app.call_as(&w.outsider, "records/hours-history", &[("hours_id", &line)]).await;
    assert_eq!(r, Err(AppError::Forbidden));
    let own: Vec<Version> =
        app.call_as(&volunteer_client, "records/hours-history", &[("hours_id", &line)]).await.unwrap();
    assert_eq!(own.len(), 1);
    // Nothing changed: the line is still pending, version 1.
    let v = view(&app, &w.staff, a).await.unwrap();
    assert_eq!((line_of(&v, p1).status.as_str(), line_of(&v, p1).version), ("pending", 1));
}

#[tokio::test]
async fn closing_computes_hours_and_counts_no_shows_once() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let p4_client = volunteer(&app, P4, "19900101", true).await;
    let (p1, p2, p3, p4) = (user(&app, P1).await, user(&app, P2).await, user(&app, P3).await, user(&app, P4).await);
    let start = now_us() - 3 * HOUR;
    let end = start + 2 * HOUR;
    let a = activity_at(&app, &w, w.team, start, end).await;
    for p in [p1, p2, p3, p4] {
        confirm(&app, a, p).await;
    }
    // 1 h 52 min from 5 min past the start: rounded down to quarter hours, 1 h 45 min.
    attend(&app, a, p1, start + 5 * MIN, Some(start + 117 * MIN), "qr").await;
    // Early and late: capped by the window, 2 h.
    attend(&app, a, p2, start - HOUR, Some(end + HOUR), "position").await;
    // Never checked out: credited up to the scheduled end and flagged.
    attend(&app, a, p3, start + 30 * MIN, None, "qr").await;

    close(&app, &w.staff, a).await.expect("closed");
    let v = view(&app, &w.staff, a).await.unwrap();
    assert_eq!(v.lines.len(), 3);
    let l1 = line_of(&v, p1);
    assert_eq!((l1.raw_minutes, l1.weighted_minutes, l1.no_checkout, l1.status.as_str()), (105, 105, false, "pending"));
    assert_eq!(l1.from_at, start + 5 * MIN);
    let l2 = line_of(&v, p2);
    assert_eq!((l2.from_at, l2.to_at, l2.raw_minutes), (start, end, 120));
    let l3 = line_of(&v, p3);
    assert_eq!((l3.to_at, l3.raw_minutes, l3.no_checkout), (end, 90, true));
    // The record: every CVST 3 §6.3 field, the first version written.
    let record = v.record.clone().expect("record");
    assert_eq!(record.activity_title, ActivityInput::sample(w.team).title);
    assert_eq!((record.starts_at, record.ends_at), (start, end));
    assert!(!record.place.is_empty());
    assert_eq!(record.service_objects, "public");
    assert!(!record.content.is_empty());
    assert_eq!(record.quality_score, Some(4));
    assert_eq!(record.leader_name, "王队长");
    assert_eq!(record.raw_minutes, 105 + 120 + 90);
    assert_eq!(record.history.len(), 1);
    assert!(l1.history.len() == 1 && l1.history[0].raw_minutes == 105);
    // The confirmed sign-up without attendance is a no-show, counted for staff and the person.
    assert_eq!(v.no_shows.len(), 1);
    let no: String = sqlx::query_scalar("SELECT volunteer_no FROM users WHERE id = $1")
        .bind(p4)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let seen: HoursOverview = app.call_as(&w.staff, "records/volunteer-hours", &[("volunteer_no", &no)]).await.unwrap();
    assert_eq!(seen.no_shows, 1);
    let own: HoursOverview = app.call_as(&p4_client, "records/my-hours", &[]).await.unwrap();
    assert_eq!(own.no_shows, 1);
    let r: Result<HoursOverview, _> =
        app.call_as(&w.outsider, "records/volunteer-hours", &[("volunteer_no", &no)]).await;
    assert_eq!(r, Err(AppError::Forbidden));

    // Closing twice is refused and changes nothing.
    assert_eq!(close(&app, &w.staff, a).await, Err(AppError::Refused(Refusal::RecordExists)));
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_records WHERE activity_id = $1")
        .bind(a)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(records, 1);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'close_activity'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // Approving all pending lines at once.
    let n: i64 = app.call_as(&w.staff, "records/approve-all", &[("activity_id", &a.to_string())]).await.unwrap();
    assert_eq!(n, 3);
    let v = view(&app, &w.staff, a).await.unwrap();
    assert!(v.lines.iter().all(|l| l.status == "approved" && l.version == 2));
}

#[tokio::test]
async fn closing_before_the_end_or_a_cancelled_activity_is_refused() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let start = now_us() - HOUR;
    let running = activity_at(&app, &w, w.team, start, start + 2 * HOUR).await;
    assert_eq!(close(&app, &w.staff, running).await, Err(AppError::Refused(Refusal::ActivityNotEnded)));
    let cancelled = activity_at(&app, &w, w.team, start - DAY, start - DAY + HOUR).await;
    sqlx::query("UPDATE activities SET status = 'cancelled' WHERE id = $1")
        .bind(cancelled)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(close(&app, &w.staff, cancelled).await, Err(AppError::Refused(Refusal::ActivityClosed)));
    // Missing or out-of-range fields are refused by field.
    let ended = activity_at(&app, &w, w.team, start - 3 * HOUR, start - 2 * HOUR).await;
    let r: Result<(), _> = app
        .call_as(
            &w.staff,
            "records/close",
            &[
                ("activity_id", &ended.to_string()),
                ("quality_score", "9"),
                ("quality_note", ""),
                ("leader_name", " "),
                ("summary", ""),
            ],
        )
        .await;
    let errors = r.unwrap_err();
    let errors = errors.field_errors().expect("field errors");
    assert_eq!(errors.get("quality_score"), Some(Invalid::NumberRange { min: 1, max: 5 }));
    assert_eq!(errors.get("leader_name"), Some(Invalid::Required));
    let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_records").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(made, 0);
}

#[tokio::test]
async fn an_activity_crossing_midnight_is_credited_across_it() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let p1 = user(&app, P1).await;
    // 2026-11-25 22:00 – 2026-11-26 01:00 in Asia/Shanghai (UTC+8): 14:00 – 17:00 UTC.
    let start = 1_795_615_200_000_000; // 2026-11-25T14:00:00Z
    assert_eq!(app::clock::local(start).unwrap().format("%H:%M").to_string(), "22:00");
    let end = start + 3 * HOUR;
    let a = activity_at(&app, &w, w.team, start, end).await;
    // In at 21:50, out at 00:40: 22:00 – 00:40, 160 min, 150 in quarter hours.
    attend(&app, a, p1, start - 10 * MIN, Some(start + 160 * MIN), "qr").await;
    close(&app, &w.staff, a).await.expect("closed");
    let v = view(&app, &w.staff, a).await.unwrap();
    let l = line_of(&v, p1);
    assert_eq!((l.from_at, l.to_at, l.raw_minutes), (start, start + 160 * MIN, 150));
    assert_eq!(app::records::hours::hours_text(l.raw_minutes), "2.5 小时");
}

#[tokio::test]
async fn decline_keeps_the_line_and_correction_is_a_new_version() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let person = volunteer(&app, P1, "19900101", true).await;
    let p1 = user(&app, P1).await;
    let p2 = user(&app, P2).await;
    let start = now_us() - 3 * HOUR;
    let a = activity_at(&app, &w, w.team, start, start + 2 * HOUR).await;
    attend(&app, a, p1, start, Some(start + HOUR), "qr").await;
    attend(&app, a, p2, start, Some(start + HOUR), "qr").await;
    close(&app, &w.staff, a).await.unwrap();
    let v = view(&app, &w.staff, a).await.unwrap();
    let (l1, l2) = (line_of(&v, p1).id.to_string(), line_of(&v, p2).id.to_string());

    // Declining needs a reason.
    let r: Result<(), _> = app
        .call_as(&w.staff, "records/decide-hours", &[("hours_id", &l2), ("approve", "false"), ("reason", " ")])
        .await;
    assert_eq!(r, Err(AppError::field("reason", Invalid::Required)));
    app.call_as::<()>(
        &w.staff,
        "records/decide-hours",
        &[("hours_id", &l2), ("approve", "false"), ("reason", "未实际参与")],
    )
    .await
    .unwrap();
    let r: Result<(), _> = app
        .call_as(&w.staff, "records/decide-hours", &[("hours_id", &l2), ("approve", "false"), ("reason", "再次")])
        .await;
    assert_eq!(r, Err(AppError::Refused(Refusal::AlreadyDecided)));
    let v = view(&app, &w.staff, a).await.unwrap();
    let declined = line_of(&v, p2);
    assert_eq!(
        (declined.status.as_str(), declined.note.as_str(), declined.raw_minutes),
        ("declined", "未实际参与", 60)
    );
    assert_eq!(v.record.as_ref().unwrap().raw_minutes, 60, "declined lines count nothing");

    // Correction: needs a reason, stays within the window, makes version 2.
    let r: Result<(), _> =
        app.call_as(&w.staff, "records/correct-hours", &[("hours_id", &l1), ("minutes", "90"), ("reason", "")]).await;
    assert_eq!(r, Err(AppError::field("reason", Invalid::Required)));
    let r: Result<(), _> = app
        .call_as(&w.staff, "records/correct-hours", &[("hours_id", &l1), ("minutes", "121"), ("reason", "多算")])
        .await;
    assert_eq!(r, Err(AppError::field("minutes", Invalid::NumberRange { min: 0, max: 120 })));
    app.call_as::<()>(
        &w.staff,
        "records/correct-hours",
        &[("hours_id", &l1), ("minutes", "90"), ("reason", "签退扫码失败，按现场登记更正")],
    )
    .await
    .unwrap();
    let v = view(&app, &w.staff, a).await.unwrap();
    let l = line_of(&v, p1);
    assert_eq!((l.raw_minutes, l.weighted_minutes, l.version), (90, 90, 2));
    assert_eq!(l.history.len(), 2);
    assert_eq!((l.history[0].version, l.history[0].raw_minutes), (1, 60));
    assert_eq!((l.history[1].version, l.history[1].raw_minutes), (2, 90));
    assert_eq!(l.history[1].reason, "签退扫码失败，按现场登记更正");
    // The person sees the same history.
    let own: Vec<Version> = app.call_as(&person, "records/hours-history", &[("hours_id", &l1)]).await.unwrap();
    assert_eq!(own, l.history);
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM record_versions WHERE subject = 'hours' AND subject_id = $1")
            .bind(l.id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, 2);

    // Editing the record needs a reason and makes its version 2.
    let id = a.to_string();
    let edit = |reason: &'static str| {
        let id = id.clone();
        let app = &app;
        let staff = &w.staff;
        async move {
            app.call_as::<()>(
                staff,
                "records/edit",
                &[
                    ("activity_id", &id),
                    ("quality_score", "5"),
                    ("quality_note", "好评"),
                    ("leader_name", "李负责人"),
                    ("summary", "总结"),
                    ("reason", reason),
                ],
            )
            .await
        }
    };
    assert_eq!(edit("").await, Err(AppError::field("reason", Invalid::Required)));
    edit("负责人姓名写错").await.unwrap();
    let record = view(&app, &w.staff, a).await.unwrap().record.unwrap();
    assert_eq!((record.version, record.leader_name.as_str(), record.quality_score), (2, "李负责人", Some(5)));
    assert_eq!(record.history.len(), 2);
    assert_eq!(record.history[1].reason, "负责人姓名写错");
}

#[tokio::test]
async fn corps_coefficients_weight_the_hours() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let p1 = user(&app, P1).await;
    let add = |client: &reqwest::Client, org: i64, label: &'static str, factor: &'static str| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call_as::<i64>(
                &client,
                "records/add-weight",
                &[("org_id", &org.to_string()), ("condition", "distance"), ("label", label), ("factor", factor)],
            )
            .await
        }
    };
    // Only the corps' admins set coefficients; team staff, and the corps of another tree for this one, may not.
    assert_eq!(add(&w.staff, w.corps, "偏远", "1.5").await, Err(AppError::Forbidden));
    assert_eq!(add(&w.staff, w.team, "偏远", "1.5").await, Err(AppError::Forbidden));
    assert_eq!(add(&w.outsider, w.corps, "偏远", "1.5").await, Err(AppError::Forbidden));
    assert!(matches!(add(&w.corps_admin, w.corps, "偏远", "5").await, Err(AppError::Invalid(_))));
    let far = add(&w.corps_admin, w.corps, "偏远山区", "1.25").await.unwrap();
    let hot = add(&w.corps_admin, w.corps, "高温", "1.2").await.unwrap();
    let retired = add(&w.corps_admin, w.corps, "旧系数", "2").await.unwrap();
    app.call_as::<()>(&w.corps_admin, "records/retire-weight", &[("weight_id", &retired.to_string())]).await.unwrap();
    let foreign = add(&w.outsider, w.other_corps, "海岛", "1.5").await.unwrap();
    let list: WeightList = app.call_as(&w.staff, "records/weights", &[("org_id", &w.team.to_string())]).await.unwrap();
    assert_eq!(list.corps_id, w.corps);
    assert!(!list.can_edit);
    assert_eq!(list.weights.len(), 3);

    let start = now_us() - 3 * HOUR;
    let a = activity_at(&app, &w, w.team, start, start + 2 * HOUR).await;
    let set = |weight: i64, on: bool| {
        let app = &app;
        let staff = w.staff.clone();
        async move {
            app.call_as::<()>(
                &staff,
                "records/set-weight",
                &[
                    ("activity_id", &a.to_string()),
                    ("weight_id", &weight.to_string()),
                    ("on", if on { "true" } else { "false" }),
                ],
            )
            .await
        }
    };
    // Another corps' coefficient, or a retired one, cannot be chosen.
    assert_eq!(set(foreign, true).await, Err(AppError::field("weight_id", Invalid::NotInList)));
    assert_eq!(set(retired, true).await, Err(AppError::field("weight_id", Invalid::NotInList)));
    set(far, true).await.unwrap();
    set(hot, true).await.unwrap();
    set(hot, true).await.unwrap();
    let v = view(&app, &w.staff, a).await.unwrap();
    assert_eq!(v.weights.iter().filter(|c| c.chosen).count(), 2);
    attend(&app, a, p1, start, Some(start + 2 * HOUR), "qr").await;
    close(&app, &w.staff, a).await.unwrap();
    let v = view(&app, &w.staff, a).await.unwrap();
    let l = line_of(&v, p1);
    // 1.25 × 1.2 = 1.5: 120 raw minutes weigh 180, both kept.
    assert_eq!((l.raw_minutes, l.weight_milli, l.weighted_minutes), (120, 1500, 180));
    // After closing the choice is fixed.
    assert_eq!(set(far, false).await, Err(AppError::Refused(Refusal::RecordExists)));
    // A correction keeps the coefficient.
    app.call_as::<()>(
        &w.staff,
        "records/correct-hours",
        &[("hours_id", &l.id.to_string()), ("minutes", "60"), ("reason", "早退")],
    )
    .await
    .unwrap();
    let l = line_of(&view(&app, &w.staff, a).await.unwrap(), p1).clone();
    assert_eq!((l.raw_minutes, l.weighted_minutes), (60, 90));
}

#[tokio::test]
async fn recount_picks_up_an_attendance_after_closing() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let (p1, p2) = (user(&app, P1).await, user(&app, P2).await);
    let actor = user(&app, STAFF_A).await;
    let policy = app::state::AttendancePolicy::default();
    let start = now_us() - 3 * HOUR;
    let a = activity_at(&app, &w, w.team, start, start + 2 * HOUR).await;
    confirm(&app, a, p1).await;
    confirm(&app, a, p2).await;
    attend(&app, a, p2, start, Some(start + HOUR), "qr").await;

    // Not closed: recount does nothing.
    let mut conn = app.db.pool.acquire().await.unwrap();
    app::records::hours::recount(&mut conn, a, p2, actor, "补签通过", &policy).await.unwrap();
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM service_hours").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(lines, 0);

    close(&app, &w.staff, a).await.unwrap();
    let v = view(&app, &w.staff, a).await.unwrap();
    assert_eq!(v.no_shows.len(), 1);
    // A make-up approved later: the attendance row appears, recount makes the line.
    let att = attend(&app, a, p1, start + 10 * MIN, Some(start + 100 * MIN), "makeup").await;
    app::records::hours::recount(&mut conn, a, p1, actor, "补签通过", &policy).await.unwrap();
    let v = view(&app, &w.staff, a).await.unwrap();
    let l = line_of(&v, p1);
    assert_eq!((l.raw_minutes, l.from_makeup, l.status.as_str(), l.version), (90, true, "pending", 1));
    assert_eq!(l.history[0].reason, "补签通过");
    assert!(v.no_shows.is_empty(), "no longer a no-show");
    // Approve it, then the attendance changes: a recount is a new pending version.
    app.call_as::<()>(
        &w.staff,
        "records/decide-hours",
        &[("hours_id", &l.id.to_string()), ("approve", "true"), ("reason", "")],
    )
    .await
    .unwrap();
    sqlx::query("UPDATE attendances SET out_at = $1 WHERE id = $2")
        .bind(start + 2 * HOUR)
        .bind(att)
        .execute(&app.db.pool)
        .await
        .unwrap();
    app::records::hours::recount(&mut conn, a, p1, actor, "补签签退更正", &policy).await.unwrap();
    let v = view(&app, &w.staff, a).await.unwrap();
    let l = line_of(&v, p1);
    // 110 minutes, in quarter hours 105.
    assert_eq!((l.raw_minutes, l.status.as_str(), l.version), (105, "pending", 3));
    assert_eq!(l.history.iter().map(|h| h.reason.as_str()).collect::<Vec<_>>(), ["补签通过", "", "补签签退更正"]);
    let p1_signup: i64 = sqlx::query("SELECT no_show FROM signups WHERE activity_id = $1 AND user_id = $2")
        .bind(a)
        .bind(p1)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .try_get("no_show")
        .unwrap();
    assert_eq!(p1_signup, 0);
}

#[tokio::test]
async fn overdue_lists_ended_activities_without_a_record() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let now = now_us();
    let old = activity_at(&app, &w, w.team, now - 9 * DAY, now - 9 * DAY + HOUR).await;
    let _recent = activity_at(&app, &w, w.team, now - 2 * DAY, now - 2 * DAY + HOUR).await;
    let list: Vec<Overdue> =
        app.call_as(&w.staff, "records/overdue", &[("org_id", &w.team.to_string())]).await.unwrap();
    assert_eq!(list.iter().map(|o| o.activity_id).collect::<Vec<_>>(), [old]);
    // The corps above sees it too; the other tree does not reach it.
    let list: Vec<Overdue> =
        app.call_as(&w.corps_admin, "records/overdue", &[("org_id", &w.corps.to_string())]).await.unwrap();
    assert_eq!(list.len(), 1);
    let list: Vec<Overdue> =
        app.call_as(&w.outsider, "records/overdue", &[("org_id", &w.other_corps.to_string())]).await.unwrap();
    assert!(list.is_empty());
    close(&app, &w.staff, old).await.unwrap();
    let list: Vec<Overdue> =
        app.call_as(&w.staff, "records/overdue", &[("org_id", &w.team.to_string())]).await.unwrap();
    assert!(list.is_empty());
}

/// Rule 5 seen by people: the volunteer sees every version of their hours lines and their
/// no-shows; staff who manage them see the same for their own subtree's activities only.
#[tokio::test]
async fn a_person_and_their_staff_see_the_hours_history_and_no_shows() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let p1_client = volunteer(&app, P1, "19900101", true).await;
    let (p1, p4) = (user(&app, P1).await, user(&app, P4).await);
    for p in [p1, p4] {
        sqlx::query(
            "INSERT INTO memberships (org_id, user_id, status, source, requested_at, joined_at, updated_at)
             VALUES ($1, $2, 'active', 'apply', $3, $3, $3)",
        )
        .bind(w.team)
        .bind(p)
        .bind(now_us())
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    let start = now_us() - 3 * HOUR;
    let a = activity_at(&app, &w, w.team, start, start + 2 * HOUR).await;
    confirm(&app, a, p1).await;
    confirm(&app, a, p4).await;
    attend(&app, a, p1, start, Some(start + 2 * HOUR), "qr").await;
    close(&app, &w.staff, a).await.expect("closed");
    let line = line_of(&view(&app, &w.staff, a).await.unwrap(), p1).id.to_string();
    let corrected: Result<(), _> = app
        .call_as(&w.staff, "records/correct-hours", &[("hours_id", &line), ("minutes", "90"), ("reason", "提前离场")])
        .await;
    corrected.expect("corrected");
    // An activity of another tree that p1 also served: theirs to see, not this staff member's.
    let b = activity_at(&app, &w, w.team, start, start + HOUR).await;
    sqlx::query("UPDATE activities SET org_id = $1 WHERE id = $2")
        .bind(w.other_corps)
        .bind(b)
        .execute(&app.db.pool)
        .await
        .unwrap();
    confirm(&app, b, p1).await;
    attend(&app, b, p1, start, Some(start + HOUR), "qr").await;
    close(&app, &w.outsider, b).await.expect("closed by its own tree");

    let own: HoursOverview = app.call_as(&p1_client, "records/my-hours", &[]).await.unwrap();
    assert_eq!(own.lines.len(), 2);
    let corrected = own.lines.iter().find(|l| l.activity_id == a).expect("line of a");
    assert_eq!((corrected.raw_minutes, corrected.history.len()), (90, 2));
    assert_eq!((corrected.history[0].raw_minutes, corrected.history[1].reason.as_str()), (120, "提前离场"));
    assert_eq!(own.no_shows, 0);
    // The same through the card's link, for the person themself.
    let own_no: String = sqlx::query_scalar("SELECT volunteer_no FROM users WHERE id = $1")
        .bind(p1)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let via_card: HoursOverview =
        app.call_as(&p1_client, "records/volunteer-hours", &[("volunteer_no", &own_no)]).await.unwrap();
    assert_eq!(via_card.lines.len(), 2);

    let seen: HoursOverview =
        app.call_as(&w.staff, "records/volunteer-hours", &[("volunteer_no", &own_no)]).await.unwrap();
    assert_eq!(seen.lines.iter().map(|l| l.activity_id).collect::<Vec<_>>(), vec![a], "only the staff's subtree");
    assert_eq!(seen.lines[0].history.len(), 2);
    assert!(seen.certificates.is_empty());
    let p4_no: String = sqlx::query_scalar("SELECT volunteer_no FROM users WHERE id = $1")
        .bind(p4)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let absent: HoursOverview =
        app.call_as(&w.staff, "records/volunteer-hours", &[("volunteer_no", &p4_no)]).await.unwrap();
    assert_eq!((absent.no_shows, absent.lines.len()), (1, 0));
    // Staff of another tree manage neither person; an unknown number is not found.
    let r: Result<HoursOverview, _> =
        app.call_as(&w.outsider, "records/volunteer-hours", &[("volunteer_no", &p4_no)]).await;
    assert_eq!(r, Err(AppError::Forbidden));
    let r: Result<HoursOverview, _> = app.call_as(&w.staff, "records/volunteer-hours", &[("volunteer_no", "V0")]).await;
    assert_eq!(r, Err(AppError::NotFound));
}
