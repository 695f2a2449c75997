//! The audit log: every read of unmasked personal data by someone other than its owner, and
//! other sensitive acts, with who, whom, what and from where (F-05). Platform admins read it in
//! the console with [`search`]; each person reads the entries about them in their data download.
use crate::db::query::Where;
use crate::db::{now_us, Db};
use crate::error::AppError;
use sqlx::Row;

pub async fn record(
    db: &Db,
    actor: i64,
    action: &str,
    subject: Option<i64>,
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    record_by(db, Some(actor), action, subject, detail, client).await
}

/// [`record`] for acts with no signed-in actor: `None` is the server's operator at the command
/// line (`server admin grant`), who has no account to name.
pub async fn record_by(
    db: &Db,
    actor: Option<i64>,
    action: &str,
    subject: Option<i64>,
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    record_on(&mut *db.pool.acquire().await?, actor, action, subject, detail, client).await
}

/// As [`record_by`], on the caller's connection: the line is kept exactly when the caller's
/// transaction commits (e.g. a limit counted from the log itself).
pub async fn record_on(
    conn: &mut sqlx::AnyConnection,
    actor: Option<i64>,
    action: &str,
    subject: Option<i64>,
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO audit_log (actor_user_id, action, subject_user_id, detail, client_addr, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .bind(client)
    .bind(now_us())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Subjects per statement of [`record_each`]: far below both engines' limit on bound values.
const BATCH: usize = 500;

/// One entry per subject for an act on many people at once (a bulk unmasked export), so that
/// each person's data download lists it. All or nothing: one transaction, in batches.
pub async fn record_each(
    db: &Db,
    actor: i64,
    action: &str,
    subjects: &[i64],
    detail: &str,
    client: &str,
) -> Result<(), AppError> {
    let at = now_us();
    let mut tx = db.begin().await?;
    for batch in subjects.chunks(BATCH) {
        let mut w = Where::after(5);
        w.and_in("id", batch.iter().copied());
        let sql = format!(
            "INSERT INTO audit_log (actor_user_id, action, subject_user_id, detail, client_addr, at)
             SELECT $1, $2, id, $3, $4, $5 FROM users{}",
            w.clause()
        );
        let query = sqlx::query(&sql).bind(actor).bind(action).bind(detail).bind(client).bind(at);
        w.bind_all(query).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What the console's audit log is filtered by; empty text and `None` filter nothing.
#[derive(Debug, Default)]
pub struct Search<'a> {
    /// The actor's volunteer number.
    pub actor: &'a str,
    /// The subject's volunteer number.
    pub subject: &'a str,
    pub action: &'a str,
    /// Instants (µs): from inclusive, until exclusive.
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// Entries older than this id (the cursor of the page before).
    pub before: Option<i64>,
    pub limit: usize,
}

/// One entry, with both people named by their public volunteer numbers.
#[derive(Debug)]
pub struct Entry {
    pub id: i64,
    pub at: i64,
    pub action: String,
    pub detail: String,
    pub client_addr: String,
    pub actor_no: Option<String>,
    pub subject_no: Option<String>,
}

/// Entries newest first, and the cursor of the next page when there is one.
pub async fn search(db: &Db, s: &Search<'_>) -> Result<(Vec<Entry>, Option<i64>), AppError> {
    let mut w = Where::new();
    w.and_eq_text("ua.volunteer_no", s.actor)
        .and_eq_text("us.volunteer_no", s.subject)
        .and_eq_text("a.action", s.action)
        .and_some("a.at >= ?", s.from)
        .and_some("a.at < ?", s.until)
        .and_some("a.id < ?", s.before);
    let sql = format!(
        "SELECT a.id, a.at, a.action, a.detail, a.client_addr, ua.volunteer_no AS actor_no, us.volunteer_no AS subject_no
         FROM audit_log a LEFT JOIN users ua ON ua.id = a.actor_user_id LEFT JOIN users us ON us.id = a.subject_user_id
         {} ORDER BY a.id DESC LIMIT {}",
        w.clause(),
        s.limit + 1
    );
    let rows = w.bind_all(sqlx::query(&sql)).fetch_all(&db.pool).await?;
    let mut entries = Vec::with_capacity(rows.len().min(s.limit));
    for r in rows.iter().take(s.limit) {
        entries.push(Entry {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            action: r.try_get("action")?,
            detail: r.try_get("detail")?,
            client_addr: r.try_get("client_addr")?,
            actor_no: r.try_get("actor_no")?,
            subject_no: r.try_get("subject_no")?,
        });
    }
    let next = (rows.len() > s.limit).then(|| entries.last().map(|e| e.id)).flatten();
    Ok((entries, next))
}
