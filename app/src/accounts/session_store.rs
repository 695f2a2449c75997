//! Server-side sessions (tower-sessions) kept in our own `sessions` table, so they survive a
//! restart and work on both engines. The browser holds only the random session id cookie.
//!
//! Two lifetimes bound a signed-in session (OWASP ASVS 4.0 3.3.2): the idle one is the record's
//! expiry, which tower-sessions moves forward on every request (`Expiry::OnInactivity` with
//! `always_save`); the absolute one counts from the login instant kept in the session
//! ([`SIGNED_IN_AT_KEY`]) and is checked here, on every load, whatever the activity.
use crate::db::{is_unique_violation, now_us, Db};
use crate::http::UID_KEY;
use async_trait::async_trait;
use sqlx::Row;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

/// The session key holding the login instant (microseconds since the epoch).
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";

const US: i64 = 1_000_000;

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
    absolute_us: i64,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        DbSessionStore { db, absolute_us: crate::state::Policy::default().session_absolute_s * US }
    }

    /// Sessions end this many seconds after login, however busy.
    pub fn with_absolute_lifetime(self, seconds: i64) -> Self {
        DbSessionStore { absolute_us: seconds * US, ..self }
    }

    /// Removes expired sessions; run periodically by the server's job loop.
    pub async fn delete_expired(&self) -> std::result::Result<u64, sqlx::Error> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&self.db.pool).await?;
        Ok(done.rows_affected())
    }

    /// The row's columns: the data, when it expires (the idle expiry, but never past the
    /// absolute end, so that housekeeping removes it then) and whose it is.
    fn columns(&self, record: &Record) -> Result<(String, i64, Option<i64>)> {
        let data = serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?;
        let number = |key: &str| record.data.get(key).and_then(serde_json::Value::as_i64);
        let mut expires = record.expiry_date.unix_timestamp();
        if let Some(signed_in) = number(SIGNED_IN_AT_KEY) {
            expires = expires.min((signed_in + self.absolute_us).div_euclid(US) + 1);
        }
        Ok((data, expires, number(UID_KEY)))
    }
}

/// Ends every session of `user_id` but `keep` (the one making the change), e.g. after a new
/// password: whoever signed in with the old one is out.
pub async fn end_other_sessions(db: &Db, user_id: i64, keep: Option<Id>) -> std::result::Result<u64, sqlx::Error> {
    let keep = keep.map(|id| id.to_string()).unwrap_or_default();
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

fn backend(error: sqlx::Error) -> Error {
    Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let (data, expires, user_id) = self.columns(record)?;
        // A 128-bit random id repeats practically never; if it does, draw again.
        loop {
            let inserted = sqlx::query("INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4)")
                .bind(record.id.to_string())
                .bind(&data)
                .bind(expires)
                .bind(user_id)
                .execute(&self.db.pool)
                .await;
            match inserted {
                Err(e) if is_unique_violation(&e) => record.id = Id::default(),
                other => return other.map(|_| ()).map_err(backend),
            }
        }
    }

    /// Updates only: a session ended meanwhile (logout elsewhere, a new password) is not
    /// brought back by a request of it that was still under way. Every request saves (to move
    /// the idle expiry); one that changes nothing and comes within a minute of the last write
    /// leaves the row alone (the UPDATE's condition says the same, for a save racing another),
    /// so a page and its assets do not write it many times over.
    async fn save(&self, record: &Record) -> Result<()> {
        let (data, expires, user_id) = self.columns(record)?;
        // Read first: on SQLite even an UPDATE that matches nothing takes the file's write lock,
        // so a signed-in request would queue behind every writer just to learn nothing changed.
        let stored = sqlx::query("SELECT data, expires_at FROM sessions WHERE id = $1")
            .bind(record.id.to_string())
            .fetch_optional(&self.db.pool)
            .await
            .map_err(backend)?;
        let Some(stored) = stored else { return Ok(()) };
        let unchanged = stored.try_get::<String, _>("data").map_err(backend)? == data
            && stored.try_get::<i64, _>("expires_at").map_err(backend)? >= expires - 60;
        if unchanged {
            return Ok(());
        }
        sqlx::query(
            "UPDATE sessions SET data = $2, expires_at = $3, user_id = $4
             WHERE id = $1 AND (data <> $2 OR expires_at < $3 - 60)",
        )
        .bind(record.id.to_string())
        .bind(data)
        .bind(expires)
        .bind(user_id)
        .execute(&self.db.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let row = sqlx::query("SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id.to_string())
            .bind(now)
            .fetch_optional(&self.db.pool)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let data: String = row.try_get("data").map_err(backend)?;
        let expires: i64 = row.try_get("expires_at").map_err(backend)?;
        let data: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_str(&data).map_err(|e| Error::Decode(e.to_string()))?;
        // A signed-in session without a login instant predates the absolute lifetime: it ends.
        if data.contains_key(UID_KEY) {
            let signed_in = data.get(SIGNED_IN_AT_KEY).and_then(serde_json::Value::as_i64).unwrap_or(0);
            if now_us() >= signed_in + self.absolute_us {
                return Ok(None);
            }
        }
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: time::OffsetDateTime::from_unix_timestamp(expires)
                .map_err(|e| Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.db.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
