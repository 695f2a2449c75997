//! The authorisation matrix (issue 11, item 10). Every server function (leptos' registry,
//! `server_fn_paths`), every page (`generate_route_list(App)`) and every other route
//! (`startup::extra_routes`, the list the router is built from) is called as five people:
//! anonymous, a volunteer, an admin of another tree, the lowest staff role over the right
//! subtree, and a platform admin. The table in `authz_matrix/table.rs` says who is allowed;
//! an endpoint the router serves without a row there fails the test, by name.
use crate::common;

mod table;

use app::accounts::model::OrgRole;
use app::activities::model::{ActivityInput, ProjectInput};
use app::activities::views::ActivityQuery;
use app::db::now_us;
use app::orgs::model::OrgInput;
use app::orgs::repo::{insert, set_staff, NewOrg};
use app::volunteers::model::ProfileInput;
use common::{chinese_digits, spawn_app, user, volunteer, TestApp};
use std::collections::{BTreeMap, HashMap};
use table::{Call, Caller, Rule, CALLERS};

const VOLUNTEER: &str = "13866660001";
const OTHER_ADMIN: &str = "13866660002";
const STAFF: &str = "13866660003";
const PLATFORM_ADMIN: &str = "13866660004";
/// Not a caller: the member staff act upon. Their name must not reach anyone not allowed.
const MEMBER: &str = "13866667777";
const APPLICANT: &str = "13866660006";

/// The people, their clients and the `$names` the table's calls refer to.
struct World {
    clients: HashMap<Caller, reqwest::Client>,
    values: BTreeMap<&'static str, String>,
    /// The member's real name: it must not appear in any answer to a caller not allowed.
    secret: String,
}

impl World {
    /// The call's text with every `$name` replaced, longest names first.
    fn fill(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (name, value) in self.values.iter().rev() {
            out = out.replace(&format!("${name}"), value);
        }
        assert!(!out.contains('$'), "unknown $name in {text:?}");
        out
    }
}

async fn org(app: &TestApp, name: &str, parent: Option<i64>, status: &str) -> i64 {
    let new = NewOrg { name, parent_id: parent, status, province: "32", city: "3204", county: "" };
    insert(&app.db, &new, now_us()).await.unwrap()
}

/// Tree A: corps → team (`$org`, the right subtree) → a pending registration (`$pending_org`),
/// and a second team (`$org2`). Tree B: a corps whose admin is the outsider.
async fn world(app: &TestApp) -> World {
    let now = now_us();
    let corps = org(app, "江苏省科技志愿服务总队", None, "approved").await;
    let team = org(app, "常州市科技志愿服务队", Some(corps), "approved").await;
    let team2 = org(app, "无锡市科技志愿服务队", Some(corps), "approved").await;
    let pending_org = org(app, "武进区科技志愿服务支队", Some(team), "pending").await;
    let other = org(app, "浙江省科技志愿服务总队", None, "approved").await;
    set_staff(&app.db, corps, user(app, STAFF).await, OrgRole::Staff, now).await.unwrap();
    set_staff(&app.db, other, user(app, OTHER_ADMIN).await, OrgRole::Admin, now).await.unwrap();
    sqlx::query("UPDATE users SET is_platform_admin = 1 WHERE id = $1")
        .bind(user(app, PLATFORM_ADMIN).await)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let staff = app.person(STAFF).await;
    let person = volunteer(app, VOLUNTEER, "19900101", true).await;
    let member = volunteer(app, MEMBER, "19900202", false).await;
    let applicant = volunteer(app, APPLICANT, "19900303", true).await;

    let join = |client: &reqwest::Client, org: i64| {
        let org = org.to_string();
        let client = client.clone();
        async move { app.call_as::<i64>(&client, "orgs/apply", &[("org_id", &org)]).await.unwrap() }
    };
    let approve = |membership: i64| {
        let staff = staff.clone();
        async move {
            let id = membership.to_string();
            let args = [("membership_id", id.as_str()), ("approve", "true"), ("reason", "")];
            app.call_as::<()>(&staff, "orgs/decide-application", &args).await.unwrap()
        }
    };
    let own_membership = join(&person, team).await;
    approve(own_membership).await;
    let own_pending = join(&person, team2).await;
    let member_membership = join(&member, team).await;
    approve(member_membership).await;
    let pending_application = join(&applicant, team).await;

    let save = |input: ActivityInput, publish: bool| {
        let staff = staff.clone();
        async move {
            let body = serde_json::json!({ "id": null, "input": input, "publish": publish });
            app.call_json_as::<i64>(&staff, "activities/save", body).await.unwrap()
        }
    };
    let activity = save(ActivityInput::sample(team), true).await;
    let draft = save(ActivityInput::sample(team), false).await;
    let to_cancel = save(ActivityInput::sample(team), true).await;
    let id = activity.to_string();
    let acks = [("input[activity_id]", id.as_str()), ("input[risks_read]", "true"), ("input[insurance_ack]", "true")];
    let _: serde_json::Value = app.call_as(&person, "activities/sign-up", &acks).await.unwrap();
    let signup = sqlx::query_scalar::<_, i64>("SELECT id FROM signups WHERE activity_id = $1")
        .bind(activity)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let project = project_input(team);
    let project_id: i64 =
        app.call_json_as(&staff, "projects/save", serde_json::json!({ "id": null, "input": project })).await.unwrap();
    let venue_input = app::venues::model::VenueInput::sample(team);
    let venue: i64 =
        app.call_json_as(&staff, "venues/save", serde_json::json!({ "id": null, "input": venue_input })).await.unwrap();
    let member_no = sqlx::query_scalar::<_, String>("SELECT volunteer_no FROM users WHERE mobile = $1")
        .bind(MEMBER)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();

    let values = BTreeMap::from([
        ("org", team.to_string()),
        ("org2", team2.to_string()),
        ("pending_org", pending_org.to_string()),
        ("own_membership", own_membership.to_string()),
        ("own_pending", own_pending.to_string()),
        ("member_membership", member_membership.to_string()),
        ("member_no", member_no),
        ("pending_application", pending_application.to_string()),
        ("activity", activity.to_string()),
        ("draft", draft.to_string()),
        ("to_cancel", to_cancel.to_string()),
        ("signup", signup.to_string()),
        ("project", project_id.to_string()),
        ("activity_input", json(&ActivityInput::sample(team))),
        ("project_input", json(&project_input(team))),
        ("activity_query", json(&ActivityQuery::default())),
        ("org_input", json(&OrgInput::default())),
        ("profile_input", json(&ProfileInput::default())),
        ("venue", venue.to_string()),
        ("venue_input", json(&venue_input)),
    ]);
    let clients = HashMap::from([
        (Caller::Anonymous, app.new_client()),
        (Caller::Volunteer, person),
        (Caller::OtherTreeAdmin, app.person(OTHER_ADMIN).await),
        (Caller::Staff, staff),
        (Caller::PlatformAdmin, app.person(PLATFORM_ADMIN).await),
    ]);
    World { clients, values, secret: format!("志愿者{}", chinese_digits(&MEMBER[9..])) }
}

fn project_input(org_id: i64) -> ProjectInput {
    ProjectInput {
        org_id,
        name: "青少年科学营".into(),
        summary: "暑期科学营".into(),
        service_objects: vec!["public".into()],
        goals: "激发兴趣".into(),
        cycle: "每年暑期".into(),
        ..ProjectInput::default()
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}

/// Everything the router serves, as the keys of the table: server functions by their path
/// (`/api/orgs/roster`), pages and other routes by their pattern (`/orgs/{id}/manage`).
fn served() -> Vec<String> {
    let mut all: Vec<String> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).collect::<Vec<_>>();
    all.extend(leptos_axum::generate_route_list(app::shell::App).iter().map(|r| r.path().to_owned()));
    all.extend(server::startup::extra_routes().into_iter().map(|(path, _)| path.to_owned()));
    all.sort();
    all.dedup();
    all
}

async fn send(app: &TestApp, w: &World, client: &reqwest::Client, path: &str, call: &Call) -> (u16, String) {
    let url = format!("{}{path}", app.base);
    let request = match call {
        Call::Form(args) => {
            client.post(&url).header("content-type", "application/x-www-form-urlencoded").body(w.fill(args))
        }
        Call::Json(body) => client.post(&url).header("content-type", "application/json").body(w.fill(body)),
        Call::Multipart(args) => {
            let mut form = reqwest::multipart::Form::new();
            for pair in w.fill(args).split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                form = form.text(k.to_owned(), v.to_owned());
            }
            let header = app::codes::VOLUNTEER_HEADERS.join(",");
            form = form.part("file", reqwest::multipart::Part::bytes(header.into_bytes()).file_name("x.csv"));
            client.post(&url).multipart(form)
        }
        Call::FormTo(path, args) => client
            .post(format!("{}{}", app.base, w.fill(path)))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(w.fill(args)),
        Call::Get(path) => client.get(format!("{}{}", app.base, w.fill(path))),
    };
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// What is wrong with one caller's answer, if anything.
fn judge(rule: &Rule, caller: Caller, status: u16, body: &str, secret: &str) -> Option<String> {
    if status >= 500 {
        return Some(format!("a fault ({status})"));
    }
    if rule.allowed.contains(&caller) {
        let refused = [401, 403].contains(&status) || (status == rule.refused && rule.refused != 200);
        return refused.then(|| format!("allowed, but refused with {status}"));
    }
    if body.contains(secret) {
        return Some(format!("not allowed, but the answer ({status}) holds the member's name"));
    }
    let expected = if caller == Caller::Anonymous { vec![401, rule.refused] } else { vec![rule.refused] };
    (!expected.contains(&status)).then(|| format!("not allowed: expected {expected:?}, got {status}"))
}

#[tokio::test]
async fn every_endpoint_lets_in_exactly_the_callers_of_its_rule() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let rules: HashMap<&str, &Rule> = table::RULES.iter().map(|(path, rule)| (*path, rule)).collect();
    let served = served();
    let mut problems = Vec::new();
    for path in &served {
        if !rules.contains_key(path.as_str()) {
            problems.push(format!(
                "{path}: served but has no rule; add a row to RULES in server/tests/authz_matrix/table.rs \
                 saying who may call it"
            ));
        }
    }
    for path in rules.keys().filter(|p| !served.iter().any(|s| s == *p)) {
        problems.push(format!("{path}: has a rule but is not served; remove its row"));
    }
    // Calls that end a session (logging out) run after all the others.
    let mut order: Vec<(&str, &Rule)> =
        served.iter().filter_map(|p| rules.get(p.as_str()).map(|r| (p.as_str(), *r))).collect();
    order.sort_by_key(|(path, rule)| (rule.ends_session, *path));
    for (path, rule) in order {
        for caller in CALLERS {
            let (status, body) = send(&app, &w, &w.clients[&caller], path, &rule.call).await;
            if let Some(problem) = judge(rule, caller, status, &body, &w.secret) {
                let short: String = body.chars().take(160).collect();
                problems.push(format!("{path} as {caller:?}: {problem}; body {short:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
