//! Who may call what. One row per endpoint the router serves, keyed as `served()` lists it:
//! server functions by path (`/api/orgs/roster`), pages and other routes by pattern
//! (`/orgs/{id}/manage`). A new endpoint needs a row here, or the matrix test fails naming it.
//!
//! A row says which callers are `allowed` and what status the others get (`refused`; anonymous
//! callers may get 401 instead). Allowed callers must not get 401/403 (nor `refused`); nobody
//! gets a 5xx; and no answer to a caller outside `allowed` holds the member's name. The call
//! is a minimal body that passes decoding and reaches the gate; where the function validates
//! before it authorises, the body is valid. `$name`s are filled from the world the test builds.

/// The five people every endpoint is called as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    Anonymous,
    /// Signed in, complete profile, an active member of `$org` (no staff role).
    Volunteer,
    /// The admin of another tree: strongest role, wrong subtree.
    OtherTreeAdmin,
    /// The lowest staff role ("staff"), held on the corps above `$org`.
    Staff,
    PlatformAdmin,
}
use Caller::*;

pub const CALLERS: [Caller; 5] = [Anonymous, Volunteer, OtherTreeAdmin, Staff, PlatformAdmin];
const EVERYONE: &[Caller] = &CALLERS;
const SIGNED_IN: &[Caller] = &[Volunteer, OtherTreeAdmin, Staff, PlatformAdmin];
/// Staff (any role) over the subtree, and platform admins.
const MANAGERS: &[Caller] = &[Staff, PlatformAdmin];
/// An admin role over the organisation: the lowest staff role is not one.
const ORG_ADMINS: &[Caller] = &[PlatformAdmin];
/// Platform admins only (the platform console).
const PLATFORM: &[Caller] = &[PlatformAdmin];
/// The volunteer's own records (memberships, sign-ups): nobody else reaches them.
const OWNER: &[Caller] = &[Volunteer];
/// Hidden from everyone on this route (drafts on public routes).
const NOBODY: &[Caller] = &[];

pub enum Call {
    /// POST, form-encoded (`a=1&b=$org`), as the browser's forms send.
    Form(&'static str),
    /// POST, JSON.
    Json(&'static str),
    /// POST, multipart: these fields and a CSV file holding only the volunteer headers.
    Multipart(&'static str),
    /// POST, form-encoded, to this path (the route's pattern filled in): a download's form.
    FormTo(&'static str, &'static str),
    /// GET this path (the route's pattern filled in).
    Get(&'static str),
}
use Call::*;

pub struct Rule {
    pub allowed: &'static [Caller],
    /// The status a signed-in caller outside `allowed` gets: 403, or 404/409 where the
    /// endpoint does not say whether the thing exists; 200 for a page, which answers with a
    /// refusal inside (its data comes through the server functions above).
    pub refused: u16,
    pub call: Call,
    /// Run after every other row (logging out).
    pub ends_session: bool,
}

const fn rule(allowed: &'static [Caller], refused: u16, call: Call) -> Rule {
    Rule { allowed, refused, call, ends_session: false }
}

/// A page anyone may open.
const fn page(path: &'static str) -> Rule {
    rule(EVERYONE, 200, Get(path))
}

/// A page of the platform console: others get the page, never the data.
const fn platform_page(path: &'static str) -> Rule {
    rule(PLATFORM, 200, Get(path))
}

/// A page of the staff console: others get the page, never the data.
const fn console(path: &'static str) -> Rule {
    rule(MANAGERS, 200, Get(path))
}

pub const RULES: &[(&str, Rule)] = &[
    // Accounts
    ("/api/accounts/login-code", rule(EVERYONE, 0, Form("mobile=1&code=1"))),
    ("/api/accounts/login-password", rule(EVERYONE, 0, Form("mobile=13800000000&password="))),
    ("/api/accounts/logout", Rule { ends_session: true, ..rule(EVERYONE, 0, Form("")) }),
    ("/api/accounts/me", rule(EVERYONE, 0, Form(""))),
    ("/api/accounts/send-code", rule(EVERYONE, 0, Form("mobile=1"))),
    ("/api/accounts/send-own-code", rule(SIGNED_IN, 401, Form(""))),
    ("/api/accounts/set-password", rule(SIGNED_IN, 401, Form("password=x&code=000000"))),
    // Activities and projects
    ("/api/activities/cancel", rule(MANAGERS, 403, Form("id=$to_cancel&reason=场地临时关闭"))),
    ("/api/activities/cancel-sign-up", rule(OWNER, 409, Form("activity_id=$activity"))),
    ("/api/activities/decide-sign-up", rule(MANAGERS, 403, Form("signup_id=$signup&approve=true&reason="))),
    ("/api/activities/detail", rule(MANAGERS, 404, Form("id=$draft"))),
    ("/api/activities/form-context", rule(MANAGERS, 403, Form("activity_id=$draft"))),
    ("/api/activities/list", rule(EVERYONE, 0, Json(r#"{"query":$activity_query}"#))),
    ("/api/activities/mine", rule(SIGNED_IN, 401, Form("tab=all&q="))),
    ("/api/activities/of-org", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/activities/participants", rule(MANAGERS, 403, Form("activity_id=$activity"))),
    ("/api/activities/save", rule(MANAGERS, 403, Json(r#"{"id":null,"input":$activity_input,"publish":false}"#))),
    ("/api/activities/sign-up", rule(SIGNED_IN, 401, Form("input[activity_id]=$activity"))),
    ("/api/activities/signup-queue", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/projects/detail", rule(EVERYONE, 0, Form("id=$project"))),
    ("/api/projects/list", rule(EVERYONE, 0, Form("org_id=$org"))),
    ("/api/projects/save", rule(MANAGERS, 403, Json(r#"{"id":null,"input":$project_input}"#))),
    // Inbox
    ("/api/inbox/list", rule(SIGNED_IN, 401, Form(""))),
    ("/api/inbox/mark-read", rule(SIGNED_IN, 401, Form(""))),
    ("/api/inbox/unread", rule(EVERYONE, 0, Form(""))),
    // Organisations
    ("/api/orgs/applications", rule(MANAGERS, 403, Form("org_id=$org"))),
    // Only the invited person's own invitation answers (server/tests/invitations.rs); id 0 is nobody's.
    ("/api/orgs/answer-invitation", rule(SIGNED_IN, 401, Form("invitation_id=0&accept=false"))),
    // Only the named mobile's holder answers (server/tests/org_registration_consent.rs).
    ("/api/orgs/answer-registration", rule(SIGNED_IN, 401, Form("id=0&accept=false"))),
    ("/api/orgs/apply", rule(SIGNED_IN, 401, Form("org_id=$org2"))),
    ("/api/orgs/classify", rule(MANAGERS, 403, Form("membership_id=$member_membership&class=骨干"))),
    (
        "/api/orgs/decide-application",
        rule(MANAGERS, 403, Form("membership_id=$pending_application&approve=false&reason=")),
    ),
    ("/api/orgs/decide-review", rule(MANAGERS, 403, Form("org_id=$pending_org&approve=false&reason="))),
    ("/api/orgs/detail", rule(EVERYONE, 0, Form("id=$org"))),
    ("/api/orgs/form-context", rule(EVERYONE, 0, Form("parent_id=$org"))),
    ("/api/orgs/import", rule(MANAGERS, 403, Multipart("org_id=$org&kind=volunteers"))),
    ("/api/orgs/leave", rule(OWNER, 409, Form("membership_id=$own_pending&reason="))),
    ("/api/orgs/list", rule(EVERYONE, 0, Json(r#"{"query":{}}"#))),
    ("/api/orgs/mine", rule(SIGNED_IN, 401, Form(""))),
    ("/api/orgs/my-invitations", rule(SIGNED_IN, 401, Form(""))),
    ("/api/orgs/registrations", rule(SIGNED_IN, 401, Form(""))),
    ("/api/orgs/register", rule(SIGNED_IN, 401, Json(r#"{"input":$org_input}"#))),
    ("/api/orgs/remove-member", rule(MANAGERS, 403, Form("membership_id=$member_membership&reason="))),
    ("/api/orgs/remove-staff", rule(ORG_ADMINS, 403, Form("org_id=$org&volunteer_no=KJ0"))),
    ("/api/orgs/review-queue", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/orgs/roster", rule(MANAGERS, 403, Json(r#"{"query":{"org_id":$org}}"#))),
    ("/api/orgs/roster-count", rule(MANAGERS, 403, Json(r#"{"query":{"org_id":$org}}"#))),
    // Reopening an open organisation changes nothing (409 for the platform admin).
    ("/api/orgs/set-closed", rule(PLATFORM, 403, Form("org_id=$org&closed=false"))),
    ("/api/orgs/set-staff", rule(ORG_ADMINS, 403, Form("org_id=$org&who=x&role=none"))),
    ("/api/orgs/staff", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/orgs/subtree-counts", rule(MANAGERS, 403, Form("id=$org"))),
    ("/api/orgs/transfer", rule(OWNER, 404, Form("membership_id=$own_membership&to_org_id=$org"))),
    // Platform console
    ("/api/platform/admins", rule(PLATFORM, 403, Form(""))),
    ("/api/platform/audit", rule(PLATFORM, 403, Form("actor=&subject=&action=&from=&until="))),
    ("/api/platform/closures", rule(PLATFORM, 403, Form(""))),
    ("/api/platform/complete-closure", rule(PLATFORM, 403, Form("volunteer_no=KJ0"))),
    ("/api/platform/corps", rule(PLATFORM, 403, Form(""))),
    ("/api/platform/grant-admin", rule(PLATFORM, 403, Form("mobile=13900009999"))),
    ("/api/platform/revoke-admin", rule(PLATFORM, 403, Form("volunteer_no=KJ0"))),
    // Volunteers
    ("/api/volunteers/cancel-closure", rule(SIGNED_IN, 401, Form(""))),
    ("/api/volunteers/card", rule(MANAGERS, 403, Form("volunteer_no=$member_no"))),
    ("/api/volunteers/my-profile", rule(SIGNED_IN, 401, Form(""))),
    ("/api/volunteers/request-closure", rule(SIGNED_IN, 401, Form(""))),
    ("/api/volunteers/reveal", rule(MANAGERS, 403, Form("volunteer_no=$member_no"))),
    ("/api/volunteers/save-profile", rule(SIGNED_IN, 401, Json(r#"{"input":$profile_input}"#))),
    // Downloads and operations (startup::extra_routes)
    ("/healthz", rule(EVERYONE, 0, Get("/healthz"))),
    // The region table the light pages fetch (named by a hash of its content).
    (app::regions::TSV_PATH, rule(EVERYONE, 0, Get(app::regions::TSV_PATH))),
    ("/me/export.json", rule(SIGNED_IN, 401, Get("/me/export.json"))),
    ("/me/activities.ics", rule(SIGNED_IN, 401, Get("/me/activities.ics"))),
    ("/orgs/{id}/roster.csv", rule(MANAGERS, 403, Get("/orgs/$org/roster.csv"))),
    // GET is the masked export; the unmasked one is posted (roster.csv's POST shares the gate).
    ("/orgs/{id}/roster.xlsx", rule(ORG_ADMINS, 403, FormTo("/orgs/$org/roster.xlsx", "org_id=$org"))),
    ("/import-templates/{file}", rule(EVERYONE, 0, Get("/import-templates/volunteers.csv"))),
    ("/activities/{id}/qr.svg", rule(EVERYONE, 0, Get("/activities/$activity/qr.svg"))),
    ("/activities/{id}/calendar.ics", rule(NOBODY, 404, Get("/activities/$draft/calendar.ics"))),
    // The public API
    ("/api/openapi.json", rule(EVERYONE, 0, Get("/api/openapi.json"))),
    ("/api/v1/activities", rule(EVERYONE, 0, Get("/api/v1/activities"))),
    ("/api/v1/activities/{id}", rule(NOBODY, 404, Get("/api/v1/activities/$draft"))),
    ("/api/v1/organisations", rule(EVERYONE, 0, Get("/api/v1/organisations"))),
    ("/api/v1/organisations/{id}", rule(EVERYONE, 0, Get("/api/v1/organisations/$org"))),
    ("/api/v1/projects", rule(EVERYONE, 0, Get("/api/v1/projects"))),
    ("/api/v1/projects/{id}", rule(EVERYONE, 0, Get("/api/v1/projects/$project"))),
    // Pages
    ("/", page("/")),
    ("/activities", page("/activities")),
    ("/activities/new", page("/activities/new")),
    ("/activities/{id}", rule(MANAGERS, 404, Get("/activities/$draft"))),
    ("/activities/{id}/edit", console("/activities/$activity/edit")),
    ("/activities/{id}/signups", console("/activities/$activity/signups")),
    ("/inbox", page("/inbox")),
    ("/login", page("/login")),
    ("/me", page("/me")),
    ("/me/activities", page("/me/activities")),
    ("/me/orgs", page("/me/orgs")),
    ("/me/password", page("/me/password")),
    ("/me/profile", page("/me/profile")),
    ("/orgs", page("/orgs")),
    ("/orgs/new", page("/orgs/new")),
    ("/orgs/registrations", page("/orgs/registrations")),
    ("/orgs/{id}", page("/orgs/$org")),
    ("/orgs/{id}/manage", console("/orgs/$org/manage")),
    ("/orgs/{id}/manage/activities", console("/orgs/$org/manage/activities")),
    ("/orgs/{id}/manage/applications", console("/orgs/$org/manage/applications")),
    ("/orgs/{id}/manage/import", console("/orgs/$org/manage/import")),
    ("/orgs/{id}/manage/reviews", console("/orgs/$org/manage/reviews")),
    ("/orgs/{id}/manage/roster", console("/orgs/$org/manage/roster")),
    ("/orgs/{id}/manage/staff", console("/orgs/$org/manage/staff")),
    ("/platform", platform_page("/platform")),
    ("/platform/admins", platform_page("/platform/admins")),
    ("/platform/audit", platform_page("/platform/audit")),
    ("/platform/closures", platform_page("/platform/closures")),
    ("/projects/new", page("/projects/new")),
    ("/projects/{id}", page("/projects/$project")),
    ("/projects/{id}/edit", console("/projects/$project/edit")),
    ("/volunteers/{no}", console("/volunteers/$member_no")),
    // Attendance (F-30, F-35): a check-in needs a confirmed sign-up (everyone here gets a 409:
    // the activity is years ahead); codes, the list and staff marks are the subtree's staff's.
    (
        "/api/attendance/check",
        rule(
            SIGNED_IN,
            401,
            Form("input[activity_id]=$activity&input[direction]=in&input[lat]=31.706&input[lng]=119.942"),
        ),
    ),
    ("/api/attendance/context", rule(SIGNED_IN, 401, Form("activity_id=$activity"))),
    ("/api/attendance/token-context", rule(SIGNED_IN, 401, Form("token=1.1.i.000000000000000000000000"))),
    ("/api/attendance/screen-token", rule(MANAGERS, 403, Form("activity_id=$activity&direction=in"))),
    ("/api/attendance/staff-sheet", rule(MANAGERS, 403, Form("activity_id=$activity"))),
    (
        "/api/attendance/staff-mark",
        rule(MANAGERS, 403, Form("activity_id=$activity&volunteer_no=$member_no&direction=in")),
    ),
    ("/checkin/{token}", page("/checkin/1.1.i.000000000000000000000000")),
    ("/activities/{id}/checkin", page("/activities/$activity/checkin")),
    ("/activities/{id}/checkin/screen", console("/activities/$activity/checkin/screen")),
    ("/activities/{id}/checkin/staff", console("/activities/$activity/checkin/staff")),
    // Service records and hours (F-31, F-33). No hours line or coefficient exists in this world:
    // those calls name a missing one, which nobody may learn about (404). `$activity` has not
    // ended, so staff closing it are refused with 409, and editing its (missing) record is a 404.
    ("/api/records/activity", rule(MANAGERS, 403, Form("activity_id=$activity"))),
    (
        "/api/records/close",
        rule(MANAGERS, 403, Form("activity_id=$activity&quality_score=4&quality_note=&leader_name=王&summary=")),
    ),
    (
        "/api/records/edit",
        rule(
            MANAGERS,
            403,
            Form("activity_id=$activity&quality_score=4&quality_note=&leader_name=王&summary=&reason=改"),
        ),
    ),
    ("/api/records/approve-all", rule(MANAGERS, 403, Form("activity_id=$activity"))),
    ("/api/records/decide-hours", rule(NOBODY, 404, Form("hours_id=999999&approve=true&reason="))),
    ("/api/records/correct-hours", rule(NOBODY, 404, Form("hours_id=999999&minutes=30&reason=更正"))),
    ("/api/records/hours-history", rule(NOBODY, 404, Form("hours_id=999999"))),
    ("/api/records/overdue", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/records/weights", rule(MANAGERS, 403, Form("org_id=$org"))),
    // `$org` is a team: only a corps sets coefficients, so everyone is refused.
    ("/api/records/add-weight", rule(NOBODY, 403, Form("org_id=$org&condition=climate&label=高温&factor=1.25"))),
    ("/api/records/retire-weight", rule(NOBODY, 404, Form("weight_id=999999"))),
    ("/api/records/set-weight", rule(MANAGERS, 403, Form("activity_id=$activity&weight_id=999999&on=true"))),
    ("/activities/{id}/records", console("/activities/$activity/records")),
    ("/orgs/{id}/manage/records", console("/orgs/$org/manage/records")),
    // Certificates and my hours (tests/certificates.rs covers issuing, revoking and verifying
    // real certificates). Nobody in this world has approved hours, so every download is refused
    // (409); an unknown code is not found for everyone, staff included.
    (
        "/me/certificate.pdf",
        rule(NOBODY, 409, FormTo("/me/certificate.pdf", "scope=period&from=2026-01-01&to=2026-12-31")),
    ),
    ("/api/records/my-hours", rule(SIGNED_IN, 401, Form(""))),
    // `$member_no` is the volunteer: staff over their team and platform admins see their hours
    // (the person too, but the matrix's volunteer is someone else).
    ("/api/records/volunteer-hours", rule(MANAGERS, 403, Form("volunteer_no=$member_no"))),
    ("/volunteers/{no}/hours", page("/volunteers/$member_no/hours")),
    ("/api/certificates/verify", rule(EVERYONE, 0, Form("code=0000000000000000000000AA"))),
    // Nobody holds this code: not found for everyone.
    ("/api/certificates/may-revoke", rule(NOBODY, 404, Form("code=0000000000000000000000AA"))),
    ("/api/certificates/revoke", rule(NOBODY, 404, Form("code=0000000000000000000000AA&reason=错误"))),
    ("/api/v1/certificates/{code}", rule(EVERYONE, 0, Get("/api/v1/certificates/0000000000000000000000AA"))),
    ("/me/hours", page("/me/hours")),
    ("/verify/{code}", page("/verify/0000000000000000000000AA")),
    // Make-up requests (F-32) and the attendance review queue (F-36). Deciding, reviewing and
    // photos name ids nobody holds here (0): server/tests/makeup.rs and review.rs check their
    // scope with real requests and flags.
    ("/api/records/makeup-file", rule(SIGNED_IN, 401, Multipart("activity_id=$activity&cause=network&reason=x"))),
    ("/api/records/makeup-form", rule(SIGNED_IN, 401, Form("activity_id=$activity"))),
    ("/api/records/my-makeups", rule(SIGNED_IN, 401, Form(""))),
    ("/api/records/makeup-queue", rule(MANAGERS, 403, Form("activity_id=$activity"))),
    ("/api/records/decide-makeup", rule(NOBODY, 404, Form("request_id=0&approve=false&reason=x"))),
    ("/api/attendance/review-org", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/attendance/review-activity", rule(MANAGERS, 403, Form("activity_id=$activity"))),
    ("/api/attendance/review-flag", rule(NOBODY, 404, Form("flag_id=0&decision=dismissed&note=x"))),
    ("/makeups/{id}/photo", rule(NOBODY, 404, Get("/makeups/0/photo"))),
    ("/activities/{id}/makeup", page("/activities/$activity/makeup")),
    ("/activities/{id}/makeups", console("/activities/$activity/makeups")),
    ("/activities/{id}/review", console("/activities/$activity/review")),
    ("/me/makeups", page("/me/makeups")),
    ("/orgs/{id}/attendance/review", console("/orgs/$org/attendance/review")),
    // Service demands and matching (F-42, F-43). Ids nobody holds (0) for the actions on one
    // demand: server/tests/demands.rs checks their scope with real demands in two trees.
    ("/api/demands/orgs", rule(EVERYONE, 0, Form(""))),
    ("/api/demands/post", rule(EVERYONE, 0, Form("input[title]=x"))),
    ("/api/demands/verify", rule(NOBODY, 404, Form("token=00&code=123456"))),
    ("/api/demands/resend-code", rule(NOBODY, 404, Form("token=00"))),
    ("/api/demands/follow", rule(NOBODY, 404, Form("token=00"))),
    ("/api/demands/list", rule(EVERYONE, 0, Form(""))),
    ("/api/demands/detail", rule(NOBODY, 404, Form("id=0"))),
    ("/api/demands/queue", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/demands/review", rule(NOBODY, 404, Form("demand_id=0&publish=true&reason="))),
    ("/api/demands/close", rule(NOBODY, 404, Form("demand_id=0"))),
    ("/api/demands/match", rule(NOBODY, 404, Form("demand_id=0"))),
    ("/api/demands/match-activity", rule(MANAGERS, 404, Form("activity_id=$activity"))),
    ("/api/demands/accept", rule(NOBODY, 404, Form("demand_id=0"))),
    ("/api/demands/recruit", rule(NOBODY, 404, Form("demand_id=0"))),
    ("/demands", page("/demands")),
    ("/demands/new", page("/demands/new")),
    ("/demands/follow/{token}", page("/demands/follow/00")),
    ("/demands/{id}", page("/demands/0")),
    ("/orgs/{id}/manage/demands", console("/orgs/$org/manage/demands")),
    // Venues and the map (F-40, F-41): staff keep up their subtree's venues (tests/venues.rs
    // checks another subtree's staff with real venues); everyone reads open ones.
    ("/api/venues/form-context", rule(MANAGERS, 403, Form("venue_id=$venue"))),
    ("/api/venues/save", rule(MANAGERS, 403, Json(r#"{"id":$venue,"input":$venue_input}"#))),
    ("/api/venues/retire", rule(MANAGERS, 403, Form("id=$venue&retired=false"))),
    ("/api/venues/of-org", rule(MANAGERS, 403, Form("org_id=$org"))),
    ("/api/venues/detail", rule(EVERYONE, 0, Form("id=$venue"))),
    ("/api/venues/map-list", rule(EVERYONE, 0, Form("kind=&category=&layer=&bbox="))),
    ("/api/v1/venues", rule(EVERYONE, 0, Get("/api/v1/venues"))),
    ("/api/v1/venues/{id}", rule(EVERYONE, 0, Get("/api/v1/venues/$venue"))),
    ("/api/v1/map", rule(EVERYONE, 0, Get("/api/v1/map?zoom=5"))),
    ("/map", page("/map")),
    ("/venues/{id}", page("/venues/$venue")),
    ("/venues/new", console("/venues/new")),
    ("/venues/{id}/edit", console("/venues/$venue/edit")),
    ("/orgs/{id}/manage/venues", console("/orgs/$org/manage/venues")),
    // Venue photos (F-40): staff of the venue's subtree add and retire them (the multipart file
    // here is a CSV, refused as a type after the gate); anyone reads a shown photo of an open
    // venue. Photo 0 exists nowhere: server/tests/venue_photos.rs checks real ones in two trees.
    ("/api/venues/photos", rule(MANAGERS, 403, Form("venue_id=$venue"))),
    ("/api/venues/photo-add", rule(MANAGERS, 403, Multipart("venue_id=$venue&caption=x"))),
    ("/api/venues/photo-retire", rule(NOBODY, 404, Form("photo_id=0"))),
    ("/venues/{id}/photos/{photo_id}", rule(NOBODY, 404, Get("/venues/$venue/photos/0"))),
    ("/venues/{id}/photos", console("/venues/$venue/photos")),
];
