//! One activity: its page, its stored form input, and what concerns the person viewing it.
use super::{status_of, summary_from_row, SUMMARY_COLUMNS};
use crate::activities::model::{format_local_input, ActivityInput, ActivityStatus, SignupStatus, PLAN_FIELDS};
use crate::activities::views::ActivityDetail;
use crate::db::flag;
use crate::error::AppError;
use crate::orgs::repo::split_codes;
use sqlx::{AnyConnection, Row};

fn opt_num(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn degrees(v: Option<i64>) -> String {
    v.map(|n| format!("{:.6}", n as f64 / 1e6)).unwrap_or_default()
}

/// The stored activity as form input, its status and confirmed count.
pub async fn stored_input(conn: &mut AnyConnection, id: i64) -> Result<(ActivityInput, ActivityStatus, i64), AppError> {
    let r = sqlx::query("SELECT * FROM activities WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
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
        venue_id: r.try_get("venue_id")?,
    };
    Ok((input, status_of(&r)?, r.try_get("confirmed_count")?))
}

/// One activity's page, whatever its status (callers decide who may see it).
pub async fn detail(conn: &mut AnyConnection, id: i64, now: i64) -> Result<ActivityDetail, AppError> {
    let r = sqlx::query(&format!(
        "SELECT {}, a.content_form, a.service_objects, a.special_groups, a.content, a.online_link, a.cancel_deadline_at,
                a.needs_approval, a.min_age, a.max_age, a.skills, a.qualification, a.training_required, a.insurance_required,
                a.risks, a.contact_name, a.contact_phone, a.purpose, a.process, a.support, a.funding, a.emergency_plan,
                a.publicity, a.cancel_reason, a.version, a.project_id, p.name AS project_name, a.venue_id, v.name AS venue_name
         FROM activities a JOIN organisations o ON o.id = a.org_id LEFT JOIN projects p ON p.id = a.project_id LEFT JOIN venues v ON v.id = a.venue_id
         WHERE a.id = $1",
        SUMMARY_COLUMNS
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
        summary: summary_from_row(&r, now)?,
        status: status_of(&r)?,
        project,
        venue: match r.try_get::<Option<i64>, _>("venue_id")? {
            Some(v) => Some((v, r.try_get::<Option<String>, _>("venue_name")?.unwrap_or_default())),
            None => None,
        },
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

/// The person's latest sign-up for the activity: its id and status.
pub async fn latest_signup(
    conn: &mut AnyConnection,
    activity_id: i64,
    uid: i64,
) -> Result<Option<(i64, SignupStatus)>, AppError> {
    let row =
        sqlx::query("SELECT id, status FROM signups WHERE activity_id = $1 AND user_id = $2 ORDER BY id DESC LIMIT 1")
            .bind(activity_id)
            .bind(uid)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some(r) => Ok(Some((r.try_get("id")?, SignupStatus::stored(&r.try_get::<String, _>("status")?)?))),
        None => Ok(None),
    }
}

/// True when the person has filled in a profile (signing up needs one).
pub async fn has_profile(conn: &mut AnyConnection, uid: i64) -> Result<bool, AppError> {
    Ok(sqlx::query("SELECT 1 AS one FROM profiles WHERE user_id = $1")
        .bind(uid)
        .fetch_optional(&mut *conn)
        .await?
        .is_some())
}
