//! F-10 consent (issue 11 item 1), over real HTTP on both engines: an admin granting a staff role
//! names an existing account (by mobile or volunteer number); a mobile that never signed in is
//! refused on the `who` field, and no account is created for it.
use crate::common;

use app::accounts::model::OrgRole;
use app::db::now_us;
use app::error::AppError;
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::validation::Invalid;
use common::{spawn_app, user, TestApp};
use sqlx::Row;

const ADMIN: &str = "13811117001";
/// A number whose holder never signed in.
const STRANGER: &str = "13966667009";
/// A number whose holder signed in once with an SMS code.
const MEMBER: &str = "13966667010";

async fn team(app: &TestApp) -> i64 {
    let org = NewOrg {
        name: "常州市科技志愿服务总队",
        parent_id: None,
        status: "approved",
        province: "32",
        city: "3204",
        county: "",
    };
    let id = insert(&app.db, &org, now_us()).await.unwrap();
    set_staff(&app.db, id, user(app, ADMIN).await, OrgRole::Admin, now_us()).await.unwrap();
    id
}

async fn grant(app: &TestApp, client: &reqwest::Client, org: i64, who: &str) -> Result<(), AppError> {
    let org = org.to_string();
    app.call_as(client, "orgs/set-staff", &[("org_id", &org), ("who", who), ("role", "staff")]).await
}

async fn count(app: &TestApp, sql: &str, mobile: &str) -> i64 {
    sqlx::query(sql).bind(mobile).fetch_one(&app.db.pool).await.unwrap().try_get("n").unwrap()
}

async fn accounts_of(app: &TestApp, mobile: &str) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM users WHERE mobile = $1", mobile).await
}

async fn roles_of(app: &TestApp, mobile: &str) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM org_staff s JOIN users u ON u.id = s.user_id WHERE u.mobile = $1", mobile)
        .await
}

#[tokio::test]
async fn a_staff_role_goes_only_to_a_number_that_has_signed_in() {
    let app = spawn_app().await;
    let org = team(&app).await;
    let admin = app.person(ADMIN).await;

    let refused = grant(&app, &admin, org, STRANGER).await;
    assert!(
        matches!(refused, Err(AppError::Invalid(ref e)) if e.get("who") == Some(Invalid::MobileNoAccount)),
        "{refused:?}"
    );
    assert_eq!(accounts_of(&app, STRANGER).await, 0, "no account for a number that never confirmed");

    let member = app.login(MEMBER).await;
    grant(&app, &admin, org, MEMBER).await.unwrap();
    assert_eq!(roles_of(&app, MEMBER).await, 1);
    grant(&app, &admin, org, &member.volunteer_no).await.unwrap();
    assert_eq!(roles_of(&app, MEMBER).await, 1, "granting again by volunteer number changes the same role");
}
