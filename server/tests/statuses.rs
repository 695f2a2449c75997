//! Real HTTP statuses (issue 11, item 9): one mapping from `AppError` to a status, seen on
//! server functions, downloads and the public API through the real router. Every other test's
//! refusals are checked against the same mapping in `common::decode`.
use crate::common;

use app::accounts::model::OrgRole;
use app::accounts::model::{CodeSent, SessionUser};
use app::db::now_us;
use app::error::{AppError, CodeProblem, RateReason, Refusal};
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::validation::Invalid;
use common::{spawn_app, user, volunteer, TestApp};

const PHONE: &str = "13912345678";

/// A server function's raw answer: status, `Retry-After` and the decoded error.
async fn raw(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    args: &[(&str, &str)],
) -> (u16, Option<String>, AppError) {
    let response = client.post(format!("{}/api/{endpoint}", app.base)).form(args).send().await.expect("request");
    answer(response).await
}

async fn answer(response: reqwest::Response) -> (u16, Option<String>, AppError) {
    let status = response.status().as_u16();
    let retry = response.headers().get("retry-after").map(|v| v.to_str().unwrap_or_default().to_owned());
    let body = response.text().await.expect("body");
    let error = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{status} {body:?}: {e}"));
    (status, retry, error)
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, Option<String>, AppError) {
    answer(client.get(format!("{}{path}", app.base)).send().await.expect("request")).await
}

/// One approved team with an admin (signed in) and a member who is a plain volunteer.
async fn team(app: &TestApp) -> (i64, reqwest::Client, reqwest::Client) {
    let now = now_us();
    let new = NewOrg {
        name: "常州市科技志愿服务队",
        parent_id: None,
        status: "approved",
        province: "32",
        city: "3204",
        county: "",
    };
    let org = insert(&app.db, &new, now).await.unwrap();
    set_staff(&app.db, org, user(app, "13811110001").await, OrgRole::Admin, now).await.unwrap();
    (org, app.person("13811110001").await, volunteer(app, "13811110002", "19900101", true).await)
}

#[tokio::test]
async fn server_functions_answer_each_refusal_with_its_own_status() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    let (org, _admin, member) = team(&app).await;
    let org_id = org.to_string();

    assert_eq!(raw(&app, &anonymous, "orgs/mine", &[]).await, (401, None, AppError::Unauthenticated));
    assert_eq!(raw(&app, &member, "orgs/applications", &[("org_id", &org_id)]).await, (403, None, AppError::Forbidden));
    assert_eq!(raw(&app, &anonymous, "activities/detail", &[("id", "999999")]).await, (404, None, AppError::NotFound));
    let _: i64 = app.call_as(&member, "orgs/apply", &[("org_id", &org_id)]).await.unwrap();
    assert_eq!(
        raw(&app, &member, "orgs/apply", &[("org_id", &org_id)]).await,
        (409, None, AppError::Refused(Refusal::AlreadyMember))
    );
    assert_eq!(
        raw(&app, &anonymous, "accounts/send-code", &[("mobile", "12345")]).await,
        (422, None, AppError::field("mobile", Invalid::MobileFormat))
    );
    // A body that cannot be decoded at all is the request's fault.
    let (status, _, error) = raw(&app, &member, "orgs/apply", &[("org_id", "many")]).await;
    assert_eq!(status, 400, "{error:?}");
    assert!(matches!(error, AppError::Request(_)), "{error:?}");
}

#[tokio::test]
async fn a_wrong_code_is_invalid_input_and_a_limit_says_when_to_retry() {
    let app = spawn_app().await;
    let client = app.new_client();
    let _: CodeSent = app.call_as(&client, "accounts/send-code", &[("mobile", PHONE)]).await.unwrap();
    let wrong = if app.last_code(PHONE) == "000000" { "111111" } else { "000000" };
    assert_eq!(
        raw(&app, &client, "accounts/login-code", &[("mobile", PHONE), ("code", wrong)]).await,
        (422, None, AppError::Code(CodeProblem::Wrong { remaining: 4 }))
    );
    let (status, retry, error) = raw(&app, &client, "accounts/send-code", &[("mobile", PHONE)]).await;
    let AppError::RateLimited { reason: RateReason::ResendTooSoon, retry_after_s } = error else {
        panic!("expected ResendTooSoon, got {error:?}")
    };
    assert_eq!((status, retry), (429, Some(retry_after_s.to_string())));
    assert!(app
        .call_as::<SessionUser>(&client, "accounts/login-password", &[("mobile", PHONE), ("password", "x")])
        .await
        .is_err_and(|e| e == AppError::Code(CodeProblem::BadPassword)));
}

#[tokio::test]
async fn downloads_use_the_same_statuses() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    let (org, admin, member) = team(&app).await;

    assert_eq!(get(&app, &anonymous, "/me/export.json").await, (401, None, AppError::Unauthenticated));
    assert_eq!(get(&app, &anonymous, "/me/activities.ics").await, (401, None, AppError::Unauthenticated));
    assert_eq!(get(&app, &member, &format!("/orgs/{org}/roster.csv")).await, (403, None, AppError::Forbidden));
    assert_eq!(get(&app, &anonymous, "/activities/999999/qr.svg").await, (404, None, AppError::NotFound));
    assert_eq!(get(&app, &anonymous, "/activities/999999/calendar.ics").await, (404, None, AppError::NotFound));
    assert_eq!(get(&app, &anonymous, "/import-templates/volunteers.pdf").await, (404, None, AppError::NotFound));
    assert_eq!(
        get(&app, &admin, &format!("/orgs/{org}/roster.xlsx?joined_from=yesterday")).await,
        (422, None, AppError::field("joined_from", Invalid::DateFormat))
    );
    // The public API keeps its documented 400 for a parameter and shares the 404.
    let response = anonymous.get(format!("{}/api/v1/activities/999999", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 404);
}
