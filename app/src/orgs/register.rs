//! Registering an organisation (F-10) and the named admin's consent (issue 11 item 2).
//!
//! The admin mobile a registration names becomes the organisation's admin only when whoever
//! holds that phone agrees, having proved it with an SMS code:
//! - **Naming your own mobile** while signed in creates the organisation at once. The session
//!   was opened by proving that number (an SMS code, or a password set inside a session that
//!   was); a second code would prove nothing new. The platform manual asks for a code on its
//!   registration form because its registration starts signed out; ours starts at the login.
//! - **Naming someone else's** stores the registration, as typed, for [`CONFIRM_DAYS`] days and
//!   texts the number a link to `/orgs/registrations`. There its holder signs in or signs up
//!   with an SMS code (the one login path, `accounts::codes`, with its limits) and accepts or
//!   declines. Only acceptance creates the organisation, with them as its admin; a declined or
//!   expired registration creates nothing, and this flow never creates an account.
//! - **Review** by the managing unit follows acceptance, so reviewers only see registrations
//!   whose contact is real (CVST 1 §5.4.2 has them check it). A registrant who manages the parent
//!   still gets direct approval, judged when the organisation is created.
use crate::error::AppError;
use crate::orgs::model::OrgInput;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    accounts::{codes, model::OrgRole},
    audit, clock,
    db::now_us,
    error::Refusal,
    http,
    inbox::{model::kinds, repo as inbox},
    orgs::{model::ValidOrg, repo, repo::registrations, views::OrgStatus},
    scope,
    sms::SmsMessage,
    state::{app_state, AppState},
    validation::Invalid,
};
#[cfg(feature = "ssr")]
use sqlx::AnyConnection;

/// How long a registration waits for the named admin.
pub const CONFIRM_DAYS: i64 = 7;
/// Open registrations one number may be named in, and one person may have sent: each texts a
/// phone, so neither a registrant nor a crowd of them can flood a number.
pub const MAX_OPEN: u32 = 3;

/// What a registration led to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Registered {
    /// The organisation exists, pending review or approved.
    Created { org_id: i64 },
    /// Waiting for the holder of the named mobile to accept.
    AwaitingAdmin { mobile_masked: String, expires_at: i64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Awaiting,
    Accepted,
    Declined,
    /// Awaiting past its deadline: it can no longer be accepted.
    Expired,
}

impl RegistrationStatus {
    pub fn code(self) -> &'static str {
        match self {
            RegistrationStatus::Awaiting => "awaiting",
            RegistrationStatus::Accepted => "accepted",
            RegistrationStatus::Declined => "declined",
            RegistrationStatus::Expired => "expired",
        }
    }

    /// The status of a stored row at `now` (expiry is not stored: it is the deadline passing).
    pub fn stored(code: &str, expires_at: i64, now: i64) -> Self {
        match code {
            "accepted" => RegistrationStatus::Accepted,
            "declined" => RegistrationStatus::Declined,
            _ if expires_at <= now => RegistrationStatus::Expired,
            _ => RegistrationStatus::Awaiting,
        }
    }
}

/// One registration that waits (or waited) for its named admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationItem {
    pub id: i64,
    pub name: String,
    pub parent_name: Option<String>,
    pub admin_mobile_masked: String,
    pub registrant_mobile_masked: String,
    /// The admin's name as the registrant typed it.
    pub contact_name: String,
    pub status: RegistrationStatus,
    pub created_at: i64,
    pub expires_at: i64,
    /// The organisation an acceptance created.
    pub org_id: Option<i64>,
}

/// The registrations page: those naming the signed-in person's mobile as admin (open ones to
/// answer, answered ones with what came of them), and those they sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationLists {
    pub naming_me: Vec<RegistrationItem>,
    pub sent: Vec<RegistrationItem>,
}

/// Registers an organisation under `input.parent_id` (see the module's notes for who becomes
/// its admin, and when).
#[server(endpoint = "orgs/register", input = Json)]
pub async fn register_org(input: OrgInput) -> Result<Registered, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.begin().await?;
    let valid = validated(&state, &mut tx, &input).await?;
    let client = http::client_addr(&state.policy).await;
    if registrations::mobile_of(&mut tx, uid).await? == valid.contact_mobile {
        let (id, status) = create(&state, &mut tx, &valid, uid, uid, now).await?;
        tx.commit().await?;
        audit::record(
            &state.db,
            uid,
            "register_organisation",
            Some(uid),
            &format!("org {id} {}", status.code()),
            &client,
        )
        .await?;
        return Ok(Registered::Created { org_id: id });
    }
    // Refused now what would be refused at acceptance, so nobody is texted in vain.
    standing(&state, &mut tx, valid.parent_id, uid).await?;
    if registrations::name_taken(&mut tx, &valid.name).await? {
        return Err(AppError::field("name", Invalid::OrgNameTaken));
    }
    let mobile = valid.contact_mobile.as_str();
    codes::lock_keys(&mut tx, &mut [format!("admin-named:{mobile}"), format!("registrant:{uid}")], now).await?;
    let (naming, sent) = registrations::open_counts(&mut tx, mobile, uid, now).await?;
    if naming.max(sent) >= MAX_OPEN as i64 {
        return Err(AppError::Refused(Refusal::TooManyOpenRegistrations { max: MAX_OPEN }));
    }
    let expires_at = now + CONFIRM_DAYS * 24 * codes::HOUR_US;
    let typed = serde_json::to_string(&input).map_err(AppError::internal)?;
    let new = registrations::NewRegistration {
        registrant: uid,
        admin_mobile: mobile,
        name: &valid.name,
        parent_id: valid.parent_id,
        input: &typed,
        expires_at,
    };
    let id = registrations::insert(&mut tx, &new, now).await?;
    tx.commit().await?;
    // Sent after the commit, so the SMS gateway's latency never holds the write lock; a
    // registration whose SMS failed is removed, since nobody could answer it.
    if let Err(e) = state.sms.send(&consent_sms(&state, &valid).await).await {
        registrations::delete(&state.db, id).await?;
        return Err(AppError::internal(format!("sms send failed: {e}")));
    }
    audit::record(&state.db, uid, "register_organisation_awaiting_admin", None, &format!("registration {id}"), &client)
        .await?;
    Ok(Registered::AwaitingAdmin { mobile_masked: valid.contact_mobile.masked(), expires_at })
}

/// Registrations naming the signed-in person's mobile, and those they sent.
#[server(endpoint = "orgs/registrations")]
pub async fn my_registrations() -> Result<RegistrationLists, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mobile = registrations::mobile_of(&mut *state.db.pool.acquire().await?, uid).await?;
    Ok(RegistrationLists {
        naming_me: registrations::naming_all(&state.db, &mobile, now).await?,
        sent: registrations::sent_by(&state.db, uid, now).await?,
    })
}

/// The named admin's answer. Accepting creates the organisation with the signed-in person as
/// its admin; declining creates nothing. The page then lists it with its outcome (the new
/// organisation's link).
#[server(endpoint = "orgs/answer-registration")]
pub async fn answer_registration(id: i64, accept: bool) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.begin().await?;
    let mobile = registrations::mobile_of(&mut tx, uid).await?;
    let Some(answered) = registrations::answer(&mut tx, id, &mobile, accept, now).await? else {
        drop(tx);
        return Err(match registrations::naming(&state.db, id, &mobile, now).await? {
            None => AppError::NotFound,
            Some(r) if r.status == RegistrationStatus::Expired => AppError::Refused(Refusal::RegistrationExpired),
            Some(_) => AppError::Refused(Refusal::AlreadyDecided),
        });
    };
    let org = if accept {
        let input: OrgInput = serde_json::from_str(&answered.input).map_err(AppError::internal)?;
        // The parent or the name may have changed since it was typed: the answer is then
        // refused as a whole, since the admin cannot correct someone else's form.
        let outdated = |e: AppError| match e {
            AppError::Invalid(_) => AppError::Refused(Refusal::RegistrationOutdated),
            other => other,
        };
        let valid = validated(&state, &mut tx, &input).await.map_err(outdated)?;
        let (org_id, _) = create(&state, &mut tx, &valid, answered.registrant, uid, now).await.map_err(outdated)?;
        registrations::link_org(&mut tx, id, org_id).await?;
        Some(org_id)
    } else {
        None
    };
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    let detail = match org {
        Some(org_id) => format!("registration {id} accepted, org {org_id}"),
        None => format!("registration {id} declined"),
    };
    audit::record(&state.db, uid, "answer_org_registration", Some(answered.registrant), &detail, &client).await
}

/// The form checked against its parent as it is now, which it locks first.
#[cfg(feature = "ssr")]
async fn validated(state: &AppState, conn: &mut AnyConnection, input: &OrgInput) -> Result<ValidOrg, AppError> {
    if let Some(parent) = input.parent_id {
        repo::lock_org(conn, parent).await?;
    }
    let level = repo::child_level(conn, input.parent_id).await.map_err(|e| match e {
        AppError::NotFound => AppError::field("parent_id", Invalid::NotInList),
        other => other,
    })?;
    Ok(input.validate(level, state.policy.level_names.name(level), clock::today())?)
}

/// Whether `registrant` may register under `parent` (refused if not), and whether the
/// registration is approved at once: they manage the parent (a unit setting up its own
/// sub-team, CVST 1 §5.3.3 b) or, for a corps, are a platform admin.
#[cfg(feature = "ssr")]
async fn standing(
    state: &AppState,
    conn: &mut AnyConnection,
    parent: Option<i64>,
    registrant: i64,
) -> Result<bool, AppError> {
    match parent {
        None if scope::is_platform_admin(&state.db, registrant).await? => Ok(true),
        None => Err(AppError::Refused(Refusal::CorpsByPlatformOnly)),
        Some(parent) if !repo::is_approved(conn, parent).await? => Err(AppError::Refused(Refusal::OrgNotOpen)),
        Some(parent) => Ok(scope::role_over(&state.db, registrant, parent).await?.is_some()),
    }
}

/// Creates the organisation with `admin` as its admin: approved when the registrant's standing
/// allows it, else pending with its reviewers told.
#[cfg(feature = "ssr")]
async fn create(
    state: &AppState,
    tx: &mut AnyConnection,
    valid: &ValidOrg,
    registrant: i64,
    admin: i64,
    now: i64,
) -> Result<(i64, OrgStatus), AppError> {
    let approves_directly = standing(state, tx, valid.parent_id, registrant).await?;
    let status = if approves_directly { OrgStatus::Approved } else { OrgStatus::Pending };
    let new = repo::NewOrg {
        name: &valid.name,
        parent_id: valid.parent_id,
        status: status.code(),
        province: &valid.province,
        city: &valid.city,
        county: &valid.county,
    };
    let id = repo::insert_on(tx, &new, now).await?;
    repo::write_details(tx, id, valid, Some(registrant)).await?;
    repo::set_staff_on(tx, id, admin, OrgRole::Admin, now).await?;
    if approves_directly {
        repo::mark_reviewed(tx, id, registrant, now).await?;
    } else if let Some(parent) = valid.parent_id {
        let reviewers = scope::staff_of(&state.db, parent).await?;
        let link = format!("/orgs/{parent}/manage/reviews");
        inbox::send(tx, &reviewers, kinds::ORG_REVIEW_REQUESTED, &valid.name, "", &link, now).await?;
    }
    Ok((id, status))
}

/// The text asking the named number's holder to answer. It carries no code: codes live five
/// minutes, the answer may come days later, and the login sends a fresh one.
#[cfg(feature = "ssr")]
async fn consent_sms(state: &AppState, valid: &ValidOrg) -> SmsMessage {
    let headers = leptos_axum::extract::<axum::http::HeaderMap>().await.unwrap_or_default();
    let link = format!("{}/orgs/registrations", http::site_base(state, &headers));
    SmsMessage {
        to: valid.contact_mobile.as_str().to_owned(),
        text: format!(
            "【科技志愿服务】有人登记组织“{}”并填写本号码为管理员。如同意，请在 {CONFIRM_DAYS} 天内登录 {link} 确认；如不知情请忽略，本号码不会因此开通任何账号或职务。",
            valid.name
        ),
        code: None,
    }
}

#[cfg(test)]
mod tests {
    use super::RegistrationStatus;

    #[test]
    fn an_awaiting_registration_past_its_deadline_is_expired_and_an_answer_stays() {
        assert_eq!(RegistrationStatus::stored("awaiting", 10, 9), RegistrationStatus::Awaiting);
        assert_eq!(RegistrationStatus::stored("awaiting", 10, 10), RegistrationStatus::Expired);
        assert_eq!(RegistrationStatus::stored("accepted", 10, 11), RegistrationStatus::Accepted);
        assert_eq!(RegistrationStatus::stored("declined", 10, 11), RegistrationStatus::Declined);
    }
}
