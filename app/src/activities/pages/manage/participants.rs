//! `/activities/{id}/signups`: the people signed up for one activity, grouped by where each
//! sign-up stands.
use super::shown_name;
use crate::activities::api::{get_activity, participants};
use crate::activities::model::SignupStatus;
use crate::activities::pages::widgets::SignupBadge;
use crate::activities::views::{ActivityDetail, Participant};
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::pages::manage::nav::Section;
use crate::ui::errors::error_text;
use crate::ui::format::{encode_component, local_time};
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

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
    let page_title =
        move || format!("{} · {}", t_string!(i18n, manage_activities.participants_title), t_string!(i18n, app.name));
    view! {
        <section class="page participants-page">
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    let activity_id = id.get().unwrap_or_default();
                    match (people.get(), detail.get()) {
                        (Some(Err(AppError::Unauthenticated)), _) => {
                            let next = encode_component(&format!("/activities/{activity_id}/signups"));
                            view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                        }
                        (Some(Err(e)), _) | (Some(Ok(_)), Some(Err(e))) => {
                            let message = match e {
                                AppError::Forbidden => {
                                    t_string!(i18n, manage_activities.participants_forbidden).to_string()
                                }
                                e => error_text(i18n, &e),
                            };
                            view! {
                                <PageTitle text=page_title />
                                <h1>{move || t_string!(i18n, manage_activities.participants_title).to_string()}</h1>
                                <p class="banner banner-error" role="alert">
                                    {message}
                                </p>
                                <p>
                                    <a href="/activities">
                                        {move || t_string!(i18n, manage_activities.all_activities).to_string()}
                                    </a>
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
        <PageTitle text=move || {
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
            <span class="sr-only">"："</span> <span class="participants-activity">{title.clone()}</span>
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
        <p class="attendance-links">
            <a href=format!("/activities/{id}/makeups")>{move || t_string!(i18n, makeup.link_queue).to_string()}</a>
            " · "
            <a href=format!("/activities/{id}/review")>{move || t_string!(i18n, review.activity_link).to_string()}</a>
        </p>
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
                view! {
                    <p class="group-empty">{move || t_string!(i18n, manage_activities.group_empty).to_string()}</p>
                }
                    .into_any()
            } else {
                view! {
                    // The waitlist says each place in words ("第 2 位"), so its numbers are not repeated.
                    <ol
                        class=if group == Group::Waitlisted {
                            "participant-list numbered-in-text"
                        } else {
                            "participant-list"
                        }
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
                                                        {move || {
                                                            t_string!(
                                                                i18n, manage_activities.position, position = position
                                                            )
                                                                .to_string()
                                                        }}
                                                    </span>
                                                }
                                            })}
                                        {(group == Group::Closed).then(|| view! { <SignupBadge status=p.status /> })}
                                        <span class="participant-time">
                                            {move || group.time_label(i18n)} " " {local_time(p.queued_at)}
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
