//! Server functions for registration (F-10, F-11), the public directory and review (F-13).
use crate::error::AppError;
use crate::orgs::model::OrgInput;
use crate::orgs::views::{OrgDetail, OrgPage, OrgQuery, ReviewItem};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::db::escape_like;
#[cfg(feature = "ssr")]
use crate::{
    accounts::model::OrgRole,
    audit, clock,
    db::now_us,
    error::Refusal,
    http,
    inbox::{model::kinds, repo as inbox},
    orgs::repo,
    scope,
    state::app_state,
    validation::Invalid,
};
#[cfg(feature = "ssr")]
use sqlx::Row;

/// What the registration form needs to check a name before sending it: the level the new
/// organisation will have under the chosen parent and that level's configured name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFormContext {
    pub parent: Option<(i64, String)>,
    pub level: u32,
    pub level_name: String,
    /// The parent is approved, so registering under it is possible.
    pub parent_open: bool,
    /// Registering here is approved at once because the person manages the parent.
    pub approves_directly: bool,
}

#[server(endpoint = "orgs/form-context")]
pub async fn load_form_context(parent_id: Option<i64>) -> Result<OrgFormContext, AppError> {
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let level = repo::child_level(&mut conn, parent_id).await?;
    let parent = match parent_id {
        Some(id) => {
            Some((id, repo::name_of(&mut conn, id).await?))
        }
        None => None,
    };
    let parent_open = match parent_id {
        Some(id) => repo::is_approved(&mut conn, id).await?,
        None => true,
    };
    let approves_directly = match (uid, parent_id) {
        (Some(uid), Some(p)) => scope::role_over(&state.db, uid, p).await?.is_some(),
        (Some(uid), None) => scope::is_platform_admin(&state.db, uid).await?,
        (None, _) => false,
    };
    Ok(OrgFormContext { parent, level, level_name: state.policy.level_names.name(level).to_owned(), parent_open, approves_directly })
}

/// Registers an organisation under `input.parent_id`. The admin's mobile becomes the
/// organisation admin's account (created if new, Changzhou attachment 1 note 2). It is pending
/// until the managing unit approves it, unless the registrant already manages the parent (a
/// unit setting up its own sub-team, CVST 1 §5.3.3 b). Returns the new id.
#[server(endpoint = "orgs/register", input = Json)]
pub async fn register_org(input: OrgInput) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut tx = state.db.pool.begin().await?;
    if let Some(parent) = input.parent_id {
        repo::lock_org(&mut tx, parent).await?;
    }
    let level = repo::child_level(&mut tx, input.parent_id).await.map_err(|e| match e {
        AppError::NotFound => AppError::field("parent_id", Invalid::NotInList),
        other => other,
    })?;
    let valid = input.validate(level, state.policy.level_names.name(level), clock::today())?;
    let approves_directly = match valid.parent_id {
        None => {
            if !scope::is_platform_admin(&state.db, uid).await? {
                return Err(AppError::Refused(Refusal::CorpsByPlatformOnly));
            }
            true
        }
        Some(parent) => {
            if !repo::is_approved(&mut tx, parent).await? {
                return Err(AppError::Refused(Refusal::OrgNotOpen));
            }
            scope::role_over(&state.db, uid, parent).await?.is_some()
        }
    };
    let status = if approves_directly { "approved" } else { "pending" };
    let new = repo::NewOrg {
        name: &valid.name,
        parent_id: valid.parent_id,
        status,
        province: &valid.province,
        city: &valid.city,
        county: &valid.county,
    };
    let id = repo::insert_on(&mut tx, &new, now).await?;
    repo::write_details(&mut tx, id, &valid, Some(uid)).await?;
    let admin = crate::accounts::users::find_or_create_on(&mut tx, &valid.contact_mobile, now).await?;
    repo::set_staff_on(&mut tx, id, admin, OrgRole::Admin, now).await?;
    if approves_directly {
        sqlx::query("UPDATE organisations SET reviewed_by = $1, reviewed_at = $2 WHERE id = $3")
            .bind(uid)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    } else if let Some(parent) = valid.parent_id {
        let reviewers = scope::staff_of(&state.db, parent).await?;
        inbox::send(&mut tx, &reviewers, kinds::ORG_REVIEW_REQUESTED, &valid.name, "", &format!("/orgs/{parent}/manage/reviews"), now).await?;
    }
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "register_organisation", Some(admin), &format!("org {id} {status}"), &client).await?;
    Ok(id)
}

/// The public directory: approved organisations, filtered by name words, region and service
/// category, 20 per page in id order.
#[server(endpoint = "orgs/list", input = Json)]
pub async fn list_orgs(query: OrgQuery) -> Result<OrgPage, AppError> {
    let state = app_state()?;
    const PAGE: usize = 20;
    let mut sql = format!("SELECT {} FROM organisations o WHERE o.status = 'approved' AND o.id > $1", repo::SUMMARY_COLUMNS);
    let mut binds: Vec<String> = Vec::new();
    let mut add = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len() + 1)));
    };
    let q = query.q.trim();
    if !q.is_empty() {
        add(&mut sql, " AND o.name LIKE ?", format!("%{}%", escape_like(q)));
        sql.push_str(" ESCAPE '\\'");
    }
    if !query.province.trim().is_empty() {
        add(&mut sql, " AND o.province = ?", query.province.trim().to_owned());
    }
    if !query.city.trim().is_empty() {
        add(&mut sql, " AND o.city = ?", query.city.trim().to_owned());
    }
    if !query.category.trim().is_empty() {
        add(&mut sql, " AND (',' || o.service_categories || ',') LIKE ?", format!("%,{},%", query.category.trim()));
    }
    sql.push_str(&format!(" ORDER BY o.id LIMIT {}", PAGE + 1));
    let mut statement = sqlx::query(&sql).bind(query.after.unwrap_or(0));
    for b in &binds {
        statement = statement.bind(b);
    }
    let rows = statement.fetch_all(&state.db.pool).await?;
    let mut items = rows
        .iter()
        .map(|r| repo::summary_from_row(r, &state.policy.level_names))
        .collect::<Result<Vec<_>, _>>()?;
    let next = if items.len() > PAGE {
        items.truncate(PAGE);
        items.last().map(|o| o.id)
    } else {
        None
    };
    Ok(OrgPage { items, next })
}

/// An organisation's page. Approved ones are public; pending and rejected ones only to their
/// registrant, their admin and those who review them.
#[server(endpoint = "orgs/detail")]
pub async fn get_org(id: i64) -> Result<OrgDetail, AppError> {
    use crate::orgs::views::{MembershipStatus, OrgStatus, OrgViewer};
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let levels = &state.policy.level_names;
    let row = sqlx::query(&format!(
        "SELECT {}, o.parent_id, o.civil_registered, o.supervisor_type, o.supervisor_name, o.founded_on, o.service_scope,
                o.service_content, o.service_objects, o.service_requirements, o.leader_name, o.leader_title, o.leader_unit,
                o.review_reason, o.created_by
         FROM organisations o WHERE o.id = $1",
        repo::SUMMARY_COLUMNS
    ))
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let summary = repo::summary_from_row(&row, levels)?;
    let role = match uid {
        Some(uid) => scope::role_over(&state.db, uid, id).await?,
        None => None,
    };
    let parent_id: Option<i64> = row.try_get("parent_id")?;
    let reviewer = match (uid, parent_id) {
        (Some(uid), Some(p)) => scope::role_over(&state.db, uid, p).await?.is_some(),
        (Some(uid), None) => scope::is_platform_admin(&state.db, uid).await?,
        _ => false,
    };
    let registrant = uid.is_some() && uid == row.try_get::<Option<i64>, _>("created_by")?;
    let insider = role.is_some() || reviewer || registrant;
    if summary.status != OrgStatus::Approved && !insider {
        return Err(AppError::NotFound);
    }
    let membership = match uid {
        Some(uid) => sqlx::query("SELECT status FROM memberships WHERE org_id = $1 AND user_id = $2 AND status IN ('pending', 'active')")
            .bind(id)
            .bind(uid)
            .fetch_optional(&state.db.pool)
            .await?
            .and_then(|r| r.try_get::<String, _>("status").ok())
            .and_then(|s| MembershipStatus::from_code(&s)),
        None => None,
    };
    let path = sqlx::query(
        "SELECT o.id, o.name FROM org_closure c JOIN organisations o ON o.id = c.ancestor_id
         WHERE c.descendant_id = $1 AND c.depth > 0 ORDER BY c.depth DESC",
    )
    .bind(id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .collect::<Result<Vec<(i64, String)>, sqlx::Error>>()?;
    let children = sqlx::query(&format!(
        "SELECT {} FROM organisations o WHERE o.parent_id = $1 AND o.status = 'approved' ORDER BY o.name LIMIT 200",
        repo::SUMMARY_COLUMNS
    ))
    .bind(id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| repo::summary_from_row(r, levels))
    .collect::<Result<Vec<_>, _>>()?;
    let reason: String = row.try_get("review_reason")?;
    let text = |c: &str| -> Result<String, sqlx::Error> { row.try_get::<String, _>(c) };
    Ok(OrgDetail {
        parent: path.last().cloned(),
        path,
        children,
        civil_registered: crate::db::flag(&row, "civil_registered")?,
        supervisor_type: text("supervisor_type")?,
        supervisor_name: text("supervisor_name")?,
        founded_on: text("founded_on")?,
        service_scope: text("service_scope")?,
        service_content: text("service_content")?,
        service_objects: text("service_objects")?,
        service_requirements: text("service_requirements")?,
        leader_name: text("leader_name")?,
        leader_title: text("leader_title")?,
        leader_unit: text("leader_unit")?,
        review_reason: (summary.status == OrgStatus::Rejected && insider && !reason.is_empty()).then_some(reason),
        viewer: OrgViewer { signed_in: uid.is_some(), can_manage: role.is_some(), can_admin: role == Some("admin"), membership },
        child_level_name: levels.name(summary.level + 1).to_owned(),
        summary,
    })
}

/// Distinct active volunteers in the organisation's whole subtree and the number of
/// organisations in it (for the organisation page and the staff console).
#[server(endpoint = "orgs/subtree-counts")]
pub async fn subtree_counts(id: i64) -> Result<(i64, i64), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, id).await?;
    Ok((crate::orgs::counts::members(&state.db, id).await?, repo::subtree_size(&state.db, id).await?))
}

/// Registrations waiting for `org_id` or any organisation in its subtree to review them.
#[server(endpoint = "orgs/review-queue")]
pub async fn review_queue(org_id: i64) -> Result<Vec<ReviewItem>, AppError> {
    use crate::accounts::mobile::Mobile;
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let rows = sqlx::query(
        "SELECT o.*, p.name AS parent_name FROM org_closure c
         JOIN organisations o ON o.parent_id = c.descendant_id
         JOIN organisations p ON p.id = o.parent_id
         WHERE c.ancestor_id = $1 AND o.status = 'pending' ORDER BY o.created_at LIMIT 200",
    )
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let s = |c: &str| r.try_get::<String, _>(c);
            let level = r.try_get::<i64, _>("level")? as u32;
            let leader = [s("leader_name")?, s("leader_title")?, s("leader_unit")?, s("leader_phone")?]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            Ok(ReviewItem {
                id: r.try_get("id")?,
                name: s("name")?,
                parent_name: s("parent_name")?,
                level_name: state.policy.level_names.name(level).to_owned(),
                region: repo::region_name(&s("province")?, &s("city")?, &s("county")?),
                service_categories: repo::split_codes(&s("service_categories")?),
                service_scope: s("service_scope")?,
                service_content: s("service_content")?,
                service_objects: s("service_objects")?,
                service_requirements: s("service_requirements")?,
                planned_members: r.try_get("planned_members")?,
                leader,
                contact_name: s("contact_name")?,
                contact_mobile: Mobile::parse(&s("contact_mobile")?).map(|m| m.masked()).unwrap_or_default(),
                civil_registered: crate::db::flag(r, "civil_registered")?,
                supervisor: s("supervisor_name")?,
                founded_on: s("founded_on")?,
                submitted_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Approves or rejects a pending registration. Reviewers are staff of its managing unit or of
/// any unit above; a rejection needs a reason, which the applicant sees.
#[server(endpoint = "orgs/decide-review")]
pub async fn decide_review(org_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let row = sqlx::query("SELECT parent_id, name, created_by FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let parent: Option<i64> = row.try_get("parent_id")?;
    match parent {
        Some(p) => scope::require_manage(&state.db, uid, p).await?,
        None if scope::is_platform_admin(&state.db, uid).await? => {}
        None => return Err(AppError::Forbidden),
    }
    // A rejection needs a reason; an approval may carry one.
    let reason = crate::validation::text(&reason, !approve, 200).map_err(|i| AppError::field("reason", i))?.unwrap_or_default();
    let now = now_us();
    let mut tx = state.db.pool.begin().await?;
    let status = if approve { "approved" } else { "rejected" };
    let changed = sqlx::query(
        "UPDATE organisations SET status = $1, review_reason = $2, reviewed_by = $3, reviewed_at = $4, updated_at = $4
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(&reason)
    .bind(uid)
    .bind(now)
    .bind(org_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let name: String = row.try_get("name")?;
    let mut told: Vec<i64> = scope::staff_of(&state.db, org_id).await?;
    if let Some(creator) = row.try_get::<Option<i64>, _>("created_by")? {
        if !told.contains(&creator) {
            told.push(creator);
        }
    }
    let kind = if approve { kinds::ORG_APPROVED } else { kinds::ORG_REJECTED };
    inbox::send(&mut tx, &told, kind, &name, &reason, &format!("/orgs/{org_id}"), now).await?;
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "review_organisation", None, &format!("org {org_id} {status}"), &client).await
}
