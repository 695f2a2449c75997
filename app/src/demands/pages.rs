//! The demand pages: the public list (`/demands`), the form (`/demands/new`), the poster's
//! follow page (`/demands/follow/{token}`), one demand (`/demands/{id}`, with review, matching,
//! accept and recruitment for its staff) and the console tab (`/orgs/{id}/manage/demands`).
//!
//! Every form is a plain form posted to its server function, so each works without JavaScript:
//! the server answers with a redirect (back here, or to the follow page after posting) and a
//! refusal comes back as `?__err=`, shown above the form and under its fields. With JavaScript
//! the demand form first runs the same validator the server runs and posts only when it passes.
use super::api::{demand_orgs, demand_queue, follow_demand, get_demand, list_demands, match_demand};
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
use crate::ui::errors::{error_text, invalid_text};
use crate::ui::format::local_time;
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The refusal a post without JavaScript came back with (`?__err=`), if any.
fn refusal_from_address() -> Option<AppError> {
    use leptos::server_fn::error::ServerFnUrlError;
    use_query_map().with_untracked(|q| q.get("__err")).map(|e| ServerFnUrlError::<AppError>::decode_err(&e))
}

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
        <Title text=move || format!("{} · {}", t_string!(i18n, demands.title_list), t_string!(i18n, app.name)) />
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

/// A text field of the demand form (`input[name]`), with its error slot.
#[component]
fn TextInput(
    name: &'static str,
    label: Signal<String>,
    errors: RwSignal<FieldErrors>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] value: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || errors.with(|e| e.get(name)).map(|i| invalid_text(i18n, i)));
    let id = format!("f-{name}");
    let described = format!("f-{name}-error");
    let invalid = move || if error.get().is_some() { "true" } else { "false" };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=format!("input[{name}]")
                rows="4"
                required=required
                aria-invalid=invalid
                aria-describedby=described.clone()
            >
                {value.clone()}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=format!("input[{name}]")
                type=kind.unwrap_or("text")
                value=value.clone()
                required=required
                aria-invalid=invalid
                aria-describedby=described.clone()
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>
                {move || label.get()}
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

/// A `<select>` of the demand form over a closed list or given options.
#[component]
fn Choose(
    name: &'static str,
    label: Signal<String>,
    errors: RwSignal<FieldErrors>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] empty_label: Option<Signal<String>>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || errors.with(|e| e.get(name)).map(|i| invalid_text(i18n, i)));
    let id = format!("f-{name}");
    let described = format!("f-{name}-error");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id
                .clone()>
                {move || label.get()}
                {required
                    .then(|| {
                        view! {
                            <span class="req" aria-hidden="true">
                                "*"
                            </span>
                        }
                    })}
            </label>
            <select
                id=id
                name=format!("input[{name}]")
                required=required
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described.clone()
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
                        .map(|(value, text)| view! { <option value=value>{text}</option> })
                        .collect_view()
                }}
            </select>
            <p class="field-error" id=described>
                {move || error.get()}
            </p>
        </div>
    }
}

fn list_options(i18n: I18nContext<Locale>, list: &'static ChoiceList) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || list.items.iter().map(|c| (c.code.to_string(), choice_label(i18n, c).to_string())).collect())
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

/// `/demands/new`: the demand form. No account needed.
#[component]
pub fn NewDemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let refusal = refusal_from_address();
    let errors = RwSignal::new(refusal.as_ref().and_then(|e| e.field_errors().cloned()).unwrap_or_default());
    let banner = refusal.as_ref().filter(|e| e.field_errors().is_none()).map(|e| error_text(i18n, e));
    let orgs = Resource::new(|| (), |_| demand_orgs());
    let org_options = Signal::derive(move || {
        orgs.get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect()
    });
    let provinces = Signal::derive(|| {
        crate::regions::provinces().iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let cities = Signal::derive(|| {
        crate::regions::provinces()
            .iter()
            .flat_map(|p| crate::regions::cities_of(p.code).iter())
            .map(|r| (r.code.to_string(), r.name.to_string()))
            .collect()
    });
    let check = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(not(feature = "ssr"))]
        {
            use wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
                return;
            };
            match read_form(&form).validate() {
                Ok(_) => errors.set(FieldErrors::new()),
                Err(e) => {
                    ev.prevent_default();
                    crate::ui::fields::focus_first_error(&e);
                    errors.set(e);
                }
            }
        }
        #[cfg(feature = "ssr")]
        let _ = (ev, errors);
    };
    let text = move |f: fn(I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, demands.title_new), t_string!(i18n, app.name)) />
        <section class="page demand-new-page">
            <h1>{move || t_string!(i18n, demands.title_new).to_string()}</h1>
            <p class="hint">{move || t_string!(i18n, demands.intro_new).to_string()}</p>
            {banner
                .map(|b| {
                    view! {
                        <p class="banner banner-error" role="alert" id="demand-error">
                            {b}
                        </p>
                    }
                })}
            <form class="form demand-form" method="post" action="/api/demands/post" on:submit=check novalidate>
                <Choose
                    name="poster_kind"
                    label=text(|i| t_string!(i, demands.field_poster_kind).to_string())
                    errors
                    options=list_options(i18n, &POSTER_KIND)
                    required=true
                />
                <TextInput
                    name="poster_unit"
                    label=text(|i| t_string!(i, demands.field_poster_unit).to_string())
                    errors
                    required=true
                />
                <TextInput
                    name="contact_name"
                    label=text(|i| t_string!(i, demands.field_contact_name).to_string())
                    errors
                    required=true
                />
                <TextInput
                    name="contact_phone"
                    label=text(|i| t_string!(i, demands.field_contact_phone).to_string())
                    errors
                    kind="tel"
                    required=true
                />
                <TextInput
                    name="title"
                    label=text(|i| t_string!(i, demands.field_title).to_string())
                    errors
                    required=true
                />
                <Choose
                    name="category"
                    label=text(|i| t_string!(i, demands.field_category).to_string())
                    errors
                    options=list_options(i18n, &SERVICE_CATEGORY)
                    required=true
                />
                <Choose
                    name="content_form"
                    label=text(|i| t_string!(i, demands.field_content_form).to_string())
                    errors
                    options=list_options(i18n, &CONTENT_FORM)
                    required=true
                />
                <Choose
                    name="mode"
                    label=text(|i| t_string!(i, demands.field_mode).to_string())
                    errors
                    options=list_options(i18n, &MODE)
                    required=true
                />
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
                <TextInput
                    name="content"
                    label=text(|i| t_string!(i, demands.field_content).to_string())
                    errors
                    required=true
                    multiline=true
                />
                <TextInput
                    name="volunteers_needed"
                    label=text(|i| t_string!(i, demands.field_volunteers_needed).to_string())
                    errors
                    kind="number"
                    required=true
                />
                <TextInput name="expertise" label=text(|i| t_string!(i, demands.field_expertise).to_string()) errors />
                <TextInput
                    name="qualification"
                    label=text(|i| t_string!(i, demands.field_qualification).to_string())
                    errors
                />
                <TextInput
                    name="starts_at"
                    label=text(|i| t_string!(i, demands.field_starts_at).to_string())
                    errors
                    kind="datetime-local"
                    required=true
                />
                <TextInput
                    name="ends_at"
                    label=text(|i| t_string!(i, demands.field_ends_at).to_string())
                    errors
                    kind="datetime-local"
                    required=true
                />
                <fieldset class="field region" id="f-region" tabindex="-1" aria-describedby="f-region-error">
                    <legend>
                        {move || t_string!(i18n, demands.field_region).to_string()}
                        <span class="req" aria-hidden="true">
                            "*"
                        </span>
                    </legend>
                    <Choose
                        name="province"
                        label=text(|i| t_string!(i, demands.field_province).to_string())
                        errors
                        options=provinces
                        required=true
                    />
                    <Choose
                        name="city"
                        label=text(|i| t_string!(i, demands.field_city).to_string())
                        errors
                        options=cities
                    />
                    <TextInput name="county" label=text(|i| t_string!(i, demands.field_county).to_string()) errors />
                    <p class="field-error" id="f-region-error">
                        {move || errors.with(|e| e.get("region")).map(|i| invalid_text(i18n, i))}
                    </p>
                </fieldset>
                <TextInput name="address" label=text(|i| t_string!(i, demands.field_address).to_string()) errors />
                <TextInput name="lat" label=text(|i| t_string!(i, demands.field_lat).to_string()) errors />
                <TextInput name="lng" label=text(|i| t_string!(i, demands.field_lng).to_string()) errors />
                <p class="field-error" id="f-coordinates-error">
                    {move || errors.with(|e| e.get("coordinates")).map(|i| invalid_text(i18n, i))}
                </p>
                <Transition fallback=|| ()>
                    <Choose
                        name="org_id"
                        label=text(|i| t_string!(i, demands.field_org).to_string())
                        errors
                        options=org_options
                        empty_label=text(|i| t_string!(i, demands.org_auto).to_string())
                    />
                </Transition>
                <button type="submit" class="button primary">
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
        <Title text=move || format!("{} · {}", t_string!(i18n, demands.title_follow), t_string!(i18n, app.name)) />
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
        <Title text=move || format!("{} · {}", t_string!(i18n, demands.title_detail), t_string!(i18n, app.name)) />
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
