//! Who is signed in, as the browser sees it.
use serde::{Deserialize, Serialize};

/// A role a person holds in one organisation (scoped to its subtree).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Admin,
    Staff,
}

impl OrgRole {
    pub fn code(self) -> &'static str {
        match self {
            OrgRole::Admin => "admin",
            OrgRole::Staff => "staff",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "admin" => Some(OrgRole::Admin),
            "staff" => Some(OrgRole::Staff),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRole {
    pub org_id: i64,
    pub org_name: String,
    pub role: OrgRole,
}

/// The signed-in person: enough for the header, navigation and permission-aware links.
/// Never carries unmasked personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub volunteer_no: String,
    pub mobile_masked: String,
    pub real_name: Option<String>,
    pub is_platform_admin: bool,
    pub staff_roles: Vec<StaffRole>,
    pub has_password: bool,
    pub closure_requested: bool,
}

impl SessionUser {
    pub fn profile_complete(&self) -> bool {
        self.real_name.is_some()
    }

    pub fn is_staff(&self) -> bool {
        self.is_platform_admin || !self.staff_roles.is_empty()
    }
}

/// What the browser learns after a code was sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    pub mobile_masked: String,
    pub resend_after_s: i64,
    pub expires_in_s: i64,
}
