//! Server functions for demands (F-42) and matching (F-43). Posting needs no account: the
//! contact phone is proved by the login's SMS code machinery (same limits), and the poster
//! follows the demand through a private link. Everything staff do is checked against the
//! demand's (or activity's) organisation subtree on the server.
use crate::demands::matching::MatchResult;
use crate::demands::model::{DemandInput, DemandStatus, DemandSummary, DemandView, Posted};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    accounts::{codes, mobile::Mobile},
    audit,
    db::now_us,
    demands::{matching::Need, repo},
    error::Refusal,
    http, scope,
    sms::SmsMessage,
    state::{app_state, AppState},
    validation::Invalid,
};

/// Approved organisations a poster may pick as the managing one: (id, name), by level and name.
#[server(endpoint = "demands/orgs")]
pub async fn demand_orgs() -> Result<Vec<(i64, String)>, AppError> {
    use sqlx::Row;
    let state = app_state()?;
    let rows =
        sqlx::query("SELECT id, name FROM organisations WHERE status = 'approved' ORDER BY level, name LIMIT 500")
            .fetch_all(&state.db.pool)
            .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).collect()
}

#[cfg(feature = "ssr")]
fn follow_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("demand-follow:{token}").as_bytes()))
}

#[cfg(feature = "ssr")]
fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Issues a code for `mobile` under the login's limits and texts it.
#[cfg(feature = "ssr")]
async fn send_code(state: &AppState, mobile: &Mobile) -> Result<(), AppError> {
    let client = http::client_addr(&state.policy).await;
    let code = codes::issue(&state.db, &state.policy, mobile, &client, now_us()).await?;
    let minutes = state.policy.code_ttl_s / 60;
    let message = SmsMessage {
        to: mobile.as_str().to_owned(),
        text: format!("【科技志愿服务】您发布服务需求的验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。"),
        code: Some(code),
    };
    state.sms.send(&message).await.map_err(|e| AppError::internal(format!("sms send failed: {e}")))
}

/// Queues a text to the poster's contact phone, sent only if the step it reports commits.
#[cfg(feature = "ssr")]
async fn tell_poster(conn: &mut sqlx::AnyConnection, phone: &str, text: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO sms_outbox (to_mobile, text, created_at) VALUES ($1, $2, $3)")
        .bind(phone)
        .bind(format!("{}{text}", crate::inbox::repo::SMS_SIGN))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Posts a demand. It is stored unverified, a code goes to the contact phone, and the poster is
/// sent to the follow page (`/demands/follow/{token}`) to enter it; nobody else sees the demand
/// until the code is entered and the managing organisation publishes it.
#[server(endpoint = "demands/post")]
pub async fn post_demand(input: DemandInput) -> Result<Posted, AppError> {
    let state = app_state()?;
    let now = now_us();
    let v = input.validate()?;
    if v.starts_at <= now {
        return Err(AppError::field("starts_at", Invalid::InThePast));
    }
    let mut conn = state.db.pool.acquire().await?;
    let org_id = match v.org_id {
        Some(id) => {
            if !crate::orgs::repo::is_approved(&mut conn, id).await? {
                return Err(AppError::field("org_id", Invalid::NotInList));
            }
            id
        }
        None => repo::route(&mut conn, &v.province, &v.city, &v.county)
            .await?
            .ok_or(AppError::Refused(Refusal::NoManagingOrg))?,
    };
    let mobile = Mobile::parse(&v.contact_phone).map_err(|e| AppError::field("contact_phone", e))?;
    // The limits come first: a refused code stores nothing.
    send_code(&state, &mobile).await?;
    let token = new_token();
    repo::insert(&mut conn, &v, org_id, &follow_hash(&token), now).await?;
    leptos_axum::redirect(&format!("/demands/follow/{token}"));
    Ok(Posted { token, contact_masked: mobile.masked() })
}

/// Enters the code sent to the contact phone: the demand goes to its organisation's review queue
/// and the organisation's staff are told.
#[server(endpoint = "demands/verify")]
pub async fn verify_demand(token: String, code: String) -> Result<DemandStatus, AppError> {
    let state = app_state()?;
    let now = now_us();
    let code = crate::accounts::mobile::SmsCode::parse(&code).map_err(|e| AppError::field("code", e))?;
    let mut conn = state.db.pool.acquire().await?;
    let id = repo::id_by_follow(&mut conn, &follow_hash(token.trim())).await?;
    let demand = repo::load(&mut conn, id).await?;
    if demand.status != DemandStatus::Unverified {
        return Ok(demand.status);
    }
    let mobile = Mobile::parse(&demand.contact_phone).map_err(|e| AppError::field("contact_phone", e))?;
    codes::verify(&state.db, &state.policy, &mobile, code.as_str(), now).await?;
    let mut tx = state.db.begin().await?;
    if repo::step(&mut tx, id, &[DemandStatus::Unverified], DemandStatus::Review, now).await? {
        sqlx::query("UPDATE demands SET verified_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
        let staff = scope::staff_of(&state.db, demand.org_id).await?;
        crate::inbox::repo::send(
            &mut tx,
            &staff,
            crate::inbox::model::kinds::DEMAND_REVIEW_REQUESTED,
            &demand.title,
            &demand.poster_unit,
            &format!("/orgs/{}/manage/demands", demand.org_id),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    leptos_axum::redirect(&format!("/demands/follow/{}", token.trim()));
    Ok(DemandStatus::Review)
}

/// Sends the code again (same limits as login codes).
#[server(endpoint = "demands/resend-code")]
pub async fn resend_demand_code(token: String) -> Result<String, AppError> {
    let state = app_state()?;
    let mut conn = state.db.pool.acquire().await?;
    let id = repo::id_by_follow(&mut conn, &follow_hash(token.trim())).await?;
    let demand = repo::load(&mut conn, id).await?;
    if demand.status != DemandStatus::Unverified {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let mobile = Mobile::parse(&demand.contact_phone).map_err(|e| AppError::field("contact_phone", e))?;
    send_code(&state, &mobile).await?;
    Ok(mobile.masked())
}

/// The poster's view through the follow link: the whole demand, its status and reason, and the
/// activity made from it.
#[server(endpoint = "demands/follow")]
pub async fn follow_demand(token: String) -> Result<DemandView, AppError> {
    let state = app_state()?;
    let mut conn = state.db.pool.acquire().await?;
    let id = repo::id_by_follow(&mut conn, &follow_hash(token.trim())).await?;
    repo::load(&mut conn, id).await
}

/// Published demands (and those already answered), newest first; `before` pages on.
#[server(endpoint = "demands/list")]
pub async fn list_demands(before: Option<i64>) -> Result<Vec<DemandSummary>, AppError> {
    let state = app_state()?;
    let mut conn = state.db.pool.acquire().await?;
    repo::public_list(&mut conn, before, 30).await
}

/// One demand. Public once published (the contact phone masked); before that, and unmasked,
/// only to staff over its organisation.
#[server(endpoint = "demands/detail")]
pub async fn get_demand(id: i64) -> Result<DemandView, AppError> {
    let state = app_state()?;
    let mut conn = state.db.pool.acquire().await?;
    let mut demand = repo::load(&mut conn, id).await?;
    let can_manage = match http::current_uid().await? {
        Some(uid) => scope::role_over(&state.db, uid, demand.org_id).await?.is_some(),
        None => false,
    };
    if can_manage {
        demand.can_manage = true;
        return Ok(demand);
    }
    if !demand.status.is_public() || !crate::orgs::repo::is_approved(&mut conn, demand.org_id).await? {
        return Err(AppError::NotFound);
    }
    demand.contact_phone =
        Mobile::parse(&demand.contact_phone).map(|m| m.masked()).unwrap_or_else(|_| "***".to_owned());
    demand.contact_name = crate::records::certificates::model::mask_name(&demand.contact_name);
    Ok(demand)
}

/// The demands of an organisation's subtree for its staff, the ones waiting for review first.
#[server(endpoint = "demands/queue")]
pub async fn demand_queue(org_id: i64) -> Result<Vec<DemandSummary>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::queue(&mut conn, org_id).await
}

/// Loads a demand for a staff action, refusing anyone without a role over its organisation
/// (as "not found", so ids outside the subtree say nothing).
#[cfg(feature = "ssr")]
async fn managed_demand(state: &AppState, uid: i64, id: i64) -> Result<DemandView, AppError> {
    // The connection goes back before the scope check takes one: holding one while asking the
    // pool for another stalls every request once the pool is shared out that way (under load,
    // 10 s waits and 500s).
    let demand = repo::load(&mut *state.db.pool.acquire().await?, id).await?;
    if scope::role_over(&state.db, uid, demand.org_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(demand)
}

/// Publishes a demand under review, or rejects it with a reason the poster reads.
#[server(endpoint = "demands/review")]
pub async fn review_demand(demand_id: i64, publish: bool, #[server(default)] reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let reason = crate::validation::text(&reason, !publish, 200).map_err(|e| AppError::field("reason", e))?;
    let demand = managed_demand(&state, uid, demand_id).await?;
    let to = if publish { DemandStatus::Published } else { DemandStatus::Rejected };
    let mut tx = state.db.begin().await?;
    if !repo::step(&mut tx, demand_id, &[DemandStatus::Review], to, now).await? {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let reason = reason.unwrap_or_default();
    sqlx::query("UPDATE demands SET reviewed_by = $1, reviewed_at = $2, reject_reason = $3 WHERE id = $4")
        .bind(uid)
        .bind(now)
        .bind(&reason)
        .bind(demand_id)
        .execute(&mut *tx)
        .await?;
    let text = if publish {
        format!("您发布的服务需求“{}”已通过审核并公开。", demand.title)
    } else {
        format!("您发布的服务需求“{}”未通过审核：{reason}", demand.title)
    };
    tell_poster(&mut tx, &demand.contact_phone, &text, now).await?;
    let client = http::client_addr(&state.policy).await;
    let action = if publish { "demand_published" } else { "demand_rejected" };
    audit::record_on(&mut tx, Some(uid), action, None, &format!("demand {demand_id}"), &client).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a published or accepted demand (served, or no longer wanted).
#[server(endpoint = "demands/close")]
pub async fn close_demand(demand_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    managed_demand(&state, uid, demand_id).await?;
    let mut tx = state.db.begin().await?;
    if !repo::step(&mut tx, demand_id, &[DemandStatus::Published, DemandStatus::Accepted], DemandStatus::Closed, now)
        .await?
    {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    sqlx::query("UPDATE demands SET closed_at = $1 WHERE id = $2").bind(now).bind(demand_id).execute(&mut *tx).await?;
    let client = http::client_addr(&state.policy).await;
    audit::record_on(&mut tx, Some(uid), "demand_closed", None, &format!("demand {demand_id}"), &client).await?;
    tx.commit().await?;
    Ok(())
}

/// The top of the viewer's own subtree above `org_id` (the highest organisation on its path
/// where the viewer holds a role; a platform admin's is the whole tree): matching and
/// recruitment reach that far and no further (rule 4).
#[cfg(feature = "ssr")]
async fn viewer_root(state: &AppState, uid: i64, org_id: i64) -> Result<i64, AppError> {
    let platform = scope::is_platform_admin(&state.db, uid).await?;
    let root: Option<i64> = sqlx::query_scalar(
        "SELECT c.ancestor_id FROM org_closure c
         WHERE c.descendant_id = $1
           AND ($3 = 1 OR EXISTS (SELECT 1 FROM org_staff s WHERE s.org_id = c.ancestor_id AND s.user_id = $2))
         ORDER BY c.depth DESC LIMIT 1",
    )
    .bind(org_id)
    .bind(uid)
    .bind(i64::from(platform))
    .fetch_optional(&state.db.pool)
    .await?;
    root.ok_or(AppError::NotFound)
}

/// How long a pre-selection of matching is reused for the same subtree and need. Availability,
/// membership and closed accounts are checked on every request; a profile edited or a member
/// joined in the meantime shows from the next pre-selection on.
#[cfg(feature = "ssr")]
const PRESELECTION_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// The organisations and the free volunteers of the subtree of `root`, ranked for `need`. The
/// volunteers' pre-selection (the one pass over every member) is shared between requests for
/// [`PRESELECTION_TTL`], and computed once however many ask at the same time.
#[cfg(feature = "ssr")]
async fn ranked(
    state: &AppState,
    root: i64,
    need: &Need,
    window: (i64, i64),
) -> Result<(Vec<crate::demands::matching::Candidate>, Vec<crate::demands::matching::Candidate>), AppError> {
    use crate::demands::matching::SHOWN;
    use std::sync::Arc;
    let mut conn = state.db.pool.acquire().await?;
    let orgs = repo::match_orgs(&mut conn, root, need).await?;
    let key = format!("{root}|{need:?}");
    let c: &mut sqlx::AnyConnection = &mut conn;
    let preselected = state
        .preselections
        .get_or_compute(key.clone(), PRESELECTION_TTL, move || async move {
            let (ids, complete) = repo::preselect(c, root, need, SHOWN + repo::PRESELECT_MARGIN).await?;
            Ok((Arc::new(ids), complete))
        })
        .await?;
    let (volunteers, widened) = repo::match_volunteers(&mut conn, root, need, window, SHOWN, preselected).await?;
    if let Some((ids, complete)) = widened {
        state.preselections.replace(&key, (Arc::new(ids), complete)).await;
    }
    Ok((orgs, volunteers))
}

#[cfg(feature = "ssr")]
async fn match_demand_view(state: &AppState, uid: i64, demand: &DemandView) -> Result<MatchResult, AppError> {
    let root = viewer_root(state, uid, demand.org_id).await?;
    let need = Need::new(
        &demand.category,
        (&demand.province, &demand.city, &demand.county),
        &demand.expertise,
        &demand.qualification,
    );
    let (orgs, volunteers) = ranked(state, root, &need, (demand.starts_at, demand.ends_at)).await?;
    Ok(MatchResult {
        too_few: (volunteers.len() as u32) < demand.volunteers_needed,
        needed: demand.volunteers_needed,
        orgs,
        volunteers,
        recruit_sent_at: demand.recruit_sent_at,
    })
}

/// Ranked organisations and volunteers of the viewer's subtree around the demand, with reasons.
#[server(endpoint = "demands/match")]
pub async fn match_demand(demand_id: i64) -> Result<MatchResult, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let demand = managed_demand(&state, uid, demand_id).await?;
    match_demand_view(&state, uid, &demand).await
}

/// The same ranking for an existing activity, over its organisation's subtree (volunteers
/// already signed up overlap its window, so they are not offered again).
#[server(endpoint = "demands/match-activity")]
pub async fn match_activity(activity_id: i64) -> Result<MatchResult, AppError> {
    use sqlx::Row;
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let row = sqlx::query(
        "SELECT org_id, category, province, city, county, skills, qualification, starts_at, ends_at, capacity
         FROM activities WHERE id = $1",
    )
    .bind(activity_id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let org_id: i64 = row.try_get("org_id")?;
    if scope::role_over(&state.db, uid, org_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let (category, province, city, county): (String, String, String, String) =
        (row.try_get("category")?, row.try_get("province")?, row.try_get("city")?, row.try_get("county")?);
    let (skills, qualification): (String, String) = (row.try_get("skills")?, row.try_get("qualification")?);
    let need = Need::new(&category, (&province, &city, &county), &skills, &qualification);
    let window = (row.try_get::<i64, _>("starts_at")?, row.try_get::<i64, _>("ends_at")?);
    let needed = row.try_get::<i64, _>("capacity")?.clamp(0, u32::MAX as i64) as u32;
    let root = viewer_root(&state, uid, org_id).await?;
    let (orgs, volunteers) = ranked(&state, root, &need, window).await?;
    Ok(MatchResult { too_few: (volunteers.len() as u32) < needed, needed, orgs, volunteers, recruit_sent_at: None })
}

/// Accepts a published demand: a draft activity of the demand's organisation, prefilled from
/// it, which staff complete and publish. The step is a conditional update taken first in the
/// transaction, so of two accepts sent at once one makes the activity and the other is refused.
#[server(endpoint = "demands/accept")]
pub async fn accept_demand(demand_id: i64) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let demand = managed_demand(&state, uid, demand_id).await?;
    let valid = demand.activity_input().validate()?;
    let mut tx = state.db.begin().await?;
    if !repo::step(&mut tx, demand_id, &[DemandStatus::Published], DemandStatus::Accepted, now).await? {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    if !crate::orgs::repo::is_approved(&mut tx, demand.org_id).await? {
        return Err(AppError::Refused(Refusal::OrgNotOpen));
    }
    let org_name = crate::orgs::repo::name_of(&mut tx, demand.org_id).await?;
    let activity_id = crate::activities::repo::insert(
        &mut tx,
        &valid,
        &org_name,
        crate::activities::model::ActivityStatus::Draft,
        uid,
        now,
    )
    .await?;
    sqlx::query("UPDATE demands SET activity_id = $1, accepted_by = $2, accepted_at = $3 WHERE id = $4")
        .bind(activity_id)
        .bind(uid)
        .bind(now)
        .bind(demand_id)
        .execute(&mut *tx)
        .await?;
    let text = format!("您发布的服务需求“{}”已由{org_name}受理，正在组织活动。", demand.title);
    tell_poster(&mut tx, &demand.contact_phone, &text, now).await?;
    let client = http::client_addr(&state.policy).await;
    audit::record_on(
        &mut tx,
        Some(uid),
        "demand_accepted",
        None,
        &format!("demand {demand_id} activity {activity_id}"),
        &client,
    )
    .await?;
    tx.commit().await?;
    Ok(activity_id)
}

/// Too few matches: a recruitment notice to everyone with an active membership in the viewer's
/// subtree around the demand, sent once (a conditional update claims it), audit-logged. Returns how
/// many were told.
#[server(endpoint = "demands/recruit")]
pub async fn recruit_for_demand(demand_id: i64) -> Result<u32, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let demand = managed_demand(&state, uid, demand_id).await?;
    if !matches!(demand.status, DemandStatus::Published | DemandStatus::Accepted) {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let matched = match_demand_view(&state, uid, &demand).await?;
    if !matched.too_few {
        return Err(AppError::Refused(Refusal::RecruitmentNotNeeded));
    }
    let mut tx = state.db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE demands SET recruit_sent_at = $1, recruit_sent_by = $2 WHERE id = $3 AND recruit_sent_at IS NULL",
    )
    .bind(now)
    .bind(uid)
    .bind(demand_id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::Refused(Refusal::RecruitmentSent));
    }
    let root = viewer_root(&state, uid, demand.org_id).await?;
    let people = repo::subtree_members(&mut tx, root).await?;
    crate::inbox::repo::send(
        &mut tx,
        &people,
        crate::inbox::model::kinds::DEMAND_RECRUITMENT,
        &demand.title,
        &demand.org_name,
        &format!("/demands/{demand_id}"),
        now,
    )
    .await?;
    let client = http::client_addr(&state.policy).await;
    audit::record_on(
        &mut tx,
        Some(uid),
        "demand_recruitment",
        None,
        &format!("demand {demand_id}, {} people", people.len()),
        &client,
    )
    .await?;
    tx.commit().await?;
    Ok(people.len() as u32)
}
