//! Pieces every activity page shows the same way: the status badge (text, not colour alone),
//! the time range in the platform's zone and the activity card of the lists.
use crate::activities::model::{Phase, SignupStatus, MODE};
use crate::activities::views::ActivitySummary;
use crate::codes::{ChoiceList, SERVICE_CATEGORY};
use crate::i18n::*;
use crate::ui::choices::choice_label;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub fn phase_text(i18n: I18nContext<Locale>, phase: Phase) -> String {
    match phase {
        Phase::Draft => t_string!(i18n, activity.phase.draft),
        Phase::Cancelled => t_string!(i18n, activity.phase.cancelled),
        Phase::NotOpen => t_string!(i18n, activity.phase.not_open),
        Phase::Recruiting => t_string!(i18n, activity.phase.recruiting),
        Phase::SignupClosed => t_string!(i18n, activity.phase.signup_closed),
        Phase::InProgress => t_string!(i18n, activity.phase.in_progress),
        Phase::Ended => t_string!(i18n, activity.phase.ended),
    }
    .to_string()
}

pub fn signup_text(i18n: I18nContext<Locale>, status: SignupStatus) -> String {
    match status {
        SignupStatus::Pending => t_string!(i18n, activity.signup_status.pending),
        SignupStatus::Confirmed => t_string!(i18n, activity.signup_status.confirmed),
        SignupStatus::Waitlisted => t_string!(i18n, activity.signup_status.waitlisted),
        SignupStatus::Cancelled => t_string!(i18n, activity.signup_status.cancelled),
        SignupStatus::Declined => t_string!(i18n, activity.signup_status.declined),
    }
    .to_string()
}

/// The label of `code` in `list`, in the current language (the code itself if unknown).
pub fn label_of(i18n: I18nContext<Locale>, list: &'static ChoiceList, code: &str) -> String {
    list.items
        .iter()
        .find(|c| c.code == code)
        .map(|c| choice_label(i18n, c).to_string())
        .unwrap_or_else(|| code.to_owned())
}

/// "2026-12-05 22:00 – 12-06 02:00": the end's date is shown only when it differs (an activity
/// crossing midnight reads as such), all in the platform's zone.
pub fn time_range(starts_at: i64, ends_at: i64) -> String {
    let (Some(s), Some(e)) = (crate::clock::local(starts_at), crate::clock::local(ends_at)) else {
        return String::new();
    };
    if s.date_naive() == e.date_naive() {
        format!("{} – {}", s.format("%Y-%m-%d %H:%M"), e.format("%H:%M"))
    } else if s.format("%Y").to_string() == e.format("%Y").to_string() {
        format!("{} – {}", s.format("%Y-%m-%d %H:%M"), e.format("%m-%d %H:%M"))
    } else {
        format!("{} – {}", s.format("%Y-%m-%d %H:%M"), e.format("%Y-%m-%d %H:%M"))
    }
}

/// A status badge: the words say it; the colour only repeats them.
#[component]
pub fn PhaseBadge(phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("badge badge-phase-{}", phase.code())>{move || phase_text(i18n, phase)}</span> }
}

#[component]
pub fn SignupBadge(status: SignupStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("badge badge-signup-{}", status.code())>{move || signup_text(i18n, status)}</span> }
}

/// Places as people read them: "12 / 20 人" (plus the waitlist when there is one).
pub fn places_text(i18n: I18nContext<Locale>, a: &ActivitySummary) -> String {
    let mut text = t_string!(i18n, activity.places, confirmed = a.confirmed, capacity = a.capacity).to_string();
    if a.waitlisted > 0 {
        text.push_str(" · ");
        text.push_str(&t_string!(i18n, activity.waitlisted_count, count = a.waitlisted).to_string());
    }
    text
}

/// One activity in a list. `heading` is the heading level the list sits under + 1.
#[component]
pub fn ActivityCard(activity: ActivitySummary, #[prop(optional)] extra: Option<AnyView>) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    let href = format!("/activities/{}", a.id);
    let category = a.category.clone();
    let mode = a.mode.clone();
    let when = time_range(a.starts_at, a.ends_at);
    let place =
        if a.address.is_empty() { a.region_name.clone() } else { format!("{} · {}", a.region_name, a.address) };
    let distance =
        a.distance_m.map(|m| if m < 1000 { format!("{m} m") } else { format!("{:.1} km", m as f64 / 1000.0) });
    let places = a.clone();
    view! {
        <li class="card activity-card">
            <h3 class="card-title">
                <a href=href>{a.title.clone()}</a>
            </h3>
            <p class="status-line">
                <PhaseBadge phase=a.phase />
                <span class="tag">{move || label_of(i18n, &SERVICE_CATEGORY, &category)}</span>
                <span class="tag">{move || label_of(i18n, &MODE, &mode)}</span>
            </p>
            <dl class="facts">
                <dt>{move || t_string!(i18n, activity.when).to_string()}</dt>
                <dd>{when}</dd>
                <dt>{move || t_string!(i18n, activity.where_).to_string()}</dt>
                <dd>{place}{distance.map(|d| view! { <span class="distance">{format!(" · {d}")}</span> })}</dd>
                <dt>{move || t_string!(i18n, activity.organiser).to_string()}</dt>
                <dd>{a.org_name.clone()}</dd>
                <dt>{move || t_string!(i18n, activity.places_label).to_string()}</dt>
                <dd>{move || places_text(i18n, &places)}</dd>
            </dl>
            {extra}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        crate::activities::model::parse_local_datetime(text).unwrap()
    }

    #[test]
    fn a_range_across_midnight_names_both_days() {
        assert_eq!(time_range(at("2026-12-05T22:00"), at("2026-12-06T02:00")), "2026-12-05 22:00 – 12-06 02:00");
        assert_eq!(time_range(at("2026-12-05T09:00"), at("2026-12-05T11:30")), "2026-12-05 09:00 – 11:30");
        assert_eq!(time_range(at("2026-12-31T22:00"), at("2027-01-01T01:00")), "2026-12-31 22:00 – 2027-01-01 01:00");
    }
}
