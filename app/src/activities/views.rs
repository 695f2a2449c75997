//! What the activity pages and the public API receive: plain serialisable values.
use crate::activities::model::{ActivityStatus, Phase, SignupStatus};
use serde::{Deserialize, Serialize};

/// One line of a list: enough for a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActivitySummary {
    pub id: i64,
    pub title: String,
    pub org_id: i64,
    pub org_name: String,
    /// Service category code (`codes::SERVICE_CATEGORY`).
    pub category: String,
    /// offline | online | hybrid
    pub mode: String,
    /// GB/T 2260 codes.
    pub province: String,
    pub city: String,
    pub county: String,
    /// Region names joined, e.g. 江苏省 常州市 武进区.
    pub region_name: String,
    pub address: String,
    /// Microseconds since the epoch, UTC.
    pub starts_at: i64,
    pub ends_at: i64,
    pub signup_opens_at: i64,
    pub signup_closes_at: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub phase: Phase,
    pub capacity: i64,
    pub confirmed: i64,
    pub waitlisted: i64,
    pub lat_e6: Option<i64>,
    pub lng_e6: Option<i64>,
    /// Metres from the position the list was sorted by, when it was.
    pub distance_m: Option<i64>,
}

impl ActivitySummary {
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.confirmed).max(0)
    }
}

/// Filters of the public list; every field is optional (empty = any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityQuery {
    /// Keyword over title, content and organisation name.
    pub q: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub category: String,
    pub mode: String,
    /// A `Phase::FILTERABLE` code; empty means "not ended" (recruiting, closed, in progress).
    pub phase: String,
    /// Local dates YYYY-MM-DD: activities starting on or after `from` and on or before `to`.
    pub from: String,
    pub to: String,
    /// Sort by distance from here (microdegrees) instead of by start time.
    pub near_lat_e6: Option<i64>,
    pub near_lng_e6: Option<i64>,
    pub project_id: Option<i64>,
    pub org_id: Option<i64>,
    /// The cursor from the previous page's `next`.
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub items: Vec<ActivitySummary>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// The full page of one activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityDetail {
    pub summary: ActivitySummary,
    pub status: ActivityStatus,
    pub project: Option<(i64, String)>,
    /// The venue it is held at (id, name), F-40.
    #[serde(default)]
    pub venue: Option<(i64, String)>,
    pub content_form: String,
    pub service_objects: Vec<String>,
    pub special_groups: Vec<String>,
    pub content: String,
    pub online_link: String,
    pub cancel_deadline_at: i64,
    pub needs_approval: bool,
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    pub skills: String,
    pub qualification: String,
    pub training_required: bool,
    pub insurance_required: bool,
    pub risks: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// purpose, process, support, funding, emergency_plan, publicity (CVST 3 §6.1.5).
    pub plan: Vec<(String, String)>,
    pub cancel_reason: String,
    pub version: i64,
    /// The signed-in person's relation to it, if signed in.
    pub viewer: Option<Viewer>,
}

/// The signed-in viewer's side of an activity page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub signup: Option<MySignup>,
    /// The viewer manages the organising organisation (edit, cancel, approve).
    pub can_manage: bool,
    /// The real-name profile is complete (needed to sign up).
    pub profile_complete: bool,
    /// Other activities the viewer is signed up for that overlap this one in time.
    pub overlaps: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySignup {
    pub id: i64,
    pub status: SignupStatus,
    /// 1-based place in the waitlist, when waitlisted.
    pub waitlist_position: Option<i64>,
    /// Cancelling is still allowed (before the organiser's deadline).
    pub can_cancel: bool,
}

/// What signing up did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupResult {
    pub status: SignupStatus,
    pub waitlist_position: Option<i64>,
    /// Other sign-ups of the person that overlap in time (signed up anyway; shown as a warning).
    pub overlaps: Vec<(i64, String)>,
}

/// A row of "my activities" (F-24).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyActivity {
    pub summary: ActivitySummary,
    pub signup_status: SignupStatus,
    pub waitlist_position: Option<i64>,
}

/// A row of "published by us": the activity and its sign-up counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgActivity {
    pub summary: ActivitySummary,
    pub status: ActivityStatus,
    pub pending: i64,
}

/// A sign-up waiting for the organiser's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupRequest {
    pub signup_id: i64,
    pub activity_id: i64,
    pub activity_title: String,
    pub name: String,
    pub masked_mobile: String,
    pub age: Option<u32>,
    pub qualifications: String,
    pub requested_at: i64,
}

/// A person signed up (the organiser's list for one activity).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub signup_id: i64,
    pub name: String,
    pub masked_mobile: String,
    pub status: SignupStatus,
    pub queued_at: i64,
}

/// A project (F-26) with its totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProjectSummary {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub summary: String,
    pub service_objects: Vec<String>,
    pub goals: String,
    pub cycle: String,
    pub guarantees: String,
    pub brand_mark: String,
    pub has_brand_image: bool,
    /// Published activities (cancelled ones not counted).
    pub activities: i64,
    pub ended_activities: i64,
    /// Confirmed places over all its activities.
    pub volunteer_places: i64,
    /// Approved service hours of its activities, in minutes (weighted, as credited), and how
    /// many different volunteers served them (F-26: the project page aggregates hours).
    pub served_minutes: i64,
    pub served_people: i64,
}
