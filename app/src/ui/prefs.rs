//! Display preferences that must be right in the first server-rendered byte (no flash): the
//! large-text (长辈版) mode, kept in a cookie the server reads (F-07).
use leptos::prelude::*;

pub const LARGE_TEXT_COOKIE: &str = "sciserve_large_text";

#[derive(Clone, Copy)]
pub struct Prefs {
    pub large_text: RwSignal<bool>,
}

fn cookie_says_large(cookies: &str) -> bool {
    cookies.split(';').any(|c| c.trim() == format!("{LARGE_TEXT_COOKIE}=1"))
}

fn initial_large_text() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts.headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok()).map(cookie_says_large)
            })
            .unwrap_or(false)
    }
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.cookie().ok())
            .map(|c| cookie_says_large(&c))
            .unwrap_or(false)
    }
}

pub fn provide_prefs() -> Prefs {
    let prefs = Prefs { large_text: RwSignal::new(initial_large_text()) };
    provide_context(prefs);
    prefs
}

pub fn use_prefs() -> Prefs {
    expect_context::<Prefs>()
}

/// Stores the choice for a year so the next page load renders it server-side.
pub fn remember_large_text(on: bool) {
    set_year_cookie(LARGE_TEXT_COOKIE, if on { "1" } else { "0" });
}

/// The cookie leptos_i18n reads the locale from, on the server and in the whole app.
const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// Stores the page's new language for the server's next render. The light module writes it
/// itself: it is built without leptos_i18n's cookie support, whose crates would double its size.
pub fn remember_locale(locale: crate::i18n::Locale) {
    use leptos_i18n::Locale as _;
    set_year_cookie(LOCALE_COOKIE, locale.as_str());
}

/// A site-wide cookie kept for a year.
fn set_year_cookie(name: &str, value: &str) {
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let _ = doc.set_cookie(&format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax"));
        }
    }
    #[cfg(feature = "ssr")]
    let _ = (name, value);
}
