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
            <OwnSelect
                f
                field=f.project_id
                items=projects
                label=text(move || t_string!(i18n, publish.project).to_string())
                hint=text(move || {
                    if f.org_id.value.get().trim().is_empty() {
                        t_string!(i18n, publish.project_pick_org_first).to_string()
                    } else {
                        t_string!(i18n, publish.project_hint).to_string()
                    }
                })
                none=text(move || t_string!(i18n, publish.project_none).to_string())
            />
            <OwnSelect
                f
                field=f.venue_id
                items=venues
                label=text(move || t_string!(i18n, venues.picker).to_string())
                hint=text(move || t_string!(i18n, venues.picker_hint).to_string())
                none=text(move || t_string!(i18n, venues.picker_none).to_string())
            />
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

/// A select of the chosen organisation's own items (`(id, org_id, name)`: its projects, the
/// venues it may use), with an empty first choice; disabled until an organisation is chosen.
#[component]
fn OwnSelect(
    f: Fields,
    field: crate::ui::form::Field<String>,
    items: StoredValue<Vec<(i64, i64, String)>>,
    label: Signal<String>,
    hint: Signal<String>,
    none: Signal<String>,
) -> impl IntoView {
    let error = field.error();
    let no_org = move || f.org_id.value.get().trim().is_empty();
    let name = field.name();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=format!("f-{name}")>{move || label.get()}</label>
            <p class="hint" id=format!("f-{name}-hint")>
                {move || hint.get()}
            </p>
            <select
                id=format!("f-{name}")
                name=name
                disabled=no_org
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=format!("f-{name}-hint f-{name}-error")
                prop:value=move || field.value.get()
                on:change=move |ev| field.set(event_target_value(&ev))
            >
                <option value="">{move || none.get()}</option>
                {move || {
                    let org = f.org_id.value.get();
                    let current = field.get();
                    items
                        .get_value()
                        .into_iter()
                        .filter(|(_, o, _)| o.to_string() == org)
                        .map(|(id, _, name)| {
                            let value = id.to_string();
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
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
        </div>
    }
}
