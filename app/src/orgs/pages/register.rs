//! Registering an organisation (F-10, F-11): under a parent given in the URL (`?parent=ID`) or
//! chosen here by searching the directory. The form runs the server's own validator
//! ([`OrgInput::validate`]) on submit and field by field on blur, so the naming rules and every
//! other check speak before any request; what only the server knows (a taken name) comes back
//! under the same fields.
use crate::ui::errors::show_error;
use crate::clock;
use crate::i18n::*;
use crate::orgs::api::{load_form_context, OrgFormContext, RegisterOrg};
use crate::orgs::model::{OrgInput, SUPERVISOR_TYPE, YES_NO};
use crate::orgs::pages::directory::OrgPicker;
use crate::ui::format::encode_component;
use crate::accounts::auth::use_auth;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::{error_of, focus_first_error, set_field_error, text, ChoiceChecks, ChoiceSelect, RegionFieldset, TextField};
use crate::validation::{FieldErrors, Invalid};
use crate::codes::SERVICE_CATEGORY;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn RegisterOrgPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let query = use_query_map();
    let parent = Memo::new(move |_| query.with(|q| q.get("parent").and_then(|p| p.trim().parse::<i64>().ok())));
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, org_register.title), t_string!(i18n, app.name)) />
        <Transition fallback=move || view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }>
            // The session is read inside the Transition, so the server's render and hydration wait
            // for the same answer.
            {move || match auth.state().map(|user| user.map(|u| u.is_platform_admin)) {
                Some(None) => {
                    let next = match parent.get() {
                        Some(p) => format!("/orgs/new?parent={p}"),
                        None => "/orgs/new".to_string(),
                    };
                    view! { <Redirect path=format!("/login?next={}", encode_component(&next)) /> }.into_any()
                }
                Some(Some(platform_admin)) => view! { <RegistrationForm initial_parent=parent.get() platform_admin /> }.into_any(),
                None => ().into_any(),
            }}
        </Transition>
    }
}

/// The form's values, one signal per field of [`OrgInput`].
#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    contact_name: RwSignal<String>,
    contact_mobile: RwSignal<String>,
    civil_registered: RwSignal<String>,
    supervisor_type: RwSignal<String>,
    supervisor_name: RwSignal<String>,
    founded_on: RwSignal<String>,
    service_categories: RwSignal<Vec<String>>,
    province: RwSignal<String>,
    city: RwSignal<String>,
    county: RwSignal<String>,
    leader_name: RwSignal<String>,
    leader_title: RwSignal<String>,
    leader_unit: RwSignal<String>,
    leader_phone: RwSignal<String>,
    service_scope: RwSignal<String>,
    service_content: RwSignal<String>,
    service_objects: RwSignal<String>,
    service_requirements: RwSignal<String>,
    planned_members: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        let s = || RwSignal::new(String::new());
        Fields {
            name: s(),
            contact_name: s(),
            contact_mobile: s(),
            civil_registered: s(),
            supervisor_type: s(),
            supervisor_name: s(),
            founded_on: s(),
            service_categories: RwSignal::new(Vec::new()),
            province: s(),
            city: s(),
            county: s(),
            leader_name: s(),
            leader_title: s(),
            leader_unit: s(),
            leader_phone: s(),
            service_scope: s(),
            service_content: s(),
            service_objects: s(),
            service_requirements: s(),
            planned_members: s(),
        }
    }

    fn snapshot(&self, parent_id: Option<i64>) -> OrgInput {
        OrgInput {
            name: self.name.get_untracked(),
            parent_id,
            contact_name: self.contact_name.get_untracked(),
            contact_mobile: self.contact_mobile.get_untracked(),
            civil_registered: self.civil_registered.get_untracked(),
            supervisor_type: self.supervisor_type.get_untracked(),
            supervisor_name: self.supervisor_name.get_untracked(),
            founded_on: self.founded_on.get_untracked(),
            service_categories: self.service_categories.get_untracked(),
            province: self.province.get_untracked(),
            city: self.city.get_untracked(),
            county: self.county.get_untracked(),
            leader_name: self.leader_name.get_untracked(),
            leader_title: self.leader_title.get_untracked(),
            leader_unit: self.leader_unit.get_untracked(),
            leader_phone: self.leader_phone.get_untracked(),
            service_scope: self.service_scope.get_untracked(),
            service_content: self.service_content.get_untracked(),
            service_objects: self.service_objects.get_untracked(),
            service_requirements: self.service_requirements.get_untracked(),
            planned_members: self.planned_members.get_untracked(),
        }
    }
}

#[component]
fn RegistrationForm(initial_parent: Option<i64>, platform_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let fields = Fields::new();
    let picked = RwSignal::new(None::<(i64, String)>);
    let corps = RwSignal::new(false);
    // `None`: no parent chosen yet; `Some(None)`: a corps (no parent); `Some(Some(id))`.
    let parent = Memo::new(move |_| match initial_parent {
        Some(p) => Some(Some(p)),
        None if corps.get() => Some(None),
        None => picked.get().map(|(id, _)| Some(id)),
    });
    let context = Resource::new(move || parent.get(), |parent| async move {
        match parent {
            Some(p) => load_form_context(p).await.map(Some),
            None => Ok(None),
        }
    });
    let current_context = move || context.get_untracked().and_then(|r| r.ok()).flatten();

    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let save = ServerAction::<RegisterOrg>::new();

    // The one validator, with the level the organisation will have under the chosen parent.
    let field_error = move |field: &str| -> Option<Invalid> {
        let ctx = current_context()?;
        let parent_id = parent.get_untracked().flatten();
        fields.snapshot(parent_id).validate(ctx.level, &ctx.level_name, clock::today()).err().and_then(|e| e.get(field))
    };
    // Checks one field as the person leaves it; empty fields wait for submit unless they
    // already show an error.
    let check = move |field: &'static str, value: Option<RwSignal<String>>| {
        Callback::new(move |_: ()| {
            let has_value = value.map(|v| !v.get_untracked().trim().is_empty()).unwrap_or(true);
            if has_value || errors.with_untracked(|e| e.get(field).is_some()) {
                set_field_error(errors, field, field_error(field));
            }
        })
    };

    Effect::new(move |_| match save.value().get() {
        Some(Ok(id)) => navigate(&format!("/orgs/{id}"), Default::default()),
        Some(Err(e)) => show_error(i18n, &e, errors, banner),
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        let Some(ctx) = current_context() else {
            let mut e = FieldErrors::new();
            e.push("parent_id", Invalid::Required);
            banner.set(Some(t_string!(i18n, org_register.choose_parent_first).to_string()));
            focus_first_error(&e);
            errors.set(e);
            return;
        };
        let input = fields.snapshot(parent.get_untracked().flatten());
        match input.validate(ctx.level, &ctx.level_name, clock::today()) {
            Ok(_) => {
                errors.set(FieldErrors::new());
                save.dispatch(RegisterOrg { input });
            }
            Err(e) => {
                banner.set(Some(t_string!(i18n, common.error_summary, count = e.0.len()).to_string()));
                focus_first_error(&e);
                errors.set(e);
            }
        }
    };

    let parent_error = error_of(errors, "parent_id");
    view! {
        <section class="page narrow">
            <h1>{move || t_string!(i18n, org_register.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, org_register.intro).to_string()}</p>
            <FormMessage error=banner />
            <form class="form" novalidate on:submit=on_submit>
                <h2>{move || t_string!(i18n, org_register.parent_legend).to_string()}</h2>
                {initial_parent
                    .is_none()
                    .then(|| {
                        view! {
                            {platform_admin
                                .then(|| {
                                    view! {
                                        <div class="field">
                                            <label class="check" for="f-corps">
                                                <input
                                                    type="checkbox"
                                                    id="f-corps"
                                                    prop:checked=move || corps.get()
                                                    on:change=move |ev| corps.set(event_target_checked(&ev))
                                                />
                                                <span>{move || t_string!(i18n, org_register.no_parent).to_string()}</span>
                                            </label>
                                        </div>
                                    }
                                })}
                            <Show when=move || !corps.get()>
                                <OrgPicker
                                    name="parent_id".to_string()
                                    legend=text(move || t_string!(i18n, org_register.parent_legend).to_string())
                                    search_label=text(move || t_string!(i18n, org_register.parent_search).to_string())
                                    selected=picked
                                    error=parent_error
                                />
                            </Show>
                        }
                    })}
                <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                    {move || {
                        context
                            .get()
                            .map(|result| match result {
                                Ok(None) => {
                                    view! { <p class="banner banner-info">{move || t_string!(i18n, org_register.choose_parent_first).to_string()}</p> }
                                        .into_any()
                                }
                                Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                                Ok(Some(ctx)) => {
                                    view! {
                                        <ContextInfo ctx=ctx.clone() has_picker=initial_parent.is_none() parent_error />
                                        {ctx
                                            .parent_open
                                            .then(|| {
                                                view! {
                                                    <OrgFields
                                                        fields
                                                        errors
                                                        level_name=ctx.level_name.clone()
                                                        check
                                                        pending=Signal::derive(move || save.pending().get())
                                                    />
                                                }
                                            })}
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Transition>
            </form>
        </section>
    }
}

/// Where the organisation will sit and what happens on submit.
#[component]
fn ContextInfo(ctx: OrgFormContext, has_picker: bool, parent_error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let parent_name = ctx.parent.as_ref().map(|(_, name)| name.clone());
    let direct = ctx.approves_directly;
    view! {
        <div class="card org-context" id=(!has_picker).then_some("f-parent_id") tabindex=(!has_picker).then_some("-1")>
            <dl class="facts">
                {parent_name
                    .map(|name| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, org_register.parent_chosen).to_string()}</dt>
                                <dd>{name}</dd>
                            </div>
                        }
                    })}
                <div>
                    <dt>{move || t_string!(i18n, org_register.level_info).to_string()}</dt>
                    <dd id="new-level">{ctx.level_name.clone()}</dd>
                </div>
            </dl>
            {if !ctx.parent_open {
                view! { <p class="banner banner-warning">{move || t_string!(i18n, org_register.parent_closed).to_string()}</p> }.into_any()
            } else if direct {
                view! { <p class="banner banner-success">{move || t_string!(i18n, org_register.approves_directly).to_string()}</p> }.into_any()
            } else {
                view! { <p class="banner banner-info">{move || t_string!(i18n, org_register.goes_to_review).to_string()}</p> }.into_any()
            }}
            {(!has_picker).then(|| view! { <p class="field-error">{move || parent_error.get()}</p> })}
        </div>
    }
}

/// A labelled textarea with the required marker and an error slot.
#[component]
fn AreaField(
    name: &'static str,
    label: Signal<String>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    maxlength: u32,
    on_blur: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
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
            <textarea
                id=format!("f-{name}")
                name=name
                rows="3"
                maxlength=maxlength
                aria-required=required.then_some("true")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=format!("f-{name}-error")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| on_blur.run(())
            ></textarea>
            <p class="field-error" id=format!("f-{name}-error")>{move || error.get()}</p>
        </div>
    }
}

#[component]
fn OrgFields(
    fields: Fields,
    errors: RwSignal<FieldErrors>,
    level_name: String,
    check: impl Fn(&'static str, Option<RwSignal<String>>) -> Callback<()> + Copy + Send + Sync + 'static,
    pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = fields;
    let region_error = error_of(errors, "region");
    let region_changed = check("region", None);
    let t = move |field: &'static str, value: RwSignal<String>| check(field, Some(value));

    view! {
        <h2>{move || t_string!(i18n, org_register.section_basic).to_string()}</h2>
        <TextField
            name="name"
            label=text(move || t_string!(i18n, org_register.name).to_string())
            hint=text(move || t_string!(i18n, org_register.name_hint, level = level_name.clone()).to_string())
            value=f.name
            error=error_of(errors, "name")
            maxlength=60
            autocomplete="off"
            required=true
            on_blur=t("name", f.name)
        />
        <TextField
            name="contact_name"
            label=text(move || t_string!(i18n, org_register.contact_name).to_string())
            value=f.contact_name
            error=error_of(errors, "contact_name")
            maxlength=30
            autocomplete="name"
            required=true
            on_blur=t("contact_name", f.contact_name)
        />
        <TextField
            name="contact_mobile"
            label=text(move || t_string!(i18n, org_register.contact_mobile).to_string())
            hint=text(move || t_string!(i18n, org_register.contact_mobile_hint).to_string())
            value=f.contact_mobile
            error=error_of(errors, "contact_mobile")
            input_type="tel"
            inputmode="numeric"
            autocomplete="tel"
            maxlength=20
            required=true
            on_blur=t("contact_mobile", f.contact_mobile)
        />
        <ChoiceSelect
            name="civil_registered"
            label=text(move || t_string!(i18n, org_register.civil_registered).to_string())
            list=&YES_NO
            value=f.civil_registered
            error=error_of(errors, "civil_registered")
            on_change=check("civil_registered", None)
        />
        <ChoiceSelect
            name="supervisor_type"
            label=text(move || t_string!(i18n, org_register.supervisor_type).to_string())
            list=&SUPERVISOR_TYPE
            value=f.supervisor_type
            error=error_of(errors, "supervisor_type")
            on_change=check("supervisor_type", None)
        />
        <TextField
            name="supervisor_name"
            label=text(move || t_string!(i18n, org_register.supervisor_name).to_string())
            value=f.supervisor_name
            error=error_of(errors, "supervisor_name")
            maxlength=60
            autocomplete="organization"
            required=true
            on_blur=t("supervisor_name", f.supervisor_name)
        />
        <TextField
            name="founded_on"
            label=text(move || t_string!(i18n, org_register.founded_on).to_string())
            value=f.founded_on
            error=error_of(errors, "founded_on")
            input_type="date"
            required=true
            on_blur=t("founded_on", f.founded_on)
        />

        <h2>{move || t_string!(i18n, org_register.section_service).to_string()}</h2>
        <ChoiceChecks
            name="service_categories"
            label=text(move || t_string!(i18n, org_register.service_categories).to_string())
            list=&SERVICE_CATEGORY
            value=f.service_categories
            error=error_of(errors, "service_categories")
            on_change=check("service_categories", None)
        />
        <RegionFieldset
            legend=text(move || t_string!(i18n, org_register.region).to_string())
            hint=text(move || t_string!(i18n, org_register.region_hint).to_string())
            labels=[
                text(move || t_string!(i18n, org_register.province).to_string()),
                text(move || t_string!(i18n, org_register.city).to_string()),
                text(move || t_string!(i18n, org_register.county).to_string()),
            ]
            province=f.province
            city=f.city
            county=f.county
            error=region_error
            on_change=region_changed
        />
        <AreaField
            name="service_scope"
            label=text(move || t_string!(i18n, org_register.service_scope).to_string())
            value=f.service_scope
            error=error_of(errors, "service_scope")
            required=true
            maxlength=500
            on_blur=t("service_scope", f.service_scope)
        />
        <AreaField
            name="service_content"
            label=text(move || t_string!(i18n, org_register.service_content).to_string())
            value=f.service_content
            error=error_of(errors, "service_content")
            required=true
            maxlength=1000
            on_blur=t("service_content", f.service_content)
        />
        <AreaField
            name="service_objects"
            label=text(move || t_string!(i18n, org_register.service_objects).to_string())
            value=f.service_objects
            error=error_of(errors, "service_objects")
            required=true
            maxlength=500
            on_blur=t("service_objects", f.service_objects)
        />
        <AreaField
            name="service_requirements"
            label=text(move || t_string!(i18n, org_register.service_requirements).to_string())
            value=f.service_requirements
            error=error_of(errors, "service_requirements")
            maxlength=500
            on_blur=t("service_requirements", f.service_requirements)
        />
        <TextField
            name="planned_members"
            label=text(move || t_string!(i18n, org_register.planned_members).to_string())
            value=f.planned_members
            error=error_of(errors, "planned_members")
            inputmode="numeric"
            maxlength=7
            required=true
            on_blur=t("planned_members", f.planned_members)
        />

        <fieldset class="field leader">
            <legend>{move || t_string!(i18n, org_register.leader_legend).to_string()}</legend>
            <TextField
                name="leader_name"
                label=text(move || t_string!(i18n, org_register.leader_name).to_string())
                value=f.leader_name
                error=error_of(errors, "leader_name")
                maxlength=30
                on_blur=t("leader_name", f.leader_name)
            />
            <TextField
                name="leader_title"
                label=text(move || t_string!(i18n, org_register.leader_title).to_string())
                value=f.leader_title
                error=error_of(errors, "leader_title")
                maxlength=30
                on_blur=t("leader_title", f.leader_title)
            />
            <TextField
                name="leader_unit"
                label=text(move || t_string!(i18n, org_register.leader_unit).to_string())
                value=f.leader_unit
                error=error_of(errors, "leader_unit")
                maxlength=100
                on_blur=t("leader_unit", f.leader_unit)
            />
            <TextField
                name="leader_phone"
                label=text(move || t_string!(i18n, org_register.leader_phone).to_string())
                value=f.leader_phone
                error=error_of(errors, "leader_phone")
                input_type="tel"
                maxlength=20
                on_blur=t("leader_phone", f.leader_phone)
            />
        </fieldset>

        <button type="submit" class="button primary block" disabled=move || pending.get()>
            {move || {
                if pending.get() {
                    t_string!(i18n, org_register.submitting).to_string()
                } else {
                    t_string!(i18n, org_register.submit).to_string()
                }
            }}
        </button>
    }
}
