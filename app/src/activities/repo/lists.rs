//! Lists around activities: what a person may publish for, their sign-ups, an organisation's
//! activities, and the sign-ups its organisers handle.
use super::{status_of, summary_from_row, SUMMARY_COLUMNS};
use crate::accounts::mobile::Mobile;
use crate::activities::model::{age_on, ActivityStatus, SignupStatus};
use crate::activities::views::{ActivitySummary, OrgActivity, Participant, SignupRequest};
use crate::db::flag;
use crate::db::query::Where;
use crate::error::AppError;
use crate::orgs::views::OrgStatus;
use crate::validation::Keyword;
use sqlx::{AnyConnection, Row};

/// A phone number as organisers see it.
fn masked(mobile: &str) -> String {
    Mobile::parse(mobile).map(|m| m.masked()).unwrap_or_else(|_| "***".into())
}

/// Organisations `uid` can publish for: those they are staff of, and everything below.
pub async fn managed_orgs(conn: &mut AnyConnection, uid: i64) -> Result<Vec<(i64, String)>, AppError> {
    let admin =
        sqlx::query("SELECT is_platform_admin FROM users WHERE id = $1").bind(uid).fetch_one(&mut *conn).await?;
    let rows = if flag(&admin, "is_platform_admin")? {
        sqlx::query("SELECT o.id, o.name FROM organisations o WHERE o.status = $1 ORDER BY o.level, o.id LIMIT 500")
            .bind(OrgStatus::Approved.code())
            .fetch_all(&mut *conn)
            .await?
    } else {
        sqlx::query(
            "SELECT DISTINCT o.id, o.name, o.level FROM org_staff s JOIN org_closure c ON c.ancestor_id = s.org_id
             JOIN organisations o ON o.id = c.descendant_id WHERE s.user_id = $1 AND o.status = $2
             ORDER BY o.level, o.id LIMIT 500",
        )
        .bind(uid)
        .bind(OrgStatus::Approved.code())
        .fetch_all(&mut *conn)
        .await?
    };
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The person's sign-ups ("my activities", F-24) with their activities: `tab` is all, upcoming
/// or ended; every term of `q` appears in the title. Each row is the activity, the sign-up's
/// status and its id.
pub async fn mine(
    conn: &mut AnyConnection,
    uid: i64,
    tab: &str,
    q: &Keyword,
    now: i64,
) -> Result<Vec<(ActivitySummary, SignupStatus, i64)>, AppError> {
    let mut w = Where::new();
    w.and("s.user_id = ?", uid);
    let order = match tab {
        "upcoming" => {
            w.and("a.ends_at > ?", now).and("a.status = ?", ActivityStatus::Published.code()).and_in(
                "s.status",
                [SignupStatus::Pending, SignupStatus::Confirmed, SignupStatus::Waitlisted].map(SignupStatus::code),
            );
            "a.starts_at ASC"
        }
        "ended" => {
            w.and("a.ends_at <= ?", now).and("s.status = ?", SignupStatus::Confirmed.code());
            "a.starts_at DESC"
        }
        _ => "a.starts_at DESC",
    };
    w.and_contains_all("a.title", q);
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, s.id AS signup_id, s.status AS signup_status FROM signups s JOIN activities a ON a.id = s.activity_id
         JOIN organisations o ON o.id = a.org_id{} ORDER BY {order}, s.id DESC LIMIT 500",
        w.clause()
    );
    let rows = w.bind_all(sqlx::query(&sql)).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            let status = SignupStatus::stored(&r.try_get::<String, _>("signup_status")?)?;
            Ok((summary_from_row(r, now)?, status, r.try_get("signup_id")?))
        })
        .collect()
}

/// "Published by us": the activities of an organisation's subtree, newest start first, with
/// their sign-up counts.
pub async fn org_activities(conn: &mut AnyConnection, org_id: i64, now: i64) -> Result<Vec<OrgActivity>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY_COLUMNS}, a.pending_count FROM org_closure c JOIN activities a ON a.org_id = c.descendant_id
         JOIN organisations o ON o.id = a.org_id WHERE c.ancestor_id = $1 ORDER BY a.starts_at DESC, a.id DESC LIMIT 200"
    ))
    .bind(org_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OrgActivity {
                summary: summary_from_row(r, now)?,
                status: status_of(r)?,
                pending: r.try_get("pending_count")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Sign-ups waiting for approval in an organisation's subtree, oldest first.
pub async fn signup_queue(conn: &mut AnyConnection, org_id: i64) -> Result<Vec<SignupRequest>, AppError> {
    let rows = sqlx::query(
        "SELECT s.id, s.activity_id, a.title, a.starts_at, s.created_at, u.mobile, p.real_name, p.birth_date, p.qualifications
         FROM org_closure c JOIN activities a ON a.org_id = c.descendant_id
         JOIN signups s ON s.activity_id = a.id AND s.status = $2
         JOIN users u ON u.id = s.user_id LEFT JOIN profiles p ON p.user_id = s.user_id
         WHERE c.ancestor_id = $1 ORDER BY s.created_at, s.id LIMIT 500",
    )
    .bind(org_id)
    .bind(SignupStatus::Pending.code())
    .fetch_all(&mut *conn)
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
            masked_mobile: masked(&r.try_get::<String, _>("mobile")?),
            age: birth.and_then(|b| crate::validation::parse_date(&b).ok()).map(|b| age_on(b, on)),
            qualifications: r.try_get::<Option<String>, _>("qualifications")?.unwrap_or_default(),
            requested_at: r.try_get("created_at")?,
        });
    }
    Ok(out)
}

/// The organisation of the activity a sign-up is for.
pub async fn signup_org(conn: &mut AnyConnection, signup_id: i64) -> Result<i64, AppError> {
    Ok(sqlx::query("SELECT a.org_id FROM signups s JOIN activities a ON a.id = s.activity_id WHERE s.id = $1")
        .bind(signup_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?
        .try_get("org_id")?)
}

/// Everyone signed up for an activity, for its organisers (phones masked).
pub async fn participants(conn: &mut AnyConnection, activity_id: i64) -> Result<Vec<Participant>, AppError> {
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
                masked_mobile: masked(&r.try_get::<String, _>("mobile")?),
                status: SignupStatus::stored(&r.try_get::<String, _>("status")?)?,
                queued_at: r.try_get("queued_at")?,
            })
        })
        .collect()
}
