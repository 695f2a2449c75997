//! 基本信息: organisation, project, title, classification, people served and content.
use super::state::Fields;
use crate::activities::model::{CONTENT_FORM, MODE, SERVICE_OBJECT, SPECIAL_GROUP};
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::ui::fields::text;
use crate::ui::form::{BoundArea, BoundChecks, BoundChoice, BoundSelect, BoundText};
use leptos::prelude::*;

#[component]
pub(super) fn BasicSection(
    f: Fields,
    fixed_org: Option<String>,
    orgs: Vec<(i64, String)>,
    projects: StoredValue<Vec<(i64, i64, String)>>,
    venues: StoredValue<Vec<(i64, i64, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let org_options =
        Signal::derive(move || orgs.iter().map(|(id, name)| (id.to_string(), name.clone())).collect::<Vec<_>>());
    let org_field = match fixed_org {
        Some(name) => {
            let org_error = f.org_id.error();
            view! {
                <div class="field fixed-value" id="f-org_id" tabindex="-1">
                    <p class="field-label">{move || t_string!(i18n, publish.org).to_string()}</p>
                    <p class="fixed-text">{name}</p>
                    <p class="hint">{move || t_string!(i18n, publish.org_fixed_hint).to_string()}</p>
                    <p class="field-error">{move || org_error.get()}</p>
                </div>
            }
            .into_any()
        }
        None => view! {
            <BoundSelect
                field=f.org_id
                label=text(move || t_string!(i18n, publish.org).to_string())
                options=org_options
                required=true
                on_change=Callback::new(move |_| {
                    let org = f.org_id.get();
                    let project = f.project_id.get();
                    let fits = projects
                        .with_value(|ps| ps.iter().any(|(p, o, _)| p.to_string() == project && o.to_string() == org));
                    if !fits {
                        f.project_id.set(String::new());
                    }
                    let venue = f.venue_id.get();
                    let fits = venues
                        .with_value(|vs| vs.iter().any(|(v, o, _)| v.to_string() == venue && o.to_string() == org));
                    if !fits {
                        f.venue_id.set(String::new());
                    }
                })
            />
        }
        .into_any(),
    };
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_basic).to_string()}</legend>
            {org_field}
            <ProjectSelect f projects />
            <VenueSelect f venues />
            <BoundText
                field=f.title
                label=text(move || t_string!(i18n, publish.title).to_string())
                hint=text(move || t_string!(i18n, publish.title_hint).to_string())
                maxlength=60
                autocomplete="off"
                required=true
            />
            <BoundChoice
                field=f.category
                label=text(move || t_string!(i18n, publish.category).to_string())
                list=&SERVICE_CATEGORY
            />
            <BoundChoice
                field=f.content_form
                label=text(move || t_string!(i18n, publish.content_form).to_string())
                list=&CONTENT_FORM
            />
            <BoundChoice field=f.mode label=text(move || t_string!(i18n, publish.mode).to_string()) list=&MODE />
            <BoundChecks
                field=f.service_objects
                label=text(move || t_string!(i18n, publish.service_objects).to_string())
                list=&SERVICE_OBJECT
            />
            <BoundChecks
                field=f.special_groups
                optional=true
                label=text(move || t_string!(i18n, publish.special_groups).to_string())
                hint=text(move || t_string!(i18n, publish.special_groups_hint).to_string())
                list=&SPECIAL_GROUP
            />
            <BoundArea
                field=f.content
                label=text(move || t_string!(i18n, publish.content).to_string())
                hint=text(move || t_string!(i18n, publish.content_hint).to_string())
                required=true
                maxlength=2000
                rows=5
            />
        </fieldset>
    }
}

/// The venue it is held at (F-40), among those of the chosen organisation's corps.
#[component]
fn VenueSelect(f: Fields, venues: StoredValue<Vec<(i64, i64, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let venue = f.venue_id;
    let venue_error = venue.error();
    let no_org = move || f.org_id.value.get().trim().is_empty();
    view! {
        <div class="field" class:field-invalid=move || venue_error.get().is_some()>
            <label for="f-venue_id">{move || t_string!(i18n, venues.picker).to_string()}</label>
            <p class="hint" id="f-venue_id-hint">
                {move || t_string!(i18n, venues.picker_hint).to_string()}
            </p>
            <select
                id="f-venue_id"
                name=venue.name()
                disabled=no_org
                aria-invalid=move || if venue_error.get().is_some() { "true" } else { "false" }
                aria-describedby="f-venue_id-hint f-venue_id-error"
                prop:value=move || venue.value.get()
                on:change=move |ev| venue.set(event_target_value(&ev))
            >
                <option value="">{move || t_string!(i18n, venues.picker_none).to_string()}</option>
                {move || {
                    let org = f.org_id.value.get();
                    let current = venue.get();
                    venues
                        .get_value()
                        .into_iter()
                        .filter(|(_, o, _)| o.to_string() == org)
                        .map(|(v, _, name)| {
                            let value = v.to_string();
                            let selected = value == current;
                            view! {
                                <option value=value selected=selected>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field-error" id="f-venue_id-error">
                {move || venue_error.get()}
            </p>
        </div>
    }
}

/// The project, among the chosen organisation's own; disabled until one is chosen.
#[component]
fn ProjectSelect(f: Fields, projects: StoredValue<Vec<(i64, i64, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let project = f.project_id;
    let project_error = project.error();
    let no_org = move || f.org_id.value.get().trim().is_empty();
    view! {
        <div class="field" class:field-invalid=move || project_error.get().is_some()>
            <label for="f-project_id">{move || t_string!(i18n, publish.project).to_string()}</label>
            <p class="hint" id="f-project_id-hint">
                {move || {
                    if no_org() {
                        t_string!(i18n, publish.project_pick_org_first).to_string()
                    } else {
                        t_string!(i18n, publish.project_hint).to_string()
                    }
                }}
            </p>
            <select
                id="f-project_id"
                name=project.name()
                disabled=no_org
                aria-invalid=move || if project_error.get().is_some() { "true" } else { "false" }
                aria-describedby="f-project_id-hint f-project_id-error"
                prop:value=move || project.value.get()
                on:change=move |ev| project.set(event_target_value(&ev))
            >
                <option value="">{move || t_string!(i18n, publish.project_none).to_string()}</option>
                {move || {
                    let org = f.org_id.value.get();
                    let current = project.get();
                    projects
                        .get_value()
                        .into_iter()
                        .filter(|(_, o, _)| o.to_string() == org)
                        .map(|(p, _, name)| {
                            let value = p.to_string();
                            let selected = value == current;
                            view! {
                                <option value=value selected=selected>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field-error" id="f-project_id-error">
                {move || project_error.get()}
            </p>
        </div>
    }
}
