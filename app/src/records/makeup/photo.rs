//! Make-up photos on disk: under `files_dir/makeup/`, each named by a random id (never by the
//! name it was uploaded under), readable by the server's user only (directory 0700, file 0600,
//! as server/src/files.rs makes its private files), and served only to the person who filed
//! the request and to staff of the activity's organisation subtree.
use super::model::PhotoType;
use crate::error::AppError;
use crate::http::UID_KEY;
use crate::state::AppState;
use crate::uploads::FileStore;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sqlx::Row;
use tower_sessions::Session;

/// The make-up photos' folder under the data directory.
const STORE: FileStore = FileStore::new("makeup");

/// Writes `bytes` to a new private file and returns its name (what `photo_path` keeps).
pub async fn store(files_dir: &std::path::Path, bytes: Vec<u8>) -> Result<String, AppError> {
    STORE.store(files_dir, bytes).await
}

/// Removes a stored photo whose request was never written (a refusal after storing).
pub async fn discard(files_dir: &std::path::Path, name: &str) {
    STORE.discard(files_dir, name).await
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
    let bytes = STORE.read(&state.files_dir, &name).await?;
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
