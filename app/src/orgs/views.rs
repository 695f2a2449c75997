//! What the organisation pages receive from the server: plain serialisable records, already
//! cut to what the viewer may see (personal data masked unless opened).
use serde::{Deserialize, Serialize};

/// pending → approved or rejected (CVST 1 §5.4); a platform admin closes an approved one (and
/// may reopen it). Only approved organisations are open: they alone publish, take members and
/// appear anywhere public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgStatus {
    Pending,
    Approved,
    Rejected,
    Closed,
}

impl OrgStatus {
    pub fn code(self) -> &'static str {
        match self {
            OrgStatus::Pending => "pending",
            OrgStatus::Approved => "approved",
            OrgStatus::Rejected => "rejected",
            OrgStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> OrgStatus {
        match code {
            "approved" => OrgStatus::Approved,
            "rejected" => OrgStatus::Rejected,
            "closed" => OrgStatus::Closed,
            _ => OrgStatus::Pending,
        }
    }
}

/// One line of the directory or of a list of sub-organisations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub id: i64,
    pub name: String,
    pub level: u32,
    pub level_name: String,
    pub status: OrgStatus,
    /// "江苏省 常州市 武进区", as far as the organisation's region goes.
    pub region: String,
    pub service_categories: Vec<String>,
    pub members: i64,
}

/// An organisation's public page, with what the viewer may do there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDetail {
    pub summary: OrgSummary,
    pub parent: Option<(i64, String)>,
    /// Root first, parent last.
    pub path: Vec<(i64, String)>,
    pub children: Vec<OrgSummary>,
    pub civil_registered: bool,
    pub supervisor_type: String,
    pub supervisor_name: String,
    pub founded_on: String,
    pub service_scope: String,
    pub service_content: String,
    pub service_objects: String,
    pub service_requirements: String,
    pub leader_name: String,
    pub leader_title: String,
    pub leader_unit: String,
    /// Set for rejected organisations when the viewer is the applicant or a reviewer.
    pub review_reason: Option<String>,
    pub viewer: OrgViewer,
    /// The configured name of a child of this organisation (its level + 1).
    pub child_level_name: String,
}

/// The viewer's relation to one organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgViewer {
    pub signed_in: bool,
    /// Staff (or admin) of this organisation or of an ancestor, or a platform admin.
    pub can_manage: bool,
    /// Admin of this organisation or of an ancestor, or a platform admin: may manage roles.
    pub can_admin: bool,
    /// The viewer's open membership here, if any.
    pub membership: Option<MembershipStatus>,
}

/// Directory filters; all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrgQuery {
    pub q: String,
    pub province: String,
    pub city: String,
    pub category: String,
    /// Keyset cursor: the last id of the previous page.
    pub after: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgPage {
    pub items: Vec<OrgSummary>,
    pub next: Option<i64>,
}

/// A pending registration as its reviewer sees it (CVST 1 §5.4.2: field, items, requirements,
/// name, member count, leader and contact).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub id: i64,
    pub name: String,
    pub parent_name: String,
    pub level_name: String,
    pub region: String,
    pub service_categories: Vec<String>,
    pub service_scope: String,
    pub service_content: String,
    pub service_objects: String,
    pub service_requirements: String,
    pub planned_members: i64,
    pub leader: String,
    pub contact_name: String,
    pub contact_mobile: String,
    pub civil_registered: bool,
    pub supervisor: String,
    pub founded_on: String,
    pub submitted_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    Pending,
    Active,
    Declined,
    Withdrawn,
    Left,
    Removed,
    Transferred,
}

impl MembershipStatus {
    pub fn code(self) -> &'static str {
        match self {
            MembershipStatus::Pending => "pending",
            MembershipStatus::Active => "active",
            MembershipStatus::Declined => "declined",
            MembershipStatus::Withdrawn => "withdrawn",
            MembershipStatus::Left => "left",
            MembershipStatus::Removed => "removed",
            MembershipStatus::Transferred => "transferred",
        }
    }

    pub fn from_code(code: &str) -> Option<MembershipStatus> {
        [
            MembershipStatus::Pending,
            MembershipStatus::Active,
            MembershipStatus::Declined,
            MembershipStatus::Withdrawn,
            MembershipStatus::Left,
            MembershipStatus::Removed,
            MembershipStatus::Transferred,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn is_open(self) -> bool {
        matches!(self, MembershipStatus::Pending | MembershipStatus::Active)
    }
}

/// One of the signed-in person's memberships, current or past.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub status: MembershipStatus,
    pub source: String,
    /// Why it was declined or the person removed (shown to them, CVST 2 §6.2 f).
    pub reason: String,
    /// For a pending transfer: the organisation being left.
    pub transfer_from_org: Option<String>,
    pub requested_at: i64,
    pub joined_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// A pending application in an organisation's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub volunteer_no: String,
    pub real_name: String,
    pub region: String,
    pub service_categories: Vec<String>,
    pub skills: String,
    pub transfer_from_org: Option<String>,
    pub requested_at: i64,
}

/// Roster filters (F-15). Empty strings mean "any". Missing fields default, so the same struct
/// reads an export link's query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RosterQuery {
    pub org_id: i64,
    /// Name, volunteer number or skill words.
    pub q: String,
    pub category: String,
    pub field: String,
    pub province: String,
    pub city: String,
    pub county: String,
    /// Membership status; empty means active.
    pub status: String,
    /// Staff's classification label (CVST 2 §6.2 b).
    pub class: String,
    /// Joined on or after / before, YYYY-MM-DD in platform time.
    pub joined_from: String,
    pub joined_to: String,
    /// Approved hours served in the subtree's activities: at least / at most, in hours (`2.5`).
    pub hours_min: String,
    pub hours_max: String,
    /// joined_desc (default) | joined_asc | name | volunteer_no
    pub sort: String,
    /// Keyset cursor returned as `next` by the previous page.
    pub after: String,
}

/// One roster line: a membership of someone in the subtree, personal data masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    pub membership_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub volunteer_no: String,
    pub real_name: String,
    pub gender: String,
    pub mobile_masked: String,
    pub region: String,
    pub service_categories: Vec<String>,
    pub service_fields: Vec<String>,
    pub skills: String,
    pub status: MembershipStatus,
    pub class: String,
    pub joined_at: Option<i64>,
    pub reason: String,
    /// Approved weighted minutes served in activities of the roster's subtree.
    pub hours_minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterPage {
    pub rows: Vec<RosterRow>,
    pub next: Option<String>,
}

/// A staff member of an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub user_volunteer_no: String,
    pub real_name: String,
    pub mobile_masked: String,
    pub role: crate::accounts::model::OrgRole,
}
