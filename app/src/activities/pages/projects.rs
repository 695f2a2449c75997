//! Projects (F-26, CVST 3 §9): a project gathers recurring activities with the people served,
//! goals, a cycle and safeguards, and its page sums up what they achieved.
//!
//! `/projects/{id}` is public and server-rendered; `/projects/new?org=` and
//! `/projects/{id}/edit` are the organiser's form, checked in the browser by the server's own
//! validator ([`ProjectInput::validate`]).
use super::publish::{login_here, recheck, Area, NoOrgs};
use super::widgets::{label_of, ActivityCard};
use crate::ui::errors::show_error;
use crate::activities::api::{get_project, list_activities, list_projects, load_activity_form, SaveProject};
use crate::activities::model::{ProjectInput, SERVICE_OBJECT};
use crate::activities::views::{ActivityPage, ActivityQuery, ActivitySummary, ProjectSummary};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::{error_of, focus_first_error, text, ChoiceChecks, SelectField, TextField};
use crate::validation::{FieldErrors, Invalid};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

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
        |_| async move { load_activity_form(None).await.map(|c| c.orgs.into_iter().map(|(id, _)| id).collect::<Vec<_>>()).unwrap_or_default() },
    );
    view! {
        <Transition fallback=move || view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }>
            {move || {
                project
                    .get()
                    .map(|result| match result {
                        Ok((p, others)) => {
                            let manages = managed.get().unwrap_or_default().contains(&p.org_id);
                            view! { <ProjectView p others manages current=current.get() ended=ended.get() /> }.into_any()
                        }
                        Err(e) => {
                            view! {
                                <Title text=move || format!("{} · {}", t_string!(i18n, projects.title), t_string!(i18n, app.name)) />
                                <section class="page narrow">
                                    <h1>{move || t_string!(i18n, projects.title).to_string()}</h1>
                                    <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p>
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
    let (activities, ended_count, places, hours) = (p.activities, p.ended_activities, p.volunteer_places, p.planned_hours);
    view! {
        <Title text=move || format!("{} · {}", title, t_string!(i18n, app.name)) />
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
                            <a class="button primary" id="publish-in-project" href=format!("/activities/new?org={org_id}&project={id}")>
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
                        {move || objects.iter().map(|c| label_of(i18n, &SERVICE_OBJECT, c)).collect::<Vec<_>>().join("、")}
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
                    <dd>{move || t_string!(i18n, projects.count_hours, count = hours).to_string()}</dd>
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
                                            {(!o.cycle.is_empty()).then(|| view! { <span class="picker-meta">{format!(" · {}", o.cycle)}</span> })}
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
        Some(Err(e)) => return view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
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
            let query = ActivityQuery { project_id: Some(project), phase: phase.to_owned(), after: Some(after), ..Default::default() };
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
        {move || failed.get().map(|e| view! { <p class="banner banner-error" role="alert">{e}</p> })}
    }
    .into_any()
}

/// The project form's values, one signal per field of [`ProjectInput`].
#[derive(Clone, Copy)]
struct Fields {
    org_id: RwSignal<String>,
    name: RwSignal<String>,
    summary: RwSignal<String>,
    service_objects: RwSignal<Vec<String>>,
    goals: RwSignal<String>,
    cycle: RwSignal<String>,
    guarantees: RwSignal<String>,
    brand_mark: RwSignal<String>,
}

impl Fields {
    fn new(org_id: i64, p: Option<&ProjectSummary>) -> Self {
        let s = |v: Option<&String>| RwSignal::new(v.cloned().unwrap_or_default());
        Fields {
            org_id: RwSignal::new(if org_id > 0 { org_id.to_string() } else { String::new() }),
            name: s(p.map(|p| &p.name)),
            summary: s(p.map(|p| &p.summary)),
            service_objects: RwSignal::new(p.map(|p| p.service_objects.clone()).unwrap_or_default()),
            goals: s(p.map(|p| &p.goals)),
            cycle: s(p.map(|p| &p.cycle)),
            guarantees: s(p.map(|p| &p.guarantees)),
            brand_mark: s(p.map(|p| &p.brand_mark)),
        }
    }

    /// Subscribes the running effect to every field.
    fn track(&self) {
        self.org_id.track();
        self.name.track();
        self.summary.track();
        self.service_objects.track();
        self.goals.track();
        self.cycle.track();
        self.guarantees.track();
        self.brand_mark.track();
    }

    fn snapshot(&self) -> ProjectInput {
        ProjectInput {
            org_id: self.org_id.get_untracked().trim().parse().unwrap_or(0),
            name: self.name.get_untracked(),
            summary: self.summary.get_untracked(),
            service_objects: self.service_objects.get_untracked(),
            goals: self.goals.get_untracked(),
            cycle: self.cycle.get_untracked(),
            guarantees: self.guarantees.get_untracked(),
            brand_mark: self.brand_mark.get_untracked(),
        }
    }
}

fn project_errors(input: &ProjectInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if input.org_id <= 0 {
        errors.push("org_id", Invalid::Required);
    }
    if let Err(found) = input.validate() {
        errors.0.extend(found.0);
    }
    errors
}

#[component]
pub fn ProjectFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let editing = Memo::new(move |_| params.with(|p| p.get("id").is_some()));
    let id = Memo::new(move |_| id_param(params));
    let data = Resource::new(
        move || (editing.get(), id.get()),
        |(editing, id)| async move {
            let orgs = load_activity_form(None).await?.orgs;
            let project = match (editing, id) {
                (true, None) => return Err(AppError::NotFound),
                (true, Some(id)) => Some(get_project(id).await?),
                (false, _) => None,
            };
            Ok((orgs, project))
        },
    );
    let heading = move || {
        if editing.get() { t_string!(i18n, projects.title_edit).to_string() } else { t_string!(i18n, projects.title_new).to_string() }
    };
    let preset_org = move || query.with_untracked(|q| q.get("org").and_then(|v| v.trim().parse::<i64>().ok()));
    view! {
        <Title text=move || format!("{} · {}", heading(), t_string!(i18n, app.name)) />
        <section class="page narrow project-form-page">
            <h1>{heading}</h1>
            <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                {move || {
                    data.get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => view! { <Redirect path=login_here(&location) /> }.into_any(),
                            Err(e) => view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                            Ok((orgs, Some(p))) if !orgs.iter().any(|(o, _)| *o == p.org_id) => {
                                view! {
                                    <p class="banner banner-error" role="alert">{move || t_string!(i18n, projects.not_manager).to_string()}</p>
                                    <p class="actions">
                                        <a class="button" href=format!("/projects/{}", p.id)>{p.name.clone()}</a>
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok((orgs, None)) if orgs.is_empty() => view! { <NoOrgs for_projects=true /> }.into_any(),
                            Ok((orgs, project)) => view! { <ProjectForm orgs project preset_org=preset_org() /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ProjectForm(orgs: Vec<(i64, String)>, project: Option<ProjectSummary>, preset_org: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let id = project.as_ref().map(|p| p.id);
    let org = match &project {
        Some(p) => p.org_id,
        None => preset_org
            .filter(|o| orgs.iter().any(|(id, _)| id == o))
            .or_else(|| (orgs.len() == 1).then(|| orgs[0].0))
            .unwrap_or(0),
    };
    let f = Fields::new(org, project.as_ref());
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let save = ServerAction::<SaveProject>::new();
    let check = move |field: &'static str, value: Option<RwSignal<String>>| {
        Callback::new(move |_: ()| {
            let filled = value.map(|v| !v.get_untracked().trim().is_empty()).unwrap_or(true);
            recheck(errors, project_errors(&f.snapshot()), filled.then_some(field));
        })
    };
    // Messages on screen follow the values as they are typed (see `recheck`).
    Effect::new(move |_| {
        f.track();
        if errors.with_untracked(|e| !e.is_empty()) {
            recheck(errors, project_errors(&f.snapshot()), None);
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => navigate(&format!("/projects/{saved}"), Default::default()),
        Some(Err(e)) => show_error(i18n, &e, errors, banner),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        let input = f.snapshot();
        let found = project_errors(&input);
        if !found.is_empty() {
            banner.set(Some(t_string!(i18n, common.error_summary, count = found.0.len()).to_string()));
            focus_first_error(&found);
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::new());
        save.dispatch(SaveProject { id, input });
    };
    let pending = save.pending();
    let org_error = error_of(errors, "org_id");
    let org_field = match &project {
        Some(p) => view! {
            <div class="field fixed-value" id="f-org_id" tabindex="-1">
                <p class="field-label">{move || t_string!(i18n, projects.org).to_string()}</p>
                <p class="fixed-text">{p.org_name.clone()}</p>
                <p class="hint">{move || t_string!(i18n, projects.org_fixed_hint).to_string()}</p>
                <p class="field-error">{move || org_error.get()}</p>
            </div>
        }
        .into_any(),
        None => {
            let options = orgs.iter().map(|(id, name)| (id.to_string(), name.clone())).collect::<Vec<_>>();
            view! {
                <SelectField
                    name="org_id"
                    label=text(move || t_string!(i18n, projects.org).to_string())
                    value=f.org_id
                    error=org_error
                    options=Signal::derive(move || options.clone())
                    required=true
                    on_change=check("org_id", None)
                />
            }
            .into_any()
        }
    };
    view! {
        <p class="lead">{move || t_string!(i18n, projects.intro).to_string()}</p>
        <FormMessage error=banner />
        <form class="form project-form" novalidate on:submit=on_submit>
            {org_field}
            <TextField
                name="name"
                label=text(move || t_string!(i18n, projects.name).to_string())
                hint=text(move || t_string!(i18n, projects.name_hint).to_string())
                value=f.name
                error=error_of(errors, "name")
                maxlength=60
                autocomplete="off"
                required=true
                on_blur=check("name", Some(f.name))
            />
            <Area
                name="summary"
                label=text(move || t_string!(i18n, projects.summary).to_string())
                hint=text(move || t_string!(i18n, projects.summary_hint).to_string())
                value=f.summary
                error=error_of(errors, "summary")
                required=true
                maxlength=1000
                rows=4
                on_blur=check("summary", Some(f.summary))
            />
            <ChoiceChecks
                name="service_objects"
                label=text(move || t_string!(i18n, projects.service_objects).to_string())
                list=&SERVICE_OBJECT
                value=f.service_objects
                error=error_of(errors, "service_objects")
                on_change=check("service_objects", None)
            />
            <Area
                name="goals"
                label=text(move || t_string!(i18n, projects.goals).to_string())
                hint=text(move || t_string!(i18n, projects.goals_hint).to_string())
                value=f.goals
                error=error_of(errors, "goals")
                required=true
                maxlength=1000
                on_blur=check("goals", Some(f.goals))
            />
            <TextField
                name="cycle"
                label=text(move || t_string!(i18n, projects.cycle).to_string())
                hint=text(move || t_string!(i18n, projects.cycle_hint).to_string())
                value=f.cycle
                error=error_of(errors, "cycle")
                maxlength=100
                autocomplete="off"
                required=true
                on_blur=check("cycle", Some(f.cycle))
            />
            <Area
                name="guarantees"
                label=text(move || t_string!(i18n, projects.guarantees).to_string())
                hint=text(move || t_string!(i18n, projects.guarantees_hint).to_string())
                value=f.guarantees
                error=error_of(errors, "guarantees")
                maxlength=1000
                on_blur=check("guarantees", Some(f.guarantees))
            />
            <TextField
                name="brand_mark"
                label=text(move || t_string!(i18n, projects.brand_mark).to_string())
                hint=text(move || t_string!(i18n, projects.brand_mark_hint).to_string())
                value=f.brand_mark
                error=error_of(errors, "brand_mark")
                maxlength=60
                autocomplete="off"
                on_blur=check("brand_mark", Some(f.brand_mark))
            />
            <button type="submit" id="save-project" class="button primary block" disabled=move || pending.get()>
                {move || {
                    if pending.get() {
                        t_string!(i18n, projects.saving).to_string()
                    } else if id.is_some() {
                        t_string!(i18n, projects.save).to_string()
                    } else {
                        t_string!(i18n, projects.create).to_string()
                    }
                }}
            </button>
            {id
                .map(|id| {
                    view! {
                        <p class="actions">
                            <a href=format!("/projects/{id}")>{move || t_string!(i18n, common.back).to_string()}</a>
                        </p>
                    }
                })}
        </form>
    }
}
