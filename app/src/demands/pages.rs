//! The demand pages: the public list (`/demands`), the form (`/demands/new`), the poster's
//! follow page (`/demands/follow/{token}`), one demand (`/demands/{id}`, with review, matching,
//! accept and recruitment for its staff) and the console tab (`/orgs/{id}/manage/demands`).
//!
//! Every form is a plain form posted to its server function, so each works without JavaScript:
//! the server answers with a redirect (back here, or to the follow page after posting) and a
//! refusal comes back as `?__err=`, shown above the form and under its fields. With JavaScript
//! the demand form first runs the same validator the server runs and posts only when it passes.
use super::api::{demand_orgs, demand_queue, follow_demand, get_demand, list_demands, match_demand, PostDemand};
use super::matching::{Candidate, MatchResult, Reason};
#[cfg(not(feature = "ssr"))]
use super::model::DemandInput;
use super::model::{DemandStatus, DemandSummary, DemandView, POSTER_KIND};
use crate::activities::model::{CONTENT_FORM, MODE, SERVICE_OBJECT};
use crate::codes::{ChoiceList, SERVICE_CATEGORY};
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::pages::manage::nav::{ManageScope, ManageShell, Section};
use crate::ui::choices::choice_label;
use crate::ui::errors::refusal_from_address;
use crate::ui::errors::{error_text, invalid_text};
use crate::ui::format::local_time;
use crate::ui::head::{PageDescription, PageTitle};
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn status_label(i18n: I18nContext<Locale>, status: DemandStatus) -> String {
    match status {
        DemandStatus::Unverified => t_string!(i18n, demands.status_unverified),
        DemandStatus::Review => t_string!(i18n, demands.status_review),
        DemandStatus::Published => t_string!(i18n, demands.status_published),
        DemandStatus::Rejected => t_string!(i18n, demands.status_rejected),
        DemandStatus::Accepted => t_string!(i18n, demands.status_accepted),
        DemandStatus::Closed => t_string!(i18n, demands.status_closed),
    }
    .to_string()
}

fn reason_text(i18n: I18nContext<Locale>, reason: &Reason) -> String {
    match reason {
        Reason::Category => t_string!(i18n, demands.reason_category).to_string(),
        Reason::SameCounty => t_string!(i18n, demands.reason_same_county).to_string(),
        Reason::SameCity => t_string!(i18n, demands.reason_same_city).to_string(),
        Reason::SameProvince => t_string!(i18n, demands.reason_same_province).to_string(),
        Reason::Skill(word) => t_string!(i18n, demands.reason_skill, word = word.clone()).to_string(),
        Reason::Qualification(q) => t_string!(i18n, demands.reason_qualification, q = q.clone()).to_string(),
        Reason::QualificationMissing(q) => {
            t_string!(i18n, demands.reason_qualification_missing, q = q.clone()).to_string()
        }
        Reason::Free => t_string!(i18n, demands.reason_free).to_string(),
    }
}

fn label_of(i18n: I18nContext<Locale>, list: &'static ChoiceList, code: &str) -> String {
    list.get(code).map(|c| choice_label(i18n, c).to_string()).unwrap_or_else(|_| code.to_owned())
}

fn region_text(province: &str, city: &str, county: &str) -> String {
    [province, city, county].iter().filter_map(|c| crate::regions::name(c)).collect::<Vec<_>>().join(" ")
}

fn error_banner(i18n: I18nContext<Locale>, e: &AppError) -> AnyView {
    view! {
        <p class="banner banner-error" role="alert">
            {error_text(i18n, e)}
        </p>
    }
    .into_any()
}

fn loading(i18n: I18nContext<Locale>) -> impl IntoView {
    view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
}

/// `/demands`: published demands, newest first.
#[component]
pub fn DemandsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let before = Memo::new(move |_| query.with(|q| q.get("before").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(move || before.get(), list_demands);
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, demands.title_list), t_string!(i18n, app.name)) />
        <PageDescription text=move || t_string!(i18n, meta.demands).to_string() />
        <section class="page demands-page">
            <h1>{move || t_string!(i18n, demands.title_list).to_string()}</h1>
            <p>
                <a class="button" href="/demands/new">
                    {move || t_string!(i18n, demands.post_new).to_string()}
                </a>
            </p>
            <Transition fallback=move || loading(
                i18n,
            )>
                {move || match data.get() {
                    Some(Err(e)) => error_banner(i18n, &e),
                    Some(Ok(list)) if list.is_empty() => {
                        view! { <p class="empty">{move || t_string!(i18n, demands.empty).to_string()}</p> }.into_any()
                    }
                    Some(Ok(list)) => {
                        let next = (list.len() == 30).then(|| list.last().map(|d| d.id)).flatten();
                        view! {
                            <SummaryList list />
                            {next
                                .map(|id| {
                                    view! {
                                        <p>
                                            <a href=format!(
                                                "/demands?before={id}",
                                            )>{move || t_string!(i18n, demands.more).to_string()}</a>
                                        </p>
                                    }
                                })}
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn SummaryList(list: Vec<DemandSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="card-list demand-list">
            {list
                .into_iter()
                .map(|d| {
                    let status = d.status;
                    let n = d.volunteers_needed;
                    let category = d.category.clone();
                    view! {
                        <li class="card">
                            <h2>
                                <a href=format!("/demands/{}", d.id)>{d.title.clone()}</a>
                            </h2>
                            <p class="meta">
                                <span class="badge">{move || status_label(i18n, status)}</span>
                                " "
                                {move || label_of(i18n, &SERVICE_CATEGORY, &category)}
                                " · "
                                {move || t_string!(i18n, demands.needed, n = n).to_string()}
                            </p>
                            <p class="meta">
                                {d.poster_unit.clone()} " · " {region_text("", &d.city, &d.county)} " · "
                                {local_time(d.starts_at)}
                            </p>
                            <p class="meta">{d.org_name.clone()}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// How a field of the demand form is entered.
#[derive(Clone, Copy)]
enum Entry {
    /// `<input type=…>`
    Text(&'static str),
    Area,
    /// `<select>` over a closed list.
    Choice(&'static ChoiceList),
    /// `<select>` over the options given.
    Select,
}

/// The demand form's own fields before the service objects, between them and the region, and
/// after it: (name, how it is entered, required).
const HEAD: &[(&str, Entry, bool)] = &[
    ("poster_kind", Entry::Choice(&POSTER_KIND), true),
    ("poster_unit", Entry::Text("text"), true),
    ("contact_name", Entry::Text("text"), true),
    ("contact_phone", Entry::Text("tel"), true),
    ("title", Entry::Text("text"), true),
    ("category", Entry::Choice(&SERVICE_CATEGORY), true),
    ("content_form", Entry::Choice(&CONTENT_FORM), true),
    ("mode", Entry::Choice(&MODE), true),
];
const MIDDLE: &[(&str, Entry, bool)] = &[
    ("content", Entry::Area, true),
    ("volunteers_needed", Entry::Text("number"), true),
    ("expertise", Entry::Text("text"), false),
    ("qualification", Entry::Text("text"), false),
    ("starts_at", Entry::Text("datetime-local"), true),
    ("ends_at", Entry::Text("datetime-local"), true),
];
const TAIL: &[(&str, Entry, bool)] = &[
    ("address", Entry::Text("text"), false),
    ("lat", Entry::Text("text"), false),
    ("lng", Entry::Text("text"), false),
];

fn field_label(i18n: I18nContext<Locale>, name: &str) -> String {
    match name {
        "poster_kind" => t_string!(i18n, demands.field_poster_kind),
        "poster_unit" => t_string!(i18n, demands.field_poster_unit),
        "contact_name" => t_string!(i18n, demands.field_contact_name),
        "contact_phone" => t_string!(i18n, demands.field_contact_phone),
        "title" => t_string!(i18n, demands.field_title),
        "category" => t_string!(i18n, demands.field_category),
        "content_form" => t_string!(i18n, demands.field_content_form),
        "mode" => t_string!(i18n, demands.field_mode),
        "content" => t_string!(i18n, demands.field_content),
        "volunteers_needed" => t_string!(i18n, demands.field_volunteers_needed),
        "expertise" => t_string!(i18n, demands.field_expertise),
        "qualification" => t_string!(i18n, demands.field_qualification),
        "starts_at" => t_string!(i18n, demands.field_starts_at),
        "ends_at" => t_string!(i18n, demands.field_ends_at),
        "province" => t_string!(i18n, demands.field_province),
        "city" => t_string!(i18n, demands.field_city),
        "county" => t_string!(i18n, demands.field_county),
        "address" => t_string!(i18n, demands.field_address),
        "lat" => t_string!(i18n, demands.field_lat),
        "lng" => t_string!(i18n, demands.field_lng),
        _ => t_string!(i18n, demands.field_org),
    }
    .to_string()
}

/// One field of the demand form (`input[name]`) with its label and error slot, holding `value`.
/// A `<select>` takes its options from `options`, with an empty first choice (`empty_label`).
#[component]
fn DemandField(
    name: &'static str,
    entry: Entry,
    errors: RwSignal<FieldErrors>,
    value: RwSignal<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] options: Option<Signal<Vec<(String, String)>>>,
    #[prop(optional)] empty_label: Option<Signal<String>>,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || errors.with(|e| e.get(name)).map(|i| invalid_text(i18n, i)));
    let id = format!("f-{name}");
    let described = format!("f-{name}-error");
    let invalid = move || if error.get().is_some() { "true" } else { "false" };
    let input_name = format!("input[{name}]");
    let input = match entry {
        Entry::Area => view! {
            <textarea
                id=id.clone()
                name=input_name
                rows="4"
                required=required
                aria-invalid=invalid
                aria-describedby=described.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            >
                {value.get_untracked()}
            </textarea>
        }
        .into_any(),
        Entry::Text(kind) => view! {
            <input
                id=id.clone()
                name=input_name
                type=kind
                value=value.get_untracked()
                required=required
                aria-invalid=invalid
                aria-describedby=described.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any(),
        Entry::Choice(_) | Entry::Select => {
            let options = match entry {
                Entry::Choice(list) => list_options(i18n, list),
                _ => options.unwrap_or_default(),
            };
            view! {
                <select
                    id=id.clone()
                    name=input_name
                    required=required
                    aria-invalid=invalid
                    aria-describedby=described.clone()
                    on:change=move |ev| {
                        value.set(event_target_value(&ev));
                        if let Some(cb) = on_change {
                            cb.run(());
                        }
                    }
                >
                    <option value="">
                        {move || {
                            empty_label.map(|l| l.get()).unwrap_or_else(|| t_string!(i18n, demands.choose).to_string())
                        }}
                    </option>
                    {move || {
                        options
                            .get()
                            .into_iter()
                            .map(|(code, text)| {
                                let selected = value.get_untracked() == code;
                                view! {
                                    <option value=code selected=selected>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>
                {move || field_label(i18n, name)}
                {required
                    .then(|| {
                        view! {
                            <span class="req" aria-hidden="true">
                                "*"
                            </span>
                        }
                    })}
            </label>
            {input}
            <p class="field-error" id=described>
                {move || error.get()}
            </p>
        </div>
    }
}

fn list_options(i18n: I18nContext<Locale>, list: &'static ChoiceList) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || list.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect())
}

fn region_options(list: &[crate::regions::Region]) -> Vec<(String, String)> {
    list.iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
}

/// The text fields of [`DemandInput`] (all but the service objects), as the form names them.
const INPUT_NAMES: &[&str] = &[
    "org_id",
    "poster_kind",
    "poster_unit",
    "contact_name",
    "contact_phone",
    "title",
    "category",
    "content_form",
    "mode",
    "content",
    "volunteers_needed",
    "expertise",
    "qualification",
    "starts_at",
    "ends_at",
    "province",
    "city",
    "county",
    "address",
    "lat",
    "lng",
];

/// The demand form's values: each field's signal, filled from the address (`input[name]=`,
/// what the no-JS region step sends back) so nothing typed is lost on the way.
#[derive(Clone)]
struct Values {
    fields: Vec<(&'static str, RwSignal<String>)>,
    /// Indices into `SERVICE_OBJECT` that are ticked.
    objects: RwSignal<Vec<usize>>,
}

impl Values {
    fn from_address() -> Values {
        let query = use_query_map();
        let mut fields = Vec::new();
        for name in INPUT_NAMES {
            let v = query.with_untracked(|q| q.get(&format!("input[{name}]")).unwrap_or_default());
            fields.push((*name, RwSignal::new(v)));
        }
        let objects = (0..SERVICE_OBJECT.items.len())
            .filter(|i| query.with_untracked(|q| q.get(&format!("input[service_objects][{i}]")).is_some()))
            .collect();
        Values { fields, objects: RwSignal::new(objects) }
    }

    /// The signal of `name`, one of [`INPUT_NAMES`] (the same one however often asked).
    fn get(&self, name: &str) -> RwSignal<String> {
        match self.fields.iter().find(|(n, _)| *n == name) {
            Some((_, s)) => *s,
            None => {
                leptos::logging::error!("demand form: no field {name}");
                RwSignal::new(String::new())
            }
        }
    }
}

/// Reads the demand form as typed (the browser's check before posting).
#[cfg(not(feature = "ssr"))]
fn read_form(form: &web_sys::HtmlFormElement) -> DemandInput {
    let data = web_sys::FormData::new_with_form(form).ok();
    let get = |name: &str| data.as_ref().and_then(|d| d.get(&format!("input[{name}]")).as_string()).unwrap_or_default();
    let service_objects = SERVICE_OBJECT
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, _)| data.as_ref().and_then(|d| d.get(&format!("input[service_objects][{i}]")).as_string()))
        .collect();
    DemandInput {
        org_id: get("org_id"),
        poster_kind: get("poster_kind"),
        poster_unit: get("poster_unit"),
        contact_name: get("contact_name"),
        contact_phone: get("contact_phone"),
        title: get("title"),
        category: get("category"),
        content_form: get("content_form"),
        mode: get("mode"),
        service_objects,
        content: get("content"),
        volunteers_needed: get("volunteers_needed"),
        expertise: get("expertise"),
        qualification: get("qualification"),
        starts_at: get("starts_at"),
        ends_at: get("ends_at"),
        province: get("province"),
        city: get("city"),
        county: get("county"),
        address: get("address"),
        lat: get("lat"),
        lng: get("lng"),
    }
}

/// `/demands/new`: the demand form. No account needed. Without JavaScript it is a plain post,
/// and the region step (a button shown only then) reloads the form with the cities and
/// counties of what was chosen, keeping what was typed; with it the selects follow each other
/// and a refusal leaves the form as it was.
#[component]
pub fn NewDemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let refusal = refusal_from_address();
    let errors = RwSignal::new(refusal.as_ref().and_then(|e| e.field_errors().cloned()).unwrap_or_default());
    let banner = RwSignal::new(refusal.filter(|e| e.field_errors().is_none()));
    let values = Values::from_address();
    let orgs = Resource::new(|| (), |_| demand_orgs());
    let org_options = Signal::derive(move || {
        orgs.get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect()
    });
    let (province, city, county) = (values.get("province"), values.get("city"), values.get("county"));
    let provinces = Signal::derive(|| region_options(crate::regions::provinces()));
    let cities = Signal::derive(move || region_options(crate::regions::cities_of(&province.get())));
    let counties = Signal::derive(move || region_options(crate::regions::counties_of(&city.get())));
    let objects = values.objects;
    let org_value = values.get("org_id");
    // With JavaScript the form is checked by the server's own validator, then sent by the
    // action: a refusal shows under its field or above the form with everything typed still
    // there. Without it the form is a plain post (the server answers with the follow page or
    // `?__err=`).
    let post = ServerAction::<PostDemand>::new();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| match post.value().get() {
        Some(Ok(posted)) => navigate(&format!("/demands/follow/{}", posted.token), Default::default()),
        Some(Err(e)) => match e.field_errors() {
            Some(fields) => {
                crate::ui::fields::focus_first_error(fields);
                errors.set(fields.clone());
            }
            None => banner.set(Some(e)),
        },
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(not(feature = "ssr"))]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                return;
            };
            ev.prevent_default();
            let input = read_form(&form);
            match input.validate() {
                Ok(_) if post.pending().get_untracked() => {}
                Ok(_) => {
                    errors.set(FieldErrors::new());
                    banner.set(None);
                    post.dispatch(PostDemand { input });
                }
                Err(e) => {
                    crate::ui::fields::focus_first_error(&e);
                    errors.set(e);
                }
            }
        }
        #[cfg(feature = "ssr")]
        let _ = (ev, errors, post);
    };
    let fields = move |list: &'static [(&'static str, Entry, bool)]| {
        list.iter()
            .map(|(name, entry, required)| {
                view! { <DemandField name=*name entry=*entry errors value=values.get(name) required=*required /> }
            })
            .collect_view()
    };
    let region_error = move || errors.with(|e| e.get("region")).map(|i| invalid_text(i18n, i));
    let refresh = t_string!(i18n, demands.region_refresh).to_string();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, demands.title_new), t_string!(i18n, app.name)) />
        <section class="page demand-new-page">
            <h1>{move || t_string!(i18n, demands.title_new).to_string()}</h1>
            <p class="hint">{move || t_string!(i18n, demands.intro_new).to_string()}</p>
            {move || {
                banner
                    .get()
                    .map(|e| {
                        view! {
                            <p class="banner banner-error" role="alert" id="demand-error">
                                {error_text(i18n, &e)}
                            </p>
                        }
                    })
            }}
            <form class="form demand-form" method="post" action="/api/demands/post" on:submit=submit novalidate>
                {fields(HEAD)}
                <fieldset
                    class="field checks"
                    id="f-service_objects"
                    tabindex="-1"
                    aria-describedby="f-service_objects-error"
                >
                    <legend>
                        {move || t_string!(i18n, demands.field_service_objects).to_string()}
                        <span class="req" aria-hidden="true">
                            "*"
                        </span>
                    </legend>
                    <div class="check-grid">
                        {SERVICE_OBJECT
                            .items
                            .iter()
                            .enumerate()
                            .map(|(i, choice)| {
                                let id = format!("f-service_objects-{}", choice.code);
                                let label_for = id.clone();
                                view! {
                                    <label class="check" for=label_for>
                                        <input
                                            type="checkbox"
                                            id=id
                                            name=format!("input[service_objects][{i}]")
                                            value=choice.code
                                            checked=objects.get_untracked().contains(&i)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                objects
                                                    .update(|o| {
                                                        o.retain(|x| *x != i);
                                                        if on {
                                                            o.push(i);
                                                        }
                                                    });
                                            }
                                        />
                                        <span>{move || choice_label(i18n, choice)}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                    <p class="field-error" id="f-service_objects-error">
                        {move || errors.with(|e| e.get("service_objects")).map(|i| invalid_text(i18n, i))}
                    </p>
                </fieldset>
                {fields(MIDDLE)}
                <fieldset class="field region" id="f-region" tabindex="-1" aria-describedby="f-region-error">
                    <legend>
                        {move || t_string!(i18n, demands.field_region).to_string()}
                        <span class="req" aria-hidden="true">
                            "*"
                        </span>
                    </legend>
                    <DemandField
                        name="province"
                        entry=Entry::Select
                        errors
                        value=province
                        options=provinces
                        required=true
                        on_change=Callback::new(move |_| {
                            city.set(String::new());
                            county.set(String::new());
                        })
                    />
                    <DemandField
                        name="city"
                        entry=Entry::Select
                        errors
                        value=city
                        options=cities
                        on_change=Callback::new(move |_| county.set(String::new()))
                    />
                    <DemandField name="county" entry=Entry::Select errors value=county options=counties />
                    // Without JavaScript the lists cannot follow the choice: this reloads the form
                    // with them, everything typed kept (a GET of the same fields to this page). Set
                    // as markup, so hydration never walks into it.
                    <noscript inner_html=format!(
                        r#"<button type="submit" class="button" formaction="/demands/new" formmethod="get">{}</button>"#,
                        refresh.replace('&', "&amp;").replace('<', "&lt;"),
                    )></noscript>
                    <p class="field-error" id="f-region-error">
                        {region_error}
                    </p>
                </fieldset>
                {fields(TAIL)}
                <p class="field-error" id="f-coordinates-error">
                    {move || errors.with(|e| e.get("coordinates")).map(|i| invalid_text(i18n, i))}
                </p>
                <Transition fallback=|| ()>
                    <DemandField
                        name="org_id"
                        entry=Entry::Select
                        errors
                        value=org_value
                        options=org_options
                        empty_label=Signal::derive(move || t_string!(i18n, demands.org_auto).to_string())
                    />
                </Transition>
                // One post at a time: each sends a code to the contact phone.
                <button
                    type="submit"
                    class="button primary"
                    aria-disabled=move || post.pending().get().then_some("true")
                >
                    {move || t_string!(i18n, demands.submit).to_string()}
                </button>
            </form>
        </section>
    }
}

/// The facts of a demand, shared by the follow page and the public page.
#[component]
fn DemandFacts(demand: DemandView) -> impl IntoView {
    let i18n = use_i18n();
    let status = demand.status;
    let category = demand.category.clone();
    let mode = demand.mode.clone();
    let n = demand.volunteers_needed;
    let place = format!("{} {}", region_text(&demand.province, &demand.city, &demand.county), demand.address);
    let reason = demand.reject_reason.clone();
    view! {
        <p class="status-line">
            <span class="status-label">{move || t_string!(i18n, demands.status_label).to_string()}</span>
            " "
            <span class="badge" id="demand-status">
                {move || status_label(i18n, status)}
            </span>
        </p>
        {(!reason.is_empty())
            .then(|| {
                let reason = reason.clone();
                view! {
                    <p class="banner banner-info">
                        {move || t_string!(i18n, demands.reject_reason, reason = reason.clone()).to_string()}
                    </p>
                }
            })}
        {demand
            .activity_id
            .map(|id| {
                view! {
                    <p>
                        <a href=format!("/activities/{id}") id="demand-activity">
                            {move || t_string!(i18n, demands.activity_link).to_string()}
                        </a>
                    </p>
                }
            })}
        <dl class="facts">
            <dt>{move || t_string!(i18n, demands.field_poster_unit).to_string()}</dt>
            <dd>{demand.poster_unit.clone()}</dd>
            <dt>{move || t_string!(i18n, demands.field_category).to_string()}</dt>
            <dd>{move || label_of(i18n, &SERVICE_CATEGORY, &category)}</dd>
            <dt>{move || t_string!(i18n, demands.field_mode).to_string()}</dt>
            <dd>{move || label_of(i18n, &MODE, &mode)}</dd>
            <dt>{move || t_string!(i18n, demands.field_volunteers_needed).to_string()}</dt>
            <dd>{move || t_string!(i18n, demands.needed, n = n).to_string()}</dd>
            <dt>{move || t_string!(i18n, demands.time).to_string()}</dt>
            <dd>{format!("{} – {}", local_time(demand.starts_at), local_time(demand.ends_at))}</dd>
            <dt>{move || t_string!(i18n, demands.place).to_string()}</dt>
            <dd>{place}</dd>
            <dt>{move || t_string!(i18n, demands.field_expertise).to_string()}</dt>
            <dd>{demand.expertise.clone()}</dd>
            <dt>{move || t_string!(i18n, demands.field_qualification).to_string()}</dt>
            <dd>{demand.qualification.clone()}</dd>
            <dt>{move || t_string!(i18n, demands.contact).to_string()}</dt>
            <dd>{format!("{} {}", demand.contact_name, demand.contact_phone)}</dd>
            <dt>{move || t_string!(i18n, demands.managing_org).to_string()}</dt>
            <dd>
                <a href=format!("/orgs/{}", demand.org_id)>{demand.org_name.clone()}</a>
            </dd>
        </dl>
        <p class="prewrap">{demand.content.clone()}</p>
    }
}

/// `/demands/follow/{token}`: the poster's private page: the code to enter while unverified,
/// then the status, the reason of a rejection and the activity made from the demand.
#[component]
pub fn FollowDemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let data = Resource::new(move || token.get(), follow_demand);
    let refusal = refusal_from_address();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, demands.title_follow), t_string!(i18n, app.name)) />
        <section class="page demand-follow-page">
            <h1>{move || t_string!(i18n, demands.title_follow).to_string()}</h1>
            {refusal.as_ref().map(|e| error_banner(i18n, e))}
            <Transition fallback=move || loading(
                i18n,
            )>
                {move || match data.get() {
                    Some(Err(e)) => error_banner(i18n, &e),
                    Some(Ok(demand)) => {
                        let token = token.get_untracked();
                        let unverified = demand.status == DemandStatus::Unverified;
                        let masked = crate::accounts::mobile::Mobile::parse(&demand.contact_phone)
                            .map(|m| m.masked())
                            .unwrap_or_default();
                        view! {
                            <h2>{demand.title.clone()}</h2>
                            <p class="hint">{move || t_string!(i18n, demands.follow_keep).to_string()}</p>
                            {unverified
                                .then(|| {
                                    let token2 = token.clone();
                                    let masked = masked.clone();
                                    view! {
                                        <p class="banner banner-info">
                                            {move || {
                                                t_string!(i18n, demands.code_sent, phone = masked.clone()).to_string()
                                            }}
                                        </p>
                                        <form class="form" method="post" action="/api/demands/verify">
                                            <input type="hidden" name="token" value=token.clone() />
                                            <div class="field">
                                                <label for="f-code">
                                                    {move || t_string!(i18n, demands.field_code).to_string()}
                                                </label>
                                                <input
                                                    id="f-code"
                                                    name="code"
                                                    inputmode="numeric"
                                                    autocomplete="one-time-code"
                                                    maxlength="6"
                                                    required
                                                />
                                            </div>
                                            <button type="submit" class="button primary">
                                                {move || t_string!(i18n, demands.verify).to_string()}
                                            </button>
                                        </form>
                                        <form method="post" action="/api/demands/resend-code">
                                            <input type="hidden" name="token" value=token2 />
                                            <button type="submit" class="button">
                                                {move || t_string!(i18n, demands.resend).to_string()}
                                            </button>
                                        </form>
                                    }
                                })}
                            <DemandFacts demand />
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

/// `/demands/{id}`: the public page of a published demand; its staff also review, match,
/// accept, recruit and close here.
#[component]
pub fn DemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_demand(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let refusal = refusal_from_address();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, demands.title_detail), t_string!(i18n, app.name)) />
        <section class="page demand-page">
            <Transition fallback=move || loading(
                i18n,
            )>
                {move || match data.get() {
                    Some(Err(e)) => {
                        view! {
                            <h1>{move || t_string!(i18n, demands.title_detail).to_string()}</h1>
                            {error_banner(i18n, &e)}
                        }
                            .into_any()
                    }
                    Some(Ok(demand)) => {
                        let manage = demand.can_manage;
                        let demand_id = demand.id;
                        let status = demand.status;
                        let has_activity = demand.activity_id.is_some();
                        view! {
                            <h1>{demand.title.clone()}</h1>
                            {refusal.as_ref().map(|e| error_banner(i18n, e))}
                            <DemandFacts demand />
                            {manage.then(|| view! { <StaffTools demand_id status has_activity /> })}
                        }
                            .into_any()
                    }
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

/// A one-button form posting `demand_id` (and `extra` hidden fields) to a server function.
#[component]
fn ActionButton(
    action: &'static str,
    demand_id: i64,
    label: Signal<String>,
    #[prop(optional)] extra: Vec<(&'static str, &'static str)>,
    #[prop(optional)] id: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="inline-form">
            <input type="hidden" name="demand_id" value=demand_id.to_string() />
            {extra
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <button type="submit" class="button" id=(!id.is_empty()).then_some(id)>
                {move || label.get()}
            </button>
        </form>
    }
}

#[component]
fn StaffTools(demand_id: i64, status: DemandStatus, has_activity: bool) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |f: fn(I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    let matches = Resource::new(move || demand_id, match_demand);
    let review = (status == DemandStatus::Review).then(|| {
        view! {
            <div class="panel review-panel">
                <ActionButton
                    action="/api/demands/review"
                    demand_id
                    label=text(|i| t_string!(i, demands.publish).to_string())
                    extra=vec![("publish", "true"), ("reason", "")]
                    id="demand-publish"
                />
                <form method="post" action="/api/demands/review" class="form">
                    <input type="hidden" name="demand_id" value=demand_id.to_string() />
                    <input type="hidden" name="publish" value="false" />
                    <div class="field">
                        <label for="f-reason">{move || t_string!(i18n, demands.reason).to_string()}</label>
                        <textarea id="f-reason" name="reason" rows="2" maxlength="200" required></textarea>
                    </div>
                    <button type="submit" class="button">
                        {move || t_string!(i18n, demands.reject).to_string()}
                    </button>
                </form>
            </div>
        }
    });
    let accept = (status == DemandStatus::Published && !has_activity).then(|| {
        view! {
            <ActionButton
                action="/api/demands/accept"
                demand_id
                label=text(|i| t_string!(i, demands.accept).to_string())
                id="demand-accept"
            />
        }
    });
    let close = matches!(status, DemandStatus::Published | DemandStatus::Accepted).then(|| {
        view! { <ActionButton action="/api/demands/close" demand_id label=text(|i| t_string!(i, demands.close).to_string()) /> }
    });
    let can_recruit = matches!(status, DemandStatus::Published | DemandStatus::Accepted);
    view! {
        {review}
        {accept}
        {close}
        <h2>{move || t_string!(i18n, demands.match_title).to_string()}</h2>
        <Transition fallback=move || loading(
            i18n,
        )>
            {move || match matches.get() {
                Some(Err(e)) => error_banner(i18n, &e),
                Some(Ok(result)) => view! { <Matches result demand_id can_recruit /> }.into_any(),
                None => ().into_any(),
            }}
        </Transition>
    }
}

#[component]
fn CandidateList(list: Vec<Candidate>, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{move || t_string!(i18n, demands.match_none).to_string()}</p> }.into_any();
    }
    view! {
        <ol class="card-list match-list" id=id>
            {list
                .into_iter()
                .map(|c| {
                    let reasons = c.reasons.clone();
                    let score = c.score;
                    view! {
                        <li class="card">
                            <strong>{c.label.clone()}</strong>
                            {(!c.volunteer_no.is_empty()).then(|| format!(" {}", c.volunteer_no))}
                            " · "
                            {move || t_string!(i18n, demands.score, n = score).to_string()}
                            <p class="meta match-reasons">
                                {move || reasons.iter().map(|r| reason_text(i18n, r)).collect::<Vec<_>>().join(" · ")}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Matches(result: MatchResult, demand_id: i64, can_recruit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let needed = result.needed;
    let recruit = match (result.too_few, result.recruit_sent_at) {
        (_, Some(at)) => Some(
            view! {
                <p class="banner banner-info">
                    {move || t_string!(i18n, demands.recruit_sent, at = local_time(at)).to_string()}
                </p>
            }
            .into_any(),
        ),
        (true, None) => Some(
            view! {
                <p class="banner banner-info">{move || t_string!(i18n, demands.too_few, n = needed).to_string()}</p>
                {can_recruit
                    .then(|| {
                        view! {
                            <ActionButton
                                action="/api/demands/recruit"
                                demand_id
                                label=Signal::derive(move || t_string!(i18n, demands.recruit).to_string())
                                id="demand-recruit"
                            />
                        }
                    })}
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        {recruit}
        <h3>{move || t_string!(i18n, demands.match_volunteers).to_string()}</h3>
        <CandidateList list=result.volunteers id="match-volunteers" />
        <h3>{move || t_string!(i18n, demands.match_orgs).to_string()}</h3>
        <CandidateList list=result.orgs id="match-orgs" />
    }
}

/// `/orgs/{id}/manage/demands`: the console tab — the subtree's demands, those waiting for
/// review first.
#[component]
pub fn OrgDemandsPage() -> impl IntoView {
    let i18n = use_i18n();
    let scope = ManageScope::new();
    let data = Resource::new(
        move || scope.key(),
        |id| async move {
            match id {
                Some(id) => demand_queue(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Demands>
            <Transition fallback=move || loading(
                i18n,
            )>
                {move || match data.get() {
                    Some(Err(e)) => error_banner(i18n, &e),
                    Some(Ok(list)) if list.is_empty() => {
                        view! { <p class="empty">{move || t_string!(i18n, demands.queue_empty).to_string()}</p> }
                            .into_any()
                    }
                    Some(Ok(list)) => view! { <SummaryList list /> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
        </ManageShell>
    }
}
