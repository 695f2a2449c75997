//! What the platform console shows.
use crate::orgs::views::OrgStatus;
use serde::{Deserialize, Serialize};

/// Audit entries per page of the console's log.
pub const AUDIT_PAGE: usize = 30;

/// A corps (a top-level organisation) and how many registrations in its tree wait for review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpsRow {
    pub id: i64,
    pub name: String,
    pub status: OrgStatus,
    pub pending_reviews: i64,
}

/// A platform admin. The name is empty until the person fills in a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRow {
    pub volunteer_no: String,
    pub name: String,
    pub mobile_masked: String,
    /// The admin looking at the list.
    pub is_self: bool,
}

/// An account whose owner asked for it to be closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureRow {
    pub volunteer_no: String,
    pub name: String,
    pub mobile_masked: String,
    pub requested_at: i64,
}

/// One audit entry; people are named by their public volunteer numbers (`None`: the command
/// line, or nobody in particular).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub action: String,
    pub detail: String,
    pub client_addr: String,
    pub actor_no: Option<String>,
    pub subject_no: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// The `before` cursor of the next (older) page.
    pub next: Option<i64>,
}

/// The audit log's filters as they stand in the page's address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub actor: String,
    pub subject: String,
    pub action: String,
    /// Dates (YYYY-MM-DD) in the platform's zone, both inclusive.
    pub from: String,
    pub until: String,
    pub before: Option<i64>,
}

/// The actions the log holds, for the filter's choices (the log itself takes any text).
pub const AUDIT_ACTIONS: &[&str] = &[
    "reveal_personal_data",
    "export_personal_data",
    "collective_registration",
    "register_organisation",
    "review_organisation",
    "set_staff_role",
    "remove_staff_role",
    "remove_member",
    "request_account_closure",
    "cancel_account_closure",
    "complete_account_closure",
    "grant_platform_admin",
    "revoke_platform_admin",
];
