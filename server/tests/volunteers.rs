//! F-03 – F-06 over real HTTP: the profile with server-side validation, masking, audited
//! unmasked reads, data export and closure.
use crate::common;

use app::codes::{EDUCATION, OCCUPATION, SERVICE_CATEGORY, SERVICE_FIELD, TITLE};
use app::error::AppError;
use app::validation::Invalid;
use app::volunteers::model::{ProfileInput, VolunteerCard};
use chrono::Datelike;
use common::{id_for, spawn_app, TestApp};
use serde_json::json;
use sqlx::Row;

fn profile(id_number: &str, gender: &str) -> ProfileInput {
    ProfileInput {
        real_name: "欧阳·娜娜".into(),
        gender: gender.into(),
        id_number: id_number.into(),
        political_status: "13".into(),
        ethnicity: "01".into(),
        work_unit: "常州大学".into(),
        title: TITLE.items[0].code.into(),
        education: EDUCATION.items[0].code.into(),
        occupation: OCCUPATION.items[0].code.into(),
        province: "32".into(),
        city: "3204".into(),
        county: "320412".into(),
        service_categories: vec![SERVICE_CATEGORY.items[1].code.into(), SERVICE_CATEGORY.items[0].code.into()],
        service_fields: vec![SERVICE_FIELD.items[2].code.into()],
        four_heads: "none".into(),
        skills: "急救".into(),
        qualifications: "".into(),
    }
}

async fn save(app: &TestApp, p: &ProfileInput) -> Result<(), AppError> {
    app.call_json("volunteers/save-profile", json!({ "input": p })).await
}

#[tokio::test]
async fn a_volunteer_saves_and_reads_back_their_profile() {
    let app = spawn_app().await;
    app.login("13911110000").await;
    let none: Option<ProfileInput> = app.call("volunteers/my-profile", &[]).await.unwrap();
    assert_eq!(none, None);

    let input = profile(&id_for("19900101", false), "female");
    save(&app, &input).await.unwrap();
    let stored: Option<ProfileInput> = app.call("volunteers/my-profile", &[]).await.unwrap();
    let stored = stored.expect("saved");
    assert_eq!(stored.id_number, input.id_number, "the owner sees the full number");
    // Multi-choices come back in the list's order, whatever order they were ticked in.
    assert_eq!(stored.service_categories, vec![SERVICE_CATEGORY.items[0].code, SERVICE_CATEGORY.items[1].code]);
    let me: Option<app::accounts::model::SessionUser> = app.call("accounts/me", &[]).await.unwrap();
    assert_eq!(me.unwrap().real_name.as_deref(), Some("欧阳·娜娜"));
}

#[tokio::test]
async fn a_bad_profile_is_refused_field_by_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    app.login("13911110001").await;
    let mut bad = profile(&id_for("19900101", false), "female");
    bad.id_number.replace_range(17..18, if bad.id_number.ends_with('1') { "2" } else { "1" });
    bad.county = "110105".into();
    bad.service_fields = vec!["made_up".into()];
    let err = save(&app, &bad).await.unwrap_err();
    let fields = err.field_errors().expect("field errors");
    assert_eq!(fields.get("id_number"), Some(Invalid::IdChecksum));
    assert_eq!(fields.get("region"), Some(Invalid::RegionUnknown));
    assert_eq!(fields.get("service_fields"), Some(Invalid::NotInList));
    let none: Option<ProfileInput> = app.call("volunteers/my-profile", &[]).await.unwrap();
    assert_eq!(none, None);
}

#[tokio::test]
async fn under_eighteens_and_gender_mismatches_are_refused() {
    let app = spawn_app().await;
    app.login("13911110002").await;
    let today = app::clock::today();
    let birth = today.with_year(today.year() - 17).unwrap_or(today).format("%Y%m%d").to_string();
    let err = save(&app, &profile(&id_for(&birth, true), "male")).await.unwrap_err();
    assert_eq!(err.field_errors().and_then(|f| f.get("id_number")), Some(Invalid::IdTooYoung { min_age: 18 }));
    let err = save(&app, &profile(&id_for("19900101", true), "female")).await.unwrap_err();
    assert_eq!(err.field_errors().and_then(|f| f.get("id_number")), Some(Invalid::IdGenderMismatch));
}

#[tokio::test]
async fn one_id_number_belongs_to_one_account() {
    let app = spawn_app().await;
    let id = id_for("19851120", true);
    app.login("13911110003").await;
    save(&app, &profile(&id, "male")).await.unwrap();
    let () = app.call("accounts/logout", &[]).await.unwrap();
    app.login("13911110004").await;
    let err = save(&app, &profile(&id, "male")).await.unwrap_err();
    assert_eq!(err, AppError::field("id_number", Invalid::IdTaken));
}

#[tokio::test]
async fn the_profile_needs_a_login() {
    let app = spawn_app().await;
    let err = app.call::<Option<ProfileInput>>("volunteers/my-profile", &[]).await.unwrap_err();
    assert_eq!(err, AppError::Unauthenticated);
    let err = save(&app, &profile(&id_for("19900101", true), "male")).await.unwrap_err();
    assert_eq!(err, AppError::Unauthenticated);
}

async fn make_platform_admin(app: &TestApp, mobile: &str) {
    sqlx::query("UPDATE users SET is_platform_admin = 1 WHERE mobile = $1")
        .bind(mobile)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn others_see_masked_data_and_unmasked_reads_are_audited() {
    let app = spawn_app().await;
    let volunteer = app.new_client();
    let person = app.login_as(&volunteer, "13922223333").await;
    let id = id_for("19800505", true);
    let response = volunteer
        .post(format!("{}/api/volunteers/save-profile", app.base))
        .json(&json!({ "input": profile(&id, "male") }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());

    // A stranger (another volunteer) may not look.
    app.login("13944445555").await;
    let err =
        app.call::<VolunteerCard>("volunteers/card", &[("volunteer_no", &person.volunteer_no)]).await.unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    let err =
        app.call::<VolunteerCard>("volunteers/reveal", &[("volunteer_no", &person.volunteer_no)]).await.unwrap_err();
    assert_eq!(err, AppError::Forbidden);

    // A platform admin sees the masked card, and the full one only with an audit entry.
    make_platform_admin(&app, "13944445555").await;
    let card: VolunteerCard = app.call("volunteers/card", &[("volunteer_no", &person.volunteer_no)]).await.unwrap();
    assert_eq!(card.mobile, "139****3333");
    assert_eq!(card.id_number.as_deref(), Some(format!("{}**********{}", &id[..4], &id[14..]).as_str()));
    assert!(!card.unmasked);
    let audits = |app: &TestApp| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'reveal_personal_data'")
                .fetch_one(&pool)
                .await
                .unwrap()
                .get::<i64, _>("n")
        }
    };
    assert_eq!(audits(&app).await, 0, "a masked read is not logged");
    let full: VolunteerCard = app.call("volunteers/reveal", &[("volunteer_no", &person.volunteer_no)]).await.unwrap();
    assert_eq!(full.mobile, "13922223333");
    assert_eq!(full.id_number.as_deref(), Some(id.as_str()));
    assert_eq!(audits(&app).await, 1);

    // The volunteer's own export lists that read.
    let export: serde_json::Value =
        volunteer.get(format!("{}/me/export.json", app.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(export["account"]["volunteer_no"], person.volunteer_no.as_str());
    assert_eq!(export["profile"]["id_number"], id.as_str());
    let entries = export["audit_entries_about_me"].as_array().unwrap();
    assert!(entries.iter().any(|e| e["action"] == "reveal_personal_data"), "{entries:?}");
}

#[tokio::test]
async fn export_needs_a_login() {
    let app = spawn_app().await;
    let response = app.client.get(format!("{}/me/export.json", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn a_volunteer_can_ask_to_close_the_account_and_withdraw() {
    let app = spawn_app().await;
    app.login("13966667777").await;
    let () = app.call("volunteers/request-closure", &[]).await.unwrap();
    let me: Option<app::accounts::model::SessionUser> = app.call("accounts/me", &[]).await.unwrap();
    assert!(me.unwrap().closure_requested);
    let () = app.call("volunteers/cancel-closure", &[]).await.unwrap();
    let me: Option<app::accounts::model::SessionUser> = app.call("accounts/me", &[]).await.unwrap();
    assert!(!me.unwrap().closure_requested);
    let row = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE '%closure%'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(row.get::<i64, _>("n"), 2);
}
