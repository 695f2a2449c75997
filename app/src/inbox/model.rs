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
    pub const MEMBER_INVITED: &str = "member_invited";
    pub const STAFF_ROLE_GRANTED: &str = "staff_role_granted";
    pub const SIGNUP_CONFIRMED: &str = "signup_confirmed";
    pub const SIGNUP_WAITLISTED: &str = "signup_waitlisted";
    pub const SIGNUP_PENDING: &str = "signup_pending";
    pub const SIGNUP_PROMOTED: &str = "signup_promoted";
    pub const SIGNUP_DECLINED: &str = "signup_declined";
    pub const SIGNUP_REQUESTED: &str = "signup_requested";
    pub const ACTIVITY_CHANGED: &str = "activity_changed";
    pub const ACTIVITY_CANCELLED: &str = "activity_cancelled";
    pub const ACTIVITY_CONFIRM: &str = "activity_confirm";
    pub const ACTIVITY_REMINDER: &str = "activity_reminder";
    pub const ACCOUNT_CLOSED: &str = "account_closed";
    pub const MAKEUP_APPROVED: &str = "makeup_approved";
    pub const MAKEUP_REJECTED: &str = "makeup_rejected";
    pub const DEMAND_REVIEW_REQUESTED: &str = "demand_review_requested";
    pub const DEMAND_RECRUITMENT: &str = "demand_recruitment";
    pub const ALL: &[&str] = &[
        ORG_REVIEW_REQUESTED,
        ORG_APPROVED,
        ORG_REJECTED,
        MEMBER_APPLIED,
        MEMBER_APPROVED,
        MEMBER_DECLINED,
        MEMBER_REMOVED,
        MEMBER_TRANSFERRED,
        MEMBER_INVITED,
        STAFF_ROLE_GRANTED,
        SIGNUP_CONFIRMED,
        SIGNUP_WAITLISTED,
        SIGNUP_PENDING,
        SIGNUP_PROMOTED,
        SIGNUP_DECLINED,
        SIGNUP_REQUESTED,
        ACTIVITY_CHANGED,
        ACTIVITY_CANCELLED,
        ACTIVITY_CONFIRM,
        ACTIVITY_REMINDER,
        ACCOUNT_CLOSED,
        MAKEUP_APPROVED,
        MAKEUP_REJECTED,
        DEMAND_REVIEW_REQUESTED,
        DEMAND_RECRUITMENT,
    ];
}
