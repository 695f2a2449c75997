//! Server functions for signing in and out. Each validates its input with the shared parsers
//! first: the browser ran the same parsers, but the server never trusts that it did.
use crate::accounts::model::{CodeSent, SessionUser};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    accounts::{
        codes,
        mobile::{Mobile, Password, SmsCode},
        session_store::{end_other_sessions, SIGNED_IN_AT_KEY},
        users,
    },
    audit,
    db::now_us,
    http,
    sms::SmsMessage,
    state::app_state,
};

/// The signed-in person, or `None`.
#[server(endpoint = "accounts/me")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    let state = app_state()?;
    match http::current_uid().await? {
        Some(uid) => users::session_user(&state.db, uid).await,
        None => Ok(None),
    }
}

/// Sends a login code to `mobile` (registering the number on first use happens at login).
#[server(endpoint = "accounts/send-code")]
pub async fn send_code(mobile: String) -> Result<CodeSent, AppError> {
    let mobile = Mobile::parse(&mobile).map_err(|e| AppError::field("mobile", e))?;
    send_code_to(&mobile).await
}

/// Sends a code to the signed-in person's own phone, to confirm a change of password.
#[server(endpoint = "accounts/send-own-code")]
pub async fn send_own_code() -> Result<CodeSent, AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    send_code_to(&users::mobile_of(&state.db, uid).await?).await
}

/// Issues a code under the limits and sends it.
#[cfg(feature = "ssr")]
async fn send_code_to(mobile: &Mobile) -> Result<CodeSent, AppError> {
    let state = app_state()?;
    let client = http::client_addr(&state.policy).await;
    let code = codes::issue(&state.db, &state.policy, mobile, &client, now_us()).await?;
    let minutes = state.policy.code_ttl_s / 60;
    let message = SmsMessage {
        to: mobile.as_str().to_owned(),
        text: format!("【科技志愿服务】验证码 {code}，{minutes} 分钟内有效。如非本人操作请忽略。"),
        code: Some(code),
    };
    state.sms.send(&message).await.map_err(|e| AppError::internal(format!("sms send failed: {e}")))?;
    Ok(CodeSent {
        mobile_masked: mobile.masked(),
        resend_after_s: state.policy.code_resend_s,
        expires_in_s: state.policy.code_ttl_s,
    })
}

#[cfg(feature = "ssr")]
async fn start_session(uid: i64) -> Result<(), AppError> {
    let session = http::session().await?;
    // A new id at login, so a session id planted before login is worthless afterwards.
    session.cycle_id().await.map_err(AppError::internal)?;
    session.insert(crate::http::UID_KEY, uid).await.map_err(AppError::internal)?;
    // The absolute lifetime counts from here (see `session_store`).
    session.insert(SIGNED_IN_AT_KEY, now_us()).await.map_err(AppError::internal)?;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn signed_in(db: &crate::db::Db, user: users::UserRow) -> Result<SessionUser, AppError> {
    if user.status == "closed" {
        return Err(AppError::AccountClosed);
    }
    start_session(user.id).await?;
    users::session_user(db, user.id).await?.ok_or(AppError::AccountClosed)
}

/// Logs in with a code; a number never seen before becomes a new volunteer account.
#[server(endpoint = "accounts/login-code")]
pub async fn login_with_code(mobile: String, code: String) -> Result<SessionUser, AppError> {
    let state = app_state()?;
    let mut errors = crate::validation::FieldErrors::new();
    let mobile = errors.check("mobile", Mobile::parse(&mobile));
    let code = errors.check("code", SmsCode::parse(&code));
    let (Some(mobile), Some(code)) = (mobile, code) else { return Err(errors.into()) };
    let now = now_us();
    codes::verify(&state.db, &state.policy, &mobile, code.as_str(), now).await?;
    let user = users::find_or_create(&state.db, &mobile, now).await?;
    signed_in(&state.db, user).await
}

/// Logs in with a password set earlier. Failures are counted per number and pause password
/// login for the hour once the limit is reached (a code still works).
#[server(endpoint = "accounts/login-password")]
pub async fn login_with_password(mobile: String, password: String) -> Result<SessionUser, AppError> {
    let state = app_state()?;
    let mobile = Mobile::parse(&mobile).map_err(|e| AppError::field("mobile", e))?;
    if password.is_empty() {
        return Err(AppError::field("password", crate::validation::Invalid::Required));
    }
    let now = now_us();
    let client = http::client_addr(&state.policy).await;
    let attempt = reserve_password_attempt(&state, &mobile, &client, now).await?;
    let user = users::find_by_mobile(&state.db, &mobile).await?;
    let verified = match user.as_ref().and_then(|u| u.password_hash.clone()) {
        Some(hash) => {
            let password = password.clone();
            tokio::task::spawn_blocking(move || crate::accounts::password::verify(&password, &hash))
                .await
                .map_err(AppError::internal)?
        }
        None => false,
    };
    match (verified, user) {
        (true, Some(user)) => {
            // The try was right: it is not a failure.
            sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(attempt).execute(&state.db.pool).await?;
            signed_in(&state.db, user).await
        }
        _ => Err(AppError::Code(crate::error::CodeProblem::BadPassword)),
    }
}

/// Counts a password try as a failure *before* the password is checked (a right one takes it
/// back), under the number's lock: of many tries sent at once, no more than the hourly limit
/// are ever checked. Returns the id of the recorded try.
#[cfg(feature = "ssr")]
async fn reserve_password_attempt(
    state: &crate::state::AppState,
    mobile: &Mobile,
    client: &str,
    now: i64,
) -> Result<i64, AppError> {
    use crate::error::RateReason;
    use sqlx::Row;
    let mut tx = state.db.begin().await?;
    codes::lock_keys(&mut tx, &mut [format!("mobile:{}", mobile.as_str())], now).await?;
    let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE mobile = $1 AND at > $2")
        .bind(mobile.as_str())
        .bind(now - codes::HOUR_US)
        .fetch_one(&mut *tx)
        .await?;
    let failures: i64 = row.try_get("n")?;
    if failures >= state.policy.password_failures_hourly {
        let oldest: i64 = row.try_get("oldest")?;
        let retry_after_s = codes::wait_s(oldest + codes::HOUR_US, now);
        return Err(AppError::RateLimited { reason: RateReason::LoginAttempts, retry_after_s });
    }
    let id: i64 =
        sqlx::query_scalar("INSERT INTO login_failures (mobile, client_addr, at) VALUES ($1, $2, $3) RETURNING id")
            .bind(mobile.as_str())
            .bind(client)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets or replaces the signed-in person's password (argon2id). It takes a fresh code sent to
/// the person's phone (`send-own-code`), so that someone at a browser left signed in cannot
/// lock the owner out; every other session of the person ends, this one stays.
#[server(endpoint = "accounts/set-password")]
pub async fn set_password(password: String, #[server(default)] code: String) -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut errors = crate::validation::FieldErrors::new();
    let password = errors.check("password", Password::parse(&password));
    let code = errors.check("code", SmsCode::parse(&code));
    let (Some(password), Some(code)) = (password, code) else { return Err(errors.into()) };
    let mobile = users::mobile_of(&state.db, uid).await?;
    let now = now_us();
    codes::verify(&state.db, &state.policy, &mobile, code.as_str(), now).await?;
    let hash = tokio::task::spawn_blocking(move || crate::accounts::password::hash(password.as_str()))
        .await
        .map_err(AppError::internal)??;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(uid)
        .execute(&state.db.pool)
        .await?;
    let current = http::session().await?.id();
    end_other_sessions(&state.db, uid, current).await?;
    Ok(())
}

#[server(endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    http::session().await?.flush().await.map_err(AppError::internal)?;
    Ok(())
}

/// Asks for the account to be closed. The account stays usable (and the request can be
/// withdrawn) until an administrator completes the closure; service records are kept.
#[server(endpoint = "volunteers/request-closure")]
pub async fn request_closure() -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let now = now_us();
    sqlx::query("UPDATE users SET status = 'closing', closure_requested_at = $1, updated_at = $1 WHERE id = $2 AND status = 'active'")
        .bind(now)
        .bind(uid)
        .execute(&state.db.pool)
        .await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "request_account_closure", Some(uid), "", &client).await
}

#[server(endpoint = "volunteers/cancel-closure")]
pub async fn cancel_closure() -> Result<(), AppError> {
    let state = app_state()?;
    let uid = http::require_uid().await?;
    sqlx::query("UPDATE users SET status = 'active', closure_requested_at = NULL, updated_at = $1 WHERE id = $2 AND status = 'closing'")
        .bind(now_us())
        .bind(uid)
        .execute(&state.db.pool)
        .await?;
    let client = http::client_addr(&state.policy).await;
    audit::record(&state.db, uid, "cancel_account_closure", Some(uid), "", &client).await
}
