//! Organisation fixtures shared by the organisation test files: approved organisations inserted
//! straight into the database, one valid volunteer sheet row, and one valid registration form.
use super::{user, TestApp};
use app::accounts::model::OrgRole;
use app::db::now_us;
use app::orgs::model::OrgInput;
use app::orgs::repo::{insert, set_staff, NewOrg};

pub const CORPS: &str = "江苏省科技志愿服务总队";
pub const TEAM: &str = "常州市科技志愿服务队";

/// An approved organisation in Changzhou under `parent`; returns its id.
pub async fn approved(app: &TestApp, name: &str, parent: Option<i64>) -> i64 {
    let org = NewOrg { name, parent_id: parent, status: "approved", province: "32", city: "3204", county: "" };
    insert(&app.db, &org, now_us()).await.unwrap()
}

/// Gives `mobile`'s account (created if needed) `role` in `org`.
pub async fn staff(app: &TestApp, org: i64, mobile: &str, role: OrgRole) {
    set_staff(&app.db, org, user(app, mobile).await, role, now_us()).await.unwrap();
}

/// The corps with one approved team under it, `admin` its admin; returns the team's id.
pub async fn team_with_admin(app: &TestApp, admin: &str) -> i64 {
    let corps = approved(app, CORPS, None).await;
    let team = approved(app, TEAM, Some(corps)).await;
    staff(app, team, admin, OrgRole::Admin).await;
    team
}

/// A volunteer sheet row; the gender is the one the ID number gives, so the row itself is valid.
pub fn row(name: &str, mobile: &str, id: &str) -> Vec<String> {
    let male = id.as_bytes().get(16).is_some_and(|d| (d - b'0') % 2 == 1);
    let cells = [
        "1",
        name,
        mobile,
        if male { "男" } else { "女" },
        id,
        "群众",
        "汉族",
        "常州大学",
        "中级",
        "本科",
        "企业",
        "江苏省",
        "常州市",
        "武进区",
        "科技培训",
        "科学教育类",
        "否",
    ];
    cells.iter().map(|s| s.to_string()).collect()
}

/// A complete registration of `name` under `parent`, naming `contact` as its admin mobile.
pub fn registration(name: &str, parent: i64, contact: &str) -> OrgInput {
    OrgInput {
        name: name.into(),
        parent_id: Some(parent),
        contact_name: "张三".into(),
        contact_mobile: contact.into(),
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
