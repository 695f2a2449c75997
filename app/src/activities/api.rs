//! Server functions for activities (F-20 – F-24) and projects (F-26).
use crate::activities::model::{ActivityInput, ProjectInput, SignupInput};
use crate::activities::views::{
    ActivityDetail, ActivityPage, ActivityQuery, MyActivity, OrgActivity, Participant, ProjectSummary, SignupRequest, SignupResult,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    activities::{model::Phase, notices, repo, signup},
    db::{flag, now_us},
    error::Refusal,
    http,
    inbox::model::kinds,
    scope,
    state::app_state,
    validation::Invalid,
};
#[cfg(feature = "ssr")]
use sqlx::Row;

/// What the publish form offers: the organisations the person manages and their projects, and
/// for an edit the stored values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityFormContext {
    pub orgs: Vec<(i64, String)>,
    /// (id, org id, name)
    pub projects: Vec<(i64, i64, String)>,
    pub input: Option<ActivityInput>,
    /// draft | published | cancelled, for an edit.
    pub status: Option<String>,
    /// Confirmed volunteers, for an edit (the capacity cannot drop below it).
    pub confirmed: i64,
}

#[server(endpoint = "activities/form-context")]
pub async fn load_activity_form(activity_id: Option<i64>) -> Result<ActivityFormContext, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let orgs = ssr::managed_orgs(&mut conn, uid).await?;
    let ids: Vec<String> = orgs.iter().map(|(id, _)| id.to_string()).collect();
    let projects = if ids.is_empty() {
        Vec::new()
    } else {
        sqlx::query(&format!("SELECT id, org_id, name FROM projects WHERE org_id IN ({}) ORDER BY id DESC", ids.join(",")))
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("org_id")?, r.try_get("name")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?
    };
    let mut context = ActivityFormContext { orgs, projects, ..Default::default() };
    if let Some(id) = activity_id {
        let (input, status, confirmed) = ssr::stored_input(&mut conn, id).await?;
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
    let valid = input.validate()?;
    scope::require_manage(&state.db, uid, valid.org_id).await?;
    let mut tx = state.db.pool.begin().await?;
    if let Some(p) = valid.project_id {
        let row = sqlx::query("SELECT org_id FROM projects WHERE id = $1").bind(p).fetch_optional(&mut *tx).await?;
        let project_org: Option<i64> = row.map(|r| r.try_get("org_id")).transpose()?;
        if project_org != Some(valid.org_id) {
            return Err(AppError::field("project_id", Invalid::NotInList));
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
            repo::insert(&mut tx, &valid, &org_name, if publish { "published" } else { "draft" }, uid, now).await?
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
            let was_published = before.status == "published";
            let status = if was_published || publish { "published" } else { "draft" };
            if status == "published" && valid.ends_at <= now && !was_published {
                return Err(AppError::field("ends_at", Invalid::InThePast));
            }
            let (old, _, _) = ssr::stored_input(&mut tx, id).await?;
            repo::update(&mut tx, id, &valid, &org_name, status, before.signup_opens_at, now).await?;
            if !was_published && publish {
                repo::publish_marks(&mut tx, id, now).await?;
            }
            if was_published {
                let changed = ssr::changed_fields(&old, &input);
                if !changed.is_empty() {
                    sqlx::query("UPDATE activities SET version = version + 1 WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    let people = signup::open_signups(&mut tx, id).await?;
                    notices::notify(&mut tx, &people, kinds::ACTIVITY_CHANGED, (id, &valid.title, valid.starts_at), &changed.join("、"), now)
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
    let reason = crate::validation::text(&reason, true, 200).map_err(|e| AppError::field("reason", e))?.unwrap_or_default();
    let mut tx = state.db.pool.begin().await?;
    repo::lock_activity(&mut tx, id).await?;
    let seats = signup::load_seats(&mut tx, id).await?;
    scope::require_manage(&state.db, uid, seats.org_id).await?;
    if matches!(seats.phase(now), Phase::Cancelled | Phase::Ended) {
        return Err(AppError::Refused(Refusal::ActivityClosed));
    }
    sqlx::query("UPDATE activities SET status = 'cancelled', cancel_reason = $2, cancelled_at = $3, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(&reason)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    repo::clear_terms(&mut tx, id).await?;
    let people = signup::open_signups(&mut tx, id).await?;
    notices::notify(&mut tx, &people, kinds::ACTIVITY_CANCELLED, (id, &seats.title, seats.starts_at), &reason, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The public list (F-22).
#[server(endpoint = "activities/list", input = Json)]
pub async fn list_activities(query: ActivityQuery) -> Result<ActivityPage, AppError> {
    let state = app_state()?;
    repo::search(&state.db, &query, now_us()).await
}

/// One activity's page. Published and cancelled ones are public; drafts only to those who
/// manage the organisation.
#[server(endpoint = "activities/detail")]
pub async fn get_activity(id: i64) -> Result<ActivityDetail, AppError> {
    let state = app_state()?;
    let uid = http::current_uid().await?;
    let now = now_us();
    let mut conn = state.db.pool.acquire().await?;
    let mut detail = ssr::detail(&mut conn, id, now).await?;
    let can_manage = match uid {
        Some(uid) => scope::role_over(&state.db, uid, detail.summary.org_id).await?.is_some(),
        None => false,
    };
    if detail.status == "draft" && !can_manage {
        return Err(AppError::NotFound);
    }
    if let Some(uid) = uid {
        detail.viewer = Some(ssr::viewer(&mut conn, uid, &detail, can_manage, now).await?);
    }
    // The meeting link is for those taking part: the organisers and the confirmed.
    let confirmed = detail.viewer.as_ref().and_then(|v| v.signup.as_ref()).is_some_and(|s| s.status == crate::activities::model::SignupStatus::Confirmed);
    if !(can_manage || confirmed) {
        detail.online_link.clear();
    }
    Ok(detail)
}

/// Signs the current person up (F-23). Its input is form-encoded (the default), so the sign-up
/// form also works as a plain form post, before or without the page's script.
#[server(endpoint = "activities/sign-up")]
pub async fn sign_up(input: SignupInput) -> Result<SignupResult, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut tx = state.db.pool.begin().await?;
    let result = signup::sign_up(&mut tx, uid, &input, now_us()).await?;
    tx.commit().await?;
    Ok(result)
}

/// Cancels the current person's sign-up (before the organiser's deadline).
#[server(endpoint = "activities/cancel-sign-up")]
pub async fn cancel_sign_up(activity_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut tx = state.db.pool.begin().await?;
    signup::cancel(&mut tx, uid, activity_id, now_us()).await?;
    tx.commit().await?;
    Ok(())
}

/// "My activities" (F-24): `tab` is all, upcoming or ended; `q` searches the titles.
#[server(endpoint = "activities/mine")]
pub async fn my_activities(tab: String, q: String) -> Result<Vec<MyActivity>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
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
    let now = now_us();
    let rows = sqlx::query(&format!(
        "SELECT {}, a.pending_count FROM org_closure c JOIN activities a ON a.org_id = c.descendant_id
         JOIN organisations o ON o.id = a.org_id WHERE c.ancestor_id = $1 ORDER BY a.starts_at DESC, a.id DESC LIMIT 200",
        repo::SUMMARY_COLUMNS
    ))
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OrgActivity { summary: repo::summary_from_row(r, now)?, status: r.try_get("status")?, pending: r.try_get("pending_count")? })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Sign-ups waiting for approval in an organisation's subtree, oldest first.
#[server(endpoint = "activities/signup-queue")]
pub async fn signup_queue(org_id: i64) -> Result<Vec<SignupRequest>, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let rows = sqlx::query(
        "SELECT s.id, s.activity_id, a.title, a.starts_at, s.created_at, u.mobile, p.real_name, p.birth_date, p.qualifications
         FROM org_closure c JOIN activities a ON a.org_id = c.descendant_id
         JOIN signups s ON s.activity_id = a.id AND s.status = 'pending'
         JOIN users u ON u.id = s.user_id LEFT JOIN profiles p ON p.user_id = s.user_id
         WHERE c.ancestor_id = $1 ORDER BY s.created_at, s.id LIMIT 500",
    )
    .bind(org_id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let birth: Option<String> = r.try_get("birth_date")?;
        let starts: i64 = r.try_get("starts_at")?;
        let on = crate::clock::local(starts).map(|t| t.date_naive()).unwrap_or_else(crate::clock::today);
        out.push(SignupRequest {
            signup_id: r.try_get("id")?,
            activity_id: r.try_get("activity_id")?,
            activity_title: r.try_get("title")?,
            name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
            masked_mobile: ssr::masked(&r.try_get::<String, _>("mobile")?),
            age: birth.and_then(|b| crate::validation::parse_date(&b).ok()).map(|b| crate::activities::model::age_on(b, on)),
            qualifications: r.try_get::<Option<String>, _>("qualifications")?.unwrap_or_default(),
            requested_at: r.try_get("created_at")?,
        });
    }
    Ok(out)
}

/// Approves or declines a pending sign-up (a reason is required to decline).
#[server(endpoint = "activities/decide-sign-up")]
pub async fn decide_sign_up(signup_id: i64, approve: bool, reason: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let reason = crate::validation::text(&reason, !approve, 200).map_err(|e| AppError::field("reason", e))?.unwrap_or_default();
    let org: i64 = sqlx::query("SELECT a.org_id FROM signups s JOIN activities a ON a.id = s.activity_id WHERE s.id = $1")
        .bind(signup_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("org_id")?;
    scope::require_manage(&state.db, uid, org).await?;
    let mut tx = state.db.pool.begin().await?;
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
    let rows = sqlx::query(
        "SELECT s.id, s.status, s.queued_at, u.mobile, p.real_name FROM signups s JOIN users u ON u.id = s.user_id
         LEFT JOIN profiles p ON p.user_id = s.user_id WHERE s.activity_id = $1 ORDER BY s.status, s.queued_at, s.id",
    )
    .bind(activity_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Participant {
                signup_id: r.try_get("id")?,
                name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
                masked_mobile: ssr::masked(&r.try_get::<String, _>("mobile")?),
                status: crate::activities::model::SignupStatus::stored(&r.try_get::<String, _>("status")?)?,
                queued_at: r.try_get("queued_at")?,
            })
        })
        .collect()
}

/// Creates or edits a project (F-26). Returns its id.
#[server(endpoint = "projects/save", input = Json)]
pub async fn save_project(id: Option<i64>, input: ProjectInput) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let valid = input.validate()?;
    scope::require_manage(&state.db, uid, input.org_id).await?;
    let now = now_us();
    let objects = valid.service_objects.join(",");
    let id = match id {
        None => sqlx::query(
            "INSERT INTO projects (org_id, name, summary, service_objects, goals, cycle, guarantees, brand_mark, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(input.org_id)
        .bind(&valid.name)
        .bind(&valid.summary)
        .bind(&objects)
        .bind(&valid.goals)
        .bind(&valid.cycle)
        .bind(&valid.guarantees)
        .bind(&valid.brand_mark)
        .bind(uid)
        .bind(now)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("id")?,
        Some(id) => {
            let done = sqlx::query(
                "UPDATE projects SET name = $3, summary = $4, service_objects = $5, goals = $6, cycle = $7, guarantees = $8,
                        brand_mark = $9, updated_at = $10 WHERE id = $1 AND org_id = $2",
            )
            .bind(id)
            .bind(input.org_id)
            .bind(&valid.name)
            .bind(&valid.summary)
            .bind(&objects)
            .bind(&valid.goals)
            .bind(&valid.cycle)
            .bind(&valid.guarantees)
            .bind(&valid.brand_mark)
            .bind(now)
            .execute(&state.db.pool)
            .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
    };
    Ok(id)
}

/// One project with its totals (public).
#[server(endpoint = "projects/detail")]
pub async fn get_project(id: i64) -> Result<ProjectSummary, AppError> {
    let state = app_state()?;
    ssr::projects(&state.db, Some(id), None, now_us()).await?.into_iter().next().ok_or(AppError::NotFound)
}

/// Projects, optionally of one organisation (public).
#[server(endpoint = "projects/list")]
pub async fn list_projects(org_id: Option<i64>) -> Result<Vec<ProjectSummary>, AppError> {
    let state = app_state()?;
    ssr::projects(&state.db, None, org_id, now_us()).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::activities::model::{format_local_input, PLAN_FIELDS};
    use crate::activities::views::{MySignup, Viewer};
    use crate::db::Db;
    use crate::orgs::repo::split_codes;
    use sqlx::AnyConnection;

    pub fn masked(mobile: &str) -> String {
        crate::accounts::mobile::Mobile::parse(mobile).map(|m| m.masked()).unwrap_or_else(|_| "***".into())
    }

    /// Organisations `uid` can publish for: those they are staff of, and everything below.
    pub async fn managed_orgs(conn: &mut AnyConnection, uid: i64) -> Result<Vec<(i64, String)>, AppError> {
        let admin = sqlx::query("SELECT is_platform_admin FROM users WHERE id = $1").bind(uid).fetch_one(&mut *conn).await?;
        let sql = if flag(&admin, "is_platform_admin")? {
            "SELECT o.id, o.name FROM organisations o WHERE o.status = 'approved' AND $1 = $1 ORDER BY o.level, o.id LIMIT 500"
        } else {
            "SELECT DISTINCT o.id, o.name, o.level FROM org_staff s JOIN org_closure c ON c.ancestor_id = s.org_id
             JOIN organisations o ON o.id = c.descendant_id WHERE s.user_id = $1 AND o.status = 'approved'
             ORDER BY o.level, o.id LIMIT 500"
        };
        let rows = sqlx::query(sql).bind(uid).fetch_all(&mut *conn).await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).collect::<Result<_, sqlx::Error>>().map_err(AppError::from)
    }

    fn opt_num(v: Option<i64>) -> String {
        v.map(|n| n.to_string()).unwrap_or_default()
    }

    fn degrees(v: Option<i64>) -> String {
        v.map(|n| format!("{:.6}", n as f64 / 1e6)).unwrap_or_default()
    }

    /// The stored activity as form input, its status and confirmed count.
    pub async fn stored_input(conn: &mut AnyConnection, id: i64) -> Result<(ActivityInput, String, i64), AppError> {
        let r = sqlx::query("SELECT * FROM activities WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?.ok_or(AppError::NotFound)?;
        let text = |c: &str| r.try_get::<String, _>(c);
        let input = ActivityInput {
            org_id: r.try_get("org_id")?,
            project_id: r.try_get("project_id")?,
            title: text("title")?,
            category: text("category")?,
            content_form: text("content_form")?,
            mode: text("mode")?,
            service_objects: split_codes(&text("service_objects")?),
            special_groups: split_codes(&text("special_groups")?),
            content: text("content")?,
            province: text("province")?,
            city: text("city")?,
            county: text("county")?,
            address: text("address")?,
            online_link: text("online_link")?,
            lat: degrees(r.try_get("lat_e6")?),
            lng: degrees(r.try_get("lng_e6")?),
            starts_at: format_local_input(r.try_get("starts_at")?),
            ends_at: format_local_input(r.try_get("ends_at")?),
            signup_opens_at: format_local_input(r.try_get("signup_opens_at")?),
            signup_closes_at: format_local_input(r.try_get("signup_closes_at")?),
            cancel_deadline_at: format_local_input(r.try_get("cancel_deadline_at")?),
            capacity: r.try_get::<i64, _>("capacity")?.to_string(),
            needs_approval: flag(&r, "needs_approval")?,
            min_age: opt_num(r.try_get("min_age")?),
            max_age: opt_num(r.try_get("max_age")?),
            skills: text("skills")?,
            qualification: text("qualification")?,
            training_required: flag(&r, "training_required")?,
            insurance_required: flag(&r, "insurance_required")?,
            risks: text("risks")?,
            contact_name: text("contact_name")?,
            contact_phone: text("contact_phone")?,
            purpose: text("purpose")?,
            process: text("process")?,
            support: text("support")?,
            funding: text("funding")?,
            emergency_plan: text("emergency_plan")?,
            publicity: text("publicity")?,
        };
        Ok((input, text("status")?, r.try_get("confirmed_count")?))
    }

    /// The names (in Chinese, as the inbox shows details as written) of what an edit changed
    /// that a volunteer would act on.
    pub fn changed_fields(old: &ActivityInput, new: &ActivityInput) -> Vec<&'static str> {
        let mut out = Vec::new();
        let same_time = |a: &str, b: &str| crate::activities::model::parse_local_datetime(a).ok() == crate::activities::model::parse_local_datetime(b).ok();
        if old.title.trim() != new.title.trim() {
            out.push("活动名称");
        }
        if !same_time(&old.starts_at, &new.starts_at) || !same_time(&old.ends_at, &new.ends_at) {
            out.push("活动时间");
        }
        if old.address.trim() != new.address.trim() || old.county != new.county || old.city != new.city || old.mode != new.mode {
            out.push("活动地点");
        }
        if old.online_link.trim() != new.online_link.trim() {
            out.push("线上链接");
        }
        if old.content.trim() != new.content.trim() {
            out.push("活动内容");
        }
        if old.risks.trim() != new.risks.trim() || old.insurance_required != new.insurance_required || old.training_required != new.training_required {
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

    pub async fn detail(conn: &mut AnyConnection, id: i64, now: i64) -> Result<ActivityDetail, AppError> {
        let r = sqlx::query(&format!(
            "SELECT {}, a.content_form, a.service_objects, a.special_groups, a.content, a.online_link, a.cancel_deadline_at,
                    a.needs_approval, a.min_age, a.max_age, a.skills, a.qualification, a.training_required, a.insurance_required,
                    a.risks, a.contact_name, a.contact_phone, a.purpose, a.process, a.support, a.funding, a.emergency_plan,
                    a.publicity, a.cancel_reason, a.version, a.project_id, p.name AS project_name
             FROM activities a JOIN organisations o ON o.id = a.org_id LEFT JOIN projects p ON p.id = a.project_id
             WHERE a.id = $1",
            repo::SUMMARY_COLUMNS
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
        let text = |c: &str| r.try_get::<String, _>(c);
        let project_id: Option<i64> = r.try_get("project_id")?;
        let project = match project_id {
            Some(p) => Some((p, r.try_get::<Option<String>, _>("project_name")?.unwrap_or_default())),
            None => None,
        };
        let mut plan = Vec::new();
        for field in PLAN_FIELDS {
            let value = text(field)?;
            if !value.is_empty() {
                plan.push((field.to_owned(), value));
            }
        }
        Ok(ActivityDetail {
            summary: repo::summary_from_row(&r, now)?,
            status: text("status")?,
            project,
            content_form: text("content_form")?,
            service_objects: split_codes(&text("service_objects")?),
            special_groups: split_codes(&text("special_groups")?),
            content: text("content")?,
            online_link: text("online_link")?,
            cancel_deadline_at: r.try_get("cancel_deadline_at")?,
            needs_approval: flag(&r, "needs_approval")?,
            min_age: r.try_get("min_age")?,
            max_age: r.try_get("max_age")?,
            skills: text("skills")?,
            qualification: text("qualification")?,
            training_required: flag(&r, "training_required")?,
            insurance_required: flag(&r, "insurance_required")?,
            risks: text("risks")?,
            contact_name: text("contact_name")?,
            contact_phone: text("contact_phone")?,
            plan,
            cancel_reason: text("cancel_reason")?,
            version: r.try_get("version")?,
            viewer: None,
        })
    }

    pub async fn viewer(conn: &mut AnyConnection, uid: i64, d: &ActivityDetail, can_manage: bool, now: i64) -> Result<Viewer, AppError> {
        let row = sqlx::query(
            "SELECT id, status FROM signups WHERE activity_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(d.summary.id)
        .bind(uid)
        .fetch_optional(&mut *conn)
        .await?;
        let signup = match row {
            Some(r) => {
                let id: i64 = r.try_get("id")?;
                let status = crate::activities::model::SignupStatus::stored(&r.try_get::<String, _>("status")?)?;
                let waitlist_position = if status == crate::activities::model::SignupStatus::Waitlisted {
                    Some(signup::waitlist_position(conn, d.summary.id, id).await?)
                } else {
                    None
                };
                let deadline = if status == crate::activities::model::SignupStatus::Confirmed { d.cancel_deadline_at } else { d.summary.starts_at };
                let can_cancel = status.is_open() && now < deadline && d.status == "published";
                Some(MySignup { id, status, waitlist_position, can_cancel })
            }
            None => None,
        };
        let profile_complete = sqlx::query("SELECT 1 AS one FROM profiles WHERE user_id = $1").bind(uid).fetch_optional(&mut *conn).await?.is_some();
        let overlaps = signup::overlapping(conn, uid, d.summary.id, d.summary.starts_at, d.summary.ends_at).await?;
        Ok(Viewer { signup, can_manage, profile_complete, overlaps })
    }

    pub async fn mine(conn: &mut AnyConnection, uid: i64, tab: &str, q: &str, now: i64) -> Result<Vec<crate::activities::views::MyActivity>, AppError> {
        let mut sql = format!(
            "SELECT {}, s.id AS signup_id, s.status AS signup_status FROM signups s JOIN activities a ON a.id = s.activity_id
             JOIN organisations o ON o.id = a.org_id WHERE s.user_id = $1",
            repo::SUMMARY_COLUMNS
        );
        let order = match tab {
            "upcoming" => {
                sql.push_str(" AND a.ends_at > $2 AND a.status = 'published' AND s.status IN ('pending', 'confirmed', 'waitlisted')");
                "a.starts_at ASC"
            }
            "ended" => {
                sql.push_str(" AND a.ends_at <= $2 AND s.status = 'confirmed'");
                "a.starts_at DESC"
            }
            _ => {
                sql.push_str(" AND $2 = $2");
                "a.starts_at DESC"
            }
        };
        let q = q.trim();
        if !q.is_empty() {
            sql.push_str(" AND a.title LIKE $3 ESCAPE '\\'");
        }
        sql.push_str(&format!(" ORDER BY {order}, s.id DESC LIMIT 500"));
        let mut statement = sqlx::query(&sql).bind(uid).bind(now);
        if !q.is_empty() {
            statement = statement.bind(format!("%{}%", crate::db::escape_like(q)));
        }
        let rows = statement.fetch_all(&mut *conn).await?;
        let mut out = Vec::new();
        for r in rows {
            let status = crate::activities::model::SignupStatus::stored(&r.try_get::<String, _>("signup_status")?)?;
            let summary = repo::summary_from_row(&r, now)?;
            let waitlist_position = if status == crate::activities::model::SignupStatus::Waitlisted {
                Some(signup::waitlist_position(conn, summary.id, r.try_get("signup_id")?).await?)
            } else {
                None
            };
            out.push(crate::activities::views::MyActivity { summary, signup_status: status, waitlist_position });
        }
        Ok(out)
    }

    /// Projects with their totals: one (`id`), one organisation's, or all.
    pub async fn projects(db: &Db, id: Option<i64>, org: Option<i64>, now: i64) -> Result<Vec<ProjectSummary>, AppError> {
        let rows = sqlx::query(
            "SELECT p.id, p.org_id, o.name AS org_name, p.name, p.summary, p.service_objects, p.goals, p.cycle, p.guarantees,
                    p.brand_mark, CASE WHEN p.brand_image IS NULL THEN 0 ELSE 1 END AS has_image,
                    (SELECT COUNT(*) FROM activities a WHERE a.project_id = p.id AND a.status = 'published') AS activities,
                    (SELECT COUNT(*) FROM activities a WHERE a.project_id = p.id AND a.status = 'published' AND a.ends_at <= $3) AS ended,
                    (SELECT CAST(COALESCE(SUM(a.confirmed_count), 0) AS BIGINT) FROM activities a WHERE a.project_id = p.id AND a.status = 'published') AS places,
                    (SELECT CAST(COALESCE(SUM(a.confirmed_count * (a.ends_at - a.starts_at)), 0) AS BIGINT) FROM activities a
                      WHERE a.project_id = p.id AND a.status = 'published' AND a.ends_at <= $3) AS place_us
             FROM projects p JOIN organisations o ON o.id = p.org_id
             WHERE ($1 = 0 OR p.id = $1) AND ($2 = 0 OR p.org_id = $2) ORDER BY p.id DESC LIMIT 200",
        )
        .bind(id.unwrap_or(0))
        .bind(org.unwrap_or(0))
        .bind(now)
        .fetch_all(&db.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ProjectSummary {
                    id: r.try_get("id")?,
                    org_id: r.try_get("org_id")?,
                    org_name: r.try_get("org_name")?,
                    name: r.try_get("name")?,
                    summary: r.try_get("summary")?,
                    service_objects: split_codes(&r.try_get::<String, _>("service_objects")?),
                    goals: r.try_get("goals")?,
                    cycle: r.try_get("cycle")?,
                    guarantees: r.try_get("guarantees")?,
                    brand_mark: r.try_get("brand_mark")?,
                    has_brand_image: r.try_get::<i64, _>("has_image")? == 1,
                    activities: r.try_get("activities")?,
                    ended_activities: r.try_get("ended")?,
                    volunteer_places: r.try_get("places")?,
                    planned_hours: r.try_get::<i64, _>("place_us")? / 3_600_000_000,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(AppError::from)
    }
}
