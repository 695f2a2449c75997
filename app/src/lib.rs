//! sciserve: the shared application — typed models, validators, server functions and pages.
//! Compiled twice: to WASM for the browser (`hydrate`) and into the server (`ssr`).
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod accounts;
pub mod activities;
pub mod clock;
pub mod error;
pub mod home;
pub mod inbox;
pub mod orgs;
pub mod regions;
pub mod ui;
pub mod validation;
pub mod volunteers;

#[cfg(test)]
mod locale_check;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod public_api;
#[cfg(feature = "ssr")]
pub mod sheets;
#[cfg(feature = "ssr")]
pub mod state;

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// Content-Security-Policy for responses that carry no page (JSON, files, errors).
pub const CSP_FALLBACK: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// The page policy: scripts only from this site or inline with this response's nonce (the
/// hydration bootstrap and serialized resources), WebAssembly compilation allowed.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(feature = "ssr")]
fn provide_page_csp() {
    use leptos::nonce::{provide_nonce, use_nonce};
    provide_nonce();
    if let (Some(nonce), Some(response)) = (use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&page_csp(nonce.as_inner())) {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    provide_page_csp();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b5cad" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <AppInner />
        </I18nContextProvider>
    }
}

#[component]
fn AppInner() -> impl IntoView {
    let i18n = use_i18n();
    ui::auth::provide_auth();
    let prefs = ui::prefs::provide_prefs();
    view! {
        <Stylesheet id="leptos" href="/pkg/sciserve.css" />
        <Title text=move || t_string!(i18n, app.name).to_string() />
        <leptos_meta::Html attr:class=move || if prefs.large_text.get() { "large-text" } else { "" } />
        <Router>
            <ui::layout::Layout>
                <Routes fallback=ui::layout::NotFound>
                    <Route path=path!("/") view=home::HomePage />
                    <Route path=path!("/activities") view=activities::pages::browse::ActivitiesPage ssr=SsrMode::Async />
                    <Route path=path!("/activities/new") view=activities::pages::publish::PublishPage ssr=SsrMode::Async />
                    <Route path=path!("/activities/:id") view=activities::pages::detail::ActivityPage ssr=SsrMode::Async />
                    <Route path=path!("/activities/:id/edit") view=activities::pages::publish::PublishPage ssr=SsrMode::Async />
                    <Route path=path!("/activities/:id/signups") view=activities::pages::manage::ParticipantsPage ssr=SsrMode::Async />
                    <Route path=path!("/me/activities") view=activities::pages::mine::MyActivitiesPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/activities") view=activities::pages::manage::OrgActivitiesPage ssr=SsrMode::Async />
                    <Route path=path!("/projects/new") view=activities::pages::projects::ProjectFormPage ssr=SsrMode::Async />
                    <Route path=path!("/projects/:id") view=activities::pages::projects::ProjectPage ssr=SsrMode::Async />
                    <Route path=path!("/projects/:id/edit") view=activities::pages::projects::ProjectFormPage ssr=SsrMode::Async />
                    <Route path=path!("/map") view=home::MapPage />
                    <Route path=path!("/login") view=accounts::pages::LoginPage />
                    <Route path=path!("/me") view=accounts::pages::MePage />
                    <Route path=path!("/me/password") view=accounts::pages::PasswordPage />
                    <Route path=path!("/me/profile") view=volunteers::pages::ProfilePage />
                    <Route path=path!("/volunteers/:no") view=volunteers::pages::VolunteerPage />
                    <Route path=path!("/me/orgs") view=orgs::pages::mine::MyOrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/inbox") view=inbox::pages::InboxPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs") view=orgs::pages::directory::OrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/new") view=orgs::pages::register::RegisterOrgPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id") view=orgs::pages::directory::OrgPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage") view=orgs::pages::manage::overview::ManagePage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/reviews") view=orgs::pages::manage::reviews::ReviewsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/applications") view=orgs::pages::manage::applications::ApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/roster") view=orgs::pages::manage::roster::RosterPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/staff") view=orgs::pages::manage::staff::StaffPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/import") view=orgs::pages::manage::import::ImportPage ssr=SsrMode::Async />
                </Routes>
            </ui::layout::Layout>
        </Router>
    }
}
