//! Weighting coefficients for hard conditions (CVST 2 §6.3 b: climate, distance, environment,
//! effect). A corps — an organisation at the top of its tree — sets them for its subtree (its
//! admins manage them; retired, never deleted). Staff of an activity's organisation choose which
//! of the corps' coefficients apply to it; at closing their product is written on each hours line,
//! and raw and weighted hours are both kept and shown.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{db::now_us, error::Refusal, http, scope, state::app_state, validation::Invalid};
#[cfg(feature = "ssr")]
use sqlx::Row;

/// The hard conditions a coefficient may be for.
pub const CONDITIONS: [&str; 4] = ["climate", "distance", "environment", "effect"];

/// Coefficients are accepted between ×1 and ×3.
pub const FACTOR_MIN_MILLI: i64 = 1000;
pub const FACTOR_MAX_MILLI: i64 = 3000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weight {
    pub id: i64,
    pub condition: String,
    pub label: String,
    pub factor_milli: i64,
    pub retired: bool,
}

/// A coefficient an activity may use, and whether it does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightChoice {
    pub weight: Weight,
    pub chosen: bool,
}

/// The corps' page of coefficients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightList {
    /// The corps above (or equal to) the organisation asked about.
    pub corps_id: i64,
    pub corps_name: String,
    /// May add and retire them (an admin over the corps).
    pub can_edit: bool,
    pub weights: Vec<Weight>,
}

/// "1.25" → 1250; at most three decimals, within the accepted range.
pub fn parse_factor(text: &str) -> Result<i64, crate::validation::Invalid> {
    use crate::validation::Invalid;
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::Required);
    }
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let range = Invalid::NumberRange { min: (FACTOR_MIN_MILLI / 1000) as u32, max: (FACTOR_MAX_MILLI / 1000) as u32 };
    if whole.is_empty()
        || frac.len() > 3
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 3
    {
        return Err(range);
    }
    let whole: i64 = whole.parse().map_err(|_| range)?;
    let frac: i64 = if frac.is_empty() { 0 } else { format!("{frac:0<3}").parse().map_err(|_| range)? };
    let milli = whole * 1000 + frac;
    if (FACTOR_MIN_MILLI..=FACTOR_MAX_MILLI).contains(&milli) {
        Ok(milli)
    } else {
        Err(range)
    }
}

#[cfg(feature = "ssr")]
pub async fn corps_of(conn: &mut sqlx::AnyConnection, org_id: i64) -> Result<(i64, String), AppError> {
    let row = sqlx::query(
        "SELECT o.id, o.name FROM org_closure c JOIN organisations o ON o.id = c.ancestor_id
         WHERE c.descendant_id = $1 AND o.parent_id IS NULL",
    )
    .bind(org_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.try_get("id")?, row.try_get("name")?))
}

#[cfg(feature = "ssr")]
fn weight_from(r: &sqlx::any::AnyRow) -> Result<Weight, sqlx::Error> {
    Ok(Weight {
        id: r.try_get("id")?,
        condition: r.try_get("condition")?,
        label: r.try_get("label")?,
        factor_milli: r.try_get("factor_milli")?,
        retired: r.try_get::<Option<i64>, _>("retired_at")?.is_some(),
    })
}

#[cfg(feature = "ssr")]
async fn weights_of(conn: &mut sqlx::AnyConnection, corps_id: i64) -> Result<Vec<Weight>, AppError> {
    let rows = sqlx::query(
        "SELECT id, condition, label, factor_milli, retired_at FROM hour_weights WHERE org_id = $1
         ORDER BY retired_at IS NOT NULL, id",
    )
    .bind(corps_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(weight_from).collect::<Result<_, _>>()?)
}

/// The corps' coefficients an activity may use (not retired; retired ones it already uses are
/// listed too, so they can be removed) and whether it does.
#[cfg(feature = "ssr")]
pub async fn choices(
    conn: &mut sqlx::AnyConnection,
    activity_id: i64,
    org_id: i64,
) -> Result<Vec<WeightChoice>, AppError> {
    let (corps_id, _) = corps_of(conn, org_id).await?;
    let chosen: Vec<i64> = sqlx::query_scalar("SELECT weight_id FROM activity_weights WHERE activity_id = $1")
        .bind(activity_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(weights_of(conn, corps_id)
        .await?
        .into_iter()
        .map(|weight| WeightChoice { chosen: chosen.contains(&weight.id), weight })
        .filter(|c| c.chosen || !c.weight.retired)
        .collect())
}

/// The coefficients of the corps above `org_id` (staff of the organisation read them; admins of
/// the corps edit them).
#[server(endpoint = "records/weights")]
pub async fn corps_weights(org_id: i64) -> Result<WeightList, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let mut conn = state.db.pool.acquire().await?;
    let (corps_id, corps_name) = corps_of(&mut conn, org_id).await?;
    let can_edit = scope::role_over(&state.db, uid, corps_id).await? == Some("admin");
    let weights = weights_of(&mut conn, corps_id).await?;
    Ok(WeightList { corps_id, corps_name, can_edit, weights })
}

/// Adds a coefficient to a corps (its admins). Returns its id.
#[server(endpoint = "records/add-weight")]
pub async fn add_weight(org_id: i64, condition: String, label: String, factor: String) -> Result<i64, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let (corps_id, _) = corps_of(&mut conn, org_id).await.map_err(|_| AppError::Forbidden)?;
    // Only the corps itself sets coefficients, by its admins.
    if corps_id != org_id {
        scope::require_manage(&state.db, uid, org_id).await?;
        return Err(AppError::Forbidden);
    }
    scope::require_admin(&state.db, uid, corps_id).await?;
    let mut errors = crate::validation::FieldErrors::new();
    let condition = condition.trim().to_owned();
    if !CONDITIONS.contains(&condition.as_str()) {
        errors.push("condition", Invalid::NotInList);
    }
    let label = errors.check("label", crate::validation::text(&label, true, 50)).flatten();
    let factor = errors.check("factor", parse_factor(&factor));
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let now = now_us();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO hour_weights (org_id, condition, label, factor_milli, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(corps_id)
    .bind(&condition)
    .bind(label.unwrap_or_default())
    .bind(factor.unwrap_or(1000))
    .bind(uid)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let client = http::client_addr(&state.policy).await;
    crate::audit::record_on(
        &mut conn,
        Some(uid),
        "add_hour_weight",
        None,
        &format!("weight {id} of {corps_id}"),
        &client,
    )
    .await?;
    Ok(id)
}

/// Retires a coefficient (kept: records name the factor they used). Its corps' admins.
#[server(endpoint = "records/retire-weight")]
pub async fn retire_weight(weight_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query("SELECT org_id, retired_at FROM hour_weights WHERE id = $1")
        .bind(weight_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let corps_id: i64 = row.try_get("org_id")?;
    scope::require_admin(&state.db, uid, corps_id).await?;
    if row.try_get::<Option<i64>, _>("retired_at")?.is_some() {
        return Err(AppError::Refused(Refusal::AlreadyDecided));
    }
    sqlx::query("UPDATE hour_weights SET retired_at = $1 WHERE id = $2")
        .bind(now_us())
        .bind(weight_id)
        .execute(&mut *conn)
        .await?;
    let client = http::client_addr(&state.policy).await;
    crate::audit::record_on(&mut conn, Some(uid), "retire_hour_weight", None, &format!("weight {weight_id}"), &client)
        .await?;
    Ok(())
}

/// Applies (`on`) or removes a coefficient for an activity: staff of the activity's organisation,
/// only coefficients of the corps above it, only before the activity is closed.
#[server(endpoint = "records/set-weight")]
pub async fn set_activity_weight(activity_id: i64, weight_id: i64, on: bool) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut tx = state.db.begin().await?;
    let org_id = crate::records::closing::managed_activity(&mut tx, &state.db, uid, activity_id).await?;
    let (corps_id, _) = corps_of(&mut tx, org_id).await?;
    let weight = sqlx::query("SELECT org_id, retired_at FROM hour_weights WHERE id = $1")
        .bind(weight_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(weight) = weight.filter(|w| w.try_get::<i64, _>("org_id").ok() == Some(corps_id)) else {
        return Err(AppError::field("weight_id", Invalid::NotInList));
    };
    let closed: Option<i64> = sqlx::query_scalar("SELECT closed_at FROM activities WHERE id = $1")
        .bind(activity_id)
        .fetch_one(&mut *tx)
        .await?;
    if closed.is_some() {
        return Err(AppError::Refused(Refusal::RecordExists));
    }
    if on {
        if weight.try_get::<Option<i64>, _>("retired_at")?.is_some() {
            return Err(AppError::field("weight_id", Invalid::NotInList));
        }
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT weight_id FROM activity_weights WHERE activity_id = $1 AND weight_id = $2")
                .bind(activity_id)
                .bind(weight_id)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_none() {
            sqlx::query("INSERT INTO activity_weights (activity_id, weight_id) VALUES ($1, $2)")
                .bind(activity_id)
                .bind(weight_id)
                .execute(&mut *tx)
                .await?;
        }
    } else {
        sqlx::query("DELETE FROM activity_weights WHERE activity_id = $1 AND weight_id = $2")
            .bind(activity_id)
            .bind(weight_id)
            .execute(&mut *tx)
            .await?;
    }
    let client = http::client_addr(&state.policy).await;
    let detail = format!("activity {activity_id} weight {weight_id} {}", if on { "on" } else { "off" });
    crate::audit::record_on(&mut tx, Some(uid), "set_activity_weight", None, &detail, &client).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_factor;

    #[test]
    fn factors() {
        assert_eq!(parse_factor("1.25"), Ok(1250));
        assert_eq!(parse_factor("2"), Ok(2000));
        assert_eq!(parse_factor(" 1.5 "), Ok(1500));
        assert!(parse_factor("0.5").is_err());
        assert!(parse_factor("3.001").is_err());
        assert!(parse_factor("1.2345").is_err());
        assert!(parse_factor("-1").is_err());
        assert!(parse_factor("").is_err());
        assert!(parse_factor("abc").is_err());
    }
}
