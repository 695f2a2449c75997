//! The organiser's side of activities.
//!
//! `/orgs/{id}/manage/activities` is a section of the organisation console: first the sign-ups
//! waiting for approval (approve, or decline with a reason the volunteer is told), then the
//! activities the organisation and the units below it published, with their sign-up counts and
//! the ways to edit them and see who signed up. `/activities/{id}/signups` is that list of
//! people for one activity, grouped by where each sign-up stands.
use crate::activities::api::{get_activity, org_activities, participants, signup_queue, DecideSignUp};
use crate::activities::model::{Phase, SignupStatus};
use crate::activities::pages::widgets::{ActivityCard, SignupBadge};
use crate::activities::views::{ActivityDetail, OrgActivity, Participant, SignupRequest};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::format::{encode_component, local_time};
use crate::orgs::pages::manage::nav::{focus_later, ManageScope, ManageShell, Section};
use crate::orgs::pages::manage::widgets::{refusal_field, ReasonConfirm};
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The id of the console's status line (focus goes there after a decided card disappears).
const STATUS_ID: &str = "manage-status";

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

/// Section 1: sign-ups waiting for a decision, oldest first.
#[component]
fn SignupQueue(queue: Queue, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let decided = RwSignal::new(Vec::<i64>::new());
    let done = RwSignal::new(None::<String>);
    let on_decided = Callback::new(move |(id, message): (i64, String)| {
        decided.update(|d| d.push(id));
        done.set(Some(message));
        version.update(|v| *v += 1);
        focus_later(STATUS_ID);
    });
    view! {
        <section class="signup-queue" id="queue" aria-labelledby="queue-heading">
            <h2 id="queue-heading">{move || t_string!(i18n, manage_activities.queue_heading).to_string()}</h2>
            <p class="lead">{move || t_string!(i18n, manage_activities.queue_intro).to_string()}</p>
            <div id=STATUS_ID class="form-message" role="status" tabindex="-1">
                {move || done.get().map(|message| view! { <p class="banner banner-success">{message}</p> })}
            </div>
            <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                {move || match queue.get() {
                    Some(Ok(Some(items))) => {
                        let items: Vec<SignupRequest> =
                            items.into_iter().filter(|r| !decided.with(|d| d.contains(&r.signup_id))).collect();
                        if items.is_empty() {
                            view! { <p class="empty">{move || t_string!(i18n, manage_activities.queue_empty).to_string()}</p> }.into_any()
                        } else {
                            let count = items.len();
                            view! {
                                <p class="result-count">{move || t_string!(i18n, manage_activities.queue_count, count = count).to_string()}</p>
                                <ul class="card-list">
                                    {items.into_iter().map(|request| view! { <RequestCard request on_decided /> }).collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                    Some(Err(e)) => view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    _ => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

/// A name to show for a person who has not entered one (should not happen: signing up needs
/// the real-name profile).
fn shown_name(i18n: I18nContext<Locale>, name: &str) -> String {
    if name.trim().is_empty() {
        t_string!(i18n, manage_activities.no_name).to_string()
    } else {
        name.to_owned()
    }
}

#[component]
fn RequestCard(request: SignupRequest, on_decided: Callback<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideSignUp>::new();
    let approving = RwSignal::new(true);
    let banner = RwSignal::new(None::<String>);
    let reason_error = RwSignal::new(None::<String>);
    let id = request.signup_id;
    let name = shown_name(i18n, &request.name);
    {
        let name = name.clone();
        let activity = request.activity_title.clone();
        Effect::new(move |_| match decide.value().get() {
            Some(Ok(())) => {
                let (name, activity) = (name.clone(), activity.clone());
                let message = if approving.get_untracked() {
                    t_string!(i18n, manage_activities.approved, name = name, activity = activity).to_string()
                } else {
                    t_string!(i18n, manage_activities.declined, name = name, activity = activity).to_string()
                };
                on_decided.run((id, message));
            }
            Some(Err(e)) => match e.field_errors().and_then(|f| refusal_field(i18n, f, "reason")) {
                Some(message) => reason_error.set(Some(message)),
                None => banner.set(Some(error_text(i18n, &e))),
            },
            None => {}
        });
    }
    let approve = move |_| {
        banner.set(None);
        approving.set(true);
        decide.dispatch(DecideSignUp { signup_id: id, approve: true, reason: String::new() });
    };
    let decline = Callback::new(move |reason: String| {
        banner.set(None);
        approving.set(false);
        decide.dispatch(DecideSignUp { signup_id: id, approve: false, reason });
    });
    let age = request.age;
    let qualifications = request.qualifications.trim().to_owned();
    view! {
        <li class="card signup-request" id=format!("signup-request-{id}")>
            <h3 class="card-title">{name}</h3>
            <dl class="facts">
                <dt>{move || t_string!(i18n, manage_activities.activity).to_string()}</dt>
                <dd>
                    <a href=format!("/activities/{}", request.activity_id)>{request.activity_title.clone()}</a>
                </dd>
                <dt>{move || t_string!(i18n, manage_activities.mobile).to_string()}</dt>
                <dd>{request.masked_mobile.clone()}</dd>
                <dt>{move || t_string!(i18n, manage_activities.age).to_string()}</dt>
                <dd>
                    {move || match age {
                        Some(age) => t_string!(i18n, manage_activities.age_years, age = age).to_string(),
                        None => t_string!(i18n, manage_activities.not_given).to_string(),
                    }}
                </dd>
                <dt>{move || t_string!(i18n, manage_activities.qualifications).to_string()}</dt>
                <dd class="pre-line">
                    {move || {
                        if qualifications.is_empty() { t_string!(i18n, common.none).to_string() } else { qualifications.clone() }
                    }}
                </dd>
                <dt>{move || t_string!(i18n, manage_activities.requested_at).to_string()}</dt>
                <dd>{local_time(request.requested_at)}</dd>
            </dl>
            {move || banner.get().map(|b| view! { <p class="banner banner-error" role="alert">{b}</p> })}
            <div class="decision">
                <button
                    type="button"
                    class="button primary"
                    id=format!("signup-{id}-approve")
                    disabled=move || decide.pending().get()
                    on:click=approve
                >
                    {move || t_string!(i18n, manage_activities.approve).to_string()}
                </button>
                <ReasonConfirm
                    id=format!("signup-{id}")
                    open_label=text(move || t_string!(i18n, manage_activities.decline).to_string())
                    prompt=text(move || t_string!(i18n, manage_activities.decline_prompt).to_string())
                    reason_label=text(move || t_string!(i18n, manage_activities.decline_reason).to_string())
                    confirm_label=text(move || t_string!(i18n, manage_activities.decline_confirm).to_string())
                    pending=decide.pending()
                    error=reason_error
                    on_confirm=decline
                />
            </div>
        </li>
    }
}

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
            Show::Current => matches!(phase, Phase::NotOpen | Phase::Recruiting | Phase::SignupClosed | Phase::InProgress),
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
fn PublishedList(activities: Activities, org_id: i64) -> impl IntoView {
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
            <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                {move || match activities.get() {
                    Some(Ok(Some(items))) => {
                        let base = base.clone();
                        let current = show.get();
                        let count = |s: Show| items.iter().filter(|a| s.holds(a.summary.phase)).count();
                        let counts: Vec<(Show, usize)> = Show::ALL.into_iter().map(|s| (s, count(s))).collect();
                        let shown: Vec<OrgActivity> = items.into_iter().filter(|a| current.holds(a.summary.phase)).collect();
                        view! {
                            <nav class="activity-tabs" aria-label=move || t_string!(i18n, manage_activities.show_label).to_string()>
                                <ul>
                                    {counts
                                        .into_iter()
                                        .map(|(s, n)| {
                                            let href = if s == Show::All { base.clone() } else { format!("{base}?show={}", s.code()) };
                                            view! {
                                                <li>
                                                    <a id=format!("show-{}", s.code()) href=href aria-current=(s == current).then_some("page")>
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
                                        {shown.into_iter().map(|activity| view! { <PublishedCard activity /> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        }
                            .into_any()
                    }
                    Some(Err(e)) => view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
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
                })}
            <a class="button" href=format!("/activities/{id}/signups")>
                {move || t_string!(i18n, manage_activities.participants).to_string()}
                <span class="sr-only">{format!("：{title}")}</span>
            </a>
        </p>
    }
    .into_any();
    view! { <ActivityCard activity=activity.summary extra /> }
}

// ---------------------------------------------------------------------------------------------
// /activities/{id}/signups

/// The groups of the list, in the order an organiser reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Confirmed,
    Waitlisted,
    Pending,
    Closed,
}

impl Group {
    const ALL: [Group; 4] = [Group::Confirmed, Group::Waitlisted, Group::Pending, Group::Closed];

    fn of(status: SignupStatus) -> Group {
        match status {
            SignupStatus::Confirmed => Group::Confirmed,
            SignupStatus::Waitlisted => Group::Waitlisted,
            SignupStatus::Pending => Group::Pending,
            SignupStatus::Cancelled | SignupStatus::Declined => Group::Closed,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Group::Confirmed => "confirmed",
            Group::Waitlisted => "waitlisted",
            Group::Pending => "pending",
            Group::Closed => "closed",
        }
    }

    fn label(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Group::Confirmed => t_string!(i18n, manage_activities.group_confirmed),
            Group::Waitlisted => t_string!(i18n, manage_activities.group_waitlisted),
            Group::Pending => t_string!(i18n, manage_activities.group_pending),
            Group::Closed => t_string!(i18n, manage_activities.group_closed),
        }
        .to_string()
    }

    /// What the time beside each person means in this group.
    fn time_label(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Group::Confirmed => t_string!(i18n, manage_activities.time_confirmed),
            Group::Waitlisted => t_string!(i18n, manage_activities.time_waitlisted),
            Group::Pending => t_string!(i18n, manage_activities.time_pending),
            Group::Closed => t_string!(i18n, manage_activities.time_closed),
        }
        .to_string()
    }
}

#[component]
pub fn ParticipantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_activity(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let people = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => participants(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let page_title = move || format!("{} · {}", t_string!(i18n, manage_activities.participants_title), t_string!(i18n, app.name));
    view! {
        <section class="page participants-page">
            <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                {move || {
                    let activity_id = id.get().unwrap_or_default();
                    match (people.get(), detail.get()) {
                        (Some(Err(AppError::Unauthenticated)), _) => {
                            let next = encode_component(&format!("/activities/{activity_id}/signups"));
                            view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                        }
                        (Some(Err(e)), _) | (Some(Ok(_)), Some(Err(e))) => {
                            let message = match e {
                                AppError::Forbidden => t_string!(i18n, manage_activities.participants_forbidden).to_string(),
                                e => error_text(i18n, &e),
                            };
                            view! {
                                <Title text=page_title />
                                <h1>{move || t_string!(i18n, manage_activities.participants_title).to_string()}</h1>
                                <p class="banner banner-error" role="alert">{message}</p>
                                <p>
                                    <a href="/activities">{move || t_string!(i18n, manage_activities.all_activities).to_string()}</a>
                                </p>
                            }
                                .into_any()
                        }
                        (Some(Ok(list)), Some(Ok(detail))) => view! { <ParticipantList detail list /> }.into_any(),
                        _ => ().into_any(),
                    }
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ParticipantList(detail: ActivityDetail, list: Vec<Participant>) -> impl IntoView {
    let i18n = use_i18n();
    let a = detail.summary;
    let id = a.id;
    let org_id = a.org_id;
    let title = a.title.clone();
    let head_title = title.clone();
    let grouped: Vec<(Group, Vec<Participant>)> = Group::ALL
        .into_iter()
        .map(|g| {
            // The server sorts by status, then queue time: each group keeps queue order.
            let members: Vec<Participant> = list.iter().filter(|p| Group::of(p.status) == g).cloned().collect();
            (g, members)
        })
        .collect();
    let count = |g: Group| grouped.iter().find(|(x, _)| *x == g).map(|(_, m)| m.len()).unwrap_or(0);
    let (confirmed, waitlisted, pending) = (count(Group::Confirmed), count(Group::Waitlisted), count(Group::Pending));
    let capacity = a.capacity;
    view! {
        <Title text=move || {
            format!(
                "{} · {} · {}",
                t_string!(i18n, manage_activities.participants_title),
                head_title,
                t_string!(i18n, app.name),
            )
        } />
        <p class="manage-eyebrow">
            <a href=format!("/activities/{id}")>
                <span aria-hidden="true">"‹ "</span>
                {move || t_string!(i18n, manage_activities.back_to_activity).to_string()}
            </a>
        </p>
        <h1>
            {move || t_string!(i18n, manage_activities.participants_title).to_string()}
            <span class="sr-only">"："</span>
            <span class="participants-activity">{title.clone()}</span>
        </h1>
        <dl class="stats participant-stats">
            <div>
                <dt>{move || t_string!(i18n, manage_activities.group_confirmed).to_string()}</dt>
                <dd id="count-confirmed">{format!("{confirmed} / {capacity}")}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage_activities.group_waitlisted).to_string()}</dt>
                <dd id="count-waitlisted">{waitlisted}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage_activities.group_pending).to_string()}</dt>
                <dd id="count-pending">{pending}</dd>
            </div>
        </dl>
        <p class="hint">{move || t_string!(i18n, manage_activities.masked_note).to_string()}</p>
        {(pending > 0)
            .then(|| {
                view! {
                    <p class="actions">
                        <a class="button primary" href=format!("{}#queue", Section::Activities.href(org_id))>
                            {move || t_string!(i18n, manage_activities.go_review).to_string()}
                        </a>
                    </p>
                }
            })}
        {grouped.into_iter().map(|(group, members)| view! { <ParticipantGroup group members /> }).collect_view()}
    }
}

#[component]
fn ParticipantGroup(group: Group, members: Vec<Participant>) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("group-{}", group.code());
    let n = members.len();
    view! {
        <section class="participant-group" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{move || format!("{}（{n}）", group.label(i18n))}</h2>
            {if members.is_empty() {
                view! { <p class="group-empty">{move || t_string!(i18n, manage_activities.group_empty).to_string()}</p> }.into_any()
            } else {
                view! {
                    // The waitlist says each place in words ("第 2 位"), so its numbers are not repeated.
                    <ol
                        class=if group == Group::Waitlisted { "participant-list numbered-in-text" } else { "participant-list" }
                        aria-labelledby=heading_id.clone()
                    >
                        {members
                            .into_iter()
                            .enumerate()
                            .map(|(i, p)| {
                                let position = i + 1;
                                view! {
                                    <li class="participant">
                                        <span class="participant-name">{shown_name(i18n, &p.name)}</span>
                                        <span class="participant-phone">{p.masked_mobile.clone()}</span>
                                        {(group == Group::Waitlisted)
                                            .then(|| {
                                                view! {
                                                    <span class="waitlist-position">
                                                        {move || t_string!(i18n, manage_activities.position, position = position).to_string()}
                                                    </span>
                                                }
                                            })}
                                        {(group == Group::Closed).then(|| view! { <SignupBadge status=p.status /> })}
                                        <span class="participant-time">
                                            {move || group.time_label(i18n)}
                                            " "
                                            {local_time(p.queued_at)}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                    .into_any()
            }}
        </section>
    }
}
