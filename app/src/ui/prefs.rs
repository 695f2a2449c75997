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
    #[cfg(not(feature = "ssr"))]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let value = if on { "1" } else { "0" };
            let _ = doc.set_cookie(&format!("{LARGE_TEXT_COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax"));
        }
    }
    #[cfg(feature = "ssr")]
    let _ = on;
}
