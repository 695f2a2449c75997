//! Running the platform (F-02, F-05) over real HTTP on both engines: the first platform admin from
//! the command line, the console refusing everyone else, completing an account closure, and bulk
//! exports showing in each exported person's data download.
use crate::common;

use app::error::{AppError, Refusal};
use app::platform::model::{AdminRow, AuditPage, ClosureRow, CorpsRow};
use common::{spawn_app, TestApp};
use serde_json::Value;
use server::cli::{admin_command, AdminCommand};
use server::seed::{seed_demo, PLATFORM_ADMIN};
use sqlx::Row;

/// 王晓明: active member of 武进, one upcoming sign-up and one past confirmed one.
const WANG: &str = "13900000001";
/// 陈建国: another member of 武进.
const CHEN: &str = "13900000003";
/// 李芳: belongs to no organisation.
const LI: &str = "13900000002";
/// The corps admin: admin of every organisation in the demo tree, but not of the platform.
const CORPS_ADMIN: &str = "13800000001";

async fn one_i64(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query(sql).bind(bind).fetch_one(&app.db.pool).await.unwrap().try_get::<i64, _>(0).unwrap()
}

async fn uid_of(app: &TestApp, mobile: &str) -> i64 {
    one_i64(app, "SELECT id FROM users WHERE mobile = $1", mobile).await
}

async fn volunteer_no_of(app: &TestApp, mobile: &str) -> String {
    sqlx::query("SELECT volunteer_no FROM users WHERE mobile = $1")
        .bind(mobile)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("volunteer_no")
}

/// A count or id by a query without parameters.
async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql).fetch_one(&app.db.pool).await.unwrap().try_get::<i64, _>(0).unwrap()
}

async fn admins(app: &TestApp) -> i64 {
    scalar(app, "SELECT COUNT(*) FROM users WHERE is_platform_admin = 1").await
}

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    one_i64(app, "SELECT COUNT(*) FROM audit_log WHERE action = $1", action).await
}

fn no_filters() -> Vec<(&'static str, String)> {
    ["actor", "subject", "action", "from", "until"].into_iter().map(|k| (k, String::new())).collect()
}

fn args<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn the_console_refuses_anonymous_people_volunteers_and_org_admins() {
    let app = spawn_app().await;
    seed_demo(&app.db).await.unwrap();
    let wang = app.person(WANG).await;
    let () = app.call_as(&wang, "volunteers/request-closure", &[]).await.unwrap();
    let admin_no = volunteer_no_of(&app, PLATFORM_ADMIN).await;
    let wang_no = volunteer_no_of(&app, WANG).await;
    // Each console function with the arguments an attacker would send.
    let calls: Vec<(&str, Vec<(&'static str, String)>)> = vec![
        ("platform/corps", vec![]),
        ("platform/admins", vec![]),
        ("platform/grant-admin", vec![("mobile", LI.to_owned())]),
        ("platform/revoke-admin", vec![("volunteer_no", admin_no.clone())]),
        ("platform/closures", vec![]),
        ("platform/complete-closure", vec![("volunteer_no", wang_no.clone())]),
        ("platform/audit", no_filters()),
    ];
    let anonymous = app.new_client();
    let li = app.person(LI).await;
    let corps_admin = app.person(CORPS_ADMIN).await;
    for (endpoint, pairs) in &calls {
        let err = app.call_as::<Value>(&anonymous, endpoint, &args(pairs)).await.unwrap_err();
        assert_eq!(err, AppError::Unauthenticated, "{endpoint} as anonymous");
        for (who, client) in [("a volunteer", &li), ("an org admin", &corps_admin), ("the requester", &wang)] {
            let err = app.call_as::<Value>(client, endpoint, &args(pairs)).await.unwrap_err();
            assert_eq!(err, AppError::Forbidden, "{endpoint} as {who}");
        }
    }
    // Nothing happened: one admin, Li still not one, Wang's closure still waiting.
    assert_eq!(admins(&app).await, 1);
    assert_eq!(one_i64(&app, "SELECT is_platform_admin FROM users WHERE mobile = $1", LI).await, 0);
    assert_eq!(one_i64(&app, "SELECT COUNT(*) FROM users WHERE status = 'closing' AND mobile = $1", WANG).await, 1);
}

#[tokio::test]
async fn a_fresh_install_gets_its_first_admin_from_the_command_line() {
    let app = spawn_app().await;
    assert_eq!(admins(&app).await, 0, "a fresh install has no platform admin");
    let first = "13700000000";
    let said = admin_command(&app.db, AdminCommand::Grant { mobile: first.into() }).await.unwrap();
    assert!(said.contains("137****0000"), "{said}");
    // The bare account signs in with an SMS code like anyone else and is the platform admin.
    let user = app.login(first).await;
    assert!(user.is_platform_admin);
    let listed: Vec<AdminRow> = app.call("platform/admins", &[]).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].volunteer_no, user.volunteer_no);
    // Granting again changes nothing; a malformed number is refused.
    admin_command(&app.db, AdminCommand::Grant { mobile: first.into() }).await.unwrap();
    assert_eq!(admins(&app).await, 1);
    assert!(admin_command(&app.db, AdminCommand::Grant { mobile: "12345".into() }).await.is_err());
    // The last admin stays unless forced; a number without an account is an error.
    let refused = admin_command(&app.db, AdminCommand::Revoke { mobile: first.into(), force: false }).await;
    assert!(refused.unwrap_err().to_string().contains("--force"));
    assert_eq!(admins(&app).await, 1);
    assert!(admin_command(&app.db, AdminCommand::Revoke { mobile: "13700000009".into(), force: false }).await.is_err());
    admin_command(&app.db, AdminCommand::Revoke { mobile: first.into(), force: true }).await.unwrap();
    assert_eq!(admins(&app).await, 0);
    // Both acts are in the audit log, by nobody (the command line), about the account.
    let uid = uid_of(&app, first).await;
    let rows =
        sqlx::query("SELECT action FROM audit_log WHERE actor_user_id IS NULL AND subject_user_id = $1 ORDER BY id")
            .bind(uid)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let actions: Vec<String> = rows.iter().map(|r| r.get("action")).collect();
    assert_eq!(actions, ["grant_platform_admin", "revoke_platform_admin"]);
}

#[tokio::test]
async fn the_console_grants_and_revokes_admins_but_never_the_last_one() {
    let app = spawn_app().await;
    seed_demo(&app.db).await.unwrap();
    app.login(PLATFORM_ADMIN).await;
    let () = app.call("platform/grant-admin", &[("mobile", LI)]).await.unwrap();
    let listed: Vec<AdminRow> = app.call("platform/admins", &[]).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().any(|a| a.name == "李芳" && a.mobile_masked == "139****0002"), "{listed:?}");
    let li = app.person(LI).await;
    let corps: Vec<CorpsRow> = app.call_as(&li, "platform/corps", &[]).await.unwrap();
    assert_eq!(corps[0].name, "江苏省科技志愿服务总队");
    // Li revokes the demo admin; then Li is the last one and cannot leave.
    let admin_no = volunteer_no_of(&app, PLATFORM_ADMIN).await;
    let () = app.call_as(&li, "platform/revoke-admin", &[("volunteer_no", &admin_no)]).await.unwrap();
    let li_no = volunteer_no_of(&app, LI).await;
    let err = app.call_as::<()>(&li, "platform/revoke-admin", &[("volunteer_no", &li_no)]).await.unwrap_err();
    assert_eq!(err, AppError::Refused(Refusal::LastPlatformAdmin));
    assert_eq!(admins(&app).await, 1);
    let audited = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('grant_platform_admin', 'revoke_platform_admin')
         AND actor_user_id IS NOT NULL",
    )
    .await;
    assert_eq!(audited, 2, "the demo admin's grant and Li's revocation, each by its actor");
}

#[tokio::test]
async fn completing_a_closure_anonymises_the_person_and_keeps_the_records() {
    let app = spawn_app().await;
    seed_demo(&app.db).await.unwrap();
    let wang = app.person(WANG).await;
    let uid = uid_of(&app, WANG).await;
    let wang_no = volunteer_no_of(&app, WANG).await;
    let id_number: String = sqlx::query("SELECT id_number FROM profiles WHERE user_id = $1")
        .bind(uid)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("id_number");
    let () = app.call_as(&wang, "volunteers/request-closure", &[]).await.unwrap();
    let memberships_sql = format!("SELECT COUNT(*) FROM memberships WHERE user_id = {uid}");
    let signups_sql = format!("SELECT COUNT(*) FROM signups WHERE user_id = {uid}");
    let memberships = scalar(&app, &memberships_sql).await;
    let signups = scalar(&app, &signups_sql).await;
    assert!(memberships > 0 && signups > 0);

    app.login(PLATFORM_ADMIN).await;
    let waiting: Vec<ClosureRow> = app.call("platform/closures", &[]).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].volunteer_no.as_str(), waiting[0].name.as_str()), (wang_no.as_str(), "王晓明"));
    let () = app.call("platform/complete-closure", &[("volunteer_no", &wang_no)]).await.unwrap();

    // Nothing identifies the person any more.
    let profile = sqlx::query("SELECT real_name, id_number, work_unit FROM profiles WHERE user_id = $1")
        .bind(uid)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_ne!(profile.get::<String, _>("real_name"), "王晓明");
    assert_ne!(profile.get::<String, _>("id_number"), id_number);
    assert_eq!(profile.get::<Option<String>, _>("work_unit"), None);
    let account = sqlx::query("SELECT mobile, status, password_hash FROM users WHERE id = $1")
        .bind(uid)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_ne!(account.get::<String, _>("mobile"), WANG);
    assert_eq!(account.get::<String, _>("status"), "closed");
    assert_eq!(one_i64(&app, "SELECT COUNT(*) FROM sms_codes WHERE mobile = $1", WANG).await, 0);
    // The records stay, anonymised: every membership row and every sign-up row, none still open.
    assert_eq!(scalar(&app, &memberships_sql).await, memberships);
    assert_eq!(scalar(&app, &signups_sql).await, signups);
    let open = format!("SELECT COUNT(*) FROM memberships WHERE user_id = {uid} AND status IN ('pending', 'active')");
    assert_eq!(scalar(&app, &open).await, 0);
    // The person was told: an SMS to the old number and a message in the inbox.
    let outbox = std::fs::read_to_string(&app.outbox).unwrap();
    assert!(outbox.lines().any(|l| l.contains(WANG) && l.contains("注销")), "{outbox}");
    let told = format!("SELECT COUNT(*) FROM notifications WHERE user_id = {uid} AND kind = 'account_closed'");
    assert_eq!(scalar(&app, &told).await, 1);
    // The old session is gone, and the number now opens a new, empty account.
    let me: Option<app::accounts::model::SessionUser> = app.call_as(&wang, "accounts/me", &[]).await.unwrap();
    assert!(me.is_none());
    let err = app.call_as::<Value>(&wang, "volunteers/my-profile", &[]).await.unwrap_err();
    assert_eq!(err, AppError::Unauthenticated);
    let again = app.login_as(&app.new_client(), WANG).await;
    assert_ne!(again.volunteer_no, wang_no);
    assert!(!again.profile_complete());
    // Done once: the queue is empty, a second completion is refused, and it is audited.
    let waiting: Vec<ClosureRow> = app.call("platform/closures", &[]).await.unwrap();
    assert!(waiting.is_empty());
    let err = app.call::<()>("platform/complete-closure", &[("volunteer_no", &wang_no)]).await.unwrap_err();
    assert_eq!(err, AppError::Refused(Refusal::AlreadyDecided));
    assert_eq!(audit_count(&app, "complete_account_closure").await, 1);
}

#[tokio::test]
async fn a_person_who_did_not_ask_cannot_be_closed() {
    let app = spawn_app().await;
    seed_demo(&app.db).await.unwrap();
    app.login(PLATFORM_ADMIN).await;
    let li_no = volunteer_no_of(&app, LI).await;
    let err = app.call::<()>("platform/complete-closure", &[("volunteer_no", &li_no)]).await.unwrap_err();
    assert_eq!(err, AppError::Refused(Refusal::AlreadyDecided));
    assert_eq!(one_i64(&app, "SELECT COUNT(*) FROM users WHERE status = 'active' AND mobile = $1", LI).await, 1);
}

#[tokio::test]
async fn a_full_export_shows_in_each_exported_persons_data_download() {
    let app = spawn_app().await;
    seed_demo(&app.db).await.unwrap();
    let wujin: i64 = one_i64(&app, "SELECT id FROM organisations WHERE name = $1", "武进区科技志愿服务支队").await;
    let exporter = app.person(CORPS_ADMIN).await;
    let exporter_no = volunteer_no_of(&app, CORPS_ADMIN).await;
    // The unmasked export is posted from the roster page (a GET with ?full=1 answers 405).
    let file = exporter.post(format!("{}/orgs/{wujin}/roster.csv", app.base)).form(&[("q", "")]).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert!(file.text().await.unwrap().contains(WANG));

    let download = |mobile: &'static str| {
        let app = &app;
        async move {
            let client = app.person(mobile).await;
            let data: Value =
                client.get(format!("{}/me/export.json", app.base)).send().await.unwrap().json().await.unwrap();
            data
        }
    };
    for member in [WANG, CHEN] {
        let data = download(member).await;
        let entries = data["audit_entries_about_me"].as_array().unwrap();
        let export = entries
            .iter()
            .find(|e| e["action"] == "export_personal_data")
            .unwrap_or_else(|| panic!("{member}: {entries:?}"));
        assert_eq!(export["by_volunteer_no"], exporter_no.as_str());
        assert!(export["at"].as_str().is_some_and(|at| at.starts_with("20")), "{export}");
        assert!(export["detail"].as_str().unwrap().contains("武进区科技志愿服务支队"), "{export}");
    }
    let li = download(LI).await;
    let entries = li["audit_entries_about_me"].as_array().unwrap();
    assert!(!entries.iter().any(|e| e["action"] == "export_personal_data"), "Li was not in the roster: {entries:?}");
}

#[tokio::test]
async fn the_data_download_holds_memberships_sign_ups_and_messages() {
    let app = spawn_app().await;
    seed_demo(&app.db).await.unwrap();
    let wang = app.person(WANG).await;
    let data: Value = wang.get(format!("{}/me/export.json", app.base)).send().await.unwrap().json().await.unwrap();
    let memberships = data["memberships"].as_array().unwrap();
    assert!(
        memberships.iter().any(|m| m["organisation"] == "武进区科技志愿服务支队" && m["status"] == "active"),
        "{memberships:?}"
    );
    let signups = data["signups"].as_array().unwrap();
    assert_eq!(signups.len(), 2, "{signups:?}");
    assert!(signups.iter().all(|s| s["activity"].as_str().is_some_and(|t| !t.is_empty()) && s["status"].is_string()));
    let messages = data["messages"].as_array().unwrap();
    assert!(!messages.is_empty(), "the sign-up confirmation is in the inbox");
    assert!(messages.iter().all(|m| m["kind"].is_string() && m["at"].is_string()), "{messages:?}");
}

#[tokio::test]
async fn the_audit_log_filters_and_pages() {
    let app = spawn_app().await;
    seed_demo(&app.db).await.unwrap();
    let admin = uid_of(&app, PLATFORM_ADMIN).await;
    let wang = uid_of(&app, WANG).await;
    let li = uid_of(&app, LI).await;
    for n in 0..35 {
        let subject = if n % 5 == 0 { li } else { wang };
        app::audit::record(&app.db, admin, "reveal_personal_data", Some(subject), "mobile,id_number", "127.0.0.1")
            .await
            .unwrap();
    }
    app::audit::record(&app.db, wang, "request_account_closure", Some(wang), "", "127.0.0.1").await.unwrap();
    app.login(PLATFORM_ADMIN).await;
    let search = |pairs: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let mut all = no_filters();
            for (k, v) in pairs {
                all.retain(|(key, _)| *key != k);
                all.push((k, v));
            }
            app.call::<AuditPage>("platform/audit", &args(&all)).await
        }
    };
    // Newest first, in pages, through every entry.
    let first = search(vec![("action", "reveal_personal_data".into())]).await.unwrap();
    assert_eq!(first.items.len(), 30);
    assert!(first.items.windows(2).all(|w| w[0].id > w[1].id));
    let before = first.next.expect("a second page");
    let second = search(vec![("action", "reveal_personal_data".into()), ("before", before.to_string())]).await.unwrap();
    assert_eq!(second.items.len(), 5);
    assert_eq!(second.next, None);
    // By subject and actor (volunteer numbers), and by date.
    let li_no = volunteer_no_of(&app, LI).await;
    let about_li = search(vec![("subject", li_no.clone())]).await.unwrap();
    assert_eq!(about_li.items.len(), 7);
    assert!(about_li.items.iter().all(|e| e.subject_no.as_deref() == Some(li_no.as_str())));
    let wang_no = volunteer_no_of(&app, WANG).await;
    let by_wang = search(vec![("actor", wang_no.clone())]).await.unwrap();
    assert_eq!(by_wang.items.len(), 1);
    assert_eq!(by_wang.items[0].action, "request_account_closure");
    let today = app::clock::today();
    let tomorrow = today.succ_opt().unwrap().to_string();
    assert!(search(vec![("from", tomorrow)]).await.unwrap().items.is_empty());
    let todays = search(vec![("from", today.to_string()), ("until", today.to_string())]).await.unwrap();
    assert_eq!(todays.items.len(), 30);
    // An unknown volunteer number matches nothing; a malformed date is a field error.
    assert!(search(vec![("actor", "KJ0000000000".into())]).await.unwrap().items.is_empty());
    let err = search(vec![("from", "yesterday".into())]).await.unwrap_err();
    assert!(err.field_errors().is_some_and(|f| f.get("from").is_some()), "{err:?}");
}
