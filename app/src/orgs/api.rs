//! Server functions for the registration form's context (F-10, F-11), the public directory and
//! review (F-13); registering itself is in [`crate::orgs::register`].
use crate::error::AppError;
use crate::orgs::views::{OrgDetail, OrgPage, OrgQuery, ReviewItem};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    audit,
    db::now_us,
    error::Refusal,
    http,
    inbox::{model::kinds, repo as inbox},
    orgs::{repo, views::OrgStatus},
    scope,
    state::app_state,
};

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
    let parent_open = match parent_id {
        Some(id) => repo::is_approved(&mut conn, id).await?,
        None => true,
    };
    let approves_directly = match (uid, parent_id) {
        (Some(uid), Some(p)) => scope::role_over(&state.db, uid, p).await?.is_some(),
        (Some(uid), None) => scope::is_platform_admin(&state.db, uid).await?,
        (None, _) => false,
    };
    // An organisation that is not open is named only to those who manage it (as its page is).
    if !parent_open && !approves_directly {
        return Err(AppError::NotFound);
    }
    let parent = match parent_id {
        Some(id) => Some((id, repo::name_of(&mut conn, id).await?)),
        None => None,
    };
    Ok(OrgFormContext {
        parent,
        level,
        level_name: state.policy.level_names.name(level).to_owned(),
        parent_open,
        approves_directly,
    })
}

/// The public directory: approved organisations, filtered by name words, region and service
/// category, 20 per page in id order.
#[server(endpoint = "orgs/list", input = Json)]
pub async fn list_orgs(query: OrgQuery) -> Result<OrgPage, AppError> {
    let state = app_state()?;
    let directory = repo::DirectoryQuery {
        q: crate::validation::Keyword::parse(&query.q).map_err(|i| AppError::field("q", i))?,
        province: &query.province,
        city: &query.city,
        category: &query.category,
        after: query.after.unwrap_or(0),
        limit: 20,
        ..Default::default()
    };
    let (items, next) = repo::directory(&state.db, &directory, &state.policy.level_names).await?;
    Ok(OrgPage { items: items.into_iter().map(|o| o.summary).collect(), next })
}

/// An organisation's page. Approved ones are public; pending and rejected ones only to their
/// registrant, their admin and those who review them.
#[server(endpoint = "orgs/detail")]
pub async fn get_org(id: i64) -> Result<OrgDetail, AppError> {
    use crate::orgs::views::OrgViewer;
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let levels = &state.policy.level_names;
    let found = repo::find(&state.db, id, levels).await?.ok_or(AppError::NotFound)?;
    let summary = found.listed.summary;
    let role = match uid {
        Some(uid) => scope::role_over(&state.db, uid, id).await?,
        None => None,
    };
    let reviewer = match (uid, found.parent_id) {
        (Some(uid), Some(p)) => scope::role_over(&state.db, uid, p).await?.is_some(),
        (Some(uid), None) => scope::is_platform_admin(&state.db, uid).await?,
        _ => false,
    };
    let registrant = uid.is_some() && uid == found.created_by;
    let insider = role.is_some() || reviewer || registrant;
    if summary.status != OrgStatus::Approved && !insider {
        return Err(AppError::NotFound);
    }
    let membership = match uid {
        Some(uid) => repo::open_membership(&state.db, id, uid).await?,
        None => None,
    };
    let path = repo::path(&state.db, id).await?;
    let children = repo::children(&state.db, id, levels).await?.into_iter().map(|o| o.summary).collect();
    let reason = found.review_reason;
    let about = found.about;
    Ok(OrgDetail {
        parent: path.last().cloned(),
        path,
        children,
        civil_registered: about.civil_registered,
        supervisor_type: about.supervisor_type,
        supervisor_name: about.supervisor_name,
        founded_on: about.founded_on,
        service_scope: about.service_scope,
        service_content: about.service_content,
        service_objects: about.service_objects,
        service_requirements: about.service_requirements,
        leader_name: about.leader_name,
        leader_title: about.leader_title,
        leader_unit: about.leader_unit,
        review_reason: (summary.status == OrgStatus::Rejected && insider && !reason.is_empty()).then_some(reason),
        viewer: OrgViewer {
            signed_in: uid.is_some(),
            can_manage: role.is_some(),
            can_admin: role == Some("admin"),
            membership,
        },
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
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    repo::review_queue(&state.db, org_id, &state.policy.level_names).await
}

/// Approves or rejects a pending registration. Reviewers are staff of its managing unit or of
/// any unit above; a rejection needs a reason, which the applicant sees.
#[server(endpoint = "orgs/decide-review")]
pub async fn decide_review(org_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let (parent, name, created_by) = repo::review_subject(&state.db, org_id).await?.ok_or(AppError::NotFound)?;
    match parent {
        Some(p) => scope::require_manage(&state.db, uid, p).await?,
        None if scope::is_platform_admin(&state.db, uid).await? => {}
        None => return Err(AppError::Forbidden),
    }
    // A rejection needs a reason; an approval may carry one.
    let reason =
        crate::validation::text(&reason, !approve, 200).map_err(|i| AppError::field("reason", i))?.unwrap_or_default();
    let now = now_us();
    let mut tx = state.db.begin().await?;
    let status = if approve { OrgStatus::Approved } else { OrgStatus::Rejected };
    if !repo::decide(&mut tx, org_id, status, &reason, uid, now).await? {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    let mut told: Vec<i64> = scope::staff_of(&state.db, org_id).await?;
    if let Some(creator) = created_by {
        if !told.contains(&creator) {
            told.push(creator);
        }
    }
    let kind = if approve { kinds::ORG_APPROVED } else { kinds::ORG_REJECTED };
    inbox::send(&mut tx, &told, kind, &name, &reason, &format!("/orgs/{org_id}"), now).await?;
    tx.commit().await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "review_organisation", None, &format!("org {org_id} {}", status.code()), &client)
        .await
}
