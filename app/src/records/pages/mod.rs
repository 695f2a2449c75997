//! The records pages: `/activities/{id}/records` (the organiser's page of one activity: close
//! it, the record, the hours lines with their decisions and histories, the coefficients) and
//! `/orgs/{id}/manage/records` (a console section: activities overdue for closing, and the
//! corps' coefficients). Every action is a plain form posting a server function, so the pages
//! work without JavaScript; with it the same forms run in place and the page's data reloads.
mod activity;
pub mod history;
mod org;

pub use activity::ActivityRecordsPage;
pub use org::OrgRecordsPage;

use crate::i18n::*;
use crate::ui::format::hours as hours_number;
use leptos_i18n::I18nContext;

/// Minutes as hours, with the unit.
pub fn hours(i18n: I18nContext<Locale>, minutes: i64) -> String {
    t_string!(i18n, records.hours, n = hours_number(minutes)).to_string()
}

/// An hours line's status in words.
pub fn status_label(i18n: I18nContext<Locale>, status: &str) -> String {
    match status {
        "approved" => t_string!(i18n, records.status_approved).to_string(),
        "declined" => t_string!(i18n, records.status_declined).to_string(),
        _ => t_string!(i18n, records.status_pending).to_string(),
    }
}

/// A hard condition in words.
pub fn condition_label(i18n: I18nContext<Locale>, condition: &str) -> String {
    match condition {
        "climate" => t_string!(i18n, records.cond_climate).to_string(),
        "distance" => t_string!(i18n, records.cond_distance).to_string(),
        "environment" => t_string!(i18n, records.cond_environment).to_string(),
        "effect" => t_string!(i18n, records.cond_effect).to_string(),
        other => other.to_owned(),
    }
}
