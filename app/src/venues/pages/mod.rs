//! Venue pages: the public page of one venue, the map with its list, the staff form and the
//! console's list of the subtree's venues, and the staff's photo page of a venue.
pub mod detail;
pub mod form;
pub mod manage;
pub mod map;
pub mod photos;

use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::ui::choices::choice_label;
use crate::venues::model::VENUE_KIND;
use leptos_i18n::I18nContext;

/// The venue kind's label in the current language (the code itself if unknown).
pub fn kind_label(i18n: I18nContext<Locale>, code: &str) -> String {
    VENUE_KIND.items.iter().find(|c| c.code == code).map(|c| choice_label(i18n, c).to_owned()).unwrap_or_default()
}

/// A service category's label in the current language.
pub fn category_label(i18n: I18nContext<Locale>, code: &str) -> String {
    SERVICE_CATEGORY.items.iter().find(|c| c.code == code).map(|c| choice_label(i18n, c).to_owned()).unwrap_or_default()
}

/// "2026-12-05 09:00 – 11:00" in the platform's zone (the end's date when it differs).
pub fn when(starts_at: i64, ends_at: i64) -> String {
    let (Some(s), Some(e)) = (crate::clock::local(starts_at), crate::clock::local(ends_at)) else {
        return String::new();
    };
    if s.date_naive() == e.date_naive() {
        format!("{} – {}", s.format("%Y-%m-%d %H:%M"), e.format("%H:%M"))
    } else {
        format!("{} – {}", s.format("%Y-%m-%d %H:%M"), e.format("%Y-%m-%d %H:%M"))
    }
}

/// Province, city and county names followed by the street address.
pub fn place_text(province: &str, city: &str, county: &str, address: &str) -> String {
    let mut out = String::new();
    for code in [province, city, county] {
        if let Some(name) = crate::regions::name(code) {
            out.push_str(name);
        }
    }
    out.push_str(address);
    out
}
