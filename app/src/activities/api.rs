//! Server functions for activities (F-20 – F-24) and projects (F-26).
use crate::activities::model::{ActivityInput, ActivityStatus, ProjectInput, SignupInput};
use crate::activities::views::{
    ActivityDetail, ActivityPage, ActivityQuery, MyActivity, OrgActivity, Participant, ProjectSummary, SignupRequest,
    SignupResult,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    activities::{
        model::{Done, Phase},
        notices, repo, signup,
    },
    db::now_us,
    error::Refusal,
    http,
    inbox::model::kinds,
    scope,
    state::app_state,
    validation::Invalid,
};

/// What the publish form offers: the organisations the person manages and their projects, and
/// for an edit the stored values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFormContext {
    pub orgs: Vec<(i64, String)>,
    /// (id, org id, name)
    pub projects: Vec<(i64, i64, String)>,
    /// (venue id, org id, name): the venues each organisation's activities may be held at.
    #[serde(default)]
    pub venues: Vec<(i64, i64, String)>,
    pub input: Option<ActivityInput>,
    /// The stored status, for an edit.
    pub status: Option<ActivityStatus>,
    /// Confirmed volunteers, for an edit (the capacity cannot drop below it).
    pub confirmed: i64,
}

#[server(endpoint = "activities/form-context")]
pub async fn load_activity_form(activity_id: Option<i64>) -> Result<ActivityFormContext, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let orgs = repo::managed_orgs(&mut conn, uid).await?;
    let projects = repo::projects_of(&mut conn, orgs.iter().map(|(id, _)| *id)).await?;
    let venues = crate::venues::repo::usable_by_any(&mut conn, orgs.iter().map(|(id, _)| *id)).await?;
    let mut context = ActivityFormContext { orgs, projects, venues, ..Default::default() };
    if let Some(id) = activity_id {
        let (input, status, confirmed) = repo::stored_input(&mut conn, id).await?;
        scope::require_manage(&state.db, uid, input.org_id).await?;
        if !context.orgs.iter().any(|(o, _)| *o == input.org_id) {
            let name = crate::orgs::repo::name_of(&mut conn, input.org_id).await?;
            context.orgs.push((input.org_id, name));
        }
        context.input = Some(input);
        context.status = Some(status);
        context.confirmed = confirmed;
    }
    Ok(context)
}

/// Creates (`id` = None) or edits an activity. `publish` publishes a draft (or a new one);
/// editing a published activity keeps it published, bumps its version and tells everyone
/// signed up what changed. Returns the id.
#[server(endpoint = "activities/save", input = Json)]
pub async fn save_activity(id: Option<i64>, input: ActivityInput, publish: bool) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let mut valid = input.validate()?;
    scope::require_manage(&state.db, uid, valid.org_id).await?;
    let mut tx = state.db.begin().await?;
    if let Some(p) = valid.project_id {
        let project_org = repo::project_org(&mut tx, p).await?;
        if project_org != Some(valid.org_id) {
            return Err(AppError::field("project_id", Invalid::NotInList));
        }
    }
    if let Some(venue) = valid.venue_id {
        // A venue of the organisation's corps (kept when an edit leaves a since-retired one).
        let usable = crate::venues::repo::usable_by(&mut tx, valid.org_id).await?.iter().any(|(v, _)| *v == venue);
        let kept = match id {
            Some(id) => repo::stored_input(&mut tx, id).await?.0.venue_id == Some(venue),
            None => false,
        };
        if !usable && !kept {
            return Err(AppError::field("venue_id", Invalid::NotInList));
        }
        // Without a position of its own the activity is on the map at its venue.
        if valid.coordinates.is_none() {
            valid.coordinates = crate::venues::repo::position_of(&mut tx, venue).await?;
        }
    }
    if !crate::orgs::repo::is_approved(&mut tx, valid.org_id).await? {
        return Err(AppError::Refused(Refusal::OrgNotOpen));
    }
    let org_name = crate::orgs::repo::name_of(&mut tx, valid.org_id).await?;
    let id = match id {
        None => {
            if publish && valid.ends_at <= now {
                return Err(AppError::field("ends_at", Invalid::InThePast));
            }
            let status = if publish { ActivityStatus::Published } else { ActivityStatus::Draft };
            repo::insert(&mut tx, &valid, &org_name, status, uid, now).await?
        }
        Some(id) => {
            repo::lock_activity(&mut tx, id).await?;
            let before = signup::load_seats(&mut tx, id).await?;
            // The organisation is the one checked above; moving an activity between
            // organisations would escape that check.
            if before.org_id != valid.org_id {
                return Err(AppError::field("org_id", Invalid::NotInList));
            }
            if matches!(before.phase(now), Phase::Cancelled | Phase::Ended) {
                return Err(AppError::Refused(Refusal::ActivityClosed));
            }
            if (valid.capacity as i64) < before.confirmed {
                return Err(AppError::Refused(Refusal::CapacityBelowConfirmed { confirmed: before.confirmed as u32 }));
            }
            let was_published = before.status == ActivityStatus::Published;
            if publish && !was_published && valid.ends_at <= now {
                return Err(AppError::field("ends_at", Invalid::InThePast));
            }
            let status = if was_published || publish { ActivityStatus::Published } else { ActivityStatus::Draft };
            let (old, _, _) = repo::stored_input(&mut tx, id).await?;
            repo::update(&mut tx, id, &valid, &org_name, status, before.signup_opens_at, now).await?;
            if !was_published && publish {
                repo::publish_marks(&mut tx, id, now).await?;
            }
            if was_published {
                let changed = ssr::changed_fields(&old, &input);
                if !changed.is_empty() {
                    repo::bump_version(&mut tx, id).await?;
                    let people = signup::open_signups(&mut tx, id).await?;
                    notices::notify(
                        &mut tx,
                        &people,
                        kinds::ACTIVITY_CHANGED,
                        (id, &valid.title, valid.starts_at),
                        &changed.join("、"),
                        now,
                    )
                    .await?;
                }
                // More places fill from the waitlist at once.
                signup::promote(&mut tx, id, now).await?;
            }
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// Cancels a published activity (or discards a draft's publication chances) with a reason
/// everyone signed up is told. The activity and its sign-ups are kept.
#[server(endpoint = "activities/cancel")]
pub async fn cancel_activity(id: i64, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    let reason =
        crate::validation::text(&reason, true, 200).map_err(|e| AppError::field("reason", e))?.unwrap_or_default();
    let mut tx = state.db.begin().await?;
    repo::lock_activity(&mut tx, id).await?;
    let seats = signup::load_seats(&mut tx, id).await?;
    scope::require_manage(&state.db, uid, seats.org_id).await?;
    if matches!(seats.phase(now), Phase::Cancelled | Phase::Ended) {
        return Err(AppError::Refused(Refusal::ActivityClosed));
    }
    repo::cancel(&mut tx, id, &reason, now).await?;
    let people = signup::open_signups(&mut tx, id).await?;
    notices::notify(&mut tx, &people, kinds::ACTIVITY_CANCELLED, (id, &seats.title, seats.starts_at), &reason, now)
        .await?;
    tx.commit().await?;
    leptos_axum::redirect(&Done::ActivityCancelled.page(id));
    Ok(())
}

/// The public list (F-22).
#[server(endpoint = "activities/list", input = Json)]
pub async fn list_activities(query: ActivityQuery) -> Result<ActivityPage, AppError> {
    let state = app_state()?;
    repo::search(&state.db, &query, now_us()).await
}

/// One activity's page. Published and cancelled ones of an open organisation are public; drafts
/// and the activities of an organisation that is not open only to those who manage it.
#[server(endpoint = "activities/detail")]
pub async fn get_activity(id: i64) -> Result<ActivityDetail, AppError> {
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let now = now_us();
    let mut conn = state.db.pool.acquire().await?;
    let mut detail = repo::detail(&mut conn, id, now).await?;
    let can_manage = match uid {
        Some(uid) => scope::role_over(&state.db, uid, detail.summary.org_id).await?.is_some(),
        None => false,
    };
    if !can_manage
        && (detail.status == ActivityStatus::Draft
            || !crate::orgs::repo::is_approved(&mut conn, detail.summary.org_id).await?)
    {
        return Err(AppError::NotFound);
    }
    if let Some(uid) = uid {
        detail.viewer = Some(ssr::viewer(&mut conn, uid, &detail, can_manage, now).await?);
    }
    // The meeting link is for those taking part: the organisers and the confirmed.
    let confirmed = detail
        .viewer
        .as_ref()
        .and_then(|v| v.signup.as_ref())
        .is_some_and(|s| s.status == crate::activities::model::SignupStatus::Confirmed);
    if !(can_manage || confirmed) {
        detail.online_link.clear();
    }
    Ok(detail)
}

/// Signs the current person up (F-23). Its input is form-encoded (the default): the page's form
/// is a plain form post, answered with a redirect to the page saying what happened
/// ([`Done`](crate::activities::model::Done)).
#[server(endpoint = "activities/sign-up")]
pub async fn sign_up(input: SignupInput) -> Result<SignupResult, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut tx = state.db.begin().await?;
    let result = signup::sign_up(&mut tx, uid, &input, now_us()).await?;
    tx.commit().await?;
    leptos_axum::redirect(&Done::SignedUp.page(input.activity_id));
    Ok(result)
}

/// Cancels the current person's sign-up (before the organiser's deadline).
#[server(endpoint = "activities/cancel-sign-up")]
pub async fn cancel_sign_up(activity_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut tx = state.db.begin().await?;
    signup::cancel(&mut tx, uid, activity_id, now_us()).await?;
    tx.commit().await?;
    leptos_axum::redirect(&Done::SignupCancelled.page(activity_id));
    Ok(())
}

/// "My activities" (F-24): `tab` is all, upcoming or ended; `q` searches the titles.
#[server(endpoint = "activities/mine")]
pub async fn my_activities(tab: String, q: String) -> Result<Vec<MyActivity>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let q = crate::validation::Keyword::parse(&q).map_err(|i| AppError::field("q", i))?;
    let mut conn = state.db.pool.acquire().await?;
    ssr::mine(&mut conn, uid, &tab, &q, now_us()).await
}

/// "Published by us": the activities of an organisation's subtree, newest start first, with
/// their sign-up counts.
#[server(endpoint = "activities/of-org")]
pub async fn org_activities(org_id: i64) -> Result<Vec<OrgActivity>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::org_activities(&mut conn, org_id, now_us()).await
}

/// Sign-ups waiting for approval in an organisation's subtree, oldest first.
#[server(endpoint = "activities/signup-queue")]
pub async fn signup_queue(org_id: i64) -> Result<Vec<SignupRequest>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    repo::signup_queue(&mut conn, org_id).await
}

/// Approves or declines a pending sign-up (a reason is required to decline).
#[server(endpoint = "activities/decide-sign-up")]
pub async fn decide_sign_up(signup_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let reason =
        crate::validation::text(&reason, !approve, 200).map_err(|e| AppError::field("reason", e))?.unwrap_or_default();
    let mut conn = state.db.pool.acquire().await?;
    let org = repo::signup_org(&mut conn, signup_id).await?;
    scope::require_manage(&state.db, uid, org).await?;
    let mut tx = state.db.begin().await?;
    signup::decide(&mut tx, signup_id, approve, &reason, uid, now_us()).await?;
    tx.commit().await?;
    Ok(())
}

/// Everyone signed up for an activity, for its organisers (phones masked).
#[server(endpoint = "activities/participants")]
pub async fn participants(activity_id: i64) -> Result<Vec<Participant>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let seats = signup::load_seats(&mut conn, activity_id).await?;
    scope::require_manage(&state.db, uid, seats.org_id).await?;
    repo::participants(&mut conn, activity_id).await
}

/// Creates or edits a project (F-26). Returns its id.
#[server(endpoint = "projects/save", input = Json)]
pub async fn save_project(id: Option<i64>, input: ProjectInput) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let valid = input.validate()?;
    scope::require_manage(&state.db, uid, input.org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    if !crate::orgs::repo::is_approved(&mut conn, input.org_id).await? {
        return Err(AppError::Refused(Refusal::OrgNotOpen));
    }
    drop(conn);
    let now = now_us();
    match id {
        None => repo::insert_project(&state.db, input.org_id, &valid, uid, now).await,
        Some(id) if repo::update_project(&state.db, id, input.org_id, &valid, now).await? => Ok(id),
        Some(_) => Err(AppError::NotFound),
    }
}

/// One project with its totals: public when its organisation is open, else for those who
/// manage the organisation.
#[server(endpoint = "projects/detail")]
pub async fn get_project(id: i64) -> Result<ProjectSummary, AppError> {
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let found = repo::projects(&state.db, Some(id), None, now_us(), false).await?.into_iter().next();
    let project = found.ok_or(AppError::NotFound)?;
    if !ssr::may_see_org(&state.db, uid, project.org_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(project)
}

/// Projects of open organisations, optionally of one organisation (whose managers also see
/// them while it is not open).
#[server(endpoint = "projects/list")]
pub async fn list_projects(org_id: Option<i64>) -> Result<Vec<ProjectSummary>, AppError> {
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let open_only = match org_id {
        Some(org) => !ssr::may_see_org(&state.db, uid, org).await?,
        None => true,
    };
    repo::projects(&state.db, None, org_id, now_us(), open_only).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::activities::model::SignupStatus;
    use crate::activities::views::{MySignup, Viewer};
    use sqlx::AnyConnection;

    /// Whether `uid` (signed in or not) may see what organisation `org` publishes: anyone while
    /// it is open, else only those who manage it.
    pub async fn may_see_org(db: &crate::db::Db, uid: Option<i64>, org: i64) -> Result<bool, AppError> {
        let mut conn = db.pool.acquire().await?;
        if crate::orgs::repo::is_approved(&mut conn, org).await? {
            return Ok(true);
        }
        Ok(match uid {
            Some(uid) => scope::role_over(db, uid, org).await?.is_some(),
            None => false,
        })
    }

    /// The names (in Chinese, as the inbox shows details as written) of what an edit changed
    /// that a volunteer would act on.
    pub fn changed_fields(old: &ActivityInput, new: &ActivityInput) -> Vec<&'static str> {
        let mut out = Vec::new();
        let same_time = |a: &str, b: &str| {
            crate::activities::model::parse_local_datetime(a).ok()
                == crate::activities::model::parse_local_datetime(b).ok()
        };
        if old.title.trim() != new.title.trim() {
            out.push("活动名称");
        }
        if !same_time(&old.starts_at, &new.starts_at) || !same_time(&old.ends_at, &new.ends_at) {
            out.push("活动时间");
        }
        if old.address.trim() != new.address.trim()
            || old.county != new.county
            || old.city != new.city
            || old.mode != new.mode
        {
            out.push("活动地点");
        }
        if old.online_link.trim() != new.online_link.trim() {
            out.push("线上链接");
        }
        if old.content.trim() != new.content.trim() {
            out.push("活动内容");
        }
        if old.risks.trim() != new.risks.trim()
            || old.insurance_required != new.insurance_required
            || old.training_required != new.training_required
        {
            out.push("风险与保障");
        }
        if !new.cancel_deadline_at.trim().is_empty() && !same_time(&old.cancel_deadline_at, &new.cancel_deadline_at) {
            out.push("取消报名截止时间");
        }
        if old.contact_name.trim() != new.contact_name.trim() || old.contact_phone.trim() != new.contact_phone.trim() {
            out.push("联系人");
        }
        out
    }

    /// What the signed-in person can do on an activity's page.
    pub async fn viewer(
        conn: &mut AnyConnection,
        uid: i64,
        d: &ActivityDetail,
        can_manage: bool,
        now: i64,
    ) -> Result<Viewer, AppError> {
        let signup = match repo::latest_signup(conn, d.summary.id, uid).await? {
            Some((id, status)) => {
                let waitlist_position = if status == SignupStatus::Waitlisted {
                    Some(signup::waitlist_position(conn, d.summary.id, id).await?)
                } else {
                    None
                };
                let deadline =
                    if status == SignupStatus::Confirmed { d.cancel_deadline_at } else { d.summary.starts_at };
                let can_cancel = status.is_open() && now < deadline && d.status == ActivityStatus::Published;
                Some(MySignup { id, status, waitlist_position, can_cancel })
            }
            None => None,
        };
        let profile_complete = repo::has_profile(conn, uid).await?;
        let overlaps = signup::overlapping(conn, uid, d.summary.id, d.summary.starts_at, d.summary.ends_at).await?;
        Ok(Viewer { signup, can_manage, profile_complete, overlaps })
    }

    /// "My activities", with each waitlisted sign-up's place in the queue.
    pub async fn mine(
        conn: &mut AnyConnection,
        uid: i64,
        tab: &str,
        q: &crate::validation::Keyword,
        now: i64,
    ) -> Result<Vec<MyActivity>, AppError> {
        let mut out = Vec::new();
        for (summary, status, signup_id) in repo::mine(conn, uid, tab, q, now).await? {
            let waitlist_position = if status == SignupStatus::Waitlisted {
                Some(signup::waitlist_position(conn, summary.id, signup_id).await?)
            } else {
                None
            };
            out.push(MyActivity { summary, signup_status: status, waitlist_position });
        }
        Ok(out)
    }
}
