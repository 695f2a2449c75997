//! "My hours" (F-31 for the volunteer, F-34 downloads): totals by year and organisation, each
//! activity's hours with its status and weight, the certificates issued, and the download forms.
pub mod pages;

use crate::error::AppError;
use crate::records::certificates::model::{CertificateStatus, Scope};
use crate::records::versions::Version;
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
    pub hours_id: i64,
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
    /// Every version of the line, oldest first (rule 5: the person sees each correction).
    pub history: Vec<Version>,
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
    /// Confirmed sign-ups the person never came to.
    pub no_shows: i64,
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
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let mut overview = ssr::overview(&mut conn, uid, None).await?;
    overview.certificates = crate::records::certificates::repo::of_user(&mut conn, uid)
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
    Ok(overview)
}

/// A volunteer's hours and no-shows (`/volunteers/{no}/hours`) for staff who manage them or
/// whose activities they signed up for (an organiser looking at a no-show): only
/// the lines of activities in the caller's subtrees (the person and platform admins see all).
/// No certificates: those are on the person's own page.
#[server(endpoint = "records/volunteer-hours")]
pub async fn volunteer_hours(volunteer_no: String) -> Result<HoursOverview, AppError> {
    let state = crate::state::app_state()?;
    let uid = crate::http::require_uid().await?;
    let mut conn = state.db.pool.acquire().await?;
    let subject: i64 = sqlx::query_scalar("SELECT id FROM users WHERE volunteer_no = $1")
        .bind(volunteer_no.trim())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let within = if subject == uid || crate::scope::is_platform_admin(&state.db, uid).await? {
        None
    } else if crate::scope::manages_person(&state.db, uid, subject).await?
        || crate::records::hours_api::signed_up_with(&mut conn, uid, subject).await?
    {
        Some(uid)
    } else {
        return Err(AppError::Forbidden);
    };
    ssr::overview(&mut conn, subject, within).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{totals, HoursLine, HoursOverview};
    use crate::error::AppError;
    use crate::records::versions;
    use sqlx::{AnyConnection, Row};

    /// `subject`'s hours lines, newest first, with their histories and the no-show count; with
    /// `within = Some(staff)`, only activities of organisations that staff member manages.
    pub async fn overview(
        conn: &mut AnyConnection,
        subject: i64,
        within: Option<i64>,
    ) -> Result<HoursOverview, AppError> {
        // The activity (or its hours line) is aliased `h` in both queries.
        let scoped = "AND ($2 = 0 OR h.org_id IN (SELECT c.descendant_id FROM org_closure c
                      JOIN org_staff st ON st.org_id = c.ancestor_id WHERE st.user_id = $2))";
        let rows = sqlx::query(&format!(
            "SELECT h.id, h.activity_id, r.activity_title, h.org_id, o.name AS org_name, r.starts_at,
                    h.raw_minutes, h.weighted_minutes, h.weight_milli, h.status
             FROM service_hours h
             JOIN service_records r ON r.id = h.record_id
             JOIN organisations o ON o.id = h.org_id
             WHERE h.user_id = $1 {scoped}
             ORDER BY r.starts_at DESC, h.id DESC"
        ))
        .bind(subject)
        .bind(within.unwrap_or(0))
        .fetch_all(&mut *conn)
        .await?;
        let mut lines = Vec::with_capacity(rows.len());
        for row in &rows {
            let hours_id: i64 = row.try_get("id")?;
            lines.push(HoursLine {
                hours_id,
                activity_id: row.try_get("activity_id")?,
                activity_title: row.try_get("activity_title")?,
                org_id: row.try_get("org_id")?,
                org_name: row.try_get("org_name")?,
                starts_at: row.try_get("starts_at")?,
                raw_minutes: row.try_get("raw_minutes")?,
                weighted_minutes: row.try_get("weighted_minutes")?,
                weight_milli: row.try_get("weight_milli")?,
                status: row.try_get("status")?,
                history: versions::history(conn, versions::HOURS, hours_id).await?,
            });
        }
        let no_shows: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM signups s JOIN activities h ON h.id = s.activity_id
             WHERE s.user_id = $1 AND s.no_show = 1 {scoped}"
        ))
        .bind(subject)
        .bind(within.unwrap_or(0))
        .fetch_one(&mut *conn)
        .await?;
        Ok(HoursOverview { totals: totals(&lines), lines, certificates: Vec::new(), no_shows })
    }
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
            hours_id: 1,
            activity_id: 1,
            activity_title: "a".into(),
            org_id: org,
            org_name: format!("org{org}"),
            starts_at: at,
            raw_minutes: minutes,
            weighted_minutes: minutes * 2,
            weight_milli: 2000,
            status: status.into(),
            history: Vec::new(),
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
