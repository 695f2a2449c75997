//! The page frame: skip link, header with the platform name and the language and large-text
//! switches, and one navigation that sits at the bottom on phones and in the header on wide
//! screens (CSS decides; the markup is the same for screen readers).
use crate::accounts::auth::use_auth;
use crate::i18n::*;
use crate::inbox::pages::InboxVersion;
use crate::ui::light::{in_light_island, reload_page, Island, IslandSpec};
use crate::ui::prefs::{remember_large_text, remember_locale, use_prefs};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    provide_context(InboxVersion(RwSignal::new(0)));
    view! {
        <a class="skip-link" href="#main">
            {move || t_string!(i18n, a11y.skip).to_string()}
        </a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">
                        "科"
                    </span>
                    <span class="brand-name">{move || t_string!(i18n, app.name).to_string()}</span>
                </a>
                <div class="header-tools">
                    <InboxLink />
                    <Island props=Settings />
                </div>
            </div>
            <MainNav />
        </header>
        <main id="main" class="main" tabindex="-1">
            {children()}
        </main>
    }
}

/// "消息 2" for signed-in people: a link to the inbox whose name includes the unread count.
#[component]
fn InboxLink() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let version = expect_context::<InboxVersion>().0;
    let location = use_location();
    // Signed-out people get 0 from the server, so the count needs no session of its own; a
    // login or logout in this tab reads it again.
    let count = Resource::new(move || version.get(), |_| crate::inbox::api::unread_count());
    Effect::new(move |previous: Option<Option<String>>| {
        let who = auth.get().map(|u| u.volunteer_no);
        if previous.is_some_and(|p| p != who) {
            version.update(|v| *v += 1);
        }
        who
    });
    view! {
        <Transition fallback=|| ()>
            {move || {
                auth.get()
                    .map(|_| {
                        let unread = count.get().and_then(|r| r.ok()).unwrap_or(0);
                        view! {
                            <a
                                class="tool-button inbox-link"
                                href="/inbox"
                                aria-current=move || (location.pathname.get() == "/inbox").then_some("page")
                            >
                                <span>{move || t_string!(i18n, inbox.header_link).to_string()}</span>
                                {(unread > 0)
                                    .then(|| {
                                        view! {
                                            " "
                                            <span class="inbox-count">{unread}</span>
                                            <span class="sr-only">
                                                {move || t_string!(i18n, inbox.unread_suffix).to_string()}
                                            </span>
                                        }
                                    })}
                            </a>
                        }
                    })
            }}
        </Transition>
    }
}

/// The header's two switches, an island of light pages. There the rest of the page is the
/// server's HTML, so a new language loads the page again once its cookie is written, and the
/// large-text class is set on the document directly.
#[derive(Clone, Serialize, Deserialize)]
pub struct Settings;

impl IslandSpec for Settings {
    const NAME: &'static str = "settings";

    fn view(self) -> AnyView {
        if in_light_island() {
            let prefs = use_prefs();
            Effect::new(move |_| set_large_text_class(prefs.large_text.get()));
        }
        view! {
            <LargeTextSwitch />
            <LanguageSwitch />
        }
        .into_any()
    }
}

fn set_large_text_class(on: bool) {
    #[cfg(not(feature = "ssr"))]
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = if on { root.class_list().add_1("large-text") } else { root.class_list().remove_1("large-text") };
    }
    #[cfg(feature = "ssr")]
    let _ = on;
}

#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let light = in_light_island();
    let toggle = move |_| {
        let next = if i18n.get_locale() == Locale::en { Locale::zh_CN } else { Locale::en };
        i18n.set_locale(next);
        // The one writer of the locale cookie, in the whole app and in light pages alike.
        remember_locale(next);
        if light {
            reload_page();
        }
    };
    view! {
        <button
            type="button"
            class="tool-button"
            lang=move || if i18n.get_locale() == Locale::en { "zh-CN" } else { "en" }
            aria-label=move || t_string!(i18n, settings.switch_language_label).to_string()
            on:click=toggle
        >
            {move || t_string!(i18n, settings.switch_language).to_string()}
        </button>
    }
}

#[component]
fn LargeTextSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let toggle = move |_| {
        let on = !prefs.large_text.get_untracked();
        prefs.large_text.set(on);
        remember_large_text(on);
    };
    view! {
        <button
            type="button"
            class="tool-button"
            aria-pressed=move || if prefs.large_text.get() { "true" } else { "false" }
            title=move || {
                if prefs.large_text.get() {
                    t_string!(i18n, settings.large_text_on).to_string()
                } else {
                    t_string!(i18n, settings.large_text_off).to_string()
                }
            }
            on:click=toggle
        >
            {move || t_string!(i18n, settings.large_text).to_string()}
        </button>
    }
}

#[component]
fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let current = move |prefix: &'static str| {
        let path = location.pathname.get();
        let on = if prefix == "/" { path == "/" } else { path == prefix || path.starts_with(&format!("{prefix}/")) };
        if on {
            Some("page")
        } else {
            None
        }
    };
    view! {
        <nav class="main-nav" aria-label=move || t_string!(i18n, nav.main).to_string()>
            <ul>
                <li>
                    <a href="/" aria-current=move || current("/")>
                        <span class="nav-icon" aria-hidden="true">
                            "⌂"
                        </span>
                        <span>{move || t_string!(i18n, nav.home).to_string()}</span>
                    </a>
                </li>
                <li>
                    <a href="/activities" aria-current=move || current("/activities")>
                        <span class="nav-icon" aria-hidden="true">
                            "☰"
                        </span>
                        <span>{move || t_string!(i18n, nav.activities).to_string()}</span>
                    </a>
                </li>
                <li>
                    <a href="/map" aria-current=move || current("/map")>
                        <span class="nav-icon" aria-hidden="true">
                            "◎"
                        </span>
                        <span>{move || t_string!(i18n, nav.map).to_string()}</span>
                    </a>
                </li>
                <li>
                    <a href="/me" aria-current=move || current("/me")>
                        <span class="nav-icon" aria-hidden="true">
                            "☺"
                        </span>
                        <Transition fallback=move || {
                            view! { <span>{move || t_string!(i18n, nav.me).to_string()}</span> }
                        }>
                            {move || {
                                let signed_in = auth.get().is_some();
                                view! {
                                    <span>
                                        {move || {
                                            if signed_in {
                                                t_string!(i18n, nav.me).to_string()
                                            } else {
                                                t_string!(i18n, nav.login).to_string()
                                            }
                                        }}
                                    </span>
                                }
                            }}
                        </Transition>
                    </a>
                </li>
            </ul>
        </nav>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="page narrow">
            <h1>{move || t_string!(i18n, common.not_found_title).to_string()}</h1>
            <p>{move || t_string!(i18n, common.not_found_body).to_string()}</p>
            <A href="/" attr:class="button">
                {move || t_string!(i18n, common.go_home).to_string()}
            </A>
        </section>
    }
}
