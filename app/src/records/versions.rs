//! Every version of a service record or an hours line (record_versions): the row as it was after
//! each change, with who changed it, when and why — the first version too. Append-only.
use serde::{Deserialize, Serialize};

/// One version, as the history lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub version: i64,
    pub changed_at: i64,
    /// The name of who made the change ('' when unknown).
    pub changed_by: String,
    pub reason: String,
    /// For an hours line: its status and minutes after the change.
    pub status: String,
    pub raw_minutes: i64,
    pub weighted_minutes: i64,
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::Version;
    use crate::error::AppError;
    use sqlx::{AnyConnection, Row};

    pub const RECORD: &str = "record";
    pub const HOURS: &str = "hours";

    const HOURS_COLUMNS: [&str; 18] = [
        "id",
        "record_id",
        "activity_id",
        "org_id",
        "user_id",
        "attendance_id",
        "from_at",
        "to_at",
        "raw_minutes",
        "weight_milli",
        "weighted_minutes",
        "status",
        "no_checkout",
        "from_makeup",
        "note",
        "decided_by",
        "decided_at",
        "version",
    ];

    const RECORD_COLUMNS: [&str; 15] = [
        "id",
        "activity_id",
        "org_id",
        "activity_title",
        "starts_at",
        "ends_at",
        "place",
        "service_objects",
        "content",
        "quality_score",
        "quality_note",
        "leader_name",
        "recorder_id",
        "summary",
        "version",
    ];

    /// The columns above that hold text; the others are integers (or null).
    const TEXT_COLUMNS: [&str; 9] = [
        "status",
        "note",
        "activity_title",
        "place",
        "service_objects",
        "content",
        "quality_note",
        "leader_name",
        "summary",
    ];

    /// The row's named columns as a JSON object: integers and text (nulls as null).
    async fn row_json(
        conn: &mut AnyConnection,
        table: &str,
        columns: &[&str],
        id: i64,
    ) -> Result<(i64, serde_json::Value), AppError> {
        let sql = format!("SELECT {} FROM {table} WHERE id = $1", columns.join(", "));
        let row = sqlx::query(&sql).bind(id).fetch_one(&mut *conn).await?;
        let mut map = serde_json::Map::new();
        for c in columns {
            let value = if TEXT_COLUMNS.contains(c) {
                serde_json::Value::from(row.try_get::<String, _>(*c)?)
            } else {
                row.try_get::<Option<i64>, _>(*c)?.map(serde_json::Value::from).unwrap_or_default()
            };
            map.insert((*c).to_owned(), value);
        }
        let version = row.try_get::<i64, _>("version")?;
        Ok((version, serde_json::Value::Object(map)))
    }

    // One append of the history row: each argument is one of its columns.
    #[allow(clippy::too_many_arguments)]
    async fn write(
        conn: &mut AnyConnection,
        subject: &str,
        subject_id: i64,
        version: i64,
        data: &serde_json::Value,
        actor: i64,
        reason: &str,
        now: i64,
    ) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO record_versions (subject, subject_id, version, data, changed_by, changed_at, reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(subject)
        .bind(subject_id)
        .bind(version)
        .bind(data.to_string())
        .bind(actor)
        .bind(now)
        .bind(reason)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// Writes the hours line's current state as its version (call after each change).
    pub async fn snapshot_hours(
        conn: &mut AnyConnection,
        id: i64,
        actor: i64,
        reason: &str,
        now: i64,
    ) -> Result<(), AppError> {
        let (version, data) = row_json(conn, "service_hours", &HOURS_COLUMNS, id).await?;
        write(conn, HOURS, id, version, &data, actor, reason, now).await
    }

    /// Writes the service record's current state as its version (call after each change).
    pub async fn snapshot_record(
        conn: &mut AnyConnection,
        id: i64,
        actor: i64,
        reason: &str,
        now: i64,
    ) -> Result<(), AppError> {
        let (version, data) = row_json(conn, "service_records", &RECORD_COLUMNS, id).await?;
        write(conn, RECORD, id, version, &data, actor, reason, now).await
    }

    /// The versions of one subject, oldest first.
    pub async fn history(conn: &mut AnyConnection, subject: &str, id: i64) -> Result<Vec<Version>, AppError> {
        let rows = sqlx::query(
            "SELECT v.version, v.changed_at, v.reason, v.data, COALESCE(p.real_name, '') AS name
             FROM record_versions v LEFT JOIN profiles p ON p.user_id = v.changed_by
             WHERE v.subject = $1 AND v.subject_id = $2 ORDER BY v.version",
        )
        .bind(subject)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| {
                let data: serde_json::Value =
                    serde_json::from_str(&r.try_get::<String, _>("data")?).unwrap_or_default();
                let int = |k: &str| data.get(k).and_then(serde_json::Value::as_i64).unwrap_or_default();
                Ok(Version {
                    version: r.try_get("version")?,
                    changed_at: r.try_get("changed_at")?,
                    changed_by: r.try_get("name")?,
                    reason: r.try_get("reason")?,
                    status: data.get("status").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned(),
                    raw_minutes: int("raw_minutes"),
                    weighted_minutes: int("weighted_minutes"),
                })
            })
            .collect()
    }
}
