//! The roster (F-15): everyone with a membership in the organisation's subtree. The filters live
//! in the address, so a filtered roster can be bookmarked and shared, and the export links
//! download exactly what is on screen. Personal data is masked; a person's full details are one
//! audited click away on their volunteer page.
//!
//! `filters` holds the filter form and the downloads, `card` one person. Removing someone is a
//! plain form: "remove" opens the reason form with `?remove={id}` (page state in the address),
//! so it works before the page's script has loaded.
mod card;
mod filters;

use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::membership::RemoveMember;
use crate::orgs::pages::manage::nav::{focus_later, ManageScope, ManageShell, Section};
use crate::orgs::roster::{roster, roster_count};
use crate::orgs::views::{MembershipStatus, RosterPage as RosterBatch, RosterQuery, RosterRow};
use crate::ui::decision_queue::{follow_action, open_from_address};
use crate::ui::errors::{error_text, FormMessage};
use crate::validation::FieldErrors;
use card::RosterCard;
use filters::{query_from, Exports, Filters};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

/// Maximum length of a classification label (what the server accepts).
const CLASS_MAX: u32 = 20;

/// The address parameter naming the member whose removal form is open.
const REMOVE: &str = "remove";

fn status_text(i18n: I18nContext<Locale>, status: MembershipStatus) -> String {
    match status {
        MembershipStatus::Pending => t_string!(i18n, manage.status.pending).to_string(),
        MembershipStatus::Active => t_string!(i18n, manage.status.active).to_string(),
        MembershipStatus::Declined => t_string!(i18n, manage.status.declined).to_string(),
        MembershipStatus::Withdrawn => t_string!(i18n, manage.status.withdrawn).to_string(),
        MembershipStatus::Left => t_string!(i18n, manage.status.left).to_string(),
        MembershipStatus::Removed => t_string!(i18n, manage.status.removed).to_string(),
        MembershipStatus::Transferred => t_string!(i18n, manage.status.transferred).to_string(),
    }
}

/// Removing members: one action for the page (a refusal that comes back in the address names
/// the server function only), the member whose reason form is open, and the removal's field
/// errors.
#[derive(Clone, Copy)]
struct Removal {
    action: ServerAction<RemoveMember>,
    open: RwSignal<Option<i64>>,
    errors: RwSignal<FieldErrors>,
    /// The member being removed and the name to say so with, noted on the confirming click.
    last: StoredValue<Option<(i64, String)>>,
}

#[component]
pub fn RosterPage() -> impl IntoView {
    let scope = ManageScope::new();
    let params = use_query_map();
    // The filter in force: the address's, for the organisation in the address.
    let query = Memo::new(move |_| scope.key().map(|id| params.with(|p| query_from(p, id))));
    let count = Resource::new(
        move || query.get(),
        |query| async move {
            match query {
                Some(q) => roster_count(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let first = Resource::new(
        move || query.get(),
        |query| async move {
            match query {
                Some(q) => roster(q).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Roster>
            <Roster scope query count first />
        </ManageShell>
    }
}

type Count = Resource<Result<Option<i64>, AppError>>;
type First = Resource<Result<Option<RosterBatch>, AppError>>;

#[component]
fn Roster(scope: ManageScope, query: Memo<Option<RosterQuery>>, count: Count, first: First) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = scope.id();
    let done = RwSignal::new(None::<String>);
    let removed = RwSignal::new(Vec::<i64>::new());
    // Pages after the first, and the cursor after the last one loaded (`None`: the first page's).
    let more = RwSignal::new(Vec::<RosterRow>::new());
    let cursor = RwSignal::new(None::<Option<String>>);
    let more_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        query.track();
        more.set(Vec::new());
        cursor.set(None);
        more_error.set(None);
        removed.set(Vec::new());
    });
    let load_more = Action::new(move |after: &String| {
        let asked = query.get_untracked();
        let after = after.clone();
        async move {
            let Some(mut q) = asked.clone() else { return };
            q.after = after;
            let result = roster(q).await;
            // A page for a filter no longer in force is dropped.
            if query.get_untracked() != asked {
                return;
            }
            match result {
                Ok(page) => {
                    more.update(|rows| rows.extend(page.rows));
                    cursor.set(Some(page.next));
                    more_error.set(None);
                }
                Err(e) => more_error.set(Some(error_text(i18n, &e))),
            }
        }
    });
    let removal = Removal {
        action: ServerAction::<RemoveMember>::new(),
        open: open_from_address(REMOVE),
        errors: RwSignal::new(FieldErrors::new()),
        last: StoredValue::new(None),
    };
    let banner = RwSignal::new(None::<String>);
    follow_action(removal.action, removal.errors, banner, done, move || {
        let Some((id, name)) = removal.last.get_value() else { return };
        removed.update(|r| r.push(id));
        done.set(Some(t_string!(i18n, manage.roster.removed, name = name).to_string()));
        count.refetch();
        removal.open.set(None);
        focus_later("manage-status");
    });
    // Field errors of the filter (e.g. a date the server could not read) show under the field.
    let filter_errors = Signal::derive(move || match first.get() {
        Some(Err(e)) => e.field_errors().cloned().unwrap_or_default(),
        _ => FieldErrors::new(),
    });
    let can_admin = Signal::derive(move || scope.can_admin());

    view! {
        <p class="lead">{move || t_string!(i18n, manage.roster.intro).to_string()}</p>
        <Filters org_id query errors=filter_errors />
        <div id="manage-status" tabindex="-1">
            <FormMessage error=banner success=done />
        </div>
        <div class="roster-head">
            <Transition fallback=|| ()>
                {move || match count.get() {
                    Some(Ok(Some(n))) => {
                        view! {
                            <p class="roster-count" id="roster-count">
                                {move || t_string!(i18n, manage.roster.count, count = n).to_string()}
                            </p>
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }}
            </Transition>
            <Exports query can_admin />
        </div>
        <Transition fallback=move || {
            view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || match first.get() {
                Some(Ok(Some(page))) => {
                    let first_rows = StoredValue::new(page.rows);
                    let first_next = page.next;
                    let rows = move || {
                        let gone = removed.get();
                        first_rows
                            .get_value()
                            .into_iter()
                            .chain(more.get())
                            .filter(|r| !gone.contains(&r.membership_id))
                            .collect::<Vec<_>>()
                    };
                    let empty = move || first_rows.with_value(|r| r.is_empty()) && more.with(|m| m.is_empty());
                    view! {
                        <Show
                            when=move || !empty()
                            fallback=move || {
                                view! {
                                    <p class="empty">{move || t_string!(i18n, manage.roster.empty).to_string()}</p>
                                }
                            }
                        >
                            <p class="hint">{move || t_string!(i18n, manage.roster.masked_note).to_string()}</p>
                            <ul class="card-list roster-list">
                                <For each=rows key=|row| row.membership_id let:row>
                                    <RosterCard row removal />
                                </For>
                            </ul>
                        </Show>
                        {move || {
                            more_error
                                .get()
                                .map(|e| {
                                    view! {
                                        <p class="banner banner-error" role="alert">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                        {
                            let first_next = first_next.clone();
                            move || {
                                let next = cursor.get().unwrap_or_else(|| first_next.clone());
                                next.map(|after| {
                                    view! {
                                        <button
                                            type="button"
                                            class="button block"
                                            disabled=move || load_more.pending().get()
                                            on:click=move |_| {
                                                load_more.dispatch(after.clone());
                                            }
                                        >
                                            {move || {
                                                if load_more.pending().get() {
                                                    t_string!(i18n, common.loading).to_string()
                                                } else {
                                                    t_string!(i18n, manage.roster.load_more).to_string()
                                                }
                                            }}
                                        </button>
                                    }
                                })
                            }
                        }
                    }
                        .into_any()
                }
                Some(Err(e)) => {
                    view! {
                        <p class="banner banner-error" role="alert">
                            {error_text(i18n, &e)}
                        </p>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </Transition>
    }
}
