//! Which page code a first visit downloads. The pages a first visit usually opens (home, the
//! activity list, an activity, the organisation directory and pages, sign-in, and the profile
//! form every new volunteer lands on after signing in) are in the main WASM module. (The profile
//! page, lazily loaded, did not hydrate on a direct visit: its `<Transition>` reads two chained
//! resources; found by probing every page, not understood further.) Every other page belongs to
//! one of four groups, each a lazily loaded chunk when built with `cargo leptos build --split`:
//! the router fetches a group the first time one of its pages is shown. A group per page would
//! make wasm-split emit a chunk for every set of pages sharing a function (1,550 files, 650 of
//! them for one page), so the groups are few and follow who uses them. Without `--split` a
//! group's loader is an ordinary async call.
//!
//! A first visit straight to a grouped page: the page names its group in a hidden element, and
//! the browser entry (frontend/src/lib.rs) loads that group *before* hydrating, so hydration stays
//! synchronous (`hydrate_body`). Leptos's asynchronous hydration, which would wait for the chunk
//! itself, broke on pages whose layout holds a `<Transition>` (the signed-in inbox link).
use leptos::prelude::*;
use leptos_router::{Lazy, LazyRoute};

/// The attribute of the hidden element that tells the browser entry which group the first page
/// needs. (Not a `<meta>` in the head: leptos_meta hydrates head tags in the order the server
/// wrote them, which a streamed page's own tags can change.)
pub const PAGE_GROUP_ATTR: &str = "data-page-group";

/// `Group, loader, preload: [Route => path::to::Page, …]`: an enum naming the group's pages,
/// the group's one split point (`loader`, `#[lazy]`, whose generated loading function is
/// `preload`), and a unit route type per page whose view awaits it.
macro_rules! page_groups {
    ($($(#[$doc:meta])* $group:ident, $loader:ident, $preload:ident: [$($route:ident => $page:path),* $(,)?])*) => {
        $(
            $(#[$doc])*
            // The variants are named after the route types they stand for.
            #[allow(clippy::enum_variant_names)]
            #[derive(Clone, Copy)]
            pub enum $group {
                $($route),*
            }

            impl $group {
                fn view(self) -> AnyView {
                    // What the router itself does with `view=Page`, plus the group's name.
                    let page = match self {
                        $($group::$route => $page().into_any()),*
                    };
                    // The attribute is PAGE_GROUP_ATTR, spelled out: `view!` takes names literally.
                    view! {
                        <div hidden data-page-group=stringify!($loader)></div>
                        {page}
                    }
                    .into_any()
                }
            }

            #[cfg(feature = "lazy-pages")]
            #[leptos::lazy]
            fn $loader(page: $group) -> AnyView {
                page.view()
            }

            #[cfg(not(feature = "lazy-pages"))]
            async fn $loader(page: $group) -> AnyView {
                page.view()
            }

            /// Nothing to load when the groups are not split points.
            #[cfg(all(feature = "hydrate", not(feature = "lazy-pages")))]
            async fn $preload() {}

            $(
                pub struct $route;

                impl $route {
                    /// The route's view, for `<Route view=…>`.
                    pub fn lazy() -> Lazy<$route> {
                        Lazy::new()
                    }
                }

                impl LazyRoute for $route {
                    fn data() -> Self {
                        $route
                    }

                    async fn view(_route: Self) -> AnyView {
                        $loader($group::$route).await
                    }
                }
            )*
        )*

        /// Loads the code of the group a page's [`PAGE_GROUP_ATTR`] names (nothing for another
        /// name); once it is loaded, the group's routes resolve without waiting.
        #[cfg(feature = "hydrate")]
        pub async fn preload_group(name: &str) {
            $(
                if name == stringify!($loader) {
                    $preload().await;
                }
            )*
        }
    };
}

page_groups! {
    /// Public pages beyond the first-visit ones: the map, venues, demands, certificates, projects, volunteers' public pages.
    PublicPage, public_page, __preload_public_page: [
        MapRoute => crate::venues::pages::map::MapPage,
        VenueRoute => crate::venues::pages::detail::VenuePage,
        VerifyRoute => crate::records::certificates::pages::VerifyPage,
        DemandsRoute => crate::demands::pages::DemandsPage,
        NewDemandRoute => crate::demands::pages::NewDemandPage,
        FollowDemandRoute => crate::demands::pages::FollowDemandPage,
        DemandRoute => crate::demands::pages::DemandPage,
        ProjectRoute => crate::activities::pages::projects::ProjectPage,
        VolunteerRoute => crate::volunteers::pages::VolunteerPage,
        VolunteerHoursRoute => crate::records::mine::pages::VolunteerHoursPage,
    ]
    /// A signed-in volunteer's own pages: account, profile, inbox, hours, check-in, make-ups.
    PersonalPage, personal_page, __preload_personal_page: [
        MeRoute => crate::accounts::pages::MePage,
        PasswordRoute => crate::accounts::pages::PasswordPage,
        MyOrgsRoute => crate::orgs::pages::mine::MyOrgsPage,
        InboxRoute => crate::inbox::pages::InboxPage,
        MyActivitiesRoute => crate::activities::pages::mine::MyActivitiesPage,
        MyHoursRoute => crate::records::mine::pages::MyHoursPage,
        MyMakeupsRoute => crate::records::makeup::pages::MyMakeupsPage,
        MakeupRoute => crate::records::makeup::pages::MakeupPage,
        TokenCheckinRoute => crate::attendance::pages::token::TokenCheckinPage,
        VolunteerCheckinRoute => crate::attendance::pages::volunteer::VolunteerCheckinPage,
        RegisterOrgRoute => crate::orgs::pages::register::RegisterOrgPage,
    ]
    /// Organisation staff's pages: publishing, rosters, reviews, records, venues, imports.
    StaffPage, staff_page, __preload_staff_page: [
        PublishRoute => crate::activities::pages::publish::PublishPage,
        ParticipantsRoute => crate::activities::pages::manage::ParticipantsPage,
        MakeupQueueRoute => crate::records::makeup::pages::MakeupQueuePage,
        ActivityReviewRoute => crate::attendance::review::pages::ActivityReviewPage,
        OrgReviewRoute => crate::attendance::review::pages::OrgReviewPage,
        ActivityRecordsRoute => crate::records::pages::ActivityRecordsPage,
        OrgRecordsRoute => crate::records::pages::OrgRecordsPage,
        OrgActivitiesRoute => crate::activities::pages::manage::OrgActivitiesPage,
        ProjectFormRoute => crate::activities::pages::projects::ProjectFormPage,
        ScreenRoute => crate::attendance::pages::screen::ScreenPage,
        StaffCheckinRoute => crate::attendance::pages::staff::StaffCheckinPage,
        OrgDemandsRoute => crate::demands::pages::OrgDemandsPage,
        VenueFormRoute => crate::venues::pages::form::VenueFormPage,
        OrgVenuesRoute => crate::venues::pages::manage::OrgVenuesPage,
        VenuePhotosRoute => crate::venues::pages::photos::VenuePhotosPage,
        RegistrationsRoute => crate::orgs::pages::register::registrations::RegistrationsPage,
        ManageRoute => crate::orgs::pages::manage::overview::ManagePage,
        ReviewsRoute => crate::orgs::pages::manage::reviews::ReviewsPage,
        ApplicationsRoute => crate::orgs::pages::manage::applications::ApplicationsPage,
        RosterRoute => crate::orgs::pages::manage::roster::RosterPage,
        StaffRoute => crate::orgs::pages::manage::staff::StaffPage,
        ImportRoute => crate::orgs::pages::manage::import::ImportPage,
    ]
    /// The platform administrators' console.
    PlatformPage, platform_page, __preload_platform_page: [
        PlatformRoute => crate::platform::pages::corps::PlatformPage,
        AdminsRoute => crate::platform::pages::admins::AdminsPage,
        ClosuresRoute => crate::platform::pages::closures::ClosuresPage,
        AuditLogRoute => crate::platform::pages::audit::AuditLogPage,
    ]
}
