//! F-10 consent (issue 11 item 2), over real HTTP on both engines: the admin mobile named in an
//! organisation's registration must be confirmed by whoever holds that phone, with an SMS code,
//! before its account becomes the organisation's admin; a number that never confirms gets no
//! account and no role.
mod common;

use app::accounts::model::OrgRole;
use app::db::now_us;
use app::orgs::model::OrgInput;
use app::orgs::repo::{insert, set_staff, NewOrg};
use common::{spawn_app, user, TestApp};
use serde_json::json;
use sqlx::Row;

const PARENT_ADMIN: &str = "13811110001";
const REGISTRANT: &str = "13922220001";
/// A number whose holder never asked for anything.
const STRANGER: &str = "13966660009";

/// An approved team with its admin; returns the team's id.
async fn team(app: &TestApp) -> i64 {
    let now = now_us();
    let org =
        |name, parent| NewOrg { name, parent_id: parent, status: "approved", province: "32", city: "3204", county: "" };
    let corps = insert(&app.db, &org("江苏省科技志愿服务总队", None), now).await.unwrap();
    let team = insert(&app.db, &org("常州市科技志愿服务队", Some(corps)), now).await.unwrap();
    set_staff(&app.db, team, user(app, PARENT_ADMIN).await, OrgRole::Admin, now).await.unwrap();
    team
}

fn registration(name: &str, parent: i64, admin_mobile: &str) -> OrgInput {
    OrgInput {
        name: name.into(),
        parent_id: Some(parent),
        contact_name: "张三".into(),
        contact_mobile: admin_mobile.into(),
        civil_registered: "no".into(),
        supervisor_type: "local_cast".into(),
        supervisor_name: "常州市科协".into(),
        founded_on: "2019-08-08".into(),
        service_categories: vec!["youth_education".into()],
        province: "32".into(),
        city: "3204".into(),
        county: "320412".into(),
        service_scope: "武进区中小学".into(),
        service_content: "科普实验课".into(),
        service_objects: "中小学生".into(),
        planned_members: "20".into(),
        ..OrgInput::default()
    }
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query(sql).bind(bind).fetch_one(&app.db.pool).await.unwrap().try_get("n").unwrap()
}

async fn accounts_of(app: &TestApp, mobile: &str) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM users WHERE mobile = $1", mobile).await
}

async fn roles_of(app: &TestApp, mobile: &str) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM org_staff s JOIN users u ON u.id = s.user_id WHERE u.mobile = $1", mobile)
        .await
}

async fn orgs_named(app: &TestApp, name: &str) -> i64 {
    count(app, "SELECT COUNT(*) AS n FROM organisations WHERE name = $1", name).await
}

/// The attack: a signed-in volunteer registers an organisation naming a stranger's mobile as
/// its admin. Nothing may come into being for that number: no account, no role, no organisation.
#[tokio::test]
async fn naming_a_strangers_mobile_creates_no_account_and_no_admin() {
    let app = spawn_app().await;
    let parent = team(&app).await;
    let registrant = app.person(REGISTRANT).await;
    let name = "武进区青少年科普科技志愿服务支队";
    let answer: Result<serde_json::Value, _> =
        app.call_json_as(&registrant, "orgs/register", json!({ "input": registration(name, parent, STRANGER) })).await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(accounts_of(&app, STRANGER).await, 0, "an account was created for a number that never confirmed");
    assert_eq!(roles_of(&app, STRANGER).await, 0, "the stranger's number became an admin");
    assert_eq!(orgs_named(&app, name).await, 0, "the organisation exists before its admin agreed");
}
