//! Membership (F-14) and staff roles: volunteers apply, withdraw, leave and transfer; staff of
//! the organisation (or of a unit above it) approve, decline, remove and classify; admins give
//! and take staff roles. Rows are never deleted: every change is a status with a time and, for
//! declines and removals, the reason the person sees.
use crate::error::AppError;
use crate::orgs::views::{Application, MyMembership, StaffMember};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    accounts::model::OrgRole,
    audit,
    db::now_us,
    error::Refusal,
    http,
    inbox::{model::kinds, repo as inbox},
    orgs::{counts, repo},
    scope,
    state::{app_state, AppState},
    validation::{text, Invalid},
};
#[cfg(feature = "ssr")]
use sqlx::{AnyConnection, Row};

/// Open memberships (pending or active) `uid` holds, not counting `except`.
#[cfg(feature = "ssr")]
pub(crate) async fn open_count(conn: &mut AnyConnection, uid: i64, except: Option<i64>) -> Result<i64, AppError> {
    Ok(sqlx::query(
        "SELECT COUNT(*) AS n FROM memberships WHERE user_id = $1 AND status IN ('pending', 'active') AND id <> $2",
    )
    .bind(uid)
    .bind(except.unwrap_or(0))
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?)
}

#[cfg(feature = "ssr")]
pub(crate) fn refuse_duplicate(error: sqlx::Error) -> AppError {
    if crate::db::is_unique_violation(&error) {
        AppError::Refused(Refusal::AlreadyMember)
    } else {
        error.into()
    }
}

/// Opens a pending application (plain or a transfer) after the shared checks.
#[cfg(feature = "ssr")]
async fn open_application(
    state: &AppState,
    uid: i64,
    org_id: i64,
    transfer_from: Option<i64>,
) -> Result<i64, AppError> {
    let now = now_us();
    let mut tx = state.db.begin().await?;
    // Serialises this person's requests, so two at once cannot both pass the limit.
    repo::lock_user(&mut tx, uid).await?;
    let has_profile = sqlx::query("SELECT 1 AS hit FROM profiles WHERE user_id = $1")
        .bind(uid)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !has_profile {
        return Err(AppError::Refused(Refusal::ProfileIncomplete));
    }
    if !repo::is_approved(&mut tx, org_id).await? {
        return Err(AppError::Refused(Refusal::OrgNotOpen));
    }
    // A transfer replaces the membership it leaves, so it does not count against the limit.
    let max = state.policy.max_memberships;
    if open_count(&mut tx, uid, transfer_from).await? >= max {
        return Err(AppError::Refused(Refusal::MembershipLimit { max: max as u32 }));
    }
    let source = if transfer_from.is_some() { "transfer" } else { "apply" };
    let id: i64 = sqlx::query(
        "INSERT INTO memberships (org_id, user_id, status, source, transfer_from, requested_at, joined_at, updated_at)
         VALUES ($1, $2, 'pending', $3, $4, $5, $5, $5) RETURNING id",
    )
    .bind(org_id)
    .bind(uid)
    .bind(source)
    .bind(transfer_from)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
    .map_err(refuse_duplicate)?
    .try_get("id")?;
    let org_name = repo::name_of(&mut tx, org_id).await?;
    let staff = scope::staff_of(&state.db, org_id).await?;
    inbox::send(
        &mut tx,
        &staff,
        kinds::MEMBER_APPLIED,
        &org_name,
        "",
        &format!("/orgs/{org_id}/manage/applications"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Asks to join an approved organisation.
#[server(endpoint = "orgs/apply")]
pub async fn apply_to_join(org_id: i64) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    open_application(&state, uid, org_id, None).await
}

/// Asks to move an active membership to another organisation (graduates and people who move,
/// CVST 2 §6.2 e). The old membership stays active until the receiver approves.
#[server(endpoint = "orgs/transfer")]
pub async fn request_transfer(membership_id: i64, to_org_id: i64) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let row = sqlx::query("SELECT org_id FROM memberships WHERE id = $1 AND user_id = $2 AND status = 'active'")
        .bind(membership_id)
        .bind(uid)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.try_get::<i64, _>("org_id")? == to_org_id {
        return Err(AppError::Refused(Refusal::SameOrganisation));
    }
    open_application(&state, uid, to_org_id, Some(membership_id)).await
}

/// Ends one of the person's own memberships: a pending one is withdrawn, an active one left.
#[server(endpoint = "orgs/leave")]
pub async fn leave_org(membership_id: i64, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let reason = text(&reason, false, 200).map_err(|i| AppError::field("reason", i))?.unwrap_or_default();
    let now = now_us();
    let mut tx = state.db.begin().await?;
    repo::lock_user(&mut tx, uid).await?;
    let row = sqlx::query(
        "SELECT org_id, status FROM memberships WHERE id = $1 AND user_id = $2 AND status IN ('pending', 'active')",
    )
    .bind(membership_id)
    .bind(uid)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Refused(Refusal::AlreadyDecided))?;
    let was_active = row.try_get::<String, _>("status")? == "active";
    sqlx::query(
        "UPDATE memberships SET status = CASE status WHEN 'pending' THEN 'withdrawn' ELSE 'left' END,
             reason = $1, ended_at = $2, updated_at = $2
         WHERE id = $3",
    )
    .bind(&reason)
    .bind(now)
    .bind(membership_id)
    .execute(&mut *tx)
    .await?;
    if was_active {
        counts::left(&mut tx, uid, row.try_get("org_id")?, membership_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every membership the person has had, newest first.
#[server(endpoint = "orgs/mine")]
pub async fn my_memberships() -> Result<Vec<MyMembership>, AppError> {
    use crate::orgs::views::MembershipStatus;
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let rows = sqlx::query(
        "SELECT m.id, m.org_id, o.name, m.status, m.source, m.reason, m.requested_at, m.joined_at, m.ended_at,
                fo.name AS from_name
         FROM memberships m JOIN organisations o ON o.id = m.org_id
         LEFT JOIN memberships f ON f.id = m.transfer_from LEFT JOIN organisations fo ON fo.id = f.org_id
         WHERE m.user_id = $1 ORDER BY m.id DESC",
    )
    .bind(uid)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MyMembership {
                id: r.try_get("id")?,
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("name")?,
                status: MembershipStatus::from_code(&r.try_get::<String, _>("status")?)
                    .unwrap_or(MembershipStatus::Left),
                source: r.try_get("source")?,
                reason: r.try_get("reason")?,
                transfer_from_org: r.try_get("from_name")?,
                requested_at: r.try_get("requested_at")?,
                joined_at: r.try_get("joined_at")?,
                ended_at: r.try_get("ended_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Applications waiting anywhere in `org_id`'s subtree.
#[server(endpoint = "orgs/applications")]
pub async fn applications(org_id: i64) -> Result<Vec<Application>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let rows = sqlx::query(
        "SELECT m.id, m.org_id, o.name AS org_name, u.volunteer_no, p.real_name, p.province, p.city, p.county,
                p.service_categories, p.skills, m.requested_at, fo.name AS from_name
         FROM org_closure c JOIN memberships m ON m.org_id = c.descendant_id AND m.status = 'pending'
         JOIN organisations o ON o.id = m.org_id JOIN users u ON u.id = m.user_id
         LEFT JOIN profiles p ON p.user_id = m.user_id
         LEFT JOIN memberships f ON f.id = m.transfer_from LEFT JOIN organisations fo ON fo.id = f.org_id
         WHERE c.ancestor_id = $1 ORDER BY m.requested_at, m.id LIMIT 500",
    )
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let s =
                |c: &str| -> Result<String, sqlx::Error> { Ok(r.try_get::<Option<String>, _>(c)?.unwrap_or_default()) };
            Ok(Application {
                id: r.try_get("id")?,
                org_id: r.try_get("org_id")?,
                org_name: s("org_name")?,
                volunteer_no: s("volunteer_no")?,
                real_name: s("real_name")?,
                region: repo::region_name(&s("province")?, &s("city")?, &s("county")?),
                service_categories: repo::split_codes(&s("service_categories")?),
                skills: s("skills")?,
                transfer_from_org: r.try_get("from_name")?,
                requested_at: r.try_get("requested_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The membership's organisation, user and status, after checking `uid` manages it.
#[cfg(feature = "ssr")]
async fn managed_membership(
    state: &AppState,
    uid: i64,
    membership_id: i64,
) -> Result<(i64, i64, String, Option<i64>), AppError> {
    let row = sqlx::query("SELECT org_id, user_id, status, transfer_from FROM memberships WHERE id = $1")
        .bind(membership_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let org_id: i64 = row.try_get("org_id")?;
    scope::require_manage(&state.db, uid, org_id).await?;
    Ok((org_id, row.try_get("user_id")?, row.try_get("status")?, row.try_get("transfer_from")?))
}

/// Approves or declines an application. Approving a transfer ends the old membership as
/// "transferred" in the same transaction. A decline needs a reason the volunteer sees.
#[server(endpoint = "orgs/decide-application")]
pub async fn decide_application(membership_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let (org_id, member, _, transfer_from) = managed_membership(&state, uid, membership_id).await?;
    let reason = text(&reason, !approve, 200).map_err(|i| AppError::field("reason", i))?.unwrap_or_default();
    let now = now_us();
    let mut tx = state.db.begin().await?;
    repo::lock_user(&mut tx, member).await?;
    let status = if approve { "active" } else { "declined" };
    let changed = sqlx::query(
        "UPDATE memberships SET status = $1, reason = $2, decided_by = $3, joined_at = CASE WHEN $1 = 'active' THEN $4 ELSE joined_at END,
             ended_at = CASE WHEN $1 = 'active' THEN NULL ELSE $4 END, updated_at = $4
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(&reason)
    .bind(uid)
    .bind(now)
    .bind(membership_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let name = repo::name_of(&mut tx, org_id).await?;
    if approve {
        // Counted while the old membership is still active, then the old one ends: a move
        // within one subtree leaves its count unchanged.
        counts::joined(&mut tx, member, org_id, membership_id).await?;
        if let Some(old) = transfer_from {
            // The person may have left the old organisation meanwhile; then there is nothing to end.
            let ended = sqlx::query("UPDATE memberships SET status = 'transferred', reason = $1, ended_at = $2, updated_at = $2 WHERE id = $3 AND status = 'active'")
                .bind(&name)
                .bind(now)
                .bind(old)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            let old_org: i64 = sqlx::query("SELECT org_id FROM memberships WHERE id = $1")
                .bind(old)
                .fetch_one(&mut *tx)
                .await?
                .try_get("org_id")?;
            if ended > 0 {
                counts::left(&mut tx, member, old_org, old).await?;
            }
            let old_staff = scope::staff_of(&state.db, old_org).await?;
            inbox::send(
                &mut tx,
                &old_staff,
                kinds::MEMBER_TRANSFERRED,
                &name,
                "",
                &format!("/orgs/{old_org}/manage/roster"),
                now,
            )
            .await?;
        }
    }
    let kind = if approve { kinds::MEMBER_APPROVED } else { kinds::MEMBER_DECLINED };
    inbox::send(&mut tx, &[member], kind, &name, &reason, "/me/orgs", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes an active member with a reason. The account and the history stay; the person sees
/// why in their memberships and inbox (CVST 2 §6.2 f).
#[server(endpoint = "orgs/remove-member")]
pub async fn remove_member(membership_id: i64, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let (org_id, member, _, _) = managed_membership(&state, uid, membership_id).await?;
    let reason = text(&reason, true, 200).map_err(|i| AppError::field("reason", i))?.unwrap_or_default();
    let now = now_us();
    let mut tx = state.db.begin().await?;
    repo::lock_user(&mut tx, member).await?;
    let changed = sqlx::query(
        "UPDATE memberships SET status = 'removed', reason = $1, decided_by = $2, ended_at = $3, updated_at = $3
         WHERE id = $4 AND status = 'active'",
    )
    .bind(&reason)
    .bind(uid)
    .bind(now)
    .bind(membership_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    counts::left(&mut tx, member, org_id, membership_id).await?;
    let name = repo::name_of(&mut tx, org_id).await?;
    inbox::send(&mut tx, &[member], kinds::MEMBER_REMOVED, &name, &reason, "/me/orgs", now).await?;
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "remove_member", Some(member), &format!("org {org_id}: {reason}"), &client).await
}

/// Staff's classification of a member (CVST 2 §6.2 b), e.g. 骨干 or 专家; empty clears it.
#[server(endpoint = "orgs/classify")]
pub async fn classify_member(membership_id: i64, class: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    managed_membership(&state, uid, membership_id).await?;
    let class = text(&class, false, 20).map_err(|i| AppError::field("class", i))?.unwrap_or_default();
    sqlx::query("UPDATE memberships SET category = $1, updated_at = $2 WHERE id = $3")
        .bind(&class)
        .bind(now_us())
        .bind(membership_id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// The organisation's own admins and staff.
#[server(endpoint = "orgs/staff")]
pub async fn staff_list(org_id: i64) -> Result<Vec<StaffMember>, AppError> {
    use crate::accounts::mobile::Mobile;
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let rows = sqlx::query(
        "SELECT u.volunteer_no, u.mobile, p.real_name, s.role FROM org_staff s JOIN users u ON u.id = s.user_id
         LEFT JOIN profiles p ON p.user_id = u.id WHERE s.org_id = $1 ORDER BY s.role, s.created_at",
    )
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StaffMember {
                user_volunteer_no: r.try_get("volunteer_no")?,
                real_name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
                mobile_masked: Mobile::parse(&r.try_get::<String, _>("mobile")?)
                    .map(|m| m.masked())
                    .unwrap_or_default(),
                role: OrgRole::from_code(&r.try_get::<String, _>("role")?).unwrap_or(OrgRole::Staff),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Gives a person with an account (by mobile number or volunteer number) a role in the
/// organisation. Only admins over the organisation may.
#[server(endpoint = "orgs/set-staff")]
pub async fn set_staff_role(org_id: i64, who: String, role: String) -> Result<(), AppError> {
    use crate::accounts::mobile::Mobile;
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_admin(&state.db, uid, org_id).await?;
    let role = OrgRole::from_code(role.trim()).ok_or_else(|| AppError::field("role", Invalid::NotInList))?;
    let who = who.trim();
    let now = now_us();
    let mut tx = state.db.begin().await?;
    repo::lock_org(&mut tx, org_id).await?;
    // Only an existing account: creating one for a number whose holder never confirmed it by
    // SMS code would hand a role (and an account) to whoever that number reaches (F-10).
    let (sql, key, unknown) = if who.starts_with("KJ") {
        ("SELECT id FROM users WHERE volunteer_no = $1 AND status <> 'closed'", who.to_owned(), Invalid::NotInList)
    } else {
        let mobile = Mobile::parse(who).map_err(|i| AppError::field("who", i))?;
        (
            "SELECT id FROM users WHERE mobile = $1 AND status <> 'closed'",
            mobile.as_str().to_owned(),
            Invalid::MobileNoAccount,
        )
    };
    let target = sqlx::query(sql)
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::field("who", unknown))?
        .try_get::<i64, _>("id")?;
    if role == OrgRole::Staff {
        ensure_other_admin(&mut tx, org_id, target).await?;
    }
    repo::set_staff_on(&mut tx, org_id, target, role, now).await?;
    let name = repo::name_of(&mut tx, org_id).await?;
    inbox::send(
        &mut tx,
        &[target],
        kinds::STAFF_ROLE_GRANTED,
        &name,
        role.code(),
        &format!("/orgs/{org_id}/manage"),
        now,
    )
    .await?;
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "set_staff_role", Some(target), &format!("org {org_id} {}", role.code()), &client)
        .await
}

/// Refuses to leave the organisation without an admin when `user` stops being one.
#[cfg(feature = "ssr")]
async fn ensure_other_admin(conn: &mut AnyConnection, org_id: i64, user: i64) -> Result<(), AppError> {
    let others: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM org_staff WHERE org_id = $1 AND role = 'admin' AND user_id <> $2")
            .bind(org_id)
            .bind(user)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
    let is_admin = sqlx::query("SELECT 1 AS hit FROM org_staff WHERE org_id = $1 AND user_id = $2 AND role = 'admin'")
        .bind(org_id)
        .bind(user)
        .fetch_optional(&mut *conn)
        .await?
        .is_some();
    if is_admin && others == 0 {
        return Err(AppError::Refused(Refusal::LastAdmin));
    }
    Ok(())
}

/// Takes away a person's role in the organisation (never the last admin).
#[server(endpoint = "orgs/remove-staff")]
pub async fn remove_staff(org_id: i64, volunteer_no: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_admin(&state.db, uid, org_id).await?;
    let mut tx = state.db.begin().await?;
    repo::lock_org(&mut tx, org_id).await?;
    let target: i64 = sqlx::query("SELECT id FROM users WHERE volunteer_no = $1")
        .bind(volunteer_no.trim())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("id")?;
    ensure_other_admin(&mut tx, org_id, target).await?;
    sqlx::query("DELETE FROM org_staff WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "remove_staff_role", Some(target), &format!("org {org_id}"), &client).await
}
