//! The vocabulary of make-up requests, shared by browser and server.
use crate::error::Refusal;
use serde::{Deserialize, Serialize};

/// Largest photo accepted: 5 MiB.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// Longest reason a volunteer may write.
pub const MAX_REASON_CHARS: usize = 500;

/// Why checking in or out did not work (CVST 2 §6.3 c names the first three).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Network,
    Operation,
    Location,
    Other,
}

impl Cause {
    pub const ALL: [Cause; 4] = [Cause::Network, Cause::Operation, Cause::Location, Cause::Other];

    pub fn code(self) -> &'static str {
        match self {
            Cause::Network => "network",
            Cause::Operation => "operation",
            Cause::Location => "location",
            Cause::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.code() == code.trim())
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MakeupStatus {
    Pending,
    Approved,
    Rejected,
}

impl MakeupStatus {
    pub fn code(self) -> &'static str {
        match self {
            MakeupStatus::Pending => "pending",
            MakeupStatus::Approved => "approved",
            MakeupStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<MakeupStatus> {
        [MakeupStatus::Pending, MakeupStatus::Approved, MakeupStatus::Rejected].into_iter().find(|s| s.code() == code)
    }
}

/// The photo formats accepted, told apart by their first bytes (never by the file's name): the
/// image types every upload takes (`crate::uploads`).
pub use crate::uploads::ImageType as PhotoType;

/// One of the person's own requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMakeup {
    pub id: i64,
    pub activity_id: i64,
    pub activity_title: String,
    pub cause: Cause,
    pub reason: String,
    pub claimed_from_at: i64,
    pub claimed_to_at: i64,
    pub has_photo: bool,
    pub status: MakeupStatus,
    pub decision_reason: String,
    pub decided_at: Option<i64>,
    pub created_at: i64,
}

/// The make-up page of one activity for the signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeupForm {
    pub activity_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// `None` when a request may be filed now; otherwise why not.
    pub blocked: Option<Refusal>,
    pub requests: Vec<MyMakeup>,
}

/// A pending request as staff see it (the person's mobile masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingMakeup {
    pub id: i64,
    pub name: String,
    pub masked_mobile: String,
    pub cause: Cause,
    pub reason: String,
    pub claimed_from_at: i64,
    pub claimed_to_at: i64,
    pub has_photo: bool,
    pub created_at: i64,
}

/// An activity's pending requests, for its staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeupQueue {
    pub activity_id: i64,
    pub org_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub items: Vec<PendingMakeup>,
}

/// The part of `from..to` inside the activity's `starts..ends`, or `None` when they do not
/// overlap: a make-up never credits more than the scheduled length.
pub fn capped_span(from: i64, to: i64, starts: i64, ends: i64) -> Option<(i64, i64)> {
    let (a, b) = (from.max(starts), to.min(ends));
    (a < b).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_is_capped_to_the_schedule() {
        assert_eq!(capped_span(0, 100, 10, 50), Some((10, 50)));
        assert_eq!(capped_span(20, 30, 10, 50), Some((20, 30)));
        assert_eq!(capped_span(60, 70, 10, 50), None);
        assert_eq!(capped_span(0, 10, 10, 50), None);
    }
}
