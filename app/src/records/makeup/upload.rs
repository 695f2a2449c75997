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
    let mut form = crate::uploads::read_form(data, "file", MAX_PHOTO_BYTES, MAX_FIELD_BYTES).await?;
    let activity_id = form.text("activity_id").parse::<i64>().ok();
    let cause = Cause::from_code(&form.text("cause"));
    let (reason, from, to) = (form.text("reason"), form.text("from"), form.text("to"));
    let photo = form.take("file");
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
