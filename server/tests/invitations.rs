//! Answering an import's invitation (issue 11 item 1, F-14), over real HTTP on both engines: the
//! person is told in the inbox and by SMS (naming the organisation only), becomes a member only by
//! accepting — under the rules of an application — and can decline; nobody else can answer.
use crate::common;

use app::accounts::model::OrgRole;
use app::codes::VOLUNTEER_HEADERS;
use app::db::now_us;
use app::error::{AppError, Refusal};
use app::inbox::model::Notice;
use app::orgs::invitations::Invitation;
use app::state::Policy;
use common::orgs::{approved, row, staff, CORPS};
use common::{id_for, spawn_app, spawn_with, test_policy, volunteer, TestApp};
use server::sms::OutboxSender;
use sqlx::Row;

const ADMIN: &str = "13811130001";
const ORG_ONE: &str = "常州市科技志愿服务队";
const ORG_TWO: &str = "无锡市科技志愿服务队";

/// Two approved teams with the same admin.
async fn teams(app: &TestApp) -> (i64, i64) {
    let corps = approved(app, CORPS, None).await;
    let one = approved(app, ORG_ONE, Some(corps)).await;
    let two = approved(app, ORG_TWO, Some(corps)).await;
    staff(app, one, ADMIN, OrgRole::Admin).await;
    staff(app, two, ADMIN, OrgRole::Admin).await;
    (one, two)
}

/// Commits a sheet of `rows` into `org` as `admin`; the report must be clean.
async fn import(app: &TestApp, admin: &reqwest::Client, org: i64, rows: &[Vec<String>]) {
    let form = reqwest::multipart::Form::new()
        .text("org_id", org.to_string())
        .text("kind", "volunteers")
        .text("commit", "1")
        .part(
            "file",
            reqwest::multipart::Part::bytes(app::sheets::write_csv(VOLUNTEER_HEADERS, rows)).file_name("v.csv"),
        );
    let response = admin.post(format!("{}/api/orgs/import", app.base)).multipart(form).send().await.unwrap();
    let report: serde_json::Value = response.json().await.unwrap();
    assert_eq!(report["committed"], true, "{report}");
}

async fn id_of(app: &TestApp, mobile: &str) -> String {
    sqlx::query("SELECT p.id_number FROM profiles p JOIN users u ON u.id = p.user_id WHERE u.mobile = $1")
        .bind(mobile)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("id_number")
}

async fn invitations(app: &TestApp, client: &reqwest::Client) -> Vec<Invitation> {
    app.call_as(client, "orgs/my-invitations", &[]).await.unwrap()
}

async fn answer(app: &TestApp, client: &reqwest::Client, id: i64, accept: bool) -> Result<(), AppError> {
    let (id, accept) = (id.to_string(), accept.to_string());
    app.call_as(client, "orgs/answer-invitation", &[("invitation_id", &id), ("accept", &accept)]).await
}

/// The person's memberships as (organisation, status).
async fn memberships(app: &TestApp, mobile: &str) -> Vec<(String, String)> {
    sqlx::query(
        "SELECT o.name, m.status FROM memberships m JOIN users u ON u.id = m.user_id
         JOIN organisations o ON o.id = m.org_id WHERE u.mobile = $1 ORDER BY m.id",
    )
    .bind(mobile)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get("name"), r.get("status")))
    .collect()
}

/// The text messages handed to the SMS sender, as (to, text).
async fn texts_sent(app: &TestApp) -> Vec<(String, String)> {
    server::jobs::notices(&app.db, &OutboxSender::new(app.outbox.clone())).await.unwrap();
    std::fs::read_to_string(&app.outbox)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["code"].is_null())
        .map(|v| (v["to"].as_str().unwrap().to_owned(), v["text"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn an_invited_person_joins_only_by_accepting_and_may_decline() {
    let app = spawn_app().await;
    let (one, two) = teams(&app).await;
    let admin = app.person(ADMIN).await;
    let v = "13944490001";
    let client = volunteer(&app, v, "19750505", true).await;
    let row = row("志愿者零一", v, &id_of(&app, v).await);
    import(&app, &admin, one, std::slice::from_ref(&row)).await;
    import(&app, &admin, two, std::slice::from_ref(&row)).await;
    // The same sheet again invites nobody twice.
    import(&app, &admin, one, std::slice::from_ref(&row)).await;
    assert_eq!(memberships(&app, v).await, vec![], "invited, not enrolled");

    let notices: Vec<Notice> = app.call_as(&client, "inbox/list", &[]).await.unwrap();
    let invited: Vec<&str> =
        notices.iter().filter(|n| n.kind == "member_invited").map(|n| n.subject.as_str()).collect();
    assert_eq!(invited, vec![ORG_TWO, ORG_ONE]);
    let texts = texts_sent(&app).await;
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts.iter().all(|(to, text)| to == v && text.contains("邀请您加入")), "{texts:?}");

    let open = invitations(&app, &client).await;
    assert_eq!(open.iter().map(|i| i.org_name.as_str()).collect::<Vec<_>>(), vec![ORG_TWO, ORG_ONE]);
    let (to_two, to_one) = (open[0].id, open[1].id);
    // Nobody else can answer it: to them it does not exist.
    let other = volunteer(&app, "13944490002", "19760606", false).await;
    assert_eq!(answer(&app, &other, to_one, true).await, Err(AppError::NotFound));
    assert_eq!(memberships(&app, v).await, vec![]);

    answer(&app, &client, to_one, true).await.unwrap();
    assert_eq!(answer(&app, &client, to_one, true).await, Err(AppError::Refused(Refusal::AlreadyDecided)));
    answer(&app, &client, to_two, false).await.unwrap();
    assert_eq!(memberships(&app, v).await, vec![(ORG_ONE.to_owned(), "active".to_owned())]);
    assert!(invitations(&app, &client).await.is_empty());
    let members: i64 = sqlx::query("SELECT members FROM org_member_counts WHERE org_id = $1")
        .bind(one)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("members");
    assert_eq!(members, 1, "the accepted membership is counted");
}

/// A row with A's phone and B's ID number invites both; each is told the organisation's name and
/// nothing from the row — not its name, and not the other person's phone or ID number.
#[tokio::test]
async fn a_mismatched_row_invites_each_person_it_matched_and_tells_them_nothing_of_it() {
    let app = spawn_app().await;
    let (one, _) = teams(&app).await;
    let admin = app.person(ADMIN).await;
    let (a, b) = ("13944491001", "13944491002");
    let client_a = volunteer(&app, a, "19750505", true).await;
    let client_b = volunteer(&app, b, "19760606", false).await;
    let id_b = id_of(&app, b).await;
    import(&app, &admin, one, &[row("冒名者", a, &id_b)]).await;
    for (client, mobile) in [(&client_a, a), (&client_b, b)] {
        let open = invitations(&app, client).await;
        assert_eq!(open.len(), 1, "{mobile}");
        let notices: Vec<Notice> = app.call_as(client, "inbox/list", &[]).await.unwrap();
        let shown = serde_json::to_string(&(open, notices)).unwrap();
        assert!(
            !shown.contains("冒名者") && !shown.contains(&id_b) && !shown.contains(a) && !shown.contains(b),
            "{shown}"
        );
    }
    for (_, text) in texts_sent(&app).await {
        assert!(!text.contains("冒名者") && !text.contains(&id_b) && !text.contains(a) && !text.contains(b), "{text}");
    }
}

/// Accepting is held to what applying is: a real-name profile, the membership limit; a lapsed
/// invitation can no longer be accepted.
#[tokio::test]
async fn accepting_keeps_the_membership_rules() {
    let app = spawn_with(Policy { max_memberships: 1, ..test_policy() }).await;
    let (one, two) = teams(&app).await;
    let admin = app.person(ADMIN).await;
    let v = "13944492001";
    let client = volunteer(&app, v, "19750505", true).await;
    let _: i64 = app.call_as(&client, "orgs/apply", &[("org_id", &two.to_string())]).await.unwrap();
    import(&app, &admin, one, &[row("志愿者零一", v, &id_of(&app, v).await)]).await;
    let open = invitations(&app, &client).await;
    assert_eq!(
        answer(&app, &client, open[0].id, true).await,
        Err(AppError::Refused(Refusal::MembershipLimit { max: 1 }))
    );

    // An account without a real-name profile is invited (nothing is written onto it) and must
    // complete the profile before it can join.
    let bare = "13944492002";
    let bare_client = app.person(bare).await;
    import(&app, &admin, one, &[row("冒名者", bare, &id_for("19800101", false))]).await;
    let open = invitations(&app, &bare_client).await;
    assert_eq!(answer(&app, &bare_client, open[0].id, true).await, Err(AppError::Refused(Refusal::ProfileIncomplete)));

    sqlx::query("UPDATE invitations SET expires_at = $1").bind(now_us() - 1).execute(&app.db.pool).await.unwrap();
    assert!(invitations(&app, &bare_client).await.is_empty(), "a lapsed invitation is not listed");
    assert_eq!(answer(&app, &bare_client, open[0].id, false).await, Err(AppError::Refused(Refusal::AlreadyDecided)));
    assert_eq!(memberships(&app, bare).await, vec![]);
}

/// Without JavaScript the answer is a plain form post that comes back to "my organisations".
#[tokio::test]
async fn an_invitation_is_accepted_by_a_plain_form_post() {
    let app = spawn_app().await;
    let (one, _) = teams(&app).await;
    let admin = app.person(ADMIN).await;
    let v = "13944493001";
    let client = volunteer(&app, v, "19750505", true).await;
    import(&app, &admin, one, &[row("志愿者零一", v, &id_of(&app, v).await)]).await;
    let page = client.get(format!("{}/me/orgs", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(ORG_ONE) && page.contains(r#"name="invitation_id""#), "the page lists the invitation");
    let id = invitations(&app, &client).await[0].id.to_string();
    let response = client
        .post(format!("{}/api/orgs/answer-invitation", app.base))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", format!("{}/me/orgs", app.base))
        .form(&[("invitation_id", id.as_str()), ("accept", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().trim_end_matches('?').to_owned();
    assert_eq!(location, format!("{}/me/orgs", app.base));
    assert_eq!(memberships(&app, v).await, vec![(ORG_ONE.to_owned(), "active".to_owned())]);
}
