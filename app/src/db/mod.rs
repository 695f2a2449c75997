//! Storage: one pool, two engines.
//!
//! The engine is chosen at run time by the URL (`sqlite:` or `postgres:`), so one binary and one
//! set of queries serve both. sqlx's `Any` driver only maps plain types, so the schema keeps to
//! them on purpose: instants are `BIGINT` microseconds since the Unix epoch (UTC), flags are
//! integers 0/1, money-like sums are cast to `BIGINT` in SQL. Placeholders are written `$1`,
//! which both engines accept. Each engine has its own migration folder with the same tables.
pub mod query;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    /// SQLite's one writer, taken in turn by [`Db::begin_write`] callers (see there).
    writer: Arc<Mutex<()>>,
}

/// A write transaction from [`Db::begin_write`]: the transaction, and on SQLite the turn that
/// lets it write without waiting on the file lock. Use it like the transaction it holds.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Transaction<'static, Any>;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl Db {
    /// Connects to `url`, creating an SQLite file if needed (`?mode=rwc`).
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            return Err(sqlx::Error::Configuration(
                format!("DATABASE_URL must start with sqlite: or postgres: (got {url:?})").into(),
            ));
        };
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        options = match engine {
            // One SQLite file takes one writer at a time; WAL lets readers go on meanwhile and
            // the busy timeout makes a second writer wait instead of failing.
            Engine::Sqlite => options.max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    Ok(())
                })
            }),
            Engine::Postgres => options.max_connections(16),
        };
        let pool = options.connect(url).await?;
        Ok(Db::new(pool, engine))
    }

    pub fn new(pool: AnyPool, engine: Engine) -> Db {
        Db { pool, engine, writer: Arc::new(Mutex::new(())) }
    }

    /// A transaction that writes. On SQLite it starts with `BEGIN IMMEDIATE`, which takes the
    /// file's write lock at once (waiting in the busy timeout if another writer has it). A plain
    /// `BEGIN` defers that to the first write: if another connection committed after this one
    /// first read, the write then fails at once with SQLITE_BUSY_SNAPSHOT (517), which no busy
    /// timeout waits out. A publish beside the notice job's write did so in a browser test.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }

    /// A transaction for a hot write path (check-in). On SQLite, writers that meet at the file
    /// lock wait in its busy handler, which sleeps in steps of up to 100 ms whatever happens
    /// meanwhile; under a burst most of their time went there. Here they queue in process
    /// instead and each starts as soon as the one before commits. PostgreSQL locks rows, so
    /// its writers go ahead side by side.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let turn = match self.engine {
            Engine::Sqlite => Some(self.writer.clone().lock_owned().await),
            Engine::Postgres => None,
        };
        Ok(WriteTx { tx: self.begin().await?, _turn: turn })
    }

    /// Brings the schema up to date from the engine's migration folder.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.engine {
            Engine::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await,
            Engine::Postgres => sqlx::migrate!("migrations/postgres").run(&self.pool).await,
        }
    }
}

/// Now, as stored: microseconds since the Unix epoch, UTC.
pub fn now_us() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

/// Reads a 0/1 integer column as a flag (the `Any` driver has no portable boolean).
pub fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(column)? != 0)
}

/// True when the error is a unique-constraint violation (both engines), so callers can turn a
/// race lost at the database into a clear field error instead of a server error.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|c| c == "23505" || c == "2067" || c == "1555")
                || db.message().contains("UNIQUE constraint failed")
        }
        _ => false,
    }
}

/// Escapes LIKE wildcards in user text (used with `ESCAPE '\'`).
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}
