use serde::{Deserialize, Serialize};

/// One in-app message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: i64,
    /// Picks the sentence in the locale files (`inbox.kinds.*`).
    pub kind: String,
    /// Usually an organisation's name.
    pub subject: String,
    /// A reason or other detail, shown as written.
    pub detail: String,
    /// Where the message leads.
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

/// The kinds of message this issue sends.
pub mod kinds {
    pub const ORG_REVIEW_REQUESTED: &str = "org_review_requested";
    pub const ORG_APPROVED: &str = "org_approved";
    pub const ORG_REJECTED: &str = "org_rejected";
    pub const MEMBER_APPLIED: &str = "member_applied";
    pub const MEMBER_APPROVED: &str = "member_approved";
    pub const MEMBER_DECLINED: &str = "member_declined";
    pub const MEMBER_REMOVED: &str = "member_removed";
    pub const MEMBER_TRANSFERRED: &str = "member_transferred";
    pub const STAFF_ROLE_GRANTED: &str = "staff_role_granted";
    pub const ALL: &[&str] = &[
        ORG_REVIEW_REQUESTED,
        ORG_APPROVED,
        ORG_REJECTED,
        MEMBER_APPLIED,
        MEMBER_APPROVED,
        MEMBER_DECLINED,
        MEMBER_REMOVED,
        MEMBER_TRANSFERRED,
        STAFF_ROLE_GRANTED,
    ];
}
