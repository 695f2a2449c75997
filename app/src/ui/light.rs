//! Islands of light pages (issue 14).
//!
//! The pages a first visit opens (`shell::light`) are not hydrated by the whole app: the server
//! renders them as it renders every page, and the browser loads a small module (the `light`
//! crate) that mounts only the parts marked with [`Island`] — the header's switches, the forms —
//! over their server-rendered markup. Everything else on such a page stays the server's HTML,
//! and following a link loads the next page. The whole app hydrates every other page as before,
//! and renders these same components, islands included, when it shows a light page itself.
//!
//! An island's component runs without the app around it: no router, no page contexts. It reads
//! what it needs from its props (serialized into `data-props`) and from [`in_light_island`].
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// The attribute naming the island to mount on an element.
pub const ISLAND_ATTR: &str = "data-island";

/// Provided around every island the light module mounts.
#[derive(Clone, Copy)]
pub struct LightIsland;

/// Whether this code runs in an island of a light page (and not inside the whole app). The
/// client-side-rendering build (`csr`) is the light module and nothing else, so there it is known
/// when compiling, and the app's side of each choice (the router) stays out of the module.
pub fn in_light_island() -> bool {
    cfg!(feature = "csr") || use_context::<LightIsland>().is_some()
}

/// What an island needs, serialized into its markup: the light module reads it back and
/// mounts `view()` there. `NAME` is the island's name in `shell::light::mount_islands`.
pub trait IslandSpec: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    const NAME: &'static str;
    fn view(self) -> AnyView;
}

/// Renders an island: its component, in a wrapper naming it and holding its props.
/// `display: contents` (style/main.css), so the wrapper changes no layout.
#[component]
pub fn Island<P: IslandSpec>(props: P) -> impl IntoView {
    let json = serde_json::to_string(&props).unwrap_or_default();
    view! {
        <div class="island" data-island=P::NAME data-props=json>
            {props.view()}
        </div>
    }
}

/// Going to another address: the router's navigation inside the app, a page load in an island.
pub fn use_go() -> impl Fn(&str) + Clone + 'static {
    let navigate = (!in_light_island()).then(leptos_router::hooks::use_navigate);
    move |href: &str| match &navigate {
        Some(navigate) => navigate(href, Default::default()),
        None => load_page(href),
    }
}

/// A parameter of the page's address: the router's inside the app, the browser's in an island.
pub fn query_param(name: &str) -> Option<String> {
    if !in_light_island() {
        return leptos_router::hooks::use_query_map().with_untracked(|q| q.get(name));
    }
    #[cfg(not(feature = "ssr"))]
    {
        let search = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
    }
    #[cfg(feature = "ssr")]
    None
}

/// A full page load of `href` (same site only; callers pass paths).
pub fn load_page(href: &str) {
    #[cfg(not(feature = "ssr"))]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(href);
    }
    #[cfg(feature = "ssr")]
    let _ = href;
}

/// Reloads the page (a light page after a change the server renders, such as the language).
pub fn reload_page() {
    #[cfg(not(feature = "ssr"))]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Whether a plain form post of the page is on its way: the form sets it when it sends, and it
/// clears when the browser shows the page again from its back-forward cache (coming back, the
/// form is ready to send again, not stuck "sending").
pub fn sending_flag() -> RwSignal<bool> {
    let sending = RwSignal::new(false);
    let handle = window_event_listener(leptos::ev::pageshow, move |_| sending.set(false));
    on_cleanup(move || handle.remove());
    sending
}
