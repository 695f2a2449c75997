//! The organiser's publish form (F-20), for `/activities/new` (`?org=` and `?project=` preselect)
//! and `/activities/{id}/edit`.
//!
//! Every field of [`ActivityInput`] in six fieldsets, checked in the browser by the server's own
//! validator ([`ActivityInput::validate`]) on submit and field by field on blur, so a wrong time
//! or a missing address is said before any request; what only the server knows (the end already
//! passed, places below those confirmed) comes back under the same fields.
use crate::ui::errors::show_error;
use crate::activities::api::{load_activity_form, ActivityFormContext, SaveActivity};
use crate::activities::model::{parse_local_datetime, ActivityInput, ActivityStatus, CONTENT_FORM, MODE, PLAN_FIELDS, SERVICE_OBJECT, SPECIAL_GROUP};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::format::encode_component;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::{error_of, focus_first_error, text, ChoiceChecks, ChoiceSelect, RegionFieldset, SelectField, TextField};
use crate::validation::{FieldErrors, Invalid};
use crate::codes::SERVICE_CATEGORY;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

/// The login address that comes back to this very page (path and query).
pub(super) fn login_here(location: &leptos_router::location::Location) -> String {
    let search = location.search.get_untracked();
    let path = location.pathname.get_untracked();
    let here = if search.is_empty() { path } else { format!("{path}?{search}") };
    format!("/login?next={}", encode_component(&here))
}

#[component]
pub fn PublishPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    // Both routes share this page: only the edit route has an `id`.
    let editing = Memo::new(move |_| params.with(|p| p.get("id").is_some()));
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.trim().parse::<i64>().ok())));
    let context = Resource::new(
        move || (editing.get(), id.get()),
        |(editing, id)| async move {
            match (editing, id) {
                (true, None) => Err(AppError::NotFound),
                (_, id) => load_activity_form(id).await,
            }
        },
    );
    let heading = move || {
        if editing.get() { t_string!(i18n, publish.title_edit).to_string() } else { t_string!(i18n, publish.title_new).to_string() }
    };
    let preset = move |key: &str| query.with_untracked(|q| q.get(key).and_then(|v| v.trim().parse::<i64>().ok()));
    view! {
        <Title text=move || format!("{} · {}", heading(), t_string!(i18n, app.name)) />
        <section class="page narrow publish-page">
            <h1>{heading}</h1>
            <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                {move || {
                    context
                        .get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => view! { <Redirect path=login_here(&location) /> }.into_any(),
                            Err(e) => view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                            Ok(ctx) if ctx.orgs.is_empty() => view! { <NoOrgs /> }.into_any(),
                            Ok(ctx) => match closed_reason(&ctx) {
                                Some(reason) => view! { <Closed reason id=id.get_untracked() /> }.into_any(),
                                None => {
                                    view! {
                                        <ActivityForm
                                            ctx
                                            id=id.get_untracked()
                                            preset_org=preset("org")
                                            preset_project=preset("project")
                                        />
                                    }
                                        .into_any()
                                }
                            },
                        })
                }}
            </Transition>
        </section>
    }
}

/// Why a stored activity can no longer be edited: cancelled, or published and over (the server
/// refuses both; drafts stay editable whatever their dates).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClosedReason {
    Cancelled,
    Ended,
}

fn closed_reason(ctx: &ActivityFormContext) -> Option<ClosedReason> {
    let input = ctx.input.as_ref()?;
    match ctx.status {
        Some(ActivityStatus::Cancelled) => Some(ClosedReason::Cancelled),
        Some(ActivityStatus::Published) => {
            let now = chrono::Utc::now().timestamp_micros();
            parse_local_datetime(&input.ends_at).ok().filter(|end| *end <= now).map(|_| ClosedReason::Ended)
        }
        _ => None,
    }
}

#[component]
fn Closed(reason: ClosedReason, id: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="banner banner-info" role="status">
            {move || match reason {
                ClosedReason::Cancelled => t_string!(i18n, publish.closed_cancelled).to_string(),
                ClosedReason::Ended => t_string!(i18n, publish.closed_ended).to_string(),
            }}
        </p>
        {id
            .map(|id| {
                view! {
                    <p class="actions">
                        <a class="button" href=format!("/activities/{id}")>{move || t_string!(i18n, publish.view_activity).to_string()}</a>
                    </p>
                }
            })}
    }
}

/// Only staff of an approved organisation publish; say so and where to go instead.
#[component]
pub(super) fn NoOrgs(#[prop(optional)] for_projects: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="banner banner-info" role="status">
            {move || {
                if for_projects { t_string!(i18n, projects.no_orgs).to_string() } else { t_string!(i18n, publish.no_orgs).to_string() }
            }}
        </p>
        <p class="actions">
            <a class="button" href="/orgs">{move || t_string!(i18n, publish.find_orgs).to_string()}</a>
        </p>
    }
}

/// One signal per field of [`ActivityInput`]; the organisation and project are kept as the
/// selects' string values. `snapshot` names every field of the input, so a field added to the
/// model does not compile here until the form carries it.
macro_rules! activity_fields {
    (text: [$($t:ident),* $(,)?], lists: [$($l:ident),* $(,)?], flags: [$($b:ident),* $(,)?] $(,)?) => {
        #[derive(Clone, Copy)]
        struct Fields {
            org_id: RwSignal<String>,
            project_id: RwSignal<String>,
            $($t: RwSignal<String>,)*
            $($l: RwSignal<Vec<String>>,)*
            $($b: RwSignal<bool>,)*
        }

        impl Fields {
            fn new(input: &ActivityInput) -> Self {
                Fields {
                    org_id: RwSignal::new(if input.org_id > 0 { input.org_id.to_string() } else { String::new() }),
                    project_id: RwSignal::new(input.project_id.map(|p| p.to_string()).unwrap_or_default()),
                    $($t: RwSignal::new(input.$t.clone()),)*
                    $($l: RwSignal::new(input.$l.clone()),)*
                    $($b: RwSignal::new(input.$b),)*
                }
            }

            /// Subscribes the running effect to every field.
            fn track(&self) {
                self.org_id.track();
                self.project_id.track();
                $(self.$t.track();)*
                $(self.$l.track();)*
                $(self.$b.track();)*
            }

            fn snapshot(&self) -> ActivityInput {
                ActivityInput {
                    org_id: self.org_id.get_untracked().trim().parse().unwrap_or(0),
                    project_id: self.project_id.get_untracked().trim().parse().ok(),
                    $($t: self.$t.get_untracked(),)*
                    $($l: self.$l.get_untracked(),)*
                    $($b: self.$b.get_untracked(),)*
                }
            }
        }
    };
}

activity_fields!(
    text: [
        title, category, content_form, mode, content, province, city, county, address, online_link, lat, lng, starts_at,
        ends_at, signup_opens_at, signup_closes_at, cancel_deadline_at, capacity, min_age, max_age, skills, qualification,
        risks, contact_name, contact_phone, purpose, process, support, funding, emergency_plan, publicity,
    ],
    lists: [service_objects, special_groups],
    flags: [needs_approval, training_required, insurance_required],
);

/// Every refusal the browser can know about, in form order: the organisation (the model leaves
/// it to the server's permission check), then the shared validator's.
fn browser_errors(input: &ActivityInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if input.org_id <= 0 {
        errors.push("org_id", Invalid::Required);
    }
    if let Err(found) = input.validate() {
        errors.0.extend(found.0);
    }
    errors
}

/// Re-evaluates the errors on screen against the current values, so a fixed field's message goes
/// (and a dependent one, like the end's "before the start", follows its cause) while the person
/// is still typing, not when they tap elsewhere and the collapsing message would move the page
/// under their finger. `add` also shows that field's own error (on blur or change). Refusals
/// only the server makes (a time already past, a project of another organisation) stay until
/// the next submit.
pub(super) fn recheck(errors: RwSignal<FieldErrors>, fresh: FieldErrors, add: Option<&str>) {
    let shown = errors.get_untracked();
    let was_shown = |name: &str| shown.0.iter().any(|e| e.field == name);
    let mut next = FieldErrors(fresh.0.into_iter().filter(|e| was_shown(&e.field) || add == Some(e.field.as_str())).collect());
    for e in &shown.0 {
        if matches!(e.invalid, Invalid::InThePast | Invalid::NotInList) && next.get(&e.field).is_none() {
            next.0.push(e.clone());
        }
    }
    if next != shown {
        errors.set(next);
    }
}

/// New activities start from the URL's organisation and project when the person manages them
/// (a project also implies its organisation), or from their only organisation.
fn new_input(ctx: &ActivityFormContext, preset_org: Option<i64>, preset_project: Option<i64>) -> ActivityInput {
    let project = preset_project.and_then(|p| ctx.projects.iter().find(|(id, _, _)| *id == p));
    let org = preset_org
        .filter(|o| ctx.orgs.iter().any(|(id, _)| id == o))
        .or_else(|| project.map(|(_, org, _)| *org))
        .or_else(|| (ctx.orgs.len() == 1).then(|| ctx.orgs[0].0))
        .unwrap_or(0);
    ActivityInput {
        org_id: org,
        project_id: project.filter(|(_, o, _)| *o == org).map(|(id, _, _)| *id),
        ..Default::default()
    }
}

/// The plan lives in a `<details>`: it is opened before focus moves to an error inside it.
fn open_plan() {
    #[cfg(not(feature = "ssr"))]
    if let Some(details) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("plan-details")) {
        let _ = details.set_attribute("open", "");
    }
}

fn has_plan_error(errors: &FieldErrors) -> bool {
    errors.0.iter().any(|e| PLAN_FIELDS.contains(&e.field.as_str()))
}

#[component]
fn ActivityForm(ctx: ActivityFormContext, id: Option<i64>, preset_org: Option<i64>, preset_project: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let published = ctx.status == Some(ActivityStatus::Published);
    let confirmed = ctx.confirmed;
    let input = ctx.input.clone().unwrap_or_else(|| new_input(&ctx, preset_org, preset_project));
    let has_plan =
        [&input.purpose, &input.process, &input.support, &input.funding, &input.emergency_plan, &input.publicity].iter().any(|v| !v.trim().is_empty());
    let f = Fields::new(&input);
    // An edit keeps its organisation (the server refuses a move); a new one picks from the list.
    let fixed_org =
        ctx.input.as_ref().map(|i| ctx.orgs.iter().find(|(o, _)| *o == i.org_id).map(|(_, n)| n.clone()).unwrap_or_default());
    let orgs = ctx.orgs.clone();
    let projects = StoredValue::new(ctx.projects.clone());

    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let save = ServerAction::<SaveActivity>::new();
    // Which button submitted: its click runs before the form's submit event. Pressing Enter in a
    // field clicks the first button, "save draft", so a stray Enter never publishes.
    let publish_intent = StoredValue::new(false);

    // A field's own error appears when it is left filled in (or changed, for choices); empty
    // required fields wait for submit.
    let check = move |field: &'static str, value: Option<RwSignal<String>>| {
        Callback::new(move |_: ()| {
            let filled = value.map(|v| !v.get_untracked().trim().is_empty()).unwrap_or(true);
            recheck(errors, browser_errors(&f.snapshot()), filled.then_some(field));
        })
    };
    Effect::new(move |_| {
        f.track();
        if errors.with_untracked(|e| !e.is_empty()) {
            recheck(errors, browser_errors(&f.snapshot()), None);
        }
    });

    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => navigate(&format!("/activities/{saved}"), Default::default()),
        Some(Err(e)) => {
            if e.field_errors().is_some_and(has_plan_error) {
                open_plan();
            }
            show_error(i18n, &e, errors, banner);
        }
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        let input = f.snapshot();
        let found = browser_errors(&input);
        if !found.is_empty() {
            banner.set(Some(t_string!(i18n, common.error_summary, count = found.0.len()).to_string()));
            if has_plan_error(&found) {
                open_plan();
            }
            focus_first_error(&found);
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::new());
        save.dispatch(SaveActivity { id, input, publish: publish_intent.get_value() });
    };
    let pending = save.pending();
    let button_text = move |label: String| if pending.get() { t_string!(i18n, publish.saving).to_string() } else { label };

    view! {
        <p class="lead">
            {move || {
                if published {
                    t_string!(i18n, publish.intro_published).to_string()
                } else {
                    t_string!(i18n, publish.intro_new).to_string()
                }
            }}
        </p>
        <FormMessage error=banner />
        <form class="form publish-form" novalidate on:submit=on_submit>
            <BasicSection f errors check fixed_org orgs projects />
            <TimePlaceSection f errors check />
            <SignupSection f errors check published confirmed />
            <ConditionsSection f errors check />
            <ContactSection f errors check />
            <PlanSection f errors check open=has_plan />
            <div class="publish-actions">
                {if published {
                    view! {
                        <p class="hint" id="publish-note">
                            {move || t_string!(i18n, publish.published_note, confirmed = confirmed).to_string()}
                        </p>
                        <div class="actions">
                            <button
                                type="submit"
                                id="save-changes"
                                class="button primary"
                                aria-describedby="publish-note"
                                disabled=move || pending.get()
                                on:click=move |_| publish_intent.set_value(false)
                            >
                                {move || button_text(t_string!(i18n, publish.save_changes).to_string())}
                            </button>
                            {id
                                .map(|id| {
                                    view! {
                                        <a class="button" href=format!("/activities/{id}")>
                                            {move || t_string!(i18n, publish.view_activity).to_string()}
                                        </a>
                                    }
                                })}
                        </div>
                    }
                        .into_any()
                } else {
                    view! {
                        <p class="hint" id="publish-note">{move || t_string!(i18n, publish.draft_note).to_string()}</p>
                        <div class="actions">
                            <button
                                type="submit"
                                id="save-draft"
                                class="button"
                                aria-describedby="publish-note"
                                disabled=move || pending.get()
                                on:click=move |_| publish_intent.set_value(false)
                            >
                                {move || button_text(t_string!(i18n, publish.save_draft).to_string())}
                            </button>
                            <button
                                type="submit"
                                id="publish"
                                class="button primary"
                                aria-describedby="publish-note"
                                disabled=move || pending.get()
                                on:click=move |_| publish_intent.set_value(true)
                            >
                                {move || button_text(t_string!(i18n, publish.publish).to_string())}
                            </button>
                        </div>
                    }
                        .into_any()
                }}
            </div>
        </form>
    }
}

/// The type of the per-field check callback factory every section receives.
trait Check: Fn(&'static str, Option<RwSignal<String>>) -> Callback<()> + Copy + Send + Sync + 'static {}
impl<T: Fn(&'static str, Option<RwSignal<String>>) -> Callback<()> + Copy + Send + Sync + 'static> Check for T {}

/// 基本信息: organisation, project, title, classification, people served and content.
#[component]
fn BasicSection(
    f: Fields,
    errors: RwSignal<FieldErrors>,
    check: impl Check,
    fixed_org: Option<String>,
    orgs: Vec<(i64, String)>,
    projects: StoredValue<Vec<(i64, i64, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let org_options = Signal::derive(move || orgs.iter().map(|(id, name)| (id.to_string(), name.clone())).collect::<Vec<_>>());
    let org_error = error_of(errors, "org_id");
    let org_field = match fixed_org {
        Some(name) => view! {
            <div class="field fixed-value" id="f-org_id" tabindex="-1">
                <p class="field-label">{move || t_string!(i18n, publish.org).to_string()}</p>
                <p class="fixed-text">{name}</p>
                <p class="hint">{move || t_string!(i18n, publish.org_fixed_hint).to_string()}</p>
                <p class="field-error">{move || org_error.get()}</p>
            </div>
        }
        .into_any(),
        None => view! {
            <SelectField
                name="org_id"
                label=text(move || t_string!(i18n, publish.org).to_string())
                value=f.org_id
                error=org_error
                options=org_options
                required=true
                on_change=Callback::new(move |_| {
                    // A project belongs to one organisation: drop the choice when it no longer fits.
                    let org = f.org_id.get_untracked();
                    let project = f.project_id.get_untracked();
                    let fits = projects.with_value(|ps| ps.iter().any(|(p, o, _)| p.to_string() == project && o.to_string() == org));
                    if !fits {
                        f.project_id.set(String::new());
                    }
                    check("org_id", None).run(());
                })
            />
        }
        .into_any(),
    };
    let project_error = error_of(errors, "project_id");
    let no_org = move || f.org_id.get().trim().is_empty();
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_basic).to_string()}</legend>
            {org_field}
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
                    name="project_id"
                    disabled=no_org
                    aria-invalid=move || if project_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="f-project_id-hint f-project_id-error"
                    prop:value=move || f.project_id.get()
                    on:change=move |ev| f.project_id.set(event_target_value(&ev))
                >
                    <option value="">{move || t_string!(i18n, publish.project_none).to_string()}</option>
                    {move || {
                        let org = f.org_id.get();
                        let current = f.project_id.get_untracked();
                        projects
                            .get_value()
                            .into_iter()
                            .filter(|(_, o, _)| o.to_string() == org)
                            .map(|(p, _, name)| {
                                let value = p.to_string();
                                let selected = value == current;
                                view! { <option value=value selected=selected>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <p class="field-error" id="f-project_id-error">{move || project_error.get()}</p>
            </div>
            <TextField
                name="title"
                label=text(move || t_string!(i18n, publish.title).to_string())
                hint=text(move || t_string!(i18n, publish.title_hint).to_string())
                value=f.title
                error=error_of(errors, "title")
                maxlength=60
                autocomplete="off"
                required=true
                on_blur=check("title", Some(f.title))
            />
            <ChoiceSelect
                name="category"
                label=text(move || t_string!(i18n, publish.category).to_string())
                list=&SERVICE_CATEGORY
                value=f.category
                error=error_of(errors, "category")
                on_change=check("category", None)
            />
            <ChoiceSelect
                name="content_form"
                label=text(move || t_string!(i18n, publish.content_form).to_string())
                list=&CONTENT_FORM
                value=f.content_form
                error=error_of(errors, "content_form")
                on_change=check("content_form", None)
            />
            <ChoiceSelect
                name="mode"
                label=text(move || t_string!(i18n, publish.mode).to_string())
                list=&MODE
                value=f.mode
                error=error_of(errors, "mode")
                on_change=check("mode", None)
            />
            <ChoiceChecks
                name="service_objects"
                label=text(move || t_string!(i18n, publish.service_objects).to_string())
                list=&SERVICE_OBJECT
                value=f.service_objects
                error=error_of(errors, "service_objects")
                on_change=check("service_objects", None)
            />
            <ChoiceChecks
                name="special_groups"
                optional=true
                label=text(move || t_string!(i18n, publish.special_groups).to_string())
                hint=text(move || t_string!(i18n, publish.special_groups_hint).to_string())
                list=&SPECIAL_GROUP
                value=f.special_groups
                error=error_of(errors, "special_groups")
            />
            <Area
                name="content"
                label=text(move || t_string!(i18n, publish.content).to_string())
                hint=text(move || t_string!(i18n, publish.content_hint).to_string())
                value=f.content
                error=error_of(errors, "content")
                required=true
                maxlength=2000
                rows=5
                on_blur=check("content", Some(f.content))
            />
        </fieldset>
    }
}

/// 时间与地点: times in Beijing time, the region, the address (required on site), the online
/// link and optional coordinates, which the browser can fill from the device's position.
#[component]
fn TimePlaceSection(f: Fields, errors: RwSignal<FieldErrors>, check: impl Check) -> impl IntoView {
    let i18n = use_i18n();
    let region_error = error_of(errors, "region");
    let region_changed = check("region", None);
    let coordinates_error = error_of(errors, "coordinates");
    let no_error = Signal::derive(|| None::<String>);
    let on_site = Memo::new(move |_| matches!(f.mode.get().as_str(), "offline" | "hybrid"));
    let address_error = error_of(errors, "address");
    let address_hint = move || match f.mode.get().as_str() {
        "offline" | "hybrid" => t_string!(i18n, publish.address_hint_on_site).to_string(),
        "online" => t_string!(i18n, publish.address_hint_online).to_string(),
        _ => t_string!(i18n, publish.address_hint_unknown).to_string(),
    };
    let address_check = check("address", Some(f.address));
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_time_place).to_string()}</legend>
            <div class="pair">
                <TextField
                    name="starts_at"
                    label=text(move || t_string!(i18n, publish.starts_at).to_string())
                    hint=text(move || t_string!(i18n, publish.starts_hint).to_string())
                    value=f.starts_at
                    error=error_of(errors, "starts_at")
                    input_type="datetime-local"
                    required=true
                    on_blur=check("starts_at", Some(f.starts_at))
                />
                <TextField
                    name="ends_at"
                    label=text(move || t_string!(i18n, publish.ends_at).to_string())
                    hint=text(move || t_string!(i18n, publish.ends_hint).to_string())
                    value=f.ends_at
                    error=error_of(errors, "ends_at")
                    input_type="datetime-local"
                    required=true
                    on_blur=check("ends_at", Some(f.ends_at))
                />
            </div>
            <RegionFieldset
                legend=text(move || t_string!(i18n, publish.region).to_string())
                hint=text(move || t_string!(i18n, publish.region_hint).to_string())
                labels=[
                    text(move || t_string!(i18n, publish.province).to_string()),
                    text(move || t_string!(i18n, publish.city).to_string()),
                    text(move || t_string!(i18n, publish.county).to_string()),
                ]
                province=f.province
                city=f.city
                county=f.county
                error=region_error
                on_change=region_changed
            />
            // The address is required only on site, so its marker follows the mode.
            <div class="field" class:field-invalid=move || address_error.get().is_some()>
                <label for="f-address">
                    {move || t_string!(i18n, publish.address).to_string()}
                    <Show when=move || on_site.get()>
                        <span class="req">"*"<span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span></span>
                    </Show>
                </label>
                <p class="hint" id="f-address-hint">{address_hint}</p>
                <input
                    id="f-address"
                    name="address"
                    type="text"
                    maxlength="120"
                    autocomplete="street-address"
                    aria-required=move || if on_site.get() { "true" } else { "false" }
                    aria-invalid=move || if address_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="f-address-hint f-address-error"
                    prop:value=move || f.address.get()
                    on:input=move |ev| f.address.set(event_target_value(&ev))
                    on:blur=move |_| address_check.run(())
                />
                <p class="field-error" id="f-address-error">{move || address_error.get()}</p>
            </div>
            <TextField
                name="online_link"
                label=text(move || t_string!(i18n, publish.online_link).to_string())
                hint=text(move || t_string!(i18n, publish.online_link_hint).to_string())
                value=f.online_link
                error=error_of(errors, "online_link")
                input_type="url"
                autocomplete="url"
                maxlength=300
                on_blur=check("online_link", Some(f.online_link))
            />
            <fieldset
                class="field coordinates"
                id="f-coordinates"
                tabindex="-1"
                aria-invalid=move || if coordinates_error.get().is_some() { "true" } else { "false" }
                aria-describedby="f-coordinates-hint f-coordinates-error"
            >
                <legend>{move || t_string!(i18n, publish.coordinates).to_string()}</legend>
                <p class="hint" id="f-coordinates-hint">{move || t_string!(i18n, publish.coordinates_hint).to_string()}</p>
                <div class="pair">
                    <TextField
                        name="lat"
                        label=text(move || t_string!(i18n, publish.lat).to_string())
                        value=f.lat
                        error=no_error
                        inputmode="decimal"
                        autocomplete="off"
                        maxlength=20
                        on_blur=check("coordinates", Some(f.lat))
                    />
                    <TextField
                        name="lng"
                        label=text(move || t_string!(i18n, publish.lng).to_string())
                        value=f.lng
                        error=no_error
                        inputmode="decimal"
                        autocomplete="off"
                        maxlength=20
                        on_blur=check("coordinates", Some(f.lng))
                    />
                </div>
                <LocateButton f on_found=check("coordinates", None) />
                <p class="field-error" id="f-coordinates-error">{move || coordinates_error.get()}</p>
            </fieldset>
        </fieldset>
    }
}

/// What the last "use my location" attempt came to (only the browser makes one).
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(feature = "ssr", allow(dead_code))]
enum Located {
    /// Filled in, within this many metres.
    Found(i64),
    Denied,
    Failed,
    Unsupported,
}

/// "Use my location": one reading of the device's position into latitude and longitude, with
/// the accuracy said, since a phone indoors can be far off.
#[component]
fn LocateButton(f: Fields, on_found: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let locating = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Located>);
    let locate = move |_| {
        outcome.set(None);
        #[cfg(not(feature = "ssr"))]
        {
            use wasm_bindgen::{closure::Closure, JsCast};
            let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
                outcome.set(Some(Located::Unsupported));
                return;
            };
            locating.set(true);
            let found = Closure::once_into_js(move |position: web_sys::Position| {
                let c = position.coords();
                f.lat.set(format!("{:.6}", c.latitude()));
                f.lng.set(format!("{:.6}", c.longitude()));
                locating.set(false);
                outcome.set(Some(Located::Found(c.accuracy().round() as i64)));
                on_found.run(());
            });
            let failed = Closure::once_into_js(move |error: web_sys::PositionError| {
                locating.set(false);
                // 1 = PERMISSION_DENIED; 2 and 3 are "unavailable" and "timeout".
                outcome.set(Some(if error.code() == 1 { Located::Denied } else { Located::Failed }));
            });
            let options = web_sys::PositionOptions::new();
            options.set_enable_high_accuracy(true);
            options.set_timeout(20_000);
            options.set_maximum_age(60_000);
            if geo.get_current_position_with_error_callback_and_options(found.unchecked_ref(), Some(failed.unchecked_ref()), &options).is_err() {
                locating.set(false);
                outcome.set(Some(Located::Unsupported));
            }
        }
        #[cfg(feature = "ssr")]
        let _ = (f, on_found);
    };
    let message = move || {
        outcome.get().map(|o| match o {
            Located::Found(metres) => t_string!(i18n, publish.located, metres = metres).to_string(),
            Located::Denied => t_string!(i18n, publish.locate_denied).to_string(),
            Located::Failed => t_string!(i18n, publish.locate_failed).to_string(),
            Located::Unsupported => t_string!(i18n, publish.locate_unsupported).to_string(),
        })
    };
    view! {
        <div class="locate">
            <button type="button" id="use-location" class="button" disabled=move || locating.get() on:click=locate>
                {move || {
                    if locating.get() {
                        t_string!(i18n, publish.locating).to_string()
                    } else {
                        t_string!(i18n, publish.use_location).to_string()
                    }
                }}
            </button>
            <p class="hint locate-status" role="status">{message}</p>
        </div>
    }
}

/// 报名设置: places, approval, the sign-up window and the cancellation deadline.
#[component]
fn SignupSection(f: Fields, errors: RwSignal<FieldErrors>, check: impl Check, published: bool, confirmed: i64) -> impl IntoView {
    let i18n = use_i18n();
    let capacity_hint = move || {
        let mut hint = t_string!(i18n, publish.capacity_hint).to_string();
        if published && confirmed > 0 {
            hint.push(' ');
            hint.push_str(&t_string!(i18n, publish.capacity_hint_confirmed, confirmed = confirmed).to_string());
        }
        hint
    };
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_signup).to_string()}</legend>
            <TextField
                name="capacity"
                label=text(move || t_string!(i18n, publish.capacity).to_string())
                hint=text(capacity_hint)
                value=f.capacity
                error=error_of(errors, "capacity")
                inputmode="numeric"
                autocomplete="off"
                maxlength=6
                required=true
                on_blur=check("capacity", Some(f.capacity))
            />
            <Toggle
                name="needs_approval"
                label=text(move || t_string!(i18n, publish.needs_approval).to_string())
                hint=text(move || t_string!(i18n, publish.needs_approval_hint).to_string())
                value=f.needs_approval
            />
            <TextField
                name="signup_opens_at"
                label=text(move || t_string!(i18n, publish.signup_opens_at).to_string())
                hint=text(move || t_string!(i18n, publish.signup_opens_hint).to_string())
                value=f.signup_opens_at
                error=error_of(errors, "signup_opens_at")
                input_type="datetime-local"
                on_blur=check("signup_opens_at", Some(f.signup_opens_at))
            />
            <TextField
                name="signup_closes_at"
                label=text(move || t_string!(i18n, publish.signup_closes_at).to_string())
                hint=text(move || t_string!(i18n, publish.signup_closes_hint).to_string())
                value=f.signup_closes_at
                error=error_of(errors, "signup_closes_at")
                input_type="datetime-local"
                on_blur=check("signup_closes_at", Some(f.signup_closes_at))
            />
            <TextField
                name="cancel_deadline_at"
                label=text(move || t_string!(i18n, publish.cancel_deadline_at).to_string())
                hint=text(move || t_string!(i18n, publish.cancel_deadline_hint).to_string())
                value=f.cancel_deadline_at
                error=error_of(errors, "cancel_deadline_at")
                input_type="datetime-local"
                on_blur=check("cancel_deadline_at", Some(f.cancel_deadline_at))
            />
        </fieldset>
    }
}

/// 条件与保障: who may sign up, what they must hold or take, and the risks disclosed.
#[component]
fn ConditionsSection(f: Fields, errors: RwSignal<FieldErrors>, check: impl Check) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_conditions).to_string()}</legend>
            <p class="hint">{move || t_string!(i18n, publish.age_hint).to_string()}</p>
            <div class="pair">
                <TextField
                    name="min_age"
                    label=text(move || t_string!(i18n, publish.min_age).to_string())
                    value=f.min_age
                    error=error_of(errors, "min_age")
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength=3
                    on_blur=check("min_age", Some(f.min_age))
                />
                <TextField
                    name="max_age"
                    label=text(move || t_string!(i18n, publish.max_age).to_string())
                    value=f.max_age
                    error=error_of(errors, "max_age")
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength=3
                    on_blur=check("max_age", Some(f.max_age))
                />
            </div>
            <TextField
                name="skills"
                label=text(move || t_string!(i18n, publish.skills).to_string())
                hint=text(move || t_string!(i18n, publish.skills_hint).to_string())
                value=f.skills
                error=error_of(errors, "skills")
                autocomplete="off"
                maxlength=200
                on_blur=check("skills", Some(f.skills))
            />
            <TextField
                name="qualification"
                label=text(move || t_string!(i18n, publish.qualification).to_string())
                hint=text(move || t_string!(i18n, publish.qualification_hint).to_string())
                value=f.qualification
                error=error_of(errors, "qualification")
                autocomplete="off"
                maxlength=60
                on_blur=check("qualification", Some(f.qualification))
            />
            <Toggle
                name="training_required"
                label=text(move || t_string!(i18n, publish.training_required).to_string())
                hint=text(move || t_string!(i18n, publish.training_hint).to_string())
                value=f.training_required
            />
            <Toggle
                name="insurance_required"
                label=text(move || t_string!(i18n, publish.insurance_required).to_string())
                hint=text(move || t_string!(i18n, publish.insurance_hint).to_string())
                value=f.insurance_required
            />
            <Area
                name="risks"
                label=text(move || t_string!(i18n, publish.risks).to_string())
                hint=text(move || t_string!(i18n, publish.risks_hint).to_string())
                value=f.risks
                error=error_of(errors, "risks")
                maxlength=1000
                on_blur=check("risks", Some(f.risks))
            />
        </fieldset>
    }
}

#[component]
fn ContactSection(f: Fields, errors: RwSignal<FieldErrors>, check: impl Check) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_contact).to_string()}</legend>
            <TextField
                name="contact_name"
                label=text(move || t_string!(i18n, publish.contact_name).to_string())
                value=f.contact_name
                error=error_of(errors, "contact_name")
                autocomplete="name"
                maxlength=30
                required=true
                on_blur=check("contact_name", Some(f.contact_name))
            />
            <TextField
                name="contact_phone"
                label=text(move || t_string!(i18n, publish.contact_phone).to_string())
                hint=text(move || t_string!(i18n, publish.contact_phone_hint).to_string())
                value=f.contact_phone
                error=error_of(errors, "contact_phone")
                input_type="tel"
                autocomplete="tel"
                maxlength=20
                required=true
                on_blur=check("contact_phone", Some(f.contact_phone))
            />
        </fieldset>
    }
}

/// 活动方案 (CVST 3 §6.1.5): optional, so folded away unless it already has content.
#[component]
fn PlanSection(f: Fields, errors: RwSignal<FieldErrors>, check: impl Check, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let area = move |name: &'static str, label: Signal<String>, value: RwSignal<String>| {
        view! { <Area name label value error=error_of(errors, name) maxlength=2000 on_blur=check(name, Some(value)) /> }
    };
    view! {
        <details class="form-section plan" id="plan-details" open=open>
            <summary>{move || t_string!(i18n, publish.legend_plan).to_string()}</summary>
            <p class="hint">{move || t_string!(i18n, publish.plan_intro).to_string()}</p>
            {area("purpose", text(move || t_string!(i18n, publish.purpose).to_string()), f.purpose)}
            {area("process", text(move || t_string!(i18n, publish.process).to_string()), f.process)}
            {area("support", text(move || t_string!(i18n, publish.support).to_string()), f.support)}
            {area("funding", text(move || t_string!(i18n, publish.funding).to_string()), f.funding)}
            {area("emergency_plan", text(move || t_string!(i18n, publish.emergency_plan).to_string()), f.emergency_plan)}
            {area("publicity", text(move || t_string!(i18n, publish.publicity).to_string()), f.publicity)}
        </details>
    }
}

/// A labelled textarea with an optional hint, the required marker when needed and an error slot.
#[component]
pub(super) fn Area(
    name: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(optional)] required: bool,
    maxlength: u32,
    #[prop(default = 3)] rows: u32,
    on_blur: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let described = if hint.is_some() { format!("f-{name}-hint f-{name}-error") } else { format!("f-{name}-error") };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=format!("f-{name}")>
                {move || label.get()}
                {required
                    .then(|| {
                        view! {
                            <span class="req">"*"<span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span></span>
                        }
                    })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=format!("f-{name}-hint")>{move || h.get()}</p> })}
            <textarea
                id=format!("f-{name}")
                name=name
                rows=rows
                maxlength=maxlength
                aria-required=required.then_some("true")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| on_blur.run(())
            ></textarea>
            <p class="field-error" id=format!("f-{name}-error")>{move || error.get()}</p>
        </div>
    }
}

/// A yes/no setting as one checkbox with its consequence spelled out beneath.
#[component]
fn Toggle(name: &'static str, label: Signal<String>, hint: Signal<String>, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="field toggle">
            <label class="check" for=format!("f-{name}")>
                <input
                    type="checkbox"
                    id=format!("f-{name}")
                    name=name
                    aria-describedby=format!("f-{name}-hint")
                    prop:checked=move || value.get()
                    on:change=move |ev| value.set(event_target_checked(&ev))
                />
                <span>{move || label.get()}</span>
            </label>
            <p class="hint" id=format!("f-{name}-hint")>{move || hint.get()}</p>
        </div>
    }
}
