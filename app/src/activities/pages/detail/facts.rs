//! What the activity is: the facts list, who may sign up, and the service plan.
use crate::activities::model::{SignupStatus, CONTENT_FORM, MODE, SERVICE_OBJECT, SPECIAL_GROUP};
use crate::activities::pages::widgets::{label_of, places_text, time_range};
use crate::activities::views::ActivityDetail;
use crate::codes::{ChoiceList, SERVICE_CATEGORY};
use crate::i18n::*;
use crate::ui::format::local_time;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

fn labels_of(i18n: I18nContext<Locale>, list: &'static ChoiceList, codes: &[String]) -> String {
    codes.iter().map(|c| label_of(i18n, list, c)).collect::<Vec<_>>().join("、")
}

fn plan_label(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "purpose" => t_string!(i18n, activity_detail.plan_purpose).to_string(),
        "process" => t_string!(i18n, activity_detail.plan_process).to_string(),
        "support" => t_string!(i18n, activity_detail.plan_support).to_string(),
        "funding" => t_string!(i18n, activity_detail.plan_funding).to_string(),
        "emergency_plan" => t_string!(i18n, activity_detail.plan_emergency_plan).to_string(),
        "publicity" => t_string!(i18n, activity_detail.plan_publicity).to_string(),
        other => other.to_owned(),
    }
}

/// The facts of the activity as a list of label and value.
#[component]
pub(super) fn Facts(detail: ActivityDetail) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let s = d.summary.clone();
    let when = time_range(s.starts_at, s.ends_at);
    let window = (local_time(s.signup_opens_at), local_time(s.signup_closes_at));
    let deadline = local_time(d.cancel_deadline_at);
    let place =
        if s.address.is_empty() { s.region_name.clone() } else { format!("{} · {}", s.region_name, s.address) };
    let online = s.mode != "offline" && !d.online_link.trim().is_empty();
    // The meeting link is for the people taking part: confirmed volunteers and the organisers
    // (the server sends it to no one else).
    let link_visible = d
        .viewer
        .as_ref()
        .is_some_and(|v| v.can_manage || v.signup.as_ref().is_some_and(|s| s.status == SignupStatus::Confirmed));
    let link = d.online_link.clone();
    let places = s.clone();
    let (content_form, objects, groups) = (d.content_form.clone(), d.service_objects.clone(), d.special_groups.clone());
    let category = s.category.clone();
    let mode = s.mode.clone();
    let has_groups = !groups.is_empty();
    let needs_approval = d.needs_approval;
    let project = d.project.clone();
    let venue = d.venue.clone();
    let phone = d.contact_phone.clone();
    view! {
        <h2 class="sr-only" id="facts-title">
            {move || t_string!(i18n, activity_detail.info).to_string()}
        </h2>
        <dl class="facts activity-facts" aria-labelledby="facts-title">
            <dt>{move || t_string!(i18n, activity_detail.time).to_string()}</dt>
            <dd>{when}</dd>
            <dt>{move || t_string!(i18n, activity_detail.place).to_string()}</dt>
            <dd>{place}</dd>
            {online
                .then(|| {
                    view! {
                        <dt>{move || t_string!(i18n, activity_detail.online_link).to_string()}</dt>
                        <dd>
                            {if link_visible {
                                let href = link.clone();
                                view! {
                                    <a href=href rel="noopener noreferrer" target="_blank">
                                        {link.clone()}
                                    </a>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <span class="muted">
                                        {move || t_string!(i18n, activity_detail.online_after_signup).to_string()}
                                    </span>
                                }
                                    .into_any()
                            }}
                        </dd>
                    }
                })}
            <dt>{move || t_string!(i18n, activity_detail.places).to_string()}</dt>
            <dd>
                {move || places_text(i18n, &places)}
                {needs_approval
                    .then(|| {
                        view! {
                            <span class="fact-note">
                                {move || t_string!(i18n, activity_detail.needs_approval).to_string()}
                            </span>
                        }
                    })}
            </dd>
            <dt>{move || t_string!(i18n, activity_detail.signup_window).to_string()}</dt>
            <dd>
                {move || {
                    t_string!(
                        i18n, activity_detail.signup_window_value, opens = window.0.clone(), closes = window.1.clone()
                    )
                        .to_string()
                }}
            </dd>
            <dt>{move || t_string!(i18n, activity_detail.cancel_deadline).to_string()}</dt>
            <dd>{deadline}</dd>
            <dt>{move || t_string!(i18n, activity_detail.organiser).to_string()}</dt>
            <dd>
                <a href=format!("/orgs/{}", s.org_id)>{s.org_name.clone()}</a>
            </dd>
            {project
                .map(|(pid, name)| {
                    view! {
                        <dt>{move || t_string!(i18n, activity_detail.project).to_string()}</dt>
                        <dd>
                            <a href=format!("/projects/{pid}")>{name}</a>
                        </dd>
                    }
                })}
            {venue
                .map(|(vid, name)| {
                    view! {
                        <dt>{move || t_string!(i18n, venues.held_at).to_string()}</dt>
                        <dd>
                            <a href=format!("/venues/{vid}")>{name}</a>
                        </dd>
                    }
                })}
            <dt>{move || t_string!(i18n, activity_detail.category).to_string()}</dt>
            <dd>{move || label_of(i18n, &SERVICE_CATEGORY, &category)}</dd>
            <dt>{move || t_string!(i18n, activity_detail.content_form).to_string()}</dt>
            <dd>{move || label_of(i18n, &CONTENT_FORM, &content_form)}</dd>
            <dt>{move || t_string!(i18n, activity_detail.mode).to_string()}</dt>
            <dd>{move || label_of(i18n, &MODE, &mode)}</dd>
            <dt>{move || t_string!(i18n, activity_detail.service_objects).to_string()}</dt>
            <dd>{move || labels_of(i18n, &SERVICE_OBJECT, &objects)}</dd>
            {has_groups
                .then(|| {
                    view! {
                        <dt>{move || t_string!(i18n, activity_detail.special_groups).to_string()}</dt>
                        <dd>{move || labels_of(i18n, &SPECIAL_GROUP, &groups)}</dd>
                    }
                })}
            <dt>{move || t_string!(i18n, activity_detail.contact).to_string()}</dt>
            <dd>{d.contact_name.clone()} " " <a href=format!("tel:{phone}")>{phone.clone()}</a></dd>
        </dl>
    }
}

/// Who may sign up: age, skills, qualification, training and insurance.
#[component]
pub(super) fn Conditions(detail: ActivityDetail) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let age = match (d.min_age, d.max_age) {
        (Some(lo), Some(hi)) => Some((lo, hi, 0u8)),
        (Some(lo), None) => Some((lo, 0, 1)),
        (None, Some(hi)) => Some((0, hi, 2)),
        (None, None) => None,
    };
    let (skills, qualification) = (d.skills.clone(), d.qualification.clone());
    let (training, insurance) = (d.training_required, d.insurance_required);
    let none = age.is_none() && skills.trim().is_empty() && qualification.trim().is_empty() && !training && !insurance;
    view! {
        <section class="page" aria-labelledby="conditions-title">
            <h2 id="conditions-title">{move || t_string!(i18n, activity_detail.conditions).to_string()}</h2>
            {if none {
                view! { <p>{move || t_string!(i18n, activity_detail.no_conditions).to_string()}</p> }.into_any()
            } else {
                view! {
                    <dl class="facts">
                        {age
                            .map(|(lo, hi, kind)| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.age).to_string()}</dt>
                                    <dd>
                                        {move || match kind {
                                            0 => {
                                                t_string!(i18n, activity_detail.age_between, min = lo, max = hi)
                                                    .to_string()
                                            }
                                            1 => t_string!(i18n, activity_detail.age_min, min = lo).to_string(),
                                            _ => t_string!(i18n, activity_detail.age_max, max = hi).to_string(),
                                        }}
                                    </dd>
                                }
                            })}
                        {(!skills.trim().is_empty())
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.skills).to_string()}</dt>
                                    <dd class="prewrap">{skills.clone()}</dd>
                                }
                            })}
                        {(!qualification.trim().is_empty())
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.qualification).to_string()}</dt>
                                    <dd>{qualification.clone()}</dd>
                                }
                            })}
                        {training
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.training).to_string()}</dt>
                                    <dd>{move || t_string!(i18n, activity_detail.training_required).to_string()}</dd>
                                }
                            })}
                        {insurance
                            .then(|| {
                                view! {
                                    <dt>{move || t_string!(i18n, activity_detail.insurance).to_string()}</dt>
                                    <dd>{move || t_string!(i18n, activity_detail.insurance_required).to_string()}</dd>
                                }
                            })}
                    </dl>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The plan behind the activity (purpose, process, support, funding…), folded away: most
/// visitors want the facts above.
#[component]
pub(super) fn Plan(plan: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    (!plan.is_empty()).then(|| {
        view! {
            <section class="page" aria-labelledby="activity-plan-title">
                <details class="activity-plan" id="activity-plan">
                    <summary id="activity-plan-title">
                        {move || t_string!(i18n, activity_detail.plan).to_string()}
                    </summary>
                    <dl class="facts plan-facts">
                        {plan
                            .into_iter()
                            .map(|(field, value)| {
                                view! {
                                    <dt>{move || plan_label(i18n, &field)}</dt>
                                    <dd class="prewrap">{value}</dd>
                                }
                            })
                            .collect_view()}
                    </dl>
                </details>
            </section>
        }
    })
}
