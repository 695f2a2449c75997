//! Signing up, cancelling, approving and the waitlist (F-23). Every change to an activity's
//! places starts by locking the activity ([`repo::lock_activity`]), so concurrent sign-ups for
//! the last seats are served one after another: exactly `capacity` end up confirmed and the
//! rest waitlisted, on both engines. Counts on the activity row change in the same transaction.
use crate::activities::model::{
    age_on, check_acknowledgements, has_qualification, overlaps, ActivityStatus, Phase, SignupInput, SignupStatus,
};
use crate::activities::notices::notify;
use crate::activities::repo;
use crate::activities::views::SignupResult;
use crate::db::{flag, is_unique_violation};
use crate::error::{AppError, Refusal};
use crate::inbox::model::kinds;
use sqlx::{AnyConnection, Row};

/// The facts of an activity that sign-up rules need.
pub struct Seats {
    pub id: i64,
    pub org_id: i64,
    pub title: String,
    pub status: ActivityStatus,
    pub starts_at: i64,
    pub ends_at: i64,
    pub signup_opens_at: i64,
    pub signup_closes_at: i64,
    pub cancel_deadline_at: i64,
    pub capacity: i64,
    pub confirmed: i64,
    pub needs_approval: bool,
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    pub qualification: String,
    pub training_required: bool,
    pub insurance_required: bool,
    pub has_risks: bool,
}

impl Seats {
    pub fn phase(&self, now: i64) -> Phase {
        Phase::of(self.status, self.signup_opens_at, self.signup_closes_at, self.starts_at, self.ends_at, now)
    }

    fn subject(&self) -> (i64, &str, i64) {
        (self.id, &self.title, self.starts_at)
    }
}

pub async fn load_seats(conn: &mut AnyConnection, id: i64) -> Result<Seats, AppError> {
    let r = sqlx::query(
        "SELECT id, org_id, title, status, starts_at, ends_at, signup_opens_at, signup_closes_at, cancel_deadline_at,
                capacity, confirmed_count, needs_approval, min_age, max_age, qualification, training_required,
                insurance_required, risks
         FROM activities WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Seats {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        title: r.try_get("title")?,
        status: repo::status_of(&r)?,
        starts_at: r.try_get("starts_at")?,
        ends_at: r.try_get("ends_at")?,
        signup_opens_at: r.try_get("signup_opens_at")?,
        signup_closes_at: r.try_get("signup_closes_at")?,
        cancel_deadline_at: r.try_get("cancel_deadline_at")?,
        capacity: r.try_get("capacity")?,
        confirmed: r.try_get("confirmed_count")?,
        needs_approval: flag(&r, "needs_approval")?,
        min_age: r.try_get("min_age")?,
        max_age: r.try_get("max_age")?,
        qualification: r.try_get("qualification")?,
        training_required: flag(&r, "training_required")?,
        insurance_required: flag(&r, "insurance_required")?,
        has_risks: !r.try_get::<String, _>("risks")?.trim().is_empty(),
    })
}

/// Moves the counts of `activity` by the given amounts.
async fn shift_counts(
    conn: &mut AnyConnection,
    activity: i64,
    confirmed: i64,
    waitlisted: i64,
    pending: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE activities SET confirmed_count = confirmed_count + $2, waitlist_count = waitlist_count + $3,
                pending_count = pending_count + $4 WHERE id = $1",
    )
    .bind(activity)
    .bind(confirmed)
    .bind(waitlisted)
    .bind(pending)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn deltas(status: SignupStatus) -> (i64, i64, i64) {
    match status {
        SignupStatus::Confirmed => (1, 0, 0),
        SignupStatus::Waitlisted => (0, 1, 0),
        SignupStatus::Pending => (0, 0, 1),
        _ => (0, 0, 0),
    }
}

/// Where a seat-holder goes: confirmed while places remain, otherwise the waitlist.
fn placed(seats: &Seats) -> SignupStatus {
    if seats.confirmed < seats.capacity {
        SignupStatus::Confirmed
    } else {
        SignupStatus::Waitlisted
    }
}

/// 1-based place of a waitlisted sign-up.
pub async fn waitlist_position(conn: &mut AnyConnection, activity: i64, signup: i64) -> Result<i64, AppError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS ahead FROM signups w, signups me
         WHERE me.id = $2 AND w.activity_id = $1 AND w.status = 'waitlisted'
           AND (w.queued_at < me.queued_at OR (w.queued_at = me.queued_at AND w.id <= me.id))",
    )
    .bind(activity)
    .bind(signup)
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("ahead")?)
}

/// The person's other open sign-ups whose time overlaps `(starts, ends)`.
pub async fn overlapping(
    conn: &mut AnyConnection,
    uid: i64,
    activity: i64,
    starts: i64,
    ends: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query(
        "SELECT a.id, a.title, a.starts_at, a.ends_at FROM signups s JOIN activities a ON a.id = s.activity_id
         WHERE s.user_id = $1 AND s.status IN ('pending', 'confirmed', 'waitlisted') AND a.status = $5
           AND a.id <> $2 AND a.starts_at < $4 AND a.ends_at > $3
         ORDER BY a.starts_at",
    )
    .bind(uid)
    .bind(activity)
    .bind(starts)
    .bind(ends)
    .bind(ActivityStatus::Published.code())
    .fetch_all(&mut *conn)
    .await?;
    let mut found = Vec::new();
    for r in rows {
        if overlaps((r.try_get("starts_at")?, r.try_get("ends_at")?), (starts, ends)) {
            found.push((r.try_get("id")?, r.try_get("title")?));
        }
    }
    Ok(found)
}

/// Signs `uid` up. The caller has begun `conn` as a transaction and commits it.
pub async fn sign_up(
    conn: &mut AnyConnection,
    uid: i64,
    input: &SignupInput,
    now: i64,
) -> Result<SignupResult, AppError> {
    repo::lock_activity(conn, input.activity_id).await?;
    let seats = load_seats(conn, input.activity_id).await?;
    // The activity of an organisation that is not open is hidden, and takes no one.
    if !crate::orgs::repo::is_approved(conn, seats.org_id).await? {
        return Err(AppError::NotFound);
    }
    if seats.phase(now) != Phase::Recruiting {
        return Err(AppError::Refused(Refusal::SignupNotOpen));
    }
    let profile = sqlx::query("SELECT birth_date, qualifications FROM profiles WHERE user_id = $1")
        .bind(uid)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::Refused(Refusal::ProfileIncomplete))?;
    let birth = crate::validation::parse_date(&profile.try_get::<String, _>("birth_date")?)
        .map_err(|e| AppError::internal(format!("stored birth date: {e:?}")))?;
    let on = crate::clock::local(seats.starts_at).map(|t| t.date_naive()).unwrap_or_else(crate::clock::today);
    let age = age_on(birth, on) as i64;
    if seats.min_age.is_some_and(|m| age < m) || seats.max_age.is_some_and(|m| age > m) {
        return Err(AppError::Refused(Refusal::AgeOutOfRange {
            min: seats.min_age.unwrap_or(0) as u32,
            max: seats.max_age.unwrap_or(120) as u32,
        }));
    }
    let held: Option<String> = profile.try_get("qualifications")?;
    if !has_qualification(held.as_deref().unwrap_or(""), &seats.qualification) {
        return Err(AppError::Refused(Refusal::QualificationMissing));
    }
    check_acknowledgements(input, seats.has_risks, seats.insurance_required, seats.training_required)?;
    let status = if seats.needs_approval { SignupStatus::Pending } else { placed(&seats) };
    let inserted = sqlx::query(
        "INSERT INTO signups (activity_id, user_id, status, queued_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4) RETURNING id",
    )
    .bind(seats.id)
    .bind(uid)
    .bind(status.code())
    .bind(now)
    .fetch_one(&mut *conn)
    .await;
    let signup_id: i64 = match inserted {
        Ok(row) => row.try_get("id")?,
        Err(e) if is_unique_violation(&e) => return Err(AppError::Refused(Refusal::AlreadySignedUp)),
        Err(e) => return Err(e.into()),
    };
    let (c, w, p) = deltas(status);
    shift_counts(conn, seats.id, c, w, p).await?;
    let kind = match status {
        SignupStatus::Confirmed => kinds::SIGNUP_CONFIRMED,
        SignupStatus::Waitlisted => kinds::SIGNUP_WAITLISTED,
        _ => kinds::SIGNUP_PENDING,
    };
    notify(conn, &[uid], kind, seats.subject(), "", now).await?;
    if status == SignupStatus::Pending {
        let staff = staff_over(conn, seats.org_id).await?;
        crate::inbox::repo::send(
            conn,
            &staff,
            kinds::SIGNUP_REQUESTED,
            &seats.title,
            "",
            &format!("/orgs/{}/manage/activities", seats.org_id),
            now,
        )
        .await?;
    }
    let waitlist_position = if status == SignupStatus::Waitlisted {
        Some(waitlist_position(conn, seats.id, signup_id).await?)
    } else {
        None
    };
    let overlaps = overlapping(conn, uid, seats.id, seats.starts_at, seats.ends_at).await?;
    Ok(SignupResult { status, waitlist_position, overlaps })
}

/// Staff and admins of the organisation and of every unit above it.
async fn staff_over(conn: &mut AnyConnection, org: i64) -> Result<Vec<i64>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT s.user_id FROM org_closure c JOIN org_staff s ON s.org_id = c.ancestor_id WHERE c.descendant_id = $1",
    )
    .bind(org)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| r.try_get("user_id").map_err(AppError::from)).collect()
}

/// Fills free places from the waitlist, first come first served, and tells each person
/// promoted. Returns who was promoted.
pub async fn promote(conn: &mut AnyConnection, activity: i64, now: i64) -> Result<Vec<i64>, AppError> {
    let seats = load_seats(conn, activity).await?;
    let free = seats.capacity - seats.confirmed;
    if free <= 0 || seats.status != ActivityStatus::Published || now >= seats.starts_at {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(&format!(
        "SELECT id, user_id FROM signups WHERE activity_id = $1 AND status = 'waitlisted' ORDER BY queued_at, id LIMIT {free}"
    ))
    .bind(activity)
    .fetch_all(&mut *conn)
    .await?;
    let mut promoted = Vec::new();
    for r in rows {
        let (id, user): (i64, i64) = (r.try_get("id")?, r.try_get("user_id")?);
        sqlx::query("UPDATE signups SET status = 'confirmed', updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        promoted.push(user);
    }
    let n = promoted.len() as i64;
    if n > 0 {
        shift_counts(conn, activity, n, -n, 0).await?;
        notify(conn, &promoted, kinds::SIGNUP_PROMOTED, seats.subject(), "", now).await?;
    }
    Ok(promoted)
}

/// Cancels `uid`'s sign-up before the organiser's deadline, then fills the place from the
/// waitlist. The caller commits.
pub async fn cancel(conn: &mut AnyConnection, uid: i64, activity: i64, now: i64) -> Result<(), AppError> {
    repo::lock_activity(conn, activity).await?;
    let seats = load_seats(conn, activity).await?;
    let row = sqlx::query("SELECT id, status FROM signups WHERE activity_id = $1 AND user_id = $2 AND status IN ('pending', 'confirmed', 'waitlisted')")
        .bind(activity)
        .bind(uid)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::Refused(Refusal::AlreadyDecided))?;
    let status = SignupStatus::stored(&row.try_get::<String, _>("status")?)?;
    // Leaving the waitlist or withdrawing a request frees no place and is allowed until the start.
    let deadline = if status == SignupStatus::Confirmed { seats.cancel_deadline_at } else { seats.starts_at };
    if now >= deadline {
        return Err(AppError::Refused(Refusal::CancelDeadlinePassed));
    }
    sqlx::query("UPDATE signups SET status = 'cancelled', updated_at = $2 WHERE id = $1")
        .bind(row.try_get::<i64, _>("id")?)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let (c, w, p) = deltas(status);
    shift_counts(conn, activity, -c, -w, -p).await?;
    if status == SignupStatus::Confirmed {
        promote(conn, activity, now).await?;
    }
    Ok(())
}

/// The organiser approves or declines a pending sign-up. Approved people get a place, or the
/// waitlist when the activity is full. Returns the activity id. The caller checks the staff
/// member's scope and commits.
pub async fn decide(
    conn: &mut AnyConnection,
    signup: i64,
    approve: bool,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<i64, AppError> {
    let row = sqlx::query("SELECT activity_id FROM signups WHERE id = $1")
        .bind(signup)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let activity: i64 = row.try_get("activity_id")?;
    repo::lock_activity(conn, activity).await?;
    let seats = load_seats(conn, activity).await?;
    let row =
        sqlx::query("SELECT user_id, status FROM signups WHERE id = $1").bind(signup).fetch_one(&mut *conn).await?;
    if row.try_get::<String, _>("status")? != "pending" {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    if matches!(seats.phase(now), Phase::Ended | Phase::Cancelled) {
        return Err(AppError::Refused(Refusal::ActivityClosed));
    }
    let user: i64 = row.try_get("user_id")?;
    let status = if approve { placed(&seats) } else { SignupStatus::Declined };
    sqlx::query(
        "UPDATE signups SET status = $2, reason = $3, decided_by = $4, queued_at = $5, updated_at = $5 WHERE id = $1",
    )
    .bind(signup)
    .bind(status.code())
    .bind(reason)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let (c, w, _) = deltas(status);
    shift_counts(conn, activity, c, w, -1).await?;
    let kind = match status {
        SignupStatus::Confirmed => kinds::SIGNUP_CONFIRMED,
        SignupStatus::Waitlisted => kinds::SIGNUP_WAITLISTED,
        _ => kinds::SIGNUP_DECLINED,
    };
    notify(conn, &[user], kind, seats.subject(), reason, now).await?;
    Ok(activity)
}

/// Everyone holding or waiting for a place (told about changes and cancellation).
pub async fn open_signups(conn: &mut AnyConnection, activity: i64) -> Result<Vec<i64>, AppError> {
    let rows = sqlx::query(
        "SELECT user_id FROM signups WHERE activity_id = $1 AND status IN ('pending', 'confirmed', 'waitlisted')",
    )
    .bind(activity)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| r.try_get("user_id").map_err(AppError::from)).collect()
}
