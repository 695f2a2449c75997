//! Make-up photos on disk: under `files_dir/makeup/`, each named by a random id (never by the
//! name it was uploaded under), readable by the server's user only (directory 0700, file 0600,
//! as server/src/files.rs makes its private files), and served only to the person who filed
//! the request and to staff of the activity's organisation subtree.
use super::model::PhotoType;
use crate::error::AppError;
use crate::http::UID_KEY;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sqlx::Row;
use std::path::PathBuf;
use tower_sessions::Session;

/// The folder under the data directory that holds the photos.
const FOLDER: &str = "makeup";

/// A stored name is 32 hex digits: anything else did not come from [`store`].
fn valid_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

fn path_of(files_dir: &std::path::Path, name: &str) -> Result<PathBuf, AppError> {
    if !valid_name(name) {
        return Err(AppError::internal(format!("unexpected photo name {name:?}")));
    }
    Ok(files_dir.join(FOLDER).join(name))
}

/// Writes `bytes` to a new private file and returns its name (what `photo_path` keeps).
pub async fn store(files_dir: &std::path::Path, bytes: Vec<u8>) -> Result<String, AppError> {
    let name = hex::encode(rand::random::<[u8; 16]>());
    let path = path_of(files_dir, &name)?;
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        use std::io::Write;
        if let Some(dir) = path.parent() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.write(true).create_new(true).open(&path)?;
        file.write_all(&bytes)?;
        file.sync_all()
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    Ok(name)
}

/// Removes a stored photo whose request was never written (a refusal after storing).
pub async fn discard(files_dir: &std::path::Path, name: &str) {
    if let Ok(path) = path_of(files_dir, name) {
        if let Err(e) = tokio::fs::remove_file(&path).await {
            tracing::warn!(error = %e, "could not remove an unused make-up photo");
        }
    }
}

/// `GET /makeups/{id}/photo`: the photo of a make-up request, to the person who filed it and
/// to staff over the activity's organisation (each staff view is audited). Sent with its
/// stored type and `nosniff`, never cached by shared caches.
pub async fn serve(State(state): State<AppState>, session: Session, Path(id): Path<i64>) -> Response {
    let Ok(Some(uid)) = session.get::<i64>(UID_KEY).await else {
        return AppError::Unauthenticated.into_response();
    };
    match photo(&state, uid, id).await {
        Ok((media, bytes)) => (
            [
                (header::CONTENT_TYPE, media),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                (header::CACHE_CONTROL, "private, no-store"),
                (header::CONTENT_DISPOSITION, "inline"),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn photo(state: &AppState, uid: i64, id: i64) -> Result<(&'static str, Vec<u8>), AppError> {
    let row = sqlx::query(
        "SELECT m.user_id, m.photo_path, m.photo_type, a.org_id FROM makeup_requests m
         JOIN activities a ON a.id = m.activity_id WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let owner: i64 = row.try_get("user_id")?;
    let org_id: i64 = row.try_get("org_id")?;
    if owner != uid {
        crate::scope::require_manage(&state.db, uid, org_id).await?;
    }
    let name: String = row.try_get("photo_path")?;
    if name.is_empty() {
        return Err(AppError::NotFound);
    }
    let media = PhotoType::from_media_type(&row.try_get::<String, _>("photo_type")?)
        .ok_or_else(|| AppError::internal("make-up photo of an unknown type"))?
        .media_type();
    let bytes = tokio::fs::read(path_of(&state.files_dir, &name)?).await.map_err(AppError::internal)?;
    if owner != uid {
        let client = crate::http::client_addr(&state.policy).await;
        crate::audit::record(
            &state.db,
            uid,
            "makeup_photo_viewed",
            Some(owner),
            &format!("make-up request {id}"),
            &client,
        )
        .await?;
    }
    Ok((media, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stored_names_make_paths() {
        let dir = std::path::Path::new("/data");
        assert!(path_of(dir, "0123456789abcdef0123456789abcdef").is_ok());
        assert!(path_of(dir, "../secret.key").is_err());
        assert!(path_of(dir, "").is_err());
    }
}
