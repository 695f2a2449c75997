//! Reading and writing `makeup_requests`, and the attendance an approval writes.
use super::model::{capped_span, Cause, MakeupForm, MakeupQueue, MakeupStatus, MyMakeup, PendingMakeup, PhotoType};
use super::photo;
use crate::activities::model::ActivityStatus;
use crate::error::{AppError, Refusal};
use crate::inbox::{model::kinds, repo as inbox};
use crate::state::AppState;
use crate::validation::Invalid;
use sqlx::{AnyConnection, Row};

/// The facts about an activity a make-up needs.
pub struct Activity {
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    pub status: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

pub async fn activity(conn: &mut AnyConnection, id: i64) -> Result<Activity, AppError> {
    let row = sqlx::query("SELECT id, org_id, title, status, starts_at, ends_at FROM activities WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Activity {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        title: row.try_get("title")?,
        status: row.try_get("status")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
    })
}

/// Why `user` may not file a make-up for `a` now, or `None` when they may. A draft is not found.
async fn blocked(conn: &mut AnyConnection, user: i64, a: &Activity, now: i64) -> Result<Option<Refusal>, AppError> {
    if a.status == ActivityStatus::Draft.code() {
        return Err(AppError::NotFound);
    }
    if a.status != ActivityStatus::Published.code() {
        return Ok(Some(Refusal::ActivityClosed));
    }
    let signed =
        sqlx::query("SELECT 1 AS hit FROM signups WHERE activity_id = $1 AND user_id = $2 AND status = 'confirmed'")
            .bind(a.id)
            .bind(user)
            .fetch_optional(&mut *conn)
            .await?;
    if signed.is_none() {
        return Ok(Some(Refusal::MakeupNotConfirmed));
    }
    if now < a.starts_at {
        return Ok(Some(Refusal::MakeupNotStarted));
    }
    let complete =
        sqlx::query("SELECT 1 AS hit FROM attendances WHERE activity_id = $1 AND user_id = $2 AND out_at IS NOT NULL")
            .bind(a.id)
            .bind(user)
            .fetch_optional(&mut *conn)
            .await?;
    if complete.is_some() {
        return Ok(Some(Refusal::MakeupAttendanceComplete));
    }
    let open = sqlx::query(
        "SELECT 1 AS hit FROM makeup_requests WHERE activity_id = $1 AND user_id = $2 AND status = 'pending'",
    )
    .bind(a.id)
    .bind(user)
    .fetch_optional(&mut *conn)
    .await?;
    if open.is_some() {
        return Ok(Some(Refusal::MakeupAlreadyOpen));
    }
    Ok(None)
}

fn my_makeup(r: &sqlx::any::AnyRow) -> Result<MyMakeup, AppError> {
    Ok(MyMakeup {
        id: r.try_get("id")?,
        activity_id: r.try_get("activity_id")?,
        activity_title: r.try_get("title")?,
        cause: Cause::from_code(&r.try_get::<String, _>("cause")?).unwrap_or(Cause::Other),
        reason: r.try_get("reason")?,
        claimed_from_at: r.try_get("claimed_from_at")?,
        claimed_to_at: r.try_get("claimed_to_at")?,
        has_photo: !r.try_get::<String, _>("photo_path")?.is_empty(),
        status: MakeupStatus::from_code(&r.try_get::<String, _>("status")?).unwrap_or(MakeupStatus::Pending),
        decision_reason: r.try_get("decision_reason")?,
        decided_at: r.try_get("decided_at")?,
        created_at: r.try_get("created_at")?,
    })
}

/// The person's requests, newest first (one activity's, or all).
pub async fn mine(conn: &mut AnyConnection, user: i64, activity: Option<i64>) -> Result<Vec<MyMakeup>, AppError> {
    let rows = sqlx::query(
        "SELECT m.id, m.activity_id, a.title, m.cause, m.reason, m.claimed_from_at, m.claimed_to_at, m.photo_path,
                m.status, m.decision_reason, m.decided_at, m.created_at
         FROM makeup_requests m JOIN activities a ON a.id = m.activity_id
         WHERE m.user_id = $1 AND ($2 = 0 OR m.activity_id = $2)
         ORDER BY m.created_at DESC, m.id DESC LIMIT 200",
    )
    .bind(user)
    .bind(activity.unwrap_or(0))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(my_makeup).collect()
}

pub async fn form(conn: &mut AnyConnection, user: i64, activity_id: i64, now: i64) -> Result<MakeupForm, AppError> {
    let a = activity(conn, activity_id).await?;
    let blocked = blocked(conn, user, &a, now).await?;
    let requests = mine(conn, user, Some(a.id)).await?;
    // Someone with nothing to do with the activity learns no more than that.
    if requests.is_empty() && blocked == Some(Refusal::MakeupNotConfirmed) {
        let any = sqlx::query("SELECT 1 AS hit FROM signups WHERE activity_id = $1 AND user_id = $2")
            .bind(a.id)
            .bind(user)
            .fetch_optional(&mut *conn)
            .await?;
        if any.is_none() {
            return Err(AppError::Refused(Refusal::MakeupNotConfirmed));
        }
    }
    Ok(MakeupForm { activity_id: a.id, title: a.title, starts_at: a.starts_at, ends_at: a.ends_at, blocked, requests })
}

pub async fn queue(conn: &mut AnyConnection, a: &Activity) -> Result<MakeupQueue, AppError> {
    let rows = sqlx::query(
        "SELECT m.id, m.cause, m.reason, m.claimed_from_at, m.claimed_to_at, m.photo_path, m.created_at,
                u.mobile, p.real_name
         FROM makeup_requests m JOIN users u ON u.id = m.user_id LEFT JOIN profiles p ON p.user_id = m.user_id
         WHERE m.activity_id = $1 AND m.status = 'pending' ORDER BY m.created_at, m.id LIMIT 500",
    )
    .bind(a.id)
    .fetch_all(&mut *conn)
    .await?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(PendingMakeup {
                id: r.try_get("id")?,
                name: r.try_get::<Option<String>, _>("real_name")?.unwrap_or_default(),
                masked_mobile: crate::accounts::mobile::Mobile::parse(&r.try_get::<String, _>("mobile")?)
                    .map(|m| m.masked())
                    .unwrap_or_else(|_| "***".into()),
                cause: Cause::from_code(&r.try_get::<String, _>("cause")?).unwrap_or(Cause::Other),
                reason: r.try_get("reason")?,
                claimed_from_at: r.try_get("claimed_from_at")?,
                claimed_to_at: r.try_get("claimed_to_at")?,
                has_photo: !r.try_get::<String, _>("photo_path")?.is_empty(),
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(MakeupQueue {
        activity_id: a.id,
        org_id: a.org_id,
        title: a.title.clone(),
        starts_at: a.starts_at,
        ends_at: a.ends_at,
        items,
    })
}

pub struct NewRequest<'a> {
    pub activity_id: i64,
    pub user_id: i64,
    pub cause: Cause,
    pub reason: &'a str,
    pub from_at: i64,
    pub to_at: i64,
    pub photo: Option<(PhotoType, &'a [u8])>,
}

/// Files a request after checking every rule; the photo is stored only once they pass, and
/// removed again if the row is not written.
pub async fn file(state: &AppState, new: &NewRequest<'_>, client: &str) -> Result<i64, AppError> {
    let now = crate::db::now_us();
    let mut conn = state.db.pool.acquire().await?;
    let a = activity(&mut conn, new.activity_id).await?;
    if let Some(refusal) = blocked(&mut conn, new.user_id, &a, now).await? {
        return Err(AppError::Refused(refusal));
    }
    if capped_span(new.from_at, new.to_at, a.starts_at, a.ends_at).is_none() {
        return Err(AppError::field("from", Invalid::MakeupOutsideSchedule));
    }
    let (path, media) = match new.photo {
        Some((kind, bytes)) => (photo::store(&state.files_dir, bytes.to_vec()).await?, kind.media_type()),
        None => (String::new(), ""),
    };
    let inserted = sqlx::query(
        "INSERT INTO makeup_requests (activity_id, user_id, cause, reason, claimed_from_at, claimed_to_at,
                                      photo_path, photo_type, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) RETURNING id",
    )
    .bind(a.id)
    .bind(new.user_id)
    .bind(new.cause.code())
    .bind(new.reason)
    .bind(new.from_at)
    .bind(new.to_at)
    .bind(&path)
    .bind(media)
    .bind(now)
    .fetch_one(&mut *conn)
    .await;
    let id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(e) => {
            if !path.is_empty() {
                photo::discard(&state.files_dir, &path).await;
            }
            // Two requests sent at once: the unique index lets one through.
            return Err(if crate::db::is_unique_violation(&e) {
                AppError::Refused(Refusal::MakeupAlreadyOpen)
            } else {
                e.into()
            });
        }
    };
    let detail = format!("make-up request {id} for activity {}", a.id);
    crate::audit::record(&state.db, new.user_id, "makeup_filed", Some(new.user_id), &detail, client).await?;
    Ok(id)
}

/// Staff decide a pending request. See [`super::decide_makeup`].
pub async fn decide(
    state: &AppState,
    uid: i64,
    request_id: i64,
    approve: bool,
    reason: &str,
    client: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if !approve && reason.is_empty() {
        return Err(AppError::field("reason", Invalid::Required));
    }
    let max = crate::ui::decision_queue::REASON_MAX;
    if reason.chars().count() > max as usize {
        return Err(AppError::field("reason", Invalid::TooLong { max }));
    }
    let row =
        sqlx::query("SELECT activity_id, user_id, claimed_from_at, claimed_to_at FROM makeup_requests WHERE id = $1")
            .bind(request_id)
            .fetch_optional(&state.db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    let (activity_id, user): (i64, i64) = (row.try_get("activity_id")?, row.try_get("user_id")?);
    let (from, to): (i64, i64) = (row.try_get("claimed_from_at")?, row.try_get("claimed_to_at")?);
    let a = activity(&mut *state.db.pool.acquire().await?, activity_id).await?;
    crate::scope::require_manage(&state.db, uid, a.org_id).await?;
    let mut tx = state.db.begin().await?;
    let now = crate::db::now_us();
    let status = if approve { MakeupStatus::Approved } else { MakeupStatus::Rejected };
    let decided = sqlx::query(
        "UPDATE makeup_requests SET status = $2, decided_by = $3, decided_at = $4, decision_reason = $5
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(request_id)
    .bind(status.code())
    .bind(uid)
    .bind(now)
    .bind(reason)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if decided == 0 {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    if approve {
        let (from, to) = capped_span(from, to, a.starts_at, a.ends_at)
            .ok_or(AppError::field("from", Invalid::MakeupOutsideSchedule))?;
        write_attendance(&mut tx, &a, user, (from, to), uid, now).await?;
        credit_hours(&mut tx, a.id, user, uid, reason, &state.policy.attendance).await?;
    }
    let kind = if approve { kinds::MAKEUP_APPROVED } else { kinds::MAKEUP_REJECTED };
    inbox::send(&mut tx, &[user], kind, &a.title, reason, "/me/makeups", now).await?;
    let when = crate::activities::notices::when_text(a.starts_at);
    let text = if approve {
        format!("{}您在“{}”（{when}）的补签申请已通过。", inbox::SMS_SIGN, a.title)
    } else {
        format!("{}您在“{}”（{when}）的补签申请未通过：{reason}", inbox::SMS_SIGN, a.title)
    };
    inbox::queue_sms(&mut tx, user, &text, now).await?;
    let detail = format!("make-up request {request_id} for activity {}: {}", a.id, status.code());
    crate::audit::record_on(&mut tx, Some(uid), "makeup_decided", Some(user), &detail, client).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes the approved span as the person's attendance: a new row with both ends, or the
/// check-out of a row that has only a check-in. A row that meanwhile got both ends refuses.
async fn write_attendance(
    conn: &mut AnyConnection,
    a: &Activity,
    user: i64,
    (from, to): (i64, i64),
    staff: i64,
    now: i64,
) -> Result<(), AppError> {
    let existing = sqlx::query("SELECT id, in_at, out_at FROM attendances WHERE activity_id = $1 AND user_id = $2")
        .bind(a.id)
        .bind(user)
        .fetch_optional(&mut *conn)
        .await?;
    match existing {
        None => {
            sqlx::query(
                "INSERT INTO attendances (activity_id, user_id, in_method, in_at, in_received_at, out_method, out_at,
                                          out_received_at, recorded_by, created_at, updated_at)
                 VALUES ($1, $2, 'makeup', $3, $5, 'makeup', $4, $5, $6, $5, $5)",
            )
            .bind(a.id)
            .bind(user)
            .bind(from)
            .bind(to)
            .bind(now)
            .bind(staff)
            .execute(&mut *conn)
            .await?;
        }
        Some(row) => {
            if row.try_get::<Option<i64>, _>("out_at")?.is_some() {
                return Err(AppError::Refused(Refusal::MakeupAttendanceComplete));
            }
            // The check-out never comes before the check-in that is already there.
            let out_at = to.max(row.try_get::<i64, _>("in_at")?);
            let filled = sqlx::query(
                "UPDATE attendances SET out_method = 'makeup', out_at = $2, out_received_at = $3, recorded_by = $4,
                        updated_at = $3
                 WHERE id = $1 AND out_at IS NULL",
            )
            .bind(row.try_get::<i64, _>("id")?)
            .bind(out_at)
            .bind(now)
            .bind(staff)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if filled == 0 {
                return Err(AppError::Refused(Refusal::MakeupAttendanceComplete));
            }
        }
    }
    Ok(())
}

/// Recounts the person's hours for the activity after an approval, on the same transaction:
/// once the activity is closed, the make-up becomes (or changes) the person's hours line.
async fn credit_hours(
    conn: &mut AnyConnection,
    activity_id: i64,
    user_id: i64,
    actor: i64,
    reason: &str,
    policy: &crate::state::AttendancePolicy,
) -> Result<(), AppError> {
    crate::records::hours::recount(conn, activity_id, user_id, actor, reason, policy).await
}
