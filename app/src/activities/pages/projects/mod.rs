//! Projects (F-26, CVST 3 §9): a project gathers recurring activities with the people served,
//! goals, a cycle and safeguards, and its page sums up what they achieved.
//!
//! `/projects/{id}` is public and server-rendered; `/projects/new?org=` and
//! `/projects/{id}/edit` are the organiser's form ([`form`]).
mod form;

pub use form::ProjectFormPage;

use super::widgets::{label_of, ActivityCard};
use crate::activities::api::{get_project, list_activities, list_projects, load_activity_form};
use crate::activities::model::SERVICE_OBJECT;
use crate::activities::views::{ActivityPage, ActivityQuery, ActivitySummary, ProjectSummary};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use crate::ui::head::{PageDescription, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn id_param(params: Memo<leptos_router::params::ParamsMap>) -> Option<i64> {
    params.with(|p| p.get("id").and_then(|s| s.trim().parse::<i64>().ok()))
}

/// The first page of a project's activities: `phase` "" for current and upcoming ones, "ended"
/// for past ones (newest first).
async fn project_activities(project: Option<i64>, phase: &'static str) -> Result<ActivityPage, AppError> {
    let Some(project) = project else { return Err(AppError::NotFound) };
    list_activities(ActivityQuery { project_id: Some(project), phase: phase.to_owned(), ..Default::default() }).await
}

#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| id_param(params));
    // The project with its organisation's other projects, in one request chain so no resource
    // waits on another's value.
    let project = Resource::new(
        move || id.get(),
        |id| async move {
            let Some(id) = id else { return Err(AppError::NotFound) };
            let project = get_project(id).await?;
            let others = list_projects(Some(project.org_id)).await.unwrap_or_default();
            Ok((project, others))
        },
    );
    let current = Resource::new(move || id.get(), |id| project_activities(id, ""));
    let ended = Resource::new(move || id.get(), |id| project_activities(id, "ended"));
    // Which organisations the viewer manages, for the "publish here" and "edit" links (the
    // server checks again on saving). Signed out, it is simply empty.
    let managed = Resource::new(
        || (),
        |_| async move {
            load_activity_form(None)
                .await
                .map(|c| c.orgs.into_iter().map(|(id, _)| id).collect::<Vec<_>>())
                .unwrap_or_default()
        },
    );
    view! {
        <Transition fallback=move || {
            view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || {
                project
                    .get()
                    .map(|result| match result {
                        Ok((p, others)) => {
                            let manages = managed.get().unwrap_or_default().contains(&p.org_id);
                            view! { <ProjectView p others manages current=current.get() ended=ended.get() /> }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <PageTitle text=move || {
                                    format!("{} · {}", t_string!(i18n, projects.title), t_string!(i18n, app.name))
                                } />
                                <section class="page narrow">
                                    <h1>{move || t_string!(i18n, projects.title).to_string()}</h1>
                                    <p class="banner banner-error" role="alert">
                                        {error_text(i18n, &e)}
                                    </p>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn ProjectView(
    p: ProjectSummary,
    others: Vec<ProjectSummary>,
    manages: bool,
    current: Option<Result<ActivityPage, AppError>>,
    ended: Option<Result<ActivityPage, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = p.id;
    let org_id = p.org_id;
    let title = p.name.clone();
    let objects = p.service_objects.clone();
    let others: Vec<ProjectSummary> = others.into_iter().filter(|o| o.id != id).collect();
    let org_name = p.org_name.clone();
    let described = (p.name.clone(), p.org_name.clone());
    // A labelled paragraph of free text, left out when empty.
    let block = move |label: Signal<String>, value: String| {
        (!value.trim().is_empty()).then(|| {
            view! {
                <div>
                    <dt>{move || label.get()}</dt>
                    <dd class="prewrap">{value}</dd>
                </div>
            }
        })
    };
    let (activities, ended_count, places, people) =
        (p.activities, p.ended_activities, p.volunteer_places, p.served_people);
    let hours = crate::ui::format::hours(p.served_minutes);
    view! {
        <PageTitle text=move || format!("{} · {}", title, t_string!(i18n, app.name)) />
        <PageDescription text=move || {
            t_string!(i18n, meta.project, name = described.0.clone(), org = described.1.clone()).to_string()
        } />
        <section class="page project-page">
            <nav class="breadcrumb" aria-label=move || t_string!(i18n, projects.breadcrumb).to_string()>
                <ol>
                    <li>
                        <a href="/orgs">{move || t_string!(i18n, orgs.title).to_string()}</a>
                    </li>
                    <li>
                        <a href=format!("/orgs/{org_id}")>{p.org_name.clone()}</a>
                    </li>
                    <li aria-current="page">{p.name.clone()}</li>
                </ol>
            </nav>
            <h1>{p.name.clone()}</h1>
            {(!p.brand_mark.trim().is_empty())
                .then(|| {
                    let mark = p.brand_mark.clone();
                    view! {
                        <p class="project-brand">
                            <span class="sr-only">{move || t_string!(i18n, projects.brand_label).to_string()}</span>
                            <span class="brand-chip">{mark}</span>
                        </p>
                    }
                })}
            {manages
                .then(|| {
                    view! {
                        <p class="actions">
                            <a
                                class="button primary"
                                id="publish-in-project"
                                href=format!("/activities/new?org={org_id}&project={id}")
                            >
                                {move || t_string!(i18n, projects.publish_here).to_string()}
                            </a>
                            <a class="button" id="edit-project" href=format!("/projects/{id}/edit")>
                                {move || t_string!(i18n, projects.edit).to_string()}
                            </a>
                        </p>
                    }
                })}
            <dl class="facts project-facts">
                <div>
                    <dt>{move || t_string!(i18n, projects.organiser).to_string()}</dt>
                    <dd>
                        <a href=format!("/orgs/{org_id}")>{p.org_name.clone()}</a>
                    </dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, projects.service_objects).to_string()}</dt>
                    <dd>
                        {move || {
                            objects.iter().map(|c| label_of(i18n, &SERVICE_OBJECT, c)).collect::<Vec<_>>().join("、")
                        }}
                    </dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, projects.cycle).to_string()}</dt>
                    <dd>{p.cycle.clone()}</dd>
                </div>
            </dl>

            <h2>{move || t_string!(i18n, projects.about_heading).to_string()}</h2>
            <dl class="facts org-facts project-about">
                {block(text(move || t_string!(i18n, projects.summary).to_string()), p.summary.clone())}
                {block(text(move || t_string!(i18n, projects.goals).to_string()), p.goals.clone())}
                {block(text(move || t_string!(i18n, projects.guarantees_label).to_string()), p.guarantees.clone())}
            </dl>

            <h2>{move || t_string!(i18n, projects.totals_heading).to_string()}</h2>
            <dl class="stats project-stats">
                <div>
                    <dt>{move || t_string!(i18n, projects.total_activities).to_string()}</dt>
                    <dd>{move || t_string!(i18n, projects.count_activities, count = activities).to_string()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, projects.total_ended).to_string()}</dt>
                    <dd>{move || t_string!(i18n, projects.count_activities, count = ended_count).to_string()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, projects.total_places).to_string()}</dt>
                    <dd>{move || t_string!(i18n, projects.count_places, count = places).to_string()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, projects.total_hours).to_string()}</dt>
                    <dd>{move || t_string!(i18n, projects.count_hours, hours = hours.clone()).to_string()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, projects.total_people).to_string()}</dt>
                    <dd>{move || t_string!(i18n, projects.count_people, count = people).to_string()}</dd>
                </div>
            </dl>

            <h2 id="current-heading">{move || t_string!(i18n, projects.current_heading).to_string()}</h2>
            <ActivityList project=id phase="" first=current labelled_by="current-heading" />
            <h2 id="ended-heading">{move || t_string!(i18n, projects.ended_heading).to_string()}</h2>
            <ActivityList project=id phase="ended" first=ended labelled_by="ended-heading" />

            {(!others.is_empty())
                .then(|| {
                    view! {
                        <h2>{move || t_string!(i18n, projects.projects_of, org = org_name.clone()).to_string()}</h2>
                        <ul class="plain-list project-links">
                            {others
                                .into_iter()
                                .map(|o| {
                                    view! {
                                        <li>
                                            <a href=format!("/projects/{}", o.id)>{o.name}</a>
                                            {(!o.cycle.is_empty())
                                                .then(|| {
                                                    view! {
                                                        <span class="picker-meta">{format!(" · {}", o.cycle)}</span>
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>
    }
}

/// One list of the project's activities with "load more" (after hydration; the first page,
/// 20 activities, is server-rendered).
#[component]
fn ActivityList(
    project: i64,
    phase: &'static str,
    first: Option<Result<ActivityPage, AppError>>,
    labelled_by: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = match first {
        Some(Ok(page)) => page,
        Some(Err(e)) => {
            return view! {
                <p class="banner banner-error" role="alert">
                    {error_text(i18n, &e)}
                </p>
            }
            .into_any()
        }
        None => return ().into_any(),
    };
    if page.items.is_empty() {
        return view! {
            <p class="empty">
                {move || {
                    if phase.is_empty() {
                        t_string!(i18n, projects.current_empty).to_string()
                    } else {
                        t_string!(i18n, projects.ended_empty).to_string()
                    }
                }}
            </p>
        }
        .into_any();
    }
    let more = RwSignal::new(Vec::<ActivitySummary>::new());
    let next = RwSignal::new(page.next.clone());
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let load_more = move |_| {
        let Some(after) = next.get_untracked() else { return };
        loading.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let query = ActivityQuery {
                project_id: Some(project),
                phase: phase.to_owned(),
                after: Some(after),
                ..Default::default()
            };
            match list_activities(query).await {
                Ok(page) => {
                    more.update(|m| m.extend(page.items));
                    next.set(page.next);
                }
                Err(e) => failed.set(Some(error_text(i18n, &e))),
            }
            loading.set(false);
        });
    };
    view! {
        <ul class="card-list" aria-labelledby=labelled_by>
            {page.items.into_iter().map(|activity| view! { <ActivityCard activity /> }).collect_view()}
            <For each=move || more.get() key=|a| a.id let:activity>
                <ActivityCard activity />
            </For>
        </ul>
        <Show when=move || hydrated.get() && next.with(|n| n.is_some())>
            <p class="load-more">
                <button type="button" class="button block" disabled=move || loading.get() on:click=load_more>
                    {move || {
                        if loading.get() {
                            t_string!(i18n, projects.loading_more).to_string()
                        } else {
                            t_string!(i18n, projects.load_more).to_string()
                        }
                    }}
                </button>
            </p>
        </Show>
        {move || {
            failed
                .get()
                .map(|e| {
                    view! {
                        <p class="banner banner-error" role="alert">
                            {e}
                        </p>
                    }
                })
        }}
    }
    .into_any()
}
