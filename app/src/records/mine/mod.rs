//! "My hours" (F-31 for the volunteer, F-34 downloads): totals by year and organisation, each
//! activity's hours with its status and weight, the certificates issued, and the download forms.
pub mod pages;

use crate::error::AppError;
use crate::records::certificates::model::{CertificateStatus, Scope};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Approved and pending minutes of one year (Asia/Shanghai) in one organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearOrgTotal {
    pub year: i32,
    pub org_id: i64,
    pub org_name: String,
    pub raw_minutes: i64,
    pub weighted_minutes: i64,
    pub pending_raw_minutes: i64,
    pub pending_weighted_minutes: i64,
}

/// One activity's hours line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursLine {
    pub activity_id: i64,
    pub activity_title: String,
    pub org_id: i64,
    pub org_name: String,
    pub starts_at: i64,
    pub raw_minutes: i64,
    pub weighted_minutes: i64,
    /// 1000 = no weighting.
    pub weight_milli: i64,
    /// pending | approved | declined
    pub status: String,
}

/// A certificate the person holds, for the list on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCertificate {
    pub code: String,
    pub scope: Scope,
    pub issued_at: i64,
    pub raw_minutes: i64,
    pub revoked: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursOverview {
    /// Newest year first, then by organisation name.
    pub totals: Vec<YearOrgTotal>,
    /// Newest activity first.
    pub lines: Vec<HoursLine>,
    pub certificates: Vec<IssuedCertificate>,
}

impl HoursOverview {
    /// The organisations with approved hours (for the organisation certificate), by name.
    pub fn orgs(&self) -> Vec<(i64, String)> {
        let mut orgs: Vec<(i64, String)> =
            self.lines.iter().filter(|l| l.status == "approved").map(|l| (l.org_id, l.org_name.clone())).collect();
        orgs.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        orgs.dedup();
        orgs
    }

    /// The activities with approved hours (for the activity certificate), newest first.
    pub fn activities(&self) -> Vec<(i64, String)> {
        self.lines
            .iter()
            .filter(|l| l.status == "approved")
            .map(|l| (l.activity_id, l.activity_title.clone()))
            .collect()
    }
}

/// Not part of the status enum on purpose: a certificate list shows revoked or not; whether the
/// records changed since is for the verification page.
pub fn certificate_status(c: &IssuedCertificate) -> CertificateStatus {
    if c.revoked {
        CertificateStatus::Revoked
    } else {
        CertificateStatus::Valid
    }
}

/// The signed-in person's hours and certificates. Only their own: there is no parameter.
#[server(endpoint = "records/my-hours")]
pub async fn my_hours() -> Result<HoursOverview, AppError> {
    use sqlx::Row;
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = sqlx::query(
        "SELECT h.activity_id, r.activity_title, h.org_id, o.name AS org_name, r.starts_at, h.raw_minutes,
                h.weighted_minutes, h.weight_milli, h.status
         FROM service_hours h
         JOIN service_records r ON r.id = h.record_id
         JOIN organisations o ON o.id = h.org_id
         WHERE h.user_id = $1
         ORDER BY r.starts_at DESC, h.id DESC",
    )
    .bind(uid)
    .fetch_all(&mut *conn)
    .await?;
    let lines = rows
        .iter()
        .map(|row| {
            Ok(HoursLine {
                activity_id: row.try_get("activity_id")?,
                activity_title: row.try_get("activity_title")?,
                org_id: row.try_get("org_id")?,
                org_name: row.try_get("org_name")?,
                starts_at: row.try_get("starts_at")?,
                raw_minutes: row.try_get("raw_minutes")?,
                weighted_minutes: row.try_get("weighted_minutes")?,
                weight_milli: row.try_get("weight_milli")?,
                status: row.try_get("status")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let certificates = crate::records::certificates::repo::of_user(&mut conn, uid)
        .await?
        .into_iter()
        .map(|c| IssuedCertificate {
            code: c.code,
            scope: c.request.scope,
            issued_at: c.issued_at,
            raw_minutes: c.raw_minutes,
            revoked: c.revoked_at.is_some(),
        })
        .collect();
    Ok(HoursOverview { totals: totals(&lines), lines, certificates })
}

/// Sums by (year, organisation); declined lines count nowhere.
pub fn totals(lines: &[HoursLine]) -> Vec<YearOrgTotal> {
    use chrono::Datelike;
    let mut out: Vec<YearOrgTotal> = Vec::new();
    for l in lines.iter().filter(|l| l.status != "declined") {
        let year = crate::clock::local(l.starts_at).map(|t| t.year()).unwrap_or(1970);
        let i = match out.iter().position(|t| t.year == year && t.org_id == l.org_id) {
            Some(i) => i,
            None => {
                out.push(YearOrgTotal { year, org_id: l.org_id, org_name: l.org_name.clone(), ..Default::default() });
                out.len() - 1
            }
        };
        let t = &mut out[i];
        if l.status == "approved" {
            t.raw_minutes += l.raw_minutes;
            t.weighted_minutes += l.weighted_minutes;
        } else {
            t.pending_raw_minutes += l.raw_minutes;
            t.pending_weighted_minutes += l.weighted_minutes;
        }
    }
    out.sort_by(|a, b| b.year.cmp(&a.year).then(a.org_name.cmp(&b.org_name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(org: i64, at: i64, minutes: i64, status: &str) -> HoursLine {
        HoursLine {
            activity_id: 1,
            activity_title: "a".into(),
            org_id: org,
            org_name: format!("org{org}"),
            starts_at: at,
            raw_minutes: minutes,
            weighted_minutes: minutes * 2,
            weight_milli: 2000,
            status: status.into(),
        }
    }

    #[test]
    fn totals_keep_pending_apart_and_skip_declined() {
        // 2026-06-01 and 2025-06-01 UTC noon
        let (y26, y25) = (1_780_315_200_000_000, 1_748_779_200_000_000);
        let t = totals(&[
            line(1, y26, 60, "approved"),
            line(1, y26, 30, "pending"),
            line(1, y26, 600, "declined"),
            line(2, y25, 90, "approved"),
        ]);
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].year, t[0].raw_minutes, t[0].weighted_minutes, t[0].pending_raw_minutes), (2026, 60, 120, 30));
        assert_eq!((t[1].year, t[1].org_id, t[1].raw_minutes), (2025, 2, 90));
    }
}
