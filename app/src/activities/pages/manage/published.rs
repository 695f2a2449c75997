//! Section 2 of the organiser's activities: what the organisation published, by phase.
use super::Activities;
use crate::activities::model::Phase;
use crate::activities::pages::widgets::ActivityCard;
use crate::activities::views::OrgActivity;
use crate::i18n::*;
use crate::orgs::pages::manage::nav::Section;
use crate::ui::errors::error_text;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

/// The list's filter (`?show=`): phases grouped the way an organiser looks for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Show {
    All,
    Draft,
    /// Published and not over: not open yet, recruiting, sign-up closed, in progress.
    Current,
    Ended,
    Cancelled,
}

impl Show {
    const ALL: [Show; 5] = [Show::All, Show::Draft, Show::Current, Show::Ended, Show::Cancelled];

    fn code(self) -> &'static str {
        match self {
            Show::All => "all",
            Show::Draft => "draft",
            Show::Current => "current",
            Show::Ended => "ended",
            Show::Cancelled => "cancelled",
        }
    }

    fn from_code(code: &str) -> Show {
        Show::ALL.into_iter().find(|s| s.code() == code).unwrap_or(Show::All)
    }

    fn holds(self, phase: Phase) -> bool {
        match self {
            Show::All => true,
            Show::Draft => phase == Phase::Draft,
            Show::Current => {
                matches!(phase, Phase::NotOpen | Phase::Recruiting | Phase::SignupClosed | Phase::InProgress)
            }
            Show::Ended => phase == Phase::Ended,
            Show::Cancelled => phase == Phase::Cancelled,
        }
    }

    fn label(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Show::All => t_string!(i18n, manage_activities.show_all),
            Show::Draft => t_string!(i18n, manage_activities.show_draft),
            Show::Current => t_string!(i18n, manage_activities.show_current),
            Show::Ended => t_string!(i18n, manage_activities.show_ended),
            Show::Cancelled => t_string!(i18n, manage_activities.show_cancelled),
        }
        .to_string()
    }
}

/// Section 2: what the organisation (and the units below it) published.
#[component]
pub(super) fn PublishedList(activities: Activities, org_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_query_map();
    let show = Memo::new(move |_| url.with(|m| Show::from_code(m.get("show").as_deref().unwrap_or_default())));
    let base = Section::Activities.href(org_id);
    view! {
        <section class="org-activities" aria-labelledby="published-heading">
            <h2 id="published-heading">{move || t_string!(i18n, manage_activities.list_heading).to_string()}</h2>
            <p class="lead">{move || t_string!(i18n, manage_activities.list_intro).to_string()}</p>
            <p class="actions">
                <a class="button primary" id="publish-activity" href=format!("/activities/new?org={org_id}")>
                    {move || t_string!(i18n, manage_activities.publish).to_string()}
                </a>
                <a class="button" id="new-project" href=format!("/projects/new?org={org_id}")>
                    {move || t_string!(i18n, manage_activities.new_project).to_string()}
                </a>
            </p>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match activities.get() {
                    Some(Ok(Some(items))) => {
                        let base = base.clone();
                        let current = show.get();
                        let count = |s: Show| items.iter().filter(|a| s.holds(a.summary.phase)).count();
                        let counts: Vec<(Show, usize)> = Show::ALL.into_iter().map(|s| (s, count(s))).collect();
                        let shown: Vec<OrgActivity> = items
                            .into_iter()
                            .filter(|a| current.holds(a.summary.phase))
                            .collect();
                        view! {
                            <nav
                                class="activity-tabs"
                                aria-label=move || t_string!(i18n, manage_activities.show_label).to_string()
                            >
                                <ul>
                                    {counts
                                        .into_iter()
                                        .map(|(s, n)| {
                                            let href = if s == Show::All {
                                                base.clone()
                                            } else {
                                                format!("{base}?show={}", s.code())
                                            };
                                            view! {
                                                <li>
                                                    <a
                                                        id=format!("show-{}", s.code())
                                                        href=href
                                                        aria-current=(s == current).then_some("page")
                                                    >
                                                        {move || s.label(i18n)}
                                                        " "
                                                        <span class="chip-count">{n}</span>
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </nav>
                            {if shown.is_empty() {
                                view! {
                                    <p class="empty">
                                        {move || {
                                            if current == Show::All {
                                                t_string!(i18n, manage_activities.list_empty).to_string()
                                            } else {
                                                t_string!(i18n, manage_activities.filter_empty).to_string()
                                            }
                                        }}
                                    </p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <ul class="card-list activity-list" aria-labelledby="published-heading">
                                        {shown
                                            .into_iter()
                                            .map(|activity| view! { <PublishedCard activity /> })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
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
        </section>
    }
}

#[component]
fn PublishedCard(activity: OrgActivity) -> impl IntoView {
    let i18n = use_i18n();
    let a = &activity.summary;
    let id = a.id;
    let title = a.title.clone();
    let pending = activity.pending;
    // Ended and cancelled activities are a record now: the server refuses edits to them.
    let editable = !matches!(a.phase, Phase::Ended | Phase::Cancelled);
    let edit_title = title.clone();
    // An ended activity is closed (its service record made) on its records page.
    let ended = a.phase == Phase::Ended;
    let records_title = title.clone();
    // The card itself shows confirmed places and the waitlist; what only the organiser needs is
    // the sign-ups waiting for a decision, linked to the queue above.
    let extra = view! {
        {(pending > 0)
            .then(|| {
                view! {
                    <p class="status-line signup-counts">
                        <a class="badge badge-signup-pending" href="#queue">
                            {move || t_string!(i18n, manage_activities.pending_count, count = pending).to_string()}
                        </a>
                    </p>
                }
            })}
        <p class="actions card-actions">
            {editable
                .then(|| {
                    view! {
                        <a class="button" href=format!("/activities/{id}/edit")>
                            {move || t_string!(i18n, manage_activities.edit).to_string()}
                            <span class="sr-only">{format!("：{edit_title}")}</span>
                        </a>
                    }
                })} <a class="button" href=format!("/activities/{id}/signups")>
                {move || t_string!(i18n, manage_activities.participants).to_string()}
                <span class="sr-only">{format!("：{title}")}</span>
            </a>
            {ended
                .then(|| {
                    view! {
                        <a class="button" href=format!("/activities/{id}/records")>
                            {move || t_string!(i18n, records.records_link).to_string()}
                            <span class="sr-only">{format!("：{records_title}")}</span>
                        </a>
                    }
                })}
        </p>
    }
    .into_any();
    view! { <ActivityCard activity=activity.summary extra /> }
}
