//! Certificates (F-34) and "my hours": downloads count only the signed-in person's approved
//! hours, codes cannot be forged, and a revoked or corrected record shows as such to anyone who
//! checks, on the page and through the public API.
use crate::common;

use app::accounts::model::OrgRole;
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::records::certificates::model::{CertificateFacts, CertificateStatus, Scope};
use app::records::mine::HoursOverview;
use common::orgs::{approved, staff};
use common::{decode, spawn_app, user, volunteer, TestApp};

const DAY: i64 = 86_400_000_000;
const A: &str = "13800000001";
const B: &str = "13800000002";
/// The name `volunteer()` gives A (志愿者 + the last two digits in words).
const A_NAME: &str = "志愿者零一";

/// A closed activity of `org` that started `days_ago` days ago, with its service record.
async fn record(app: &TestApp, org: i64, title: &str, days_ago: i64) -> (i64, i64) {
    let starts = now_us() - days_ago * DAY;
    let recorder = user(app, "13900000009").await;
    let activity: i64 = sqlx::query_scalar(
        "INSERT INTO activities (org_id, status, title, category, content_form, mode, service_objects, content,
             province, city, county, starts_at, ends_at, signup_opens_at, signup_closes_at, cancel_deadline_at,
             capacity, contact_name, contact_phone, created_at, updated_at, closed_at)
         VALUES ($1, 'published', $2, 'tech_training', 'lecture', 'offline', '公众', '科普讲座', '32', '3204',
             '320412', $3, $4, $5, $5, $5, 10, '王老师', '13900000000', $5, $5, $4)
         RETURNING id",
    )
    .bind(org)
    .bind(title)
    .bind(starts)
    .bind(starts + 3 * 3_600_000_000)
    .bind(starts - DAY)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let record: i64 = sqlx::query_scalar(
        "INSERT INTO service_records (activity_id, org_id, activity_title, starts_at, ends_at, place,
             service_objects, content, recorder_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, '常州市科技馆', '公众', '科普讲座', $6, $4, $4)
         RETURNING id",
    )
    .bind(activity)
    .bind(org)
    .bind(title)
    .bind(starts)
    .bind(starts + 3 * 3_600_000_000)
    .bind(recorder)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    (activity, record)
}

/// One person's hours line for an activity.
async fn hours(
    app: &TestApp,
    (activity, record): (i64, i64),
    org: i64,
    mobile: &str,
    minutes: i64,
    status: &str,
) -> i64 {
    let uid = user(app, mobile).await;
    let at: i64 = sqlx::query_scalar("SELECT starts_at FROM service_records WHERE id = $1")
        .bind(record)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    sqlx::query_scalar(
        "INSERT INTO service_hours (record_id, activity_id, org_id, user_id, from_at, to_at, raw_minutes,
             weight_milli, weighted_minutes, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1500, $8, $9, $5, $5)
         RETURNING id",
    )
    .bind(record)
    .bind(activity)
    .bind(org)
    .bind(uid)
    .bind(at)
    .bind(at + minutes * 60_000_000)
    .bind(minutes)
    .bind(minutes * 3 / 2)
    .bind(status)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

struct World {
    team: i64,
    other: i64,
    first: (i64, i64),
    second: (i64, i64),
    first_line: i64,
}

/// A has 120 + 90 approved minutes in the team (3.5 h, 5.25 h weighted), 60 pending and 45
/// declined; B has 30 approved minutes in another organisation.
async fn world(app: &TestApp) -> World {
    let team = approved(app, "常州市科技志愿服务队", None).await;
    let other = approved(app, "无锡市科技志愿服务队", None).await;
    let first = record(app, team, "青少年科普讲座", 20).await;
    let second = record(app, team, "社区无人机体验", 10).await;
    let third = record(app, team, "科技馆讲解", 5).await;
    let fourth = record(app, team, "科普大篷车", 3).await;
    let elsewhere = record(app, other, "无锡科普日", 4).await;
    let first_line = hours(app, first, team, A, 120, "approved").await;
    hours(app, second, team, A, 90, "approved").await;
    hours(app, third, team, A, 60, "pending").await;
    hours(app, fourth, team, A, 45, "declined").await;
    hours(app, elsewhere, other, B, 30, "approved").await;
    World { team, other, first, second, first_line }
}

async fn download(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> reqwest::Response {
    client.post(format!("{}/me/certificate.pdf", app.base)).form(form).send().await.unwrap()
}

/// The PDF and its code, or the refusal.
async fn certificate(
    app: &TestApp,
    client: &reqwest::Client,
    form: &[(&str, &str)],
) -> Result<(Vec<u8>, String), AppError> {
    let response = download(app, client, form).await;
    if !response.status().is_success() {
        return Err(decode::<()>(response).await.unwrap_err());
    }
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let code = response.headers()["x-certificate-code"].to_str().unwrap().to_owned();
    Ok((response.bytes().await.unwrap().to_vec(), code))
}

fn text_of(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    pdf_extract::extract_text_from_mem(pdf).expect("the PDF's text can be read back")
}

fn period() -> Vec<(&'static str, String)> {
    let today = app::clock::today();
    vec![
        ("scope", "period".into()),
        ("from", (today - chrono::Days::new(60)).format("%Y-%m-%d").to_string()),
        ("to", today.format("%Y-%m-%d").to_string()),
    ]
}

fn borrowed<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn facts(app: &TestApp, code: &str) -> (u16, serde_json::Value) {
    let response = reqwest::get(format!("{}/api/v1/certificates/{code}", app.base)).await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn page(app: &TestApp, code: &str) -> (u16, String) {
    let response = app.new_client().get(format!("{}/verify/{code}", app.base)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn certificates_of(app: &TestApp, mobile: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM certificates WHERE user_id = $1")
        .bind(user(app, mobile).await)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn nobody_gets_a_certificate_of_anyone_elses_hours() {
    let app = spawn_app().await;
    let w = world(&app).await;
    volunteer(&app, A, "19900101", true).await;
    let b = volunteer(&app, B, "19920202", false).await;

    // Signed out: no certificate at all.
    let anonymous = app.new_client();
    assert_eq!(certificate(&app, &anonymous, &[("scope", "period")]).await.unwrap_err(), AppError::Unauthenticated);

    // B asks for A's activity, A's organisation, and slips A's user id in: the scope is always
    // the signed-in person, who has no approved hours there.
    let a_id = user(&app, A).await.to_string();
    let activity = w.first.0.to_string();
    let team = w.team.to_string();
    let refused = AppError::Refused(Refusal::NoApprovedHours);
    for form in [
        vec![("scope", "activity"), ("activity_id", activity.as_str()), ("user_id", a_id.as_str())],
        vec![("scope", "org"), ("org_id", team.as_str()), ("user_id", a_id.as_str())],
    ] {
        assert_eq!(certificate(&app, &b, &form).await.unwrap_err(), refused, "{form:?}");
    }
    // B's own period certificate counts B's 30 minutes only, never A's.
    let (pdf, _) = certificate(&app, &b, &borrowed(&period())).await.unwrap();
    let text = text_of(&pdf);
    assert!(text.contains("志愿者零二"), "{text}");
    assert!(!text.contains(A_NAME) && !text.contains("青少年科普讲座"), "{text}");
    assert!(text.contains("服务时长：0.5 小时"), "{text}");
    assert_eq!(certificates_of(&app, A).await, 0);
    assert_eq!(certificates_of(&app, B).await, 1);

    // Bad forms are refused as such, never a 500; training certificates are not issued yet.
    for form in [
        vec![("scope", "everything")],
        vec![("scope", "training")],
        vec![("scope", "period"), ("from", "2026-13-01"), ("to", "2026-12-31")],
        vec![("scope", "period"), ("from", "2026-12-31"), ("to", "2026-01-01")],
        vec![("scope", "org"), ("org_id", "abc")],
    ] {
        assert!(matches!(certificate(&app, &b, &form).await.unwrap_err(), AppError::Invalid(_)), "{form:?}");
    }
    // Without JavaScript a refusal goes back to the page, which shows it.
    let response = b
        .post(format!("{}/me/certificate.pdf", app.base))
        .header("accept", "text/html")
        .form(&[("scope", "org"), ("org_id", team.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/me/hours?refused="), "{location}");
    let html = b.get(format!("{}{location}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("无法出具证明"), "the refusal is shown");
    // The person's hours list is theirs alone.
    let mine: HoursOverview = app.call_as(&b, "records/my-hours", &[]).await.unwrap();
    assert!(mine.lines.iter().all(|l| l.org_id == w.other), "{mine:?}");
}

#[tokio::test]
async fn certificates_for_a_period_an_organisation_and_an_activity_count_only_approved_hours() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let a = volunteer(&app, A, "19900101", true).await;

    let period = period();
    let (pdf, code) = certificate(&app, &a, &borrowed(&period)).await.unwrap();
    let text = text_of(&pdf);
    assert!(text.contains(A_NAME), "{text}");
    assert!(text.contains("科技志愿服务记录证明"), "{text}");
    // 120 + 90 approved minutes; the pending 60 and the declined 45 count nowhere.
    assert!(text.contains("服务时长：3.5 小时"), "{text}");
    assert!(text.contains("折算时长：5.25 小时"), "{text}");
    assert!(text.contains("青少年科普讲座") && text.contains("社区无人机体验"), "{text}");
    assert!(!text.contains("科技馆讲解") && !text.contains("科普大篷车"), "{text}");
    assert!(text.contains(&code), "the code is printed");
    assert!(text.contains("3204**********"), "the ID number is masked: {text}");
    assert_eq!(code.len(), 24);

    // Downloading again with nothing changed keeps the code.
    let (_, again) = certificate(&app, &a, &borrowed(&period)).await.unwrap();
    assert_eq!(again, code);
    assert_eq!(certificates_of(&app, A).await, 1);

    let team = w.team.to_string();
    let (pdf, org_code) = certificate(&app, &a, &[("scope", "org"), ("org_id", &team)]).await.unwrap();
    let text = text_of(&pdf);
    assert!(text.contains(A_NAME) && text.contains("服务时长：3.5 小时"), "{text}");
    assert_ne!(org_code, code);

    let second = w.second.0.to_string();
    let (pdf, _) = certificate(&app, &a, &[("scope", "activity"), ("activity_id", &second)]).await.unwrap();
    let text = text_of(&pdf);
    assert!(text.contains(A_NAME) && text.contains("服务时长：1.5 小时"), "{text}");
    assert!(!text.contains("青少年科普讲座"), "{text}");

    // A pending-only activity has nothing to certify.
    let mine: HoursOverview = app.call_as(&a, "records/my-hours", &[]).await.unwrap();
    let year = &mine.totals[0];
    assert_eq!((year.raw_minutes, year.weighted_minutes, year.pending_raw_minutes), (210, 315, 60));
    assert_eq!(mine.lines.len(), 4, "pending and declined lines are listed with their status");
    assert_eq!(mine.certificates.len(), 3);
    let pending = mine.lines.iter().find(|l| l.status == "pending").unwrap().activity_id.to_string();
    assert_eq!(
        certificate(&app, &a, &[("scope", "activity"), ("activity_id", &pending)]).await.unwrap_err(),
        AppError::Refused(Refusal::NoApprovedHours)
    );

    // The API states what the certificate states.
    let (status, json) = facts(&app, &code).await;
    assert_eq!(status, 200);
    let f: CertificateFacts = serde_json::from_value(json).unwrap();
    assert_eq!(f.code, code);
    assert_eq!(f.scope, Scope::Period);
    assert_eq!(f.holder_masked, "志***一");
    assert_eq!((f.raw_minutes, f.weighted_minutes, f.record_count), (210, 315, 2));
    assert_eq!((f.raw_hours.as_str(), f.weighted_hours.as_str()), ("3.5", "5.25"));
    assert_eq!(f.period_to.as_deref(), Some(period[2].1.as_str()));
    assert_eq!(f.status, CertificateStatus::Valid);
    // The page says the same, without login, and the full name appears nowhere.
    let (status, html) = page(&app, &code.to_lowercase()).await;
    assert_eq!(status, 200);
    assert!(html.contains("志***一") && html.contains("3.5 小时") && html.contains("有效"), "{html}");
    assert!(!html.contains(A_NAME));
}

#[tokio::test]
async fn forged_or_altered_certificates_are_not_found() {
    let app = spawn_app().await;
    world(&app).await;
    let a = volunteer(&app, A, "19900101", true).await;
    let (_, code) = certificate(&app, &a, &borrowed(&period())).await.unwrap();

    // A code changed in one character, a made-up code, and rubbish: not found.
    let flipped = format!("{}{}", &code[..23], if code.ends_with('0') { '1' } else { '0' });
    for bad in [flipped.as_str(), "ABCDEFGHJKMNPQRSTVWXYZ23", "x", "<script>"] {
        let (status, json) = facts(&app, bad).await;
        assert_eq!((status, json["error"].as_str()), (404, Some("not_found")), "{bad}");
        let (status, html) = page(&app, bad).await;
        assert_eq!(status, 404, "{bad}");
        assert!(html.contains("未找到该证明"), "{bad}");
    }

    // Someone with database access raises the hours on the stored certificate: its code no
    // longer matches what is stored, so it is not found either.
    sqlx::query("UPDATE certificates SET raw_minutes = 6000 WHERE code = $1")
        .bind(&code)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(facts(&app, &code).await.0, 404);
    let (status, html) = page(&app, &code).await;
    assert_eq!(status, 404);
    assert!(html.contains("未找到该证明") && !html.contains("100 小时"));
}

#[tokio::test]
async fn a_correction_shows_as_changed_and_a_revocation_as_revoked() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let a = volunteer(&app, A, "19900101", true).await;
    let team = w.team.to_string();
    let (_, code) = certificate(&app, &a, &borrowed(&period())).await.unwrap();
    let (_, org_code) = certificate(&app, &a, &[("scope", "org"), ("org_id", &team)]).await.unwrap();

    // A later correction of one counted line (its version moves on).
    sqlx::query(
        "UPDATE service_hours SET version = version + 1, raw_minutes = 100, weighted_minutes = 150 WHERE id = $1",
    )
    .bind(w.first_line)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let (_, json) = facts(&app, &code).await;
    assert_eq!(json["status"], "changed");
    assert_eq!(json["raw_minutes"], 210, "the certificate still states what it stated");
    let (status, html) = page(&app, &code).await;
    assert_eq!(status, 200);
    assert!(html.contains("记录已变更"), "{html}");
    // A fresh download states the corrected hours under a new code.
    let (pdf, fresh) = certificate(&app, &a, &borrowed(&period())).await.unwrap();
    assert_ne!(fresh, code);
    assert!(text_of(&pdf).contains("服务时长：3.17 小时"));
    assert_eq!(facts(&app, &fresh).await.1["status"], "valid");
    // Declining a counted line also shows.
    sqlx::query("UPDATE service_hours SET status = 'declined' WHERE id = $1")
        .bind(w.first_line)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(facts(&app, &fresh).await.1["status"], "changed");

    // Revoking: not by the holder, not by staff of another organisation, nor without a reason.
    staff(&app, w.team, "13900000001", OrgRole::Staff).await;
    staff(&app, w.other, "13900000002", OrgRole::Admin).await;
    let team_staff = app.person("13900000001").await;
    let other_admin = app.person("13900000002").await;
    let revoke = |client: reqwest::Client, code: String, reason: &'static str| {
        let app = &app;
        async move {
            app.call_as::<CertificateFacts>(&client, "certificates/revoke", &[("code", &code), ("reason", reason)])
                .await
        }
    };
    // The verification page offers the form only to those who may use it.
    let may = |client: reqwest::Client, code: String| {
        let app = &app;
        async move { app.call_as::<bool>(&client, "certificates/may-revoke", &[("code", &code)]).await.unwrap() }
    };
    assert!(may(team_staff.clone(), org_code.clone()).await);
    assert!(!may(a.clone(), org_code.clone()).await);
    assert!(!may(other_admin.clone(), org_code.clone()).await);
    assert!(!may(reqwest::Client::new(), org_code.clone()).await);
    assert!(!may(team_staff.clone(), code.clone()).await, "a period certificate is the platform's");
    assert_eq!(revoke(a.clone(), org_code.clone(), "不要了").await.unwrap_err(), AppError::Forbidden);
    assert_eq!(revoke(other_admin.clone(), org_code.clone(), "错误").await.unwrap_err(), AppError::Forbidden);
    assert!(matches!(revoke(team_staff.clone(), org_code.clone(), " ").await.unwrap_err(), AppError::Invalid(_)));
    // A period certificate names no organisation: only a platform admin may revoke it.
    assert_eq!(revoke(team_staff.clone(), code.clone(), "错误").await.unwrap_err(), AppError::Forbidden);
    assert_eq!(facts(&app, &org_code).await.1["status"], "changed");

    let revoked = revoke(team_staff, org_code.clone(), "签到记录有误").await.unwrap();
    assert_eq!(revoked.status, CertificateStatus::Revoked);
    let (_, json) = facts(&app, &org_code).await;
    assert_eq!((json["status"].as_str(), json["revoked_reason"].as_str()), (Some("revoked"), Some("签到记录有误")));
    let (status, html) = page(&app, &org_code).await;
    assert_eq!(status, 200);
    assert!(html.contains("已撤销") && html.contains("签到记录有误"), "{html}");
    // The holder sees it revoked in their list.
    let mine: HoursOverview = app.call_as(&a, "records/my-hours", &[]).await.unwrap();
    assert!(mine.certificates.iter().any(|c| c.code == org_code && c.revoked));
}

/// The benchmark's entry point renders without a database.
#[test]
fn render_pdf_alone_makes_a_readable_pdf() {
    use app::records::certificates::pdf::{CertificateDoc, Row};
    let rows = (0..60)
        .map(|i| Row {
            date: "2026-03-01".into(),
            activity: format!("科普讲座第{i}场"),
            org: "常州市科技志愿服务队".into(),
            hours: "2".into(),
        })
        .collect();
    let doc = CertificateDoc {
        holder_name: "张三明".into(),
        id_masked: "3204**********015X".into(),
        scope_text: "2026-01-01 至 2026-12-31 期间的志愿服务".into(),
        record_count: 60,
        raw_hours: "120".into(),
        weighted_hours: "180".into(),
        rows,
        platform: "科技志愿服务平台".into(),
        issued_on: "2026-12-01".into(),
        code: "0123456789ABCDEFGHJKMNPQ".into(),
        verify_url: "https://example.cn/verify/0123456789ABCDEFGHJKMNPQ".into(),
    };
    let font = std::path::Path::new(app::state::DEFAULT_CERT_FONT);
    let started = std::time::Instant::now();
    let pdf = app::records::certificates::render_pdf(&doc, font).unwrap();
    println!("one certificate of 60 rows: {:?}, {} bytes", started.elapsed(), pdf.len());
    let text = text_of(&pdf);
    assert!(
        text.contains("张三明") && text.contains("服务时长：120 小时") && text.contains("科普讲座第59场"),
        "{text}"
    );
    // A missing font is an internal error (the operator's), not a panic.
    let missing = app::records::certificates::render_pdf(&doc, std::path::Path::new("/nonexistent/font.ttf"));
    assert!(matches!(missing, Err(AppError::Internal { .. })));
}
