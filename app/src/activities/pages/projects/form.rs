//! The organiser's project form, for `/projects/new?org=` and `/projects/{id}/edit`, checked in
//! the browser by the server's own validator ([`ProjectInput::validate`]).
use super::id_param;
use crate::activities::api::{get_project, load_activity_form, SaveProject};
use crate::activities::model::{ProjectInput, SERVICE_OBJECT};
use crate::activities::pages::publish::{login_here, NoOrgs};
use crate::activities::views::ProjectSummary;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::text;
use crate::ui::form::{BoundArea, BoundChecks, BoundSelect, BoundText, Field, Form};
use crate::ui::head::PageTitle;
use crate::validation::{FieldErrors, Invalid};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

/// One [`Field`] per field of [`ProjectInput`]; the organisation is the select's string value.
#[derive(Clone, Copy)]
struct Fields {
    form: Form,
    org_id: Field<String>,
    name: Field<String>,
    summary: Field<String>,
    service_objects: Field<Vec<String>>,
    goals: Field<String>,
    cycle: Field<String>,
    guarantees: Field<String>,
    brand_mark: Field<String>,
}

impl Fields {
    fn new(org_id: i64, p: Option<&ProjectSummary>) -> Self {
        let form = Form::new();
        let t = |name: &'static str, value: Option<&String>| form.text(name, value.cloned().unwrap_or_default());
        let f = Fields {
            form,
            org_id: form.text("org_id", if org_id > 0 { org_id.to_string() } else { String::new() }),
            name: t("name", p.map(|p| &p.name)),
            summary: t("summary", p.map(|p| &p.summary)),
            service_objects: form.field("service_objects", p.map(|p| p.service_objects.clone()).unwrap_or_default()),
            goals: t("goals", p.map(|p| &p.goals)),
            cycle: t("cycle", p.map(|p| &p.cycle)),
            guarantees: t("guarantees", p.map(|p| &p.guarantees)),
            brand_mark: t("brand_mark", p.map(|p| &p.brand_mark)),
        };
        form.checked_by(move || project_errors(&f.snapshot()));
        f
    }

    fn snapshot(&self) -> ProjectInput {
        ProjectInput {
            org_id: self.org_id.id(),
            name: self.name.get(),
            summary: self.summary.get(),
            service_objects: self.service_objects.get(),
            goals: self.goals.get(),
            cycle: self.cycle.get(),
            guarantees: self.guarantees.get(),
            brand_mark: self.brand_mark.get(),
        }
    }
}

/// The organisation (left to the server's permission check by the model), then the model's own.
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
        if editing.get() {
            t_string!(i18n, projects.title_edit).to_string()
        } else {
            t_string!(i18n, projects.title_new).to_string()
        }
    };
    let preset_org = move || query.with_untracked(|q| q.get("org").and_then(|v| v.trim().parse::<i64>().ok()));
    view! {
        <PageTitle text=move || format!("{} · {}", heading(), t_string!(i18n, app.name)) />
        <section class="page narrow project-form-page">
            <h1>{heading}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    data.get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => {
                                view! { <Redirect path=login_here(&location) /> }.into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {error_text(i18n, &e)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok((orgs, Some(p))) if !orgs.iter().any(|(o, _)| *o == p.org_id) => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {move || t_string!(i18n, projects.not_manager).to_string()}
                                    </p>
                                    <p class="actions">
                                        <a class="button" href=format!("/projects/{}", p.id)>
                                            {p.name.clone()}
                                        </a>
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok((orgs, None)) if orgs.is_empty() => view! { <NoOrgs for_projects=true /> }.into_any(),
                            Ok((orgs, project)) => {
                                view! { <ProjectForm orgs project preset_org=preset_org() /> }.into_any()
                            }
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
    let save = ServerAction::<SaveProject>::new();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => navigate(&format!("/projects/{saved}"), Default::default()),
        Some(Err(e)) => f.form.refused(&e),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if f.form.submit() {
            save.dispatch(SaveProject { id, input: f.snapshot() });
        }
    };
    let pending = save.pending();
    let org_field = match &project {
        Some(p) => {
            let org_error = f.org_id.error();
            view! {
                <div class="field fixed-value" id="f-org_id" tabindex="-1">
                    <p class="field-label">{move || t_string!(i18n, projects.org).to_string()}</p>
                    <p class="fixed-text">{p.org_name.clone()}</p>
                    <p class="hint">{move || t_string!(i18n, projects.org_fixed_hint).to_string()}</p>
                    <p class="field-error">{move || org_error.get()}</p>
                </div>
            }
            .into_any()
        }
        None => {
            let options = orgs.iter().map(|(id, name)| (id.to_string(), name.clone())).collect::<Vec<_>>();
            view! {
                <BoundSelect
                    field=f.org_id
                    label=text(move || t_string!(i18n, projects.org).to_string())
                    options=Signal::derive(move || options.clone())
                    required=true
                />
            }
            .into_any()
        }
    };
    view! {
        <p class="lead">{move || t_string!(i18n, projects.intro).to_string()}</p>
        <FormMessage error=f.form.message() />
        <form class="form project-form" novalidate on:submit=on_submit>
            {org_field}
            <BoundText
                field=f.name
                label=text(move || t_string!(i18n, projects.name).to_string())
                hint=text(move || t_string!(i18n, projects.name_hint).to_string())
                maxlength=60
                autocomplete="off"
                required=true
            />
            <BoundArea
                field=f.summary
                label=text(move || t_string!(i18n, projects.summary).to_string())
                hint=text(move || t_string!(i18n, projects.summary_hint).to_string())
                required=true
                maxlength=1000
                rows=4
            />
            <BoundChecks
                field=f.service_objects
                label=text(move || t_string!(i18n, projects.service_objects).to_string())
                list=&SERVICE_OBJECT
            />
            <BoundArea
                field=f.goals
                label=text(move || t_string!(i18n, projects.goals).to_string())
                hint=text(move || t_string!(i18n, projects.goals_hint).to_string())
                required=true
                maxlength=1000
            />
            <BoundText
                field=f.cycle
                label=text(move || t_string!(i18n, projects.cycle).to_string())
                hint=text(move || t_string!(i18n, projects.cycle_hint).to_string())
                maxlength=100
                autocomplete="off"
                required=true
            />
            <BoundArea
                field=f.guarantees
                label=text(move || t_string!(i18n, projects.guarantees).to_string())
                hint=text(move || t_string!(i18n, projects.guarantees_hint).to_string())
                maxlength=1000
            />
            <BoundText
                field=f.brand_mark
                label=text(move || t_string!(i18n, projects.brand_mark).to_string())
                hint=text(move || t_string!(i18n, projects.brand_mark_hint).to_string())
                maxlength=60
                autocomplete="off"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_the_validator_uses_has_a_place_on_the_form() {
        Owner::new().with(|| {
            let f = Fields::new(0, None);
            let names = f.form.names();
            let long = "长".repeat(2001);
            let input = ProjectInput {
                service_objects: vec!["?".into()],
                name: long.clone(),
                summary: long.clone(),
                goals: long.clone(),
                cycle: long.clone(),
                guarantees: long.clone(),
                brand_mark: long,
                ..f.snapshot()
            };
            for errors in [project_errors(&f.snapshot()), project_errors(&input)] {
                for e in errors.0 {
                    assert!(names.contains(&e.field.as_str()), "{} has no field on the project form", e.field);
                }
            }
        });
    }
}
