//! Venue photos (F-40): staff over the venue's managing organisation add up to [`MAX_PHOTOS`]
//! JPEG, PNG or WebP photos of at most 5 MiB each, with an optional caption that is the photo's
//! alt text, and retire them (never deleted: `removed_at`). The public venue page shows them,
//! the first as its `og:image`; each is served at `GET /venues/{id}/photos/{photo_id}` with its
//! stored type and a year-long public cache (ids are never reused, so a URL never changes
//! meaning), and answers 404 once retired or while its venue is not public.
//!
//! The forms are plain HTML forms posting to these server functions (multipart for the
//! upload), so they work without JavaScript: the answer is a redirect back to the page, a
//! refusal comes back as `?__err=` and shows under its field.
use crate::error::AppError;
use crate::venues::views::VenuePhoto;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Photos a venue shows at most (retired ones do not count).
pub const MAX_PHOTOS: usize = 8;
/// Largest photo accepted: 5 MiB.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// Longest caption, in characters: one sentence of alt text.
pub const MAX_CAPTION_CHARS: usize = 80;

/// The staff's photo page of one venue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoManager {
    pub venue_id: i64,
    pub venue_name: String,
    pub retired: bool,
    /// The photos shown, in the order added.
    pub photos: Vec<VenuePhoto>,
}

/// The photos of a venue for its staff (403 for anyone else, 404 for no such venue).
#[server(endpoint = "venues/photos")]
pub async fn venue_photo_manager(venue_id: i64) -> Result<PhotoManager, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let org_id = crate::venues::repo::org_of(&mut conn, venue_id).await?;
    crate::scope::require_manage(&state.db, uid, org_id).await?;
    let (detail, _) = crate::venues::repo::detail(&mut conn, venue_id, crate::db::now_us()).await?;
    Ok(PhotoManager {
        venue_id,
        venue_name: detail.summary.name,
        retired: detail.summary.retired,
        photos: detail.photos,
    })
}

/// Adds a photo: multipart fields `venue_id`, `file` (JPEG, PNG or WebP, recognised by its
/// first bytes, at most 5 MiB: 413 beyond) and `caption` (optional, at most 80 characters).
/// Staff over the venue's organisation only (403); the ninth photo is refused (409,
/// [`crate::error::Refusal::TooManyPhotos`]). Returns the new photo's id.
#[server(endpoint = "venues/photo-add", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn add_venue_photo(data: leptos::server_fn::codec::MultipartData) -> Result<i64, AppError> {
    ssr::receive(data).await
}

/// Retires a photo: it leaves the venue's page and its URL answers 404; the record stays, with
/// who retired it and when. Staff over the venue's organisation only.
#[server(endpoint = "venues/photo-retire")]
pub async fn retire_venue_photo(photo_id: i64) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    ssr::retire(&state, uid, photo_id).await
}

#[cfg(feature = "ssr")]
pub use ssr::serve;

#[cfg(feature = "ssr")]
mod ssr {
    use super::{MAX_CAPTION_CHARS, MAX_PHOTOS, MAX_PHOTO_BYTES};
    use crate::error::{AppError, Refusal};
    use crate::http::UID_KEY;
    use crate::state::AppState;
    use crate::uploads::{FileStore, ImageType};
    use crate::validation::{FieldErrors, Invalid};
    use crate::venues::views::VenuePhoto;
    use axum::extract::{Path, State};
    use axum::http::header;
    use axum::response::{IntoResponse, Response};
    use leptos::server_fn::codec::MultipartData;
    use sqlx::{AnyConnection, Row};
    use tower_sessions::Session;

    /// The folder under the data directory that holds the photos.
    const STORE: FileStore = FileStore::new("venue-photos");
    /// The form's text fields are short; the caption is counted in characters below.
    const MAX_FIELD_BYTES: usize = 4 * MAX_CAPTION_CHARS;

    /// A venue's shown photos, in the order added.
    pub async fn shown(conn: &mut AnyConnection, venue_id: i64) -> Result<Vec<VenuePhoto>, AppError> {
        let rows = sqlx::query(
            "SELECT id, caption, width, height FROM venue_photos WHERE venue_id = $1 AND removed_at IS NULL
             ORDER BY id LIMIT 100",
        )
        .bind(venue_id)
        .fetch_all(&mut *conn)
        .await?;
        let size = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok());
        rows.iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                Ok(VenuePhoto {
                    id,
                    url: format!("/venues/{venue_id}/photos/{id}"),
                    caption: r.try_get("caption")?,
                    width: size(r.try_get("width")?),
                    height: size(r.try_get("height")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(AppError::from)
    }

    pub async fn receive(data: MultipartData) -> Result<i64, AppError> {
        use crate::{http, scope, state::app_state};
        let state = app_state()?;
        let uid = http::require_uid().await?;
        let mut form = crate::uploads::read_form(data, "file", MAX_PHOTO_BYTES, MAX_FIELD_BYTES).await?;
        let venue_id =
            form.text("venue_id").parse::<i64>().map_err(|_| AppError::field("venue_id", Invalid::Required))?;
        let caption = form.text("caption").split_whitespace().collect::<Vec<_>>().join(" ");
        let bytes = form.take("file");
        let mut conn = state.db.pool.acquire().await?;
        let org_id = crate::venues::repo::org_of(&mut conn, venue_id).await?;
        scope::require_manage(&state.db, uid, org_id).await?;

        let mut errors = FieldErrors::new();
        if caption.chars().count() > MAX_CAPTION_CHARS {
            errors.push("caption", Invalid::TooLong { max: MAX_CAPTION_CHARS as u32 });
        }
        // An empty file part is a form sent without choosing a photo.
        let kind = if bytes.is_empty() {
            errors.push("file", Invalid::Required);
            None
        } else {
            let kind = ImageType::sniff(&bytes);
            if kind.is_none() {
                errors.push("file", Invalid::FileType);
            }
            kind
        };
        let Some(kind) = kind.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        let size = kind.dimensions(&bytes);

        let mut tx = state.db.begin().await?;
        // Taken first, so two uploads to one venue cannot both pass the count.
        sqlx::query("UPDATE venues SET updated_at = updated_at WHERE id = $1").bind(venue_id).execute(&mut *tx).await?;
        let shown: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM venue_photos WHERE venue_id = $1 AND removed_at IS NULL")
                .bind(venue_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        if shown >= MAX_PHOTOS as i64 {
            return Err(AppError::Refused(Refusal::TooManyPhotos { max: MAX_PHOTOS as u32 }));
        }
        let name = STORE.store(&state.files_dir, bytes).await?;
        let inserted = async {
            let row = sqlx::query(
                "INSERT INTO venue_photos (venue_id, file_name, media_type, width, height, caption, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(venue_id)
            .bind(&name)
            .bind(kind.media_type())
            .bind(size.map(|s| i64::from(s.0)))
            .bind(size.map(|s| i64::from(s.1)))
            .bind(&caption)
            .bind(uid)
            .bind(crate::db::now_us())
            .fetch_one(&mut *tx)
            .await?;
            let id: i64 = row.try_get("id")?;
            tx.commit().await?;
            Ok::<i64, AppError>(id)
        }
        .await;
        if inserted.is_err() {
            STORE.discard(&state.files_dir, &name).await;
        }
        inserted
    }

    pub async fn retire(state: &AppState, uid: i64, photo_id: i64) -> Result<(), AppError> {
        let mut conn = state.db.pool.acquire().await?;
        let row = sqlx::query(
            "SELECT v.org_id FROM venue_photos p JOIN venues v ON v.id = p.venue_id
             WHERE p.id = $1 AND p.removed_at IS NULL",
        )
        .bind(photo_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
        crate::scope::require_manage(&state.db, uid, row.try_get("org_id")?).await?;
        sqlx::query("UPDATE venue_photos SET removed_at = $1, removed_by = $2 WHERE id = $3 AND removed_at IS NULL")
            .bind(crate::db::now_us())
            .bind(uid)
            .bind(photo_id)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// `GET /venues/{id}/photos/{photo_id}`: a shown photo of a public venue, to anyone, with
    /// its stored type, `nosniff` and a year-long public cache. A retired photo, a photo of
    /// another venue, or of a venue that is retired or whose organisation is not open answers
    /// 404 — except to staff over the venue, who still see it on their photo page (then never
    /// kept by shared caches).
    pub async fn serve(State(state): State<AppState>, session: Session, Path(ids): Path<(String, String)>) -> Response {
        let (Ok(venue_id), Ok(photo_id)) = (ids.0.parse::<i64>(), ids.1.parse::<i64>()) else {
            return AppError::NotFound.into_response();
        };
        match photo(&state, &session, venue_id, photo_id).await {
            Ok((media, bytes, public)) => (
                [
                    (header::CONTENT_TYPE, media),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                    (
                        header::CACHE_CONTROL,
                        if public { "public, max-age=31536000, immutable" } else { "private, no-store" },
                    ),
                    (header::CONTENT_DISPOSITION, "inline"),
                ],
                bytes,
            )
                .into_response(),
            Err(e) => e.into_response(),
        }
    }

    async fn photo(
        state: &AppState,
        session: &Session,
        venue_id: i64,
        photo_id: i64,
    ) -> Result<(&'static str, Vec<u8>, bool), AppError> {
        let row = sqlx::query(
            "SELECT p.file_name, p.media_type, v.org_id, v.retired_at, o.status AS org_status
             FROM venue_photos p JOIN venues v ON v.id = p.venue_id JOIN organisations o ON o.id = v.org_id
             WHERE p.id = $1 AND p.venue_id = $2 AND p.removed_at IS NULL",
        )
        .bind(photo_id)
        .bind(venue_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
        let public = row.try_get::<Option<i64>, _>("retired_at")?.is_none()
            && row.try_get::<String, _>("org_status")? == "approved";
        if !public {
            // Only now is the session read: a public photo's answer never depends on, or sets, a cookie.
            let uid = session.get::<i64>(UID_KEY).await.ok().flatten().ok_or(AppError::NotFound)?;
            let org_id: i64 = row.try_get("org_id")?;
            if crate::scope::role_over(&state.db, uid, org_id).await?.is_none() {
                return Err(AppError::NotFound);
            }
        }
        let media = ImageType::from_media_type(&row.try_get::<String, _>("media_type")?)
            .ok_or_else(|| AppError::internal("venue photo of an unknown type"))?
            .media_type();
        let bytes = STORE.read(&state.files_dir, &row.try_get::<String, _>("file_name")?).await?;
        Ok((media, bytes, public))
    }
}

#[cfg(feature = "ssr")]
pub use ssr::shown;
