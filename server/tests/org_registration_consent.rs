//! F-10 consent (issue 11 item 2), over real HTTP on both engines: the admin mobile named in an
//! organisation's registration must be confirmed by whoever holds that phone, with an SMS code,
//! before its account becomes the organisation's admin; a number that never confirms gets no
//! account and no role.
use crate::common;

use app::accounts::model::{OrgRole, SessionUser};
use app::db::now_us;
use app::error::{AppError, CodeProblem, Refusal};
use app::orgs::model::OrgInput;
use app::orgs::register::{Registered, RegistrationLists, RegistrationStatus, MAX_OPEN};
use app::orgs::views::{OrgDetail, OrgStatus, ReviewItem};
use app::validation::Invalid;
use common::orgs::{registration, team_with_admin};
use common::{spawn_app, TestApp};
use serde_json::json;
use sqlx::Row;

const PARENT_ADMIN: &str = "13811110001";
const REGISTRANT: &str = "13922220001";
/// A number whose holder never asked for anything.
const STRANGER: &str = "13966660009";

/// An approved team with its admin; returns the team's id.
async fn team(app: &TestApp) -> i64 {
    team_with_admin(app, PARENT_ADMIN).await
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

async fn register(app: &TestApp, client: &reqwest::Client, input: &OrgInput) -> Result<Registered, AppError> {
    app.call_json_as(client, "orgs/register", json!({ "input": input })).await
}

async fn lists(app: &TestApp, client: &reqwest::Client) -> RegistrationLists {
    app.call_as(client, "orgs/registrations", &[]).await.unwrap()
}

async fn answer(app: &TestApp, client: &reqwest::Client, id: i64, accept: bool) -> Result<(), AppError> {
    app.call_as(client, "orgs/answer-registration", &[("id", &id.to_string()), ("accept", &accept.to_string())]).await
}

/// The texts sent to `mobile`, oldest first.
fn texts_to(app: &TestApp, mobile: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(&app.outbox).unwrap_or_default();
    text.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).filter(|v| v["to"] == mobile).collect()
}

async fn me(app: &TestApp, client: &reqwest::Client) -> SessionUser {
    app.call_as::<Option<SessionUser>>(client, "accounts/me", &[]).await.unwrap().unwrap()
}

/// The attack: a signed-in volunteer registers an organisation naming a stranger's mobile as
/// its admin. Nothing may come into being for that number: no account, no role, no organisation.
#[tokio::test]
async fn naming_a_strangers_mobile_creates_no_account_and_no_admin() {
    let app = spawn_app().await;
    let parent = team(&app).await;
    let registrant = app.person(REGISTRANT).await;
    let name = "武进区青少年科普科技志愿服务支队";
    let registered = register(&app, &registrant, &registration(name, parent, STRANGER)).await.unwrap();
    assert!(
        matches!(registered, Registered::AwaitingAdmin { ref mobile_masked, .. } if mobile_masked == "139****0009"),
        "{registered:?}"
    );
    assert_eq!(accounts_of(&app, STRANGER).await, 0, "an account was created for a number that never confirmed");
    assert_eq!(roles_of(&app, STRANGER).await, 0, "the stranger's number became an admin");
    assert_eq!(orgs_named(&app, name).await, 0, "the organisation exists before its admin agreed");

    // The number is told, with a link and no code (the login sends a fresh one when it is used).
    let sent = texts_to(&app, STRANGER);
    assert_eq!(sent.len(), 1);
    assert!(sent[0]["text"].as_str().unwrap().contains("/orgs/registrations"), "{sent:?}");
    assert!(sent[0]["code"].is_null());
    // The registrant sees it waiting.
    let mine = lists(&app, &registrant).await.sent;
    assert_eq!(
        mine.iter().map(|r| (r.name.as_str(), r.status)).collect::<Vec<_>>(),
        [(name, RegistrationStatus::Awaiting)]
    );
    assert_eq!(mine[0].admin_mobile_masked, "139****0009");
}

/// The fixed flow: only the phone's holder, signed in with the code sent to it, makes the
/// organisation and becomes its admin; a wrong code and the registrant acting alone change nothing.
#[tokio::test]
async fn the_holder_confirms_with_the_code_sent_to_the_phone_and_only_then_becomes_admin() {
    let app = spawn_app().await;
    let parent = team(&app).await;
    let registrant = app.person(REGISTRANT).await;
    let name = "武进区天文科普科技志愿服务支队";
    register(&app, &registrant, &registration(name, parent, STRANGER)).await.unwrap();
    let id = lists(&app, &registrant).await.sent[0].id;

    // The registrant cannot answer for the number, nor can a guessed code sign it in.
    assert_eq!(answer(&app, &registrant, id, true).await, Err(AppError::NotFound));
    let guesser = app.new_client();
    let _: app::accounts::model::CodeSent =
        app.call_as(&guesser, "accounts/send-code", &[("mobile", STRANGER)]).await.unwrap();
    let wrong = if app.last_code(STRANGER) == "000000" { "111111" } else { "000000" };
    let guessed: Result<SessionUser, _> =
        app.call_as(&guesser, "accounts/login-code", &[("mobile", STRANGER), ("code", wrong)]).await;
    assert!(matches!(guessed, Err(AppError::Code(CodeProblem::Wrong { .. }))), "{guessed:?}");
    assert_eq!(answer(&app, &guesser, id, true).await, Err(AppError::Unauthenticated));
    assert_eq!(
        (accounts_of(&app, STRANGER).await, roles_of(&app, STRANGER).await, orgs_named(&app, name).await),
        (0, 0, 0)
    );

    // The holder signs up with the code sent to the phone (a minute after the guesser's),
    // sees the request and accepts.
    app.age_codes(STRANGER, 61).await;
    let holder = app.person(STRANGER).await;
    let asked = lists(&app, &holder).await.naming_me;
    assert_eq!(asked.len(), 1);
    assert_eq!((asked[0].registrant_mobile_masked.as_str(), asked[0].contact_name.as_str()), ("139****0001", "张三"));
    answer(&app, &holder, id, true).await.unwrap();
    assert_eq!(answer(&app, &holder, id, true).await, Err(AppError::Refused(Refusal::AlreadyDecided)));
    let roles = me(&app, &holder).await.staff_roles;
    assert_eq!(roles.iter().map(|r| (r.org_name.as_str(), r.role)).collect::<Vec<_>>(), [(name, OrgRole::Admin)]);
    let org_id = roles[0].org_id;

    // Review follows the acceptance: the parent's admin now has it in the queue; the registrant
    // sees the outcome and the organisation.
    let parent_admin = app.person(PARENT_ADMIN).await;
    let queue: Vec<ReviewItem> =
        app.call_as(&parent_admin, "orgs/review-queue", &[("org_id", &parent.to_string())]).await.unwrap();
    assert_eq!(queue.iter().map(|q| q.id).collect::<Vec<_>>(), [org_id]);
    let mine = lists(&app, &registrant).await.sent;
    assert_eq!((mine[0].status, mine[0].org_id), (RegistrationStatus::Accepted, Some(org_id)));
    let seen: OrgDetail = app.call_as(&registrant, "orgs/detail", &[("id", &org_id.to_string())]).await.unwrap();
    assert_eq!(seen.summary.status, OrgStatus::Pending);
}

/// Declined or never answered: nothing comes into being, and an expired one cannot be
/// accepted late.
#[tokio::test]
async fn declined_or_expired_registrations_create_nothing() {
    let app = spawn_app().await;
    let parent = team(&app).await;
    let registrant = app.person(REGISTRANT).await;
    let declined = "武进区气象科普科技志愿服务支队";
    let expired = "武进区农技服务科技志愿服务支队";
    register(&app, &registrant, &registration(declined, parent, STRANGER)).await.unwrap();
    register(&app, &registrant, &registration(expired, parent, STRANGER)).await.unwrap();
    let ids: Vec<i64> = lists(&app, &registrant).await.sent.iter().map(|r| r.id).collect();
    let (expired_id, declined_id) = (ids[0], ids[1]);
    sqlx::query("UPDATE org_registrations SET expires_at = $1 WHERE id = $2")
        .bind(now_us() - 1)
        .bind(expired_id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // Eight days on, the number never having answered: still no account.
    assert_eq!(accounts_of(&app, STRANGER).await, 0);
    let mine = lists(&app, &registrant).await.sent;
    assert_eq!(mine[0].status, RegistrationStatus::Expired);

    let holder = app.person(STRANGER).await;
    assert_eq!(answer(&app, &holder, expired_id, true).await, Err(AppError::Refused(Refusal::RegistrationExpired)));
    answer(&app, &holder, declined_id, false).await.unwrap();
    assert_eq!(answer(&app, &holder, declined_id, true).await, Err(AppError::Refused(Refusal::AlreadyDecided)));
    assert_eq!(
        (roles_of(&app, STRANGER).await, orgs_named(&app, declined).await, orgs_named(&app, expired).await),
        (0, 0, 0)
    );
    let statuses: Vec<_> = lists(&app, &registrant).await.sent.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [RegistrationStatus::Expired, RegistrationStatus::Declined]);
    // The declined form's personal data is not kept.
    let kept: String = sqlx::query_scalar("SELECT input FROM org_registrations WHERE id = $1")
        .bind(declined_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(kept, "");
}

/// Naming your own mobile while signed in needs no second code (the session proved the number):
/// the organisation is created at once with you as its admin, and nobody is texted.
#[tokio::test]
async fn naming_your_own_mobile_creates_the_organisation_at_once() {
    let app = spawn_app().await;
    let parent = team(&app).await;
    let registrant = app.person(REGISTRANT).await;
    let texts_before = texts_to(&app, REGISTRANT).len();
    let registered = register(&app, &registrant, &registration("武进区青少年科普科技志愿服务支队", parent, REGISTRANT))
        .await
        .unwrap();
    let Registered::Created { org_id } = registered else { panic!("{registered:?}") };
    let roles = me(&app, &registrant).await.staff_roles;
    assert_eq!(roles.iter().map(|r| (r.org_id, r.role)).collect::<Vec<_>>(), [(org_id, OrgRole::Admin)]);
    assert_eq!(texts_to(&app, REGISTRANT).len(), texts_before);
}

/// Each registration texts a phone: a number named in many, or a registrant sending many, is
/// refused past the limit, and a name already taken is refused before anyone is texted.
#[tokio::test]
async fn registrations_cannot_flood_a_number() {
    let app = spawn_app().await;
    let parent = team(&app).await;
    let registrant = app.person(REGISTRANT).await;
    let names = [
        "武进区天文科普科技志愿服务支队",
        "武进区气象科普科技志愿服务支队",
        "武进区农技服务科技志愿服务支队",
        "武进区环保科普科技志愿服务支队",
    ];
    for name in &names[..MAX_OPEN as usize] {
        register(&app, &registrant, &registration(name, parent, STRANGER)).await.unwrap();
    }
    let over = register(&app, &registrant, &registration(names[3], parent, STRANGER)).await;
    assert_eq!(over, Err(AppError::Refused(Refusal::TooManyOpenRegistrations { max: MAX_OPEN })));
    let other = app.person("13922220002").await;
    let over = register(&app, &other, &registration(names[3], parent, STRANGER)).await;
    assert_eq!(over, Err(AppError::Refused(Refusal::TooManyOpenRegistrations { max: MAX_OPEN })));
    let over = register(&app, &registrant, &registration(names[3], parent, "13966660008")).await;
    assert_eq!(over, Err(AppError::Refused(Refusal::TooManyOpenRegistrations { max: MAX_OPEN })));
    assert_eq!(texts_to(&app, STRANGER).len(), MAX_OPEN as usize);
    assert!(texts_to(&app, "13966660008").is_empty());

    let taken = register(&app, &other, &registration("常州市科技志愿服务队", parent, "13966660008")).await;
    assert!(
        matches!(taken, Err(AppError::Invalid(ref e)) if e.get("name") == Some(Invalid::OrgNameTaken)),
        "{taken:?}"
    );
    assert!(texts_to(&app, "13966660008").is_empty());
}

/// A name taken while the registration waited: the acceptance is refused as a whole and
/// creates nothing.
#[tokio::test]
async fn an_outdated_registration_cannot_be_accepted() {
    let app = spawn_app().await;
    let parent = team(&app).await;
    let registrant = app.person(REGISTRANT).await;
    let name = "武进区天文科普科技志愿服务支队";
    register(&app, &registrant, &registration(name, parent, STRANGER)).await.unwrap();
    let id = lists(&app, &registrant).await.sent[0].id;
    let other = app.person("13922220002").await;
    register(&app, &other, &registration(name, parent, "13922220002")).await.unwrap();
    let holder = app.person(STRANGER).await;
    assert_eq!(answer(&app, &holder, id, true).await, Err(AppError::Refused(Refusal::RegistrationOutdated)));
    assert_eq!((roles_of(&app, STRANGER).await, orgs_named(&app, name).await), (0, 1));
    assert_eq!(lists(&app, &holder).await.naming_me[0].status, RegistrationStatus::Awaiting);
}
