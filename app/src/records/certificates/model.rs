//! What a certificate states, shared by the server (PDF, verification, API) and the pages.
use serde::{Deserialize, Serialize};

/// What a certificate covers. `Training` is reserved for training certificates (F-3x), which
/// will follow the same path once training records exist; nothing issues it yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every approved hour whose activity started within a period (dates in the platform zone).
    Period,
    /// Every approved hour served for an organisation or any organisation under it.
    Org,
    /// The approved hours of one activity.
    Activity,
    /// Reserved: a training certificate.
    Training,
}

impl Scope {
    pub const ISSUABLE: [Scope; 3] = [Scope::Period, Scope::Org, Scope::Activity];

    /// The value stored in `certificates.scope` and sent by the download form.
    pub fn code(self) -> &'static str {
        match self {
            Scope::Period => "period",
            Scope::Org => "org",
            Scope::Activity => "activity",
            Scope::Training => "training",
        }
    }

    pub fn from_code(code: &str) -> Option<Scope> {
        [Scope::Period, Scope::Org, Scope::Activity, Scope::Training].into_iter().find(|s| s.code() == code)
    }
}

/// Where a certificate stands now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// The hours it counted are as they were when it was issued.
    Valid,
    /// An hours line it covers was corrected, declined or added since it was issued: the
    /// certificate no longer states the current record (a new one can be downloaded).
    Changed,
    /// Staff of the issuing organisation revoked it.
    Revoked,
}

impl CertificateStatus {
    pub fn code(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "valid",
            CertificateStatus::Changed => "changed",
            CertificateStatus::Revoked => "revoked",
        }
    }
}

/// The public facts of one certificate: what the verification page and
/// `GET /api/v1/certificates/{code}` show. The holder's name is masked (张*明); the ID number
/// never leaves the PDF.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CertificateFacts {
    /// The verification code, as printed.
    pub code: String,
    pub scope: Scope,
    /// The holder's name, masked: first and last character kept.
    pub holder_masked: String,
    /// Period certificates: first and last day covered (YYYY-MM-DD, Asia/Shanghai).
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    /// Organisation certificates (and the organisation of an activity certificate).
    pub org_name: Option<String>,
    /// Activity certificates.
    pub activity_title: Option<String>,
    /// Hours lines counted.
    pub record_count: i64,
    /// Approved minutes as served, and after the activities' weights.
    pub raw_minutes: i64,
    pub weighted_minutes: i64,
    /// The same, in hours with up to two decimals ("3.5").
    pub raw_hours: String,
    pub weighted_hours: String,
    /// Microseconds since the epoch (UTC), and the day it was issued (YYYY-MM-DD, Asia/Shanghai).
    pub issued_at: i64,
    pub issued_on: String,
    pub status: CertificateStatus,
    /// When revoked: the day (YYYY-MM-DD, Asia/Shanghai) and the reason staff gave.
    pub revoked_on: Option<String>,
    pub revoked_reason: Option<String>,
}

pub use crate::ui::format::hours as hours_text;

/// 张三明 → 张*明, 张三 → 张*, 李 → *: enough for someone holding the paper to see it is the
/// same person, too little to learn a name from a guessed code.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// 18-character ID number → first 4 and last 4 kept (F-05); anything else is fully masked.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    if chars.len() != 18 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[14..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_shown_with_at_most_two_decimals() {
        assert_eq!(hours_text(210), "3.5");
        assert_eq!(hours_text(120), "2");
        assert_eq!(hours_text(20), "0.33");
        assert_eq!(hours_text(45), "0.75");
        assert_eq!(hours_text(0), "0");
    }

    #[test]
    fn names_and_id_numbers_are_masked() {
        assert_eq!(mask_name("张三明"), "张*明");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_id_number("32041219900101015X"), "3204**********015X");
        assert_eq!(mask_id_number("123"), "***");
    }

    #[test]
    fn scope_codes_round_trip() {
        for s in [Scope::Period, Scope::Org, Scope::Activity, Scope::Training] {
            assert_eq!(Scope::from_code(s.code()), Some(s));
        }
        assert_eq!(Scope::from_code("everything"), None);
    }
}
