//! `/me/hours`: the volunteer's hours and certificates. Rendered on the server; the certificate
//! forms are plain posts to `/me/certificate.pdf` that answer the PDF, so everything works
//! without JavaScript.
use super::{my_hours, volunteer_hours, HoursLine, HoursOverview};
use crate::error::AppError;
use crate::i18n::*;
use crate::records::certificates::model::{hours_text, Scope};
use crate::records::pages::history::History;
use crate::records::pages::status_label;
use crate::ui::errors::error_text;
use crate::ui::format::local_date;
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

const DOWNLOAD: &str = "/me/certificate.pdf";

#[component]
pub fn MyHoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // A refused download sent back here without JavaScript (see `download_certificate`).
    let refused = Memo::new(move |_| {
        query.with(|q| q.get("refused").and_then(|json| serde_json::from_str::<AppError>(&json).ok()))
    });
    let data = Resource::new(|| (), |_| my_hours());
    view! {
        <PageTitle text=move || {
            format!("{} · {}", t_string!(i18n, certificates.my_hours_title), t_string!(i18n, app.name))
        } />
        <section class="page my-hours">
            <h1>{move || t_string!(i18n, certificates.my_hours_title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, certificates.my_hours_intro).to_string()}</p>
            {move || {
                refused
                    .get()
                    .map(|e| {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                    })
            }}
            <Suspense fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match data.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        view! { <Redirect path="/login?next=%2Fme%2Fhours" /> }.into_any()
                    }
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(h)) => view! { <Hours h own=true /> }.into_any(),
                    None => ().into_any(),
                }}
            </Suspense>
        </section>
    }
}

/// `/volunteers/{no}/hours`: one volunteer's hours lines (with their histories) and no-shows,
/// for staff who manage them; the lines are those of the staff's own subtrees.
#[component]
pub fn VolunteerHoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = Memo::new(move |_| params.with(|p| p.get("no").unwrap_or_default()));
    let data = Resource::new(move || number.get(), volunteer_hours);
    view! {
        <PageTitle text=move || {
            format!("{} · {}", t_string!(i18n, certificates.volunteer_hours_title), t_string!(i18n, app.name))
        } />
        <section class="page my-hours">
            <h1>{move || t_string!(i18n, certificates.volunteer_hours_title).to_string()}</h1>
            <p class="lead">
                <a href=move || {
                    format!("/volunteers/{}", number.get())
                }>{move || t_string!(i18n, certificates.volunteer_card_link, no = number.get()).to_string()}</a>
            </p>
            <Suspense fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match data.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        let next = crate::ui::format::encode_component(&format!("/volunteers/{}/hours", number.get()));
                        view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                    }
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(h)) => view! { <Hours h own=false /> }.into_any(),
                    None => ().into_any(),
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Hours(h: HoursOverview, own: bool) -> impl IntoView {
    let i18n = use_i18n();
    let no_shows = h.no_shows;
    let (orgs, activities) = (h.orgs(), h.activities());
    let has_approved = !activities.is_empty();
    let totals = h.totals.clone();
    let lines = h.lines.clone();
    let certificates = h.certificates.clone();
    view! {
        <h2 id="totals-heading">{move || t_string!(i18n, certificates.totals_heading).to_string()}</h2>
        {if totals.is_empty() {
            view! { <p class="empty">{move || t_string!(i18n, certificates.no_hours_yet).to_string()}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" role="region" tabindex="0" aria-labelledby="totals-heading">
                    <table class="problems" id="hours-totals">
                        <thead>
                            <tr>
                                <th scope="col">{move || t_string!(i18n, certificates.col_year).to_string()}</th>
                                <th scope="col">{move || t_string!(i18n, certificates.col_org).to_string()}</th>
                                <th scope="col">{move || t_string!(i18n, certificates.col_raw).to_string()}</th>
                                <th scope="col">{move || t_string!(i18n, certificates.col_weighted).to_string()}</th>
                                <th scope="col">{move || t_string!(i18n, certificates.col_pending).to_string()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {totals
                                .into_iter()
                                .map(|t| {
                                    view! {
                                        <tr>
                                            <td>{t.year}</td>
                                            <td>{t.org_name}</td>
                                            <td>{hours_text(t.raw_minutes)}</td>
                                            <td>{hours_text(t.weighted_minutes)}</td>
                                            <td>{hours_text(t.pending_raw_minutes)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
                .into_any()
        }}
        <p id="no-shows" data-count=no_shows>
            {move || t_string!(i18n, certificates.no_shows, n = no_shows).to_string()}
        </p>
        <h2 id="records-heading">{move || t_string!(i18n, certificates.records_heading).to_string()}</h2>
        {(!lines.is_empty())
            .then(|| {
                view! {
                    <div class="table-wrap" role="region" tabindex="0" aria-labelledby="records-heading">
                        <table class="problems" id="hours-records">
                            <thead>
                                <tr>
                                    <th scope="col">{move || t_string!(i18n, certificates.col_date).to_string()}</th>
                                    <th scope="col">
                                        {move || t_string!(i18n, certificates.col_activity).to_string()}
                                    </th>
                                    <th scope="col">{move || t_string!(i18n, certificates.col_org).to_string()}</th>
                                    <th scope="col">{move || t_string!(i18n, certificates.col_hours).to_string()}</th>
                                    <th scope="col">{move || t_string!(i18n, certificates.col_weight).to_string()}</th>
                                    <th scope="col">{move || t_string!(i18n, certificates.col_status).to_string()}</th>
                                    <th scope="col">{move || t_string!(i18n, certificates.col_history).to_string()}</th>
                                </tr>
                            </thead>
                            <tbody>{lines.into_iter().map(|l| view! { <LineRow l /> }).collect_view()}</tbody>
                        </table>
                    </div>
                }
            })}
        {own
            .then(|| {
                view! {
                    <h2 id="download-heading">{move || t_string!(i18n, certificates.download_heading).to_string()}</h2>
                    {if has_approved {
                        view! { <DownloadForms orgs activities /> }.into_any()
                    } else {
                        view! { <p class="hint">{move || t_string!(i18n, certificates.download_none).to_string()}</p> }
                            .into_any()
                    }}
                }
            })}
        {(!certificates.is_empty())
            .then(|| {
                view! {
                    <h2 id="issued-heading">{move || t_string!(i18n, certificates.issued_heading).to_string()}</h2>
                    <ul class="issued-certificates" aria-labelledby="issued-heading">
                        {certificates
                            .into_iter()
                            .map(|c| {
                                let href = format!("/verify/{}", c.code);
                                let scope = c.scope;
                                let revoked = c.revoked;
                                view! {
                                    <li>
                                        <a href=href>{c.code.clone()}</a>
                                        " · "
                                        {local_date(c.issued_at)}
                                        " · "
                                        {move || scope_label(i18n, scope)}
                                        " · "
                                        {move || {
                                            t_string!(i18n, certificates.hours_value, hours = hours_text(c.raw_minutes))
                                                .to_string()
                                        }}
                                        {revoked
                                            .then(|| {
                                                view! {
                                                    " · "
                                                    <strong>
                                                        {move || {
                                                            t_string!(i18n, certificates.status_revoked).to_string()
                                                        }}
                                                    </strong>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
}

fn scope_label(i18n: leptos_i18n::I18nContext<Locale>, scope: Scope) -> String {
    match scope {
        Scope::Period => t_string!(i18n, certificates.scope_period),
        Scope::Org => t_string!(i18n, certificates.scope_org),
        Scope::Activity => t_string!(i18n, certificates.scope_activity),
        Scope::Training => t_string!(i18n, certificates.scope_training),
    }
    .to_string()
}

#[component]
fn LineRow(l: HoursLine) -> impl IntoView {
    let i18n = use_i18n();
    let status = l.status.clone();
    let weight = format!("×{}", l.weight_milli as f64 / 1000.0);
    view! {
        <tr>
            <td>{local_date(l.starts_at)}</td>
            <td>
                <a href=format!("/activities/{}", l.activity_id)>{l.activity_title.clone()}</a>
            </td>
            <td>{l.org_name.clone()}</td>
            <td>{hours_text(l.raw_minutes)}</td>
            <td>{weight}</td>
            <td>{move || status_label(i18n, &status)}</td>
            <td>
                {if l.history.len() > 1 {
                    view! { <History versions=l.history.clone() with_minutes=true /> }.into_any()
                } else {
                    "—".into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn DownloadForms(orgs: Vec<(i64, String)>, activities: Vec<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let today = crate::clock::today();
    let year_start = today.format("%Y-01-01").to_string();
    let today = today.format("%Y-%m-%d").to_string();
    view! {
        <p class="hint">{move || t_string!(i18n, certificates.download_intro).to_string()}</p>
        <div class="certificate-forms">
            // Plain posts answered with the PDF: the browser downloads it, with or without script.
            <form method="post" action=DOWNLOAD class="certificate-form" id="certificate-period">
                <input type="hidden" name="scope" value="period" />
                <fieldset>
                    <legend>{move || t_string!(i18n, certificates.scope_period).to_string()}</legend>
                    <div class="field">
                        <label for="cert-from">{move || t_string!(i18n, certificates.from).to_string()}</label>
                        <input id="cert-from" name="from" type="date" required value=year_start />
                    </div>
                    <div class="field">
                        <label for="cert-to">{move || t_string!(i18n, certificates.to).to_string()}</label>
                        <input id="cert-to" name="to" type="date" required value=today />
                    </div>
                    <button type="submit" class="button primary">
                        {move || t_string!(i18n, certificates.download).to_string()}
                    </button>
                </fieldset>
            </form>
            <form method="post" action=DOWNLOAD class="certificate-form" id="certificate-org">
                <input type="hidden" name="scope" value="org" />
                <fieldset>
                    <legend>{move || t_string!(i18n, certificates.scope_org).to_string()}</legend>
                    <div class="field">
                        <label for="cert-org">{move || t_string!(i18n, certificates.choose_org).to_string()}</label>
                        <select id="cert-org" name="org_id" required>
                            {orgs
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id.to_string()>{name}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button primary">
                        {move || t_string!(i18n, certificates.download).to_string()}
                    </button>
                </fieldset>
            </form>
            <form method="post" action=DOWNLOAD class="certificate-form" id="certificate-activity">
                <input type="hidden" name="scope" value="activity" />
                <fieldset>
                    <legend>{move || t_string!(i18n, certificates.scope_activity).to_string()}</legend>
                    <div class="field">
                        <label for="cert-activity">
                            {move || t_string!(i18n, certificates.choose_activity).to_string()}
                        </label>
                        <select id="cert-activity" name="activity_id" required>
                            {activities
                                .into_iter()
                                .map(|(id, title)| view! { <option value=id.to_string()>{title}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button primary">
                        {move || t_string!(i18n, certificates.download).to_string()}
                    </button>
                </fieldset>
            </form>
        </div>
    }
}
