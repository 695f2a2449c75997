//! `/venues/{id}/photos`: the staff's photo page of a venue — the photos shown, each with a
//! button to retire it, and the form to add one. Both are plain forms posting to the server
//! functions (the upload as multipart), so the page works without JavaScript (and with it,
//! since nothing intercepts them): the server answers with a redirect back here, where the
//! change is listed; a refusal comes back as `?__err=` and is shown above the form and under
//! its field.
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::refusal_from_address;
use crate::ui::errors::{error_text, invalid_text};
use crate::ui::format::encode_component;
use crate::ui::head::PageTitle;
use crate::validation::FieldErrors;
use crate::venues::photos::{venue_photo_manager, PhotoManager, MAX_CAPTION_CHARS, MAX_PHOTOS};
use crate::venues::views::VenuePhoto;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

/// A photo's alt text: its caption, or "{venue} photo {n}" (1-based) when staff wrote none.
pub fn photo_alt(i18n: I18nContext<Locale>, photo: &VenuePhoto, venue_name: &str, n: usize) -> String {
    if photo.caption.trim().is_empty() {
        let name = venue_name.to_owned();
        t_string!(i18n, venue_photos.alt_default, name = name, n = n).to_string()
    } else {
        photo.caption.clone()
    }
}

/// The photos as a grid of thumbnails: every cell has the same 4:3 box (CSS `aspect-ratio`),
/// and the image its `width`/`height` when known, so nothing moves as they load.
#[component]
pub fn PhotoGrid(
    photos: Vec<VenuePhoto>,
    venue_name: String,
    /// Staff's grid: a retire form under each photo.
    #[prop(optional)]
    retire: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="photo-grid">
            {photos
                .into_iter()
                .enumerate()
                .map(|(i, photo)| {
                    let name = venue_name.clone();
                    let (url, width, height, id) = (photo.url.clone(), photo.width, photo.height, photo.id);
                    let alt = move || photo_alt(i18n, &photo, &name, i + 1);
                    view! {
                        <li class="photo">
                            <img
                                src=url
                                alt=alt.clone()
                                loading="lazy"
                                decoding="async"
                                width=width.map(|w| w.to_string())
                                height=height.map(|h| h.to_string())
                            />
                            {retire
                                .then(|| {
                                    let alt = alt.clone();
                                    view! {
                                        <form method="post" action="/api/venues/photo-retire" class="photo-retire">
                                            <input type="hidden" name="photo_id" value=id.to_string() />
                                            <button
                                                type="submit"
                                                class="button"
                                                aria-label=move || {
                                                    let alt = alt();
                                                    t_string!(i18n, venue_photos.retire_named, alt = alt).to_string()
                                                }
                                            >
                                                {move || t_string!(i18n, venue_photos.retire).to_string()}
                                            </button>
                                        </form>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn VenuePhotosPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => venue_photo_manager(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let title = move || format!("{} · {}", t_string!(i18n, venue_photos.title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=title />
        <section class="page narrow venue-photos-page">
            <h1>{move || t_string!(i18n, venue_photos.title).to_string()}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match data.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        let here = format!("/venues/{}/photos", id.get().unwrap_or_default());
                        view! { <Redirect path=format!("/login?next={}", encode_component(&here)) /> }.into_any()
                    }
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(manager)) => view! { <PhotoManagerView manager /> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn PhotoManagerView(manager: PhotoManager) -> impl IntoView {
    let i18n = use_i18n();
    let refusal = refusal_from_address();
    let errors: FieldErrors = refusal.as_ref().and_then(|e| e.field_errors().cloned()).unwrap_or_default();
    let banner = refusal.as_ref().map(|e| error_text(i18n, e));
    let field_error = move |name: &str| errors.get(name).map(|invalid| invalid_text(i18n, invalid));
    let (file_err, caption_err) = (field_error("file"), field_error("caption"));
    let invalid = |e: &Option<String>| if e.is_some() { "true" } else { "false" };
    let id = manager.venue_id;
    let count = manager.photos.len();
    let full = count >= MAX_PHOTOS;
    let has_photos = count > 0;
    view! {
        <p class="lead">
            <a href=format!("/venues/{id}")>{manager.venue_name.clone()}</a>
        </p>
        <p class="hint">{move || t_string!(i18n, venue_photos.intro, max = MAX_PHOTOS).to_string()}</p>
        {manager
            .retired
            .then(|| {
                view! {
                    <p class="banner banner-info">{move || t_string!(i18n, venue_photos.retired_venue).to_string()}</p>
                }
            })}
        {banner
            .map(|b| {
                view! {
                    <p class="banner banner-error" role="alert" id="photo-error">
                        {b}
                    </p>
                }
            })}
        <p id="photo-count">
            {move || t_string!(i18n, venue_photos.count, count = count, max = MAX_PHOTOS).to_string()}
        </p>
        {if has_photos {
            view! { <PhotoGrid photos=manager.photos.clone() venue_name=manager.venue_name.clone() retire=true /> }
                .into_any()
        } else {
            view! { <p class="empty">{move || t_string!(i18n, venue_photos.none).to_string()}</p> }.into_any()
        }}
        {if full {
            view! {
                <p class="banner banner-info" id="photos-full">
                    {move || t_string!(i18n, venue_photos.full, max = MAX_PHOTOS).to_string()}
                </p>
            }
                .into_any()
        } else {
            view! {
                <form
                    class="form photo-form"
                    method="post"
                    enctype="multipart/form-data"
                    action="/api/venues/photo-add"
                >
                    <input type="hidden" name="venue_id" value=id.to_string() />
                    <div class="field" class:field-invalid=file_err.is_some()>
                        <label for="f-photo">
                            {move || t_string!(i18n, venue_photos.file).to_string()}
                            <span class="req">
                                "*" <span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span>
                            </span>
                        </label>
                        <p class="hint" id="f-photo-hint">
                            {move || t_string!(i18n, venue_photos.file_hint).to_string()}
                        </p>
                        <input
                            id="f-photo"
                            name="file"
                            type="file"
                            required
                            accept="image/jpeg,image/png,image/webp"
                            aria-invalid=invalid(&file_err)
                            aria-describedby="f-photo-hint f-photo-error"
                        />
                        <p class="field-error" id="f-photo-error">
                            {file_err.clone()}
                        </p>
                    </div>
                    <div class="field" class:field-invalid=caption_err.is_some()>
                        <label for="f-caption">{move || t_string!(i18n, venue_photos.caption).to_string()}</label>
                        <p class="hint" id="f-caption-hint">
                            {move || t_string!(i18n, venue_photos.caption_hint).to_string()}
                        </p>
                        <input
                            id="f-caption"
                            name="caption"
                            type="text"
                            autocomplete="off"
                            maxlength=MAX_CAPTION_CHARS
                            aria-invalid=invalid(&caption_err)
                            aria-describedby="f-caption-hint f-caption-error"
                        />
                        <p class="field-error" id="f-caption-error">
                            {caption_err.clone()}
                        </p>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button primary" id="add-photo">
                            {move || t_string!(i18n, venue_photos.add).to_string()}
                        </button>
                    </div>
                </form>
            }
                .into_any()
        }}
        <p>
            <a href=format!("/venues/{id}")>{move || t_string!(i18n, venue_photos.back).to_string()}</a>
        </p>
    }
}
