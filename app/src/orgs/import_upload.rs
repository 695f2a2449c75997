//! The import page's upload, read with its size counted as it arrives.
use super::{run, ImportKind, ImportReport};
use crate::error::AppError;
use crate::validation::Invalid;
use leptos::server_fn::codec::MultipartData;

/// The form fields besides the file are a number, a word and a flag.
const MAX_FIELD_BYTES: usize = 64;

pub async fn receive(data: MultipartData) -> Result<ImportReport, AppError> {
    use crate::{http, scope, state::app_state};
    let state = app_state()?;
    let uid = http::require_uid().await?;
    let limits = run::limits(&state.policy);
    let mut form = data.into_inner().ok_or_else(|| AppError::internal("multipart data missing"))?;
    let (mut org_id, mut kind, mut commit, mut file) = (None, None, false, None);
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let max = if name == "file" { limits.max_bytes } else { MAX_FIELD_BYTES };
        // Counted chunk by chunk: a body sent without a length is stopped at the limit, not
        // buffered whole first.
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > max {
                return Err(too_large(&name, max));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "org_id" => org_id = std::str::from_utf8(&bytes).ok().and_then(|s| s.trim().parse::<i64>().ok()),
            "kind" => kind = std::str::from_utf8(&bytes).ok().and_then(ImportKind::from_code),
            "commit" => commit = bytes == b"1",
            "file" => file = Some((file_name.unwrap_or_default(), bytes)),
            _ => {}
        }
    }
    let org_id = org_id.ok_or_else(|| AppError::field("org_id", Invalid::Required))?;
    let kind = kind.ok_or_else(|| AppError::field("kind", Invalid::NotInList))?;
    let (file_name, bytes) =
        file.filter(|(_, b)| !b.is_empty()).ok_or_else(|| AppError::field("file", Invalid::Required))?;
    scope::require_manage(&state.db, uid, org_id).await?;
    let client = http::client_addr(&state.policy).await;
    super::limit::admit(&state.db, &state.policy, uid, (kind, org_id, &file_name), commit, &client).await?;
    let report = run::import(&state.db, &state.policy, kind, org_id, Some(uid), &file_name, &bytes, commit).await?;
    // The outcome, under the run's line: what the report said (or, committed, what was written).
    let detail = format!(
        "{} into org {org_id}: {} rows, {} problems, {} created, {} invited{}",
        kind.code(),
        report.rows,
        report.problems.len(),
        report.created,
        report.invited,
        if report.committed { ", committed" } else { "" }
    );
    crate::audit::record(&state.db, uid, "collective_registration_report", None, &detail, &client).await?;
    Ok(report)
}

/// A body that ends early or is not multipart is the sender's fault, never a fault here.
fn unreadable(error: impl std::fmt::Display) -> AppError {
    AppError::Request(error.to_string())
}

fn too_large(field: &str, max: usize) -> AppError {
    if field == "file" {
        let max_mb = u32::try_from(max / (1024 * 1024)).unwrap_or(u32::MAX);
        AppError::field("file", Invalid::FileTooLarge { max_mb })
    } else {
        AppError::field(field, Invalid::TooLong { max: MAX_FIELD_BYTES as u32 })
    }
}
