//! The top of the app: the HTML document, the content-security policy, the layout and the
//! routes. Nothing below imports this module; it imports every page it routes to.
pub mod layout;

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
    crate::accounts::auth::provide_auth();
    let prefs = crate::ui::prefs::provide_prefs();
    view! {
        <PageTitle text=move || t_string!(i18n, app.name).to_string() />
        <leptos_meta::Html attr:class=move || if prefs.large_text.get() { "large-text" } else { "" } />
        <Router>
            <layout::Layout>
                <Routes fallback=layout::NotFound>
                    <Route path=path!("/") view=crate::home::HomePage />
                    <Route
                        path=path!("/activities")
                        view=crate::activities::pages::browse::ActivitiesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/new")
                        view=crate::activities::pages::publish::PublishPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id")
                        view=crate::activities::pages::detail::ActivityPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/edit")
                        view=crate::activities::pages::publish::PublishPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/signups")
                        view=crate::activities::pages::manage::ParticipantsPage
                        ssr=SsrMode::Async
                    />
                    // Make-up requests (F-32) and the attendance review queue (F-36).
                    <Route
                        path=path!("/activities/:id/makeup")
                        view=crate::records::makeup::pages::MakeupPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/makeups")
                        view=crate::records::makeup::pages::MakeupQueuePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/me/makeups")
                        view=crate::records::makeup::pages::MyMakeupsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/review")
                        view=crate::attendance::review::pages::ActivityReviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/attendance/review")
                        view=crate::attendance::review::pages::OrgReviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/me/activities")
                        view=crate::activities::pages::mine::MyActivitiesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/records")
                        view=crate::records::pages::ActivityRecordsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/records")
                        view=crate::records::pages::OrgRecordsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/activities")
                        view=crate::activities::pages::manage::OrgActivitiesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/projects/new")
                        view=crate::activities::pages::projects::ProjectFormPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/projects/:id")
                        view=crate::activities::pages::projects::ProjectPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/projects/:id/edit")
                        view=crate::activities::pages::projects::ProjectFormPage
                        ssr=SsrMode::Async
                    />
                    // Attendance (F-30, F-35): check-in pages.
                    <Route
                        path=path!("/checkin/:token")
                        view=crate::attendance::pages::token::TokenCheckinPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/checkin")
                        view=crate::attendance::pages::volunteer::VolunteerCheckinPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/checkin/screen")
                        view=crate::attendance::pages::screen::ScreenPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/activities/:id/checkin/staff")
                        view=crate::attendance::pages::staff::StaffCheckinPage
                        ssr=SsrMode::Async
                    />
                    // records: my hours and certificate verification (F-31, F-34)
                    <Route path=path!("/me/hours") view=crate::records::mine::pages::MyHoursPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/volunteers/:no/hours")
                        view=crate::records::mine::pages::VolunteerHoursPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/verify/:code")
                        view=crate::records::certificates::pages::VerifyPage
                        ssr=SsrMode::Async
                    />
                    // Service demands and matching (F-42, F-43).
                    <Route path=path!("/demands") view=crate::demands::pages::DemandsPage ssr=SsrMode::Async />
                    <Route path=path!("/demands/new") view=crate::demands::pages::NewDemandPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/demands/follow/:token")
                        view=crate::demands::pages::FollowDemandPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/demands/:id") view=crate::demands::pages::DemandPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/orgs/:id/manage/demands")
                        view=crate::demands::pages::OrgDemandsPage
                        ssr=SsrMode::Async
                    />
                    // Venues and the public map (F-40, F-41).
                    <Route path=path!("/map") view=crate::venues::pages::map::MapPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/venues/new")
                        view=crate::venues::pages::form::VenueFormPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/venues/:id") view=crate::venues::pages::detail::VenuePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/venues/:id/edit")
                        view=crate::venues::pages::form::VenueFormPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/venues")
                        view=crate::venues::pages::manage::OrgVenuesPage
                        ssr=SsrMode::Async
                    />
                    // Venue photos (F-40): the staff's photo page.
                    <Route
                        path=path!("/venues/:id/photos")
                        view=crate::venues::pages::photos::VenuePhotosPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/login") view=crate::accounts::pages::LoginPage />
                    <Route path=path!("/me") view=crate::accounts::pages::MePage />
                    <Route path=path!("/me/password") view=crate::accounts::pages::PasswordPage />
                    <Route path=path!("/me/profile") view=crate::volunteers::pages::ProfilePage />
                    <Route path=path!("/volunteers/:no") view=crate::volunteers::pages::VolunteerPage />
                    <Route path=path!("/me/orgs") view=crate::orgs::pages::mine::MyOrgsPage ssr=SsrMode::Async />
                    <Route path=path!("/inbox") view=crate::inbox::pages::InboxPage ssr=SsrMode::Async />
                    <Route path=path!("/orgs") view=crate::orgs::pages::directory::OrgsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/orgs/new")
                        view=crate::orgs::pages::register::RegisterOrgPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/registrations")
                        view=crate::orgs::pages::register::registrations::RegistrationsPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/orgs/:id") view=crate::orgs::pages::directory::OrgPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/orgs/:id/manage")
                        view=crate::orgs::pages::manage::overview::ManagePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/reviews")
                        view=crate::orgs::pages::manage::reviews::ReviewsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/applications")
                        view=crate::orgs::pages::manage::applications::ApplicationsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/roster")
                        view=crate::orgs::pages::manage::roster::RosterPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/staff")
                        view=crate::orgs::pages::manage::staff::StaffPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/orgs/:id/manage/import")
                        view=crate::orgs::pages::manage::import::ImportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/platform")
                        view=crate::platform::pages::corps::PlatformPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/platform/admins")
                        view=crate::platform::pages::admins::AdminsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/platform/closures")
                        view=crate::platform::pages::closures::ClosuresPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/platform/audit")
                        view=crate::platform::pages::audit::AuditLogPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </layout::Layout>
        </Router>
    }
}
