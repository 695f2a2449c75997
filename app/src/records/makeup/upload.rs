//! The make-up form's upload, read with its size counted as it arrives.
use super::model::{Cause, PhotoType, MAX_PHOTO_BYTES, MAX_REASON_CHARS};
use super::repo::{self, NewRequest};
use crate::error::AppError;
use crate::validation::{FieldErrors, Invalid};
use leptos::server_fn::codec::MultipartData;

/// The text fields are short; the reason is counted in characters below.
const MAX_FIELD_BYTES: usize = 4 * MAX_REASON_CHARS;

pub async fn receive(data: MultipartData) -> Result<i64, AppError> {
    use crate::{http, state::app_state};
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let mut form = data.into_inner().ok_or_else(|| AppError::internal("multipart data missing"))?;
    let (mut activity_id, mut cause, mut reason, mut from, mut to, mut photo) =
        (None, None, String::new(), String::new(), String::new(), Vec::new());
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let max = if name == "file" { MAX_PHOTO_BYTES } else { MAX_FIELD_BYTES };
        // Counted chunk by chunk: a body sent without a length stops at the limit.
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > max {
                return Err(too_large(&name));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "activity_id" => activity_id = text().parse::<i64>().ok(),
            "cause" => cause = Cause::from_code(&text()),
            "reason" => reason = text(),
            "from" => from = text(),
            "to" => to = text(),
            "file" => photo = bytes,
            _ => {}
        }
    }
    let activity_id = activity_id.ok_or_else(|| AppError::field("activity_id", Invalid::Required))?;
    let mut errors = FieldErrors::new();
    if cause.is_none() {
        errors.push("cause", Invalid::NotInList);
    }
    if reason.is_empty() {
        errors.push("reason", Invalid::Required);
    } else if reason.chars().count() > MAX_REASON_CHARS {
        errors.push("reason", Invalid::TooLong { max: MAX_REASON_CHARS as u32 });
    }
    let from_at = errors.check("from", crate::activities::model::parse_local_datetime(&from));
    let to_at = errors.check("to", crate::activities::model::parse_local_datetime(&to));
    if let (Some(f), Some(t)) = (from_at, to_at) {
        if t <= f {
            errors.push("to", Invalid::EndsBeforeStart);
        }
    }
    // An empty file part is a form sent without choosing a photo.
    let photo_type = if photo.is_empty() {
        None
    } else {
        match PhotoType::sniff(&photo) {
            Some(t) => Some(t),
            None => {
                errors.push("file", Invalid::FileType);
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (Some(cause), Some(from_at), Some(to_at)) = (cause, from_at, to_at) else {
        return Err(AppError::internal("make-up fields checked but missing"));
    };
    let new = NewRequest {
        activity_id,
        user_id: uid,
        cause,
        reason: &reason,
        from_at,
        to_at,
        photo: photo_type.map(|t| (t, photo.as_slice())),
    };
    let client = http::client_addr(&state.policy).await;
    repo::file(&state, &new, &client).await
}

/// A body that ends early or is not multipart is the sender's fault, never a fault here.
fn unreadable(error: impl std::fmt::Display) -> AppError {
    AppError::Request(error.to_string())
}

fn too_large(field: &str) -> AppError {
    if field == "file" {
        AppError::field("file", Invalid::FileTooLarge { max_mb: (MAX_PHOTO_BYTES / (1024 * 1024)) as u32 })
    } else {
        AppError::field(field, Invalid::TooLong { max: MAX_FIELD_BYTES as u32 })
    }
}
