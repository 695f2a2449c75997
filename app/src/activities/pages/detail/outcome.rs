//! The status line after an action: what the post the page came back from did ([`Done`]),
//! said only where the page's own data bears it out (an address cannot make it claim a sign-up
//! that is not there).
use crate::activities::model::{Done, Phase, SignupStatus};
use crate::activities::views::ActivityDetail;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// `done` if the activity as read now shows it, else `None`.
pub(super) fn shown_outcome(d: &ActivityDetail, done: Done) -> Option<Done> {
    let viewer = d.viewer.as_ref()?;
    let mine = viewer.signup.as_ref().map(|s| s.status);
    let true_now = match done {
        Done::SignedUp => mine.is_some_and(SignupStatus::is_open),
        Done::SignupCancelled => mine == Some(SignupStatus::Cancelled),
        Done::ActivityCancelled => viewer.can_manage && d.summary.phase == Phase::Cancelled,
    };
    true_now.then_some(done)
}

/// Other sign-ups of the viewer at the same time, as links.
#[component]
pub(super) fn OverlapWarning(items: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="banner banner-warning overlap-warning">
            <p>{move || t_string!(i18n, activity_detail.overlap_warning).to_string()}</p>
            <ul>
                {items
                    .into_iter()
                    .map(|(id, title)| {
                        view! {
                            <li>
                                <a href=format!("/activities/{id}")>{title}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p>{move || t_string!(i18n, activity_detail.overlap_note).to_string()}</p>
        </div>
    }
}

/// What the action did, from the activity as read after it ([`shown_outcome`] has checked it):
/// a sign-up says where it stands (confirmed, waitlisted and where, or awaiting approval) and
/// warns of the viewer's other sign-ups at the same time.
#[component]
pub(super) fn OutcomeMessage(done: Done, detail: ActivityDetail) -> impl IntoView {
    let i18n = use_i18n();
    let success = |text: fn(I18nContext<Locale>) -> String| {
        view! { <p class="banner banner-success">{move || text(i18n)}</p> }.into_any()
    };
    match done {
        Done::SignedUp => {
            let (signup, overlaps) = detail.viewer.map(|v| (v.signup, v.overlaps)).unwrap_or_default();
            let status = signup.as_ref().map_or(SignupStatus::Pending, |s| s.status);
            let position = signup.and_then(|s| s.waitlist_position).unwrap_or(0);
            let class = if status == SignupStatus::Confirmed { "banner banner-success" } else { "banner banner-info" };
            view! {
                <p class=class>
                    {move || match status {
                        SignupStatus::Confirmed => t_string!(i18n, activity_detail.done_confirmed).to_string(),
                        SignupStatus::Waitlisted => {
                            t_string!(i18n, activity_detail.done_waitlisted, position = position).to_string()
                        }
                        _ => t_string!(i18n, activity_detail.done_pending).to_string(),
                    }}
                </p>
                {(!overlaps.is_empty()).then(|| view! { <OverlapWarning items=overlaps.clone() /> })}
            }
            .into_any()
        }
        Done::SignupCancelled => success(|i18n| t_string!(i18n, activity_detail.sign_up_cancelled).to_string()),
        Done::ActivityCancelled => success(|i18n| t_string!(i18n, activity_detail.activity_cancelled).to_string()),
    }
}
