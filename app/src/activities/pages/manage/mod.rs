//! The organiser's side of activities.
//!
//! `/orgs/{id}/manage/activities` is a section of the organisation console: first the sign-ups
//! waiting for approval (approve, or decline with a reason the volunteer is told), then the
//! activities the organisation and the units below it published, with their sign-up counts and
//! the ways to edit them and see who signed up. `/activities/{id}/signups` is that list of
//! people for one activity, grouped by where each sign-up stands.
//!
//! The parts: `queue` (sign-ups waiting for a decision), `published` (the activities with their
//! counts) and `participants` (one activity's list of people).
mod participants;
mod published;
mod queue;

pub use participants::ParticipantsPage;

use crate::activities::api::{org_activities, signup_queue};
use crate::activities::views::{OrgActivity, SignupRequest};
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::pages::manage::nav::{ManageScope, ManageShell, Section};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use published::PublishedList;
use queue::SignupQueue;

#[component]
pub fn OrgActivitiesPage() -> impl IntoView {
    let scope = ManageScope::new();
    let queue = Resource::new(
        move || scope.key(),
        |key| async move {
            match key {
                Some(id) => signup_queue(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Bumped after each decision: the activity cards' counts change with it.
    let version = RwSignal::new(0u32);
    let activities = Resource::new(
        move || (scope.key(), version.get()),
        |(key, _)| async move {
            match key {
                Some(id) => org_activities(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Activities>
            <SignupQueue queue version />
            <PublishedList activities org_id=scope.id() />
        </ManageShell>
    }
}

type Queue = Resource<Result<Option<Vec<SignupRequest>>, AppError>>;
type Activities = Resource<Result<Option<Vec<OrgActivity>>, AppError>>;

/// A name to show for a person who has not entered one (should not happen: signing up needs
/// the real-name profile).
fn shown_name(i18n: I18nContext<Locale>, name: &str) -> String {
    if name.trim().is_empty() {
        t_string!(i18n, manage_activities.no_name).to_string()
    } else {
        name.to_owned()
    }
}
