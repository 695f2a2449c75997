//! The frame every console page shares: who may see it (signed in, staff of the organisation or
//! of a unit above it), the organisation's name, and the tab-like navigation between sections.
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::api::get_org;
use crate::orgs::views::OrgDetail;
use crate::ui::errors::error_text;
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_params_map};

/// The console's sections, in navigation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Overview,
    /// Activities published by the subtree and the sign-ups waiting for approval.
    Activities,
    Reviews,
    Applications,
    Roster,
    Staff,
    Import,
    /// Service records overdue for closing, and the corps' coefficients.
    Records,
    /// Attendance anomalies waiting for review (F-36), at `/orgs/{id}/attendance/review`.
    AttendanceReview,
    /// Service demands of the subtree (F-42), the ones waiting for review first.
    Demands,
    /// The subtree's venues (F-40).
    Venues,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Overview,
        Section::Activities,
        Section::Reviews,
        Section::Applications,
        Section::Roster,
        Section::Staff,
        Section::Import,
        Section::Records,
        Section::AttendanceReview,
        Section::Demands,
        Section::Venues,
    ];

    /// The path below `/orgs/{id}/manage`.
    fn suffix(self) -> &'static str {
        match self {
            Section::Overview => "",
            Section::Activities => "/activities",
            Section::Reviews => "/reviews",
            Section::Applications => "/applications",
            Section::Roster => "/roster",
            Section::Staff => "/staff",
            Section::Import => "/import",
            Section::Records => "/records",
            Section::AttendanceReview => "",
            Section::Demands => "/demands",
            Section::Venues => "/venues",
        }
    }

    pub fn href(self, org_id: i64) -> String {
        if self == Section::AttendanceReview {
            return format!("/orgs/{org_id}/attendance/review");
        }
        format!("/orgs/{org_id}/manage{}", self.suffix())
    }

    /// The section's name in the navigation and as the page heading.
    pub fn label(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Section::Overview => t_string!(i18n, manage.nav.overview).to_string(),
            Section::Activities => t_string!(i18n, manage_activities.nav_tab).to_string(),
            Section::Reviews => t_string!(i18n, manage.nav.reviews).to_string(),
            Section::Applications => t_string!(i18n, manage.nav.applications).to_string(),
            Section::Roster => t_string!(i18n, manage.nav.roster).to_string(),
            Section::Staff => t_string!(i18n, manage.nav.staff).to_string(),
            Section::Import => t_string!(i18n, manage.nav.import).to_string(),
            Section::Records => t_string!(i18n, records.nav_tab).to_string(),
            Section::AttendanceReview => t_string!(i18n, review.nav).to_string(),
            Section::Demands => t_string!(i18n, demands.nav_tab).to_string(),
            Section::Venues => t_string!(i18n, venues.nav_tab).to_string(),
        }
    }
}

/// What a console page knows before rendering: the organisation in the address, whether the
/// person is signed in, and the organisation with the person's rights over it. Created at the
/// top of each page so the page's own resources load alongside it.
#[derive(Clone, Copy)]
pub struct ManageScope {
    pub org_id: Memo<Option<i64>>,
    /// The organisation with the viewer's relation to it (signed in? may manage?). One resource
    /// that depends only on the URL, so the server's render and the browser's hydration read
    /// the same value in the same order.
    pub org: Resource<Result<Option<OrgDetail>, AppError>>,
}

impl ManageScope {
    pub fn new() -> Self {
        let params = use_params_map();
        let org_id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
        let org = Resource::new(
            move || org_id.get(),
            |id| async move {
                match id {
                    None => Err(AppError::NotFound),
                    Some(id) => get_org(id).await.map(Some),
                }
            },
        );
        ManageScope { org_id, org }
    }

    /// The organisation id: the key of the page's own server calls (which refuse anyone the
    /// shell would not show the page to anyway).
    pub fn key(&self) -> Option<i64> {
        self.org_id.get()
    }

    /// The organisation id without tracking (for links and server calls inside handlers).
    pub fn id(&self) -> i64 {
        self.org_id.get_untracked().unwrap_or_default()
    }

    /// True when the person is an admin over the organisation (may manage roles, full export).
    pub fn can_admin(&self) -> bool {
        self.org.get().and_then(|r| r.ok()).flatten().is_some_and(|o| o.viewer.can_admin)
    }
}

impl Default for ManageScope {
    fn default() -> Self {
        Self::new()
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters pass).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Frames a console page: sends people who are not signed in to login (and back here after),
/// says so to people without a role here, and otherwise shows the organisation, the heading,
/// the section navigation and the page.
#[component]
pub fn ManageShell(scope: ManageScope, section: Section, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // LoginRequired takes a fixed path; this page's path carries the organisation id (and the
    // roster's filters), so the same redirect is built here with the whole address as `next`.
    let login_path = move || {
        let search = location.search.get_untracked();
        let here = if search.is_empty() {
            location.pathname.get_untracked()
        } else {
            format!("{}?{search}", location.pathname.get_untracked())
        };
        format!("/login?next={}", encode(&here))
    };
    let children = StoredValue::new(children);
    view! {
        <PageTitle text=move || {
            format!("{} · {} · {}", section.label(i18n), t_string!(i18n, manage.title), t_string!(i18n, app.name))
        } />
        <section class="page manage">
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match scope.org.get().map(|r| r.map(|o| o.map(|o| (o.viewer.signed_in, o)))) {
                    Some(Ok(Some((false, _)))) => view! { <Redirect path=login_path() /> }.into_any(),
                    Some(Err(e)) => {
                        view! {
                            <h1>{move || t_string!(i18n, manage.title).to_string()}</h1>
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(Some((true, org)))) if !org.viewer.can_manage => {
                        let id = org.summary.id;
                        view! {
                            <h1>{org.summary.name.clone()}</h1>
                            <p class="banner banner-error" role="alert">
                                {move || t_string!(i18n, manage.forbidden).to_string()}
                            </p>
                            <p>
                                <a href=format!(
                                    "/orgs/{id}",
                                )>{move || t_string!(i18n, manage.public_page).to_string()}</a>
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(Some((true, org)))) => {
                        let id = org.summary.id;
                        let name = org.summary.name.clone();
                        view! {
                            {if section == Section::Overview {
                                view! {
                                    <p class="manage-eyebrow">{move || t_string!(i18n, manage.title).to_string()}</p>
                                    <h1>{name}</h1>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <p class="manage-eyebrow">
                                        <a href=Section::Overview.href(id)>{name}</a>
                                    </p>
                                    <h1>{move || section.label(i18n)}</h1>
                                }
                                    .into_any()
                            }}
                            <ManageNav org_id=id current=section />
                            <div class="manage-body">{children.with_value(|c| c())}</div>
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

/// The section links, as a navigation landmark; the current one carries `aria-current="page"`
/// and is marked by weight and an underline as well as by colour.
#[component]
pub fn ManageNav(org_id: i64, current: Section) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="manage-nav" aria-label=move || t_string!(i18n, manage.nav.label).to_string()>
            <ul>
                {Section::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li>
                                <a href=s.href(org_id) aria-current=(s == current).then_some("page")>
                                    {move || s.label(i18n)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// Moves keyboard focus to an element by id once the page has drawn (after an item that held
/// focus disappears, focus lands on the message that says what happened).
pub fn focus_later(id: &'static str) {
    #[cfg(not(feature = "ssr"))]
    request_animation_frame(move || crate::ui::fields::focus_id(id));
    #[cfg(feature = "ssr")]
    let _ = id;
}
