//! The top of the app: the HTML document, the content-security policy, the layout and the
//! routes. Nothing below imports this module; it imports every page it routes to.
pub mod layout;
pub mod light;
mod pages;
#[cfg(feature = "hydrate")]
pub use pages::preload_group;
pub use pages::PAGE_GROUP_ATTR;

use crate::i18n::*;
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// Content-Security-Policy for responses that carry no page (JSON, files, errors).
pub const CSP_FALLBACK: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// The page policy: scripts only from this site or inline with this response's nonce (the
/// hydration bootstrap and serialized resources), WebAssembly compilation allowed.
pub fn page_csp(nonce: &str) -> String {
    page_csp_with(nonce, "")
}

/// [`page_csp`] with more image sources (the map's tile server, see `venues::geo::tile_source`).
pub fn page_csp_with(nonce: &str, more_img: &str) -> String {
    let more_img = if more_img.is_empty() { String::new() } else { format!(" {more_img}") };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:{more_img}; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(feature = "ssr")]
fn provide_page_csp() {
    use leptos::nonce::{provide_nonce, use_nonce};
    provide_nonce();
    if let (Some(nonce), Some(response)) = (use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        // The map's tiles come from the configured tile server.
        let tiles = crate::state::app_state()
            .ok()
            .and_then(|state| crate::venues::geo::tile_source(&state.policy.map_tiles.url))
            .unwrap_or_default();
        if let Ok(value) = axum::http::HeaderValue::from_str(&page_csp_with(nonce.as_inner(), &tiles)) {
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
                // `/pkg/` files are named by their content hash (hash-files), so browsers keep them.
                <HashedStylesheet options=options.clone() id="leptos" />
                <light::PageScripts options />
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
    // The locale cookie has one writer, `ui::prefs::remember_locale` (site-wide, kept a year):
    // leptos_i18n's own would take each page's directory as its path, and a language chosen
    // under `/me/` would then outvote one chosen later on `/`.
    let cookie = leptos_i18n::context::CookieOptions::<Locale>::default().readonly(true);
    view! {
        <I18nContextProvider cookie_options=cookie>
            <AppInner />
        </I18nContextProvider>
    }
}

#[component]
fn AppInner() -> impl IntoView {
    let i18n = use_i18n();
    crate::accounts::auth::provide_auth();
    let prefs = crate::ui::prefs::provide_prefs();
    view! {
        <PageTitle text=move || t_string!(i18n, app.name).to_string() />
        <leptos_meta::Html attr:class=move || if prefs.large_text.get() { "large-text" } else { "" } />
        <Router>
            <layout::Layout>
                // `pages::…::lazy()` routes are the lazily loaded page groups (pages.rs). Each is
                // rendered whole before it is sent (`SsrMode::Async`): streamed out of order, the
                // profile page's markup did not match what the browser hydrated.
                <Routes fallback=layout::NotFound>
                    <Route path=path!("/") view=crate::home::HomePage />
                    <Route
                        path=path!("/activities")
                        view=crate::activities::pages::browse::ActivitiesPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/activities/new") view=pages::PublishRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/activities/:id")
                        view=crate::activities::pages::detail::ActivityPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/activities/:id/edit") view=pages::PublishRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/activities/:id/signups")
                        view=pages::ParticipantsRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    // Make-up requests (F-32) and the attendance review queue (F-36).
                    <Route path=path!("/activities/:id/makeup") view=pages::MakeupRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/activities/:id/makeups")
                        view=pages::MakeupQueueRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/me/makeups") view=pages::MyMakeupsRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/activities/:id/review")
                        view=pages::ActivityReviewRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/attendance/review")
                        view=pages::OrgReviewRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/me/activities") view=pages::MyActivitiesRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/activities/:id/records")
                        view=pages::ActivityRecordsRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/records")
                        view=pages::OrgRecordsRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/activities")
                        view=pages::OrgActivitiesRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/projects/new") view=pages::ProjectFormRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/projects/:id") view=pages::ProjectRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/projects/:id/edit") view=pages::ProjectFormRoute::lazy() ssr=SsrMode::Async />
                    // Attendance (F-30, F-35): check-in pages.
                    <Route path=path!("/checkin/:token") view=pages::TokenCheckinRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/activities/:id/checkin")
                        view=pages::VolunteerCheckinRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/checkin/screen")
                        view=pages::ScreenRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/checkin/staff")
                        view=pages::StaffCheckinRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    // records: my hours and certificate verification (F-31, F-34)
                    <Route path=path!("/me/hours") view=pages::MyHoursRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/volunteers/:no/hours")
                        view=pages::VolunteerHoursRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/verify/:code") view=pages::VerifyRoute::lazy() ssr=SsrMode::Async />
                    // Service demands and matching (F-42, F-43).
                    <Route path=path!("/demands") view=pages::DemandsRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/demands/new") view=pages::NewDemandRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/demands/follow/:token")
                        view=pages::FollowDemandRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/demands/:id") view=pages::DemandRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/orgs/:id/manage/demands")
                        view=pages::OrgDemandsRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    // Venues and the public map (F-40, F-41).
                    <Route path=path!("/map") view=pages::MapRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/venues/new") view=pages::VenueFormRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/venues/:id") view=pages::VenueRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/venues/:id/edit") view=pages::VenueFormRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/orgs/:id/manage/venues")
                        view=pages::OrgVenuesRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    // Venue photos (F-40): the staff's photo page.
                    <Route path=path!("/venues/:id/photos") view=pages::VenuePhotosRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/login") view=crate::accounts::pages::LoginPage />
                    <Route path=path!("/me") view=pages::MeRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me/password") view=pages::PasswordRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me/profile") view=crate::volunteers::pages::ProfilePage />
                    <Route path=path!("/volunteers/:no") view=pages::VolunteerRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/me/orgs") view=pages::MyOrgsRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/inbox") view=pages::InboxRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/orgs") view=crate::orgs::pages::directory::OrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/new") view=pages::RegisterOrgRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/orgs/registrations")
                        view=pages::RegistrationsRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/orgs/:id") view=crate::orgs::pages::directory::OrgPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage") view=pages::ManageRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/reviews") view=pages::ReviewsRoute::lazy() ssr=SsrMode::Async />
                    <Route
                        path=path!("/orgs/:id/manage/applications")
                        view=pages::ApplicationsRoute::lazy()
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/orgs/:id/manage/roster") view=pages::RosterRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/staff") view=pages::StaffRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/orgs/:id/manage/import") view=pages::ImportRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/platform") view=pages::PlatformRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/platform/admins") view=pages::AdminsRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/platform/closures") view=pages::ClosuresRoute::lazy() ssr=SsrMode::Async />
                    <Route path=path!("/platform/audit") view=pages::AuditLogRoute::lazy() ssr=SsrMode::Async />
                </Routes>
            </layout::Layout>
        </Router>
    }
}
