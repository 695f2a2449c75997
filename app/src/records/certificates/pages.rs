//! `/verify/{code}`: what a certificate states and whether it still holds, for anyone holding
//! the paper (the QR code on it opens this page). Rendered on the server; no login, no script.
use super::api::verify_certificate;
use super::model::{CertificateFacts, CertificateStatus, Scope};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let facts = Resource::new(move || code.get(), verify_certificate);
    view! {
        <Title text=move || {
            format!("{} · {}", t_string!(i18n, certificates.verify_title), t_string!(i18n, app.name))
        } />
        <section class="page narrow certificate-verify">
            <h1>{move || t_string!(i18n, certificates.verify_title).to_string()}</h1>
            <Suspense fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    facts
                        .get()
                        .map(|result| match result {
                            Ok(f) => view! { <Facts f /> }.into_any(),
                            Err(AppError::NotFound) => view! { <CertificateNotFound /> }.into_any(),
                            Err(e) => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {error_text(i18n, &e)}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn CertificateNotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <div class="banner banner-error" role="alert" id="certificate-status">
            <p>
                <strong>{move || t_string!(i18n, certificates.not_found_title).to_string()}</strong>
            </p>
            <p>{move || t_string!(i18n, certificates.not_found_body).to_string()}</p>
        </div>
    }
}

#[component]
fn Facts(f: CertificateFacts) -> impl IntoView {
    let i18n = use_i18n();
    let status = f.status;
    let reason = f.revoked_reason.clone().unwrap_or_default();
    let revoked_on = f.revoked_on.clone().unwrap_or_default();
    let (banner_class, headline) = match status {
        CertificateStatus::Valid => ("banner banner-success", t_string!(i18n, certificates.status_valid).to_string()),
        CertificateStatus::Changed => {
            ("banner banner-warning", t_string!(i18n, certificates.status_changed).to_string())
        }
        CertificateStatus::Revoked => ("banner banner-error", t_string!(i18n, certificates.status_revoked).to_string()),
    };
    let detail = match status {
        CertificateStatus::Valid => t_string!(i18n, certificates.status_valid_body).to_string(),
        CertificateStatus::Changed => t_string!(i18n, certificates.status_changed_body).to_string(),
        CertificateStatus::Revoked => {
            t_string!(i18n, certificates.status_revoked_body, date = revoked_on, reason = reason).to_string()
        }
    };
    let scope_text = match f.scope {
        Scope::Period => {
            let (from, to) = (f.period_from.clone().unwrap_or_default(), f.period_to.clone().unwrap_or_default());
            t_string!(i18n, certificates.scope_period_text, from = from, to = to).to_string()
        }
        Scope::Org => {
            let org = f.org_name.clone().unwrap_or_default();
            t_string!(i18n, certificates.scope_org_text, org = org).to_string()
        }
        Scope::Activity => {
            let activity = f.activity_title.clone().unwrap_or_default();
            let org = f.org_name.clone().unwrap_or_default();
            t_string!(i18n, certificates.scope_activity_text, activity = activity, org = org).to_string()
        }
        Scope::Training => t_string!(i18n, certificates.scope_training).to_string(),
    };
    let (raw, weighted, count) = (f.raw_hours.clone(), f.weighted_hours.clone(), f.record_count);
    view! {
        <div class=banner_class role="status" id="certificate-status" data-status=status.code()>
            <p>
                <strong>{headline}</strong>
            </p>
            <p>{detail}</p>
        </div>
        <dl class="facts certificate-facts">
            <dt>{move || t_string!(i18n, certificates.holder).to_string()}</dt>
            <dd id="certificate-holder">{f.holder_masked.clone()}</dd>
            <dt>{move || t_string!(i18n, certificates.scope).to_string()}</dt>
            <dd>{scope_text}</dd>
            <dt>{move || t_string!(i18n, certificates.raw_hours).to_string()}</dt>
            <dd id="certificate-hours">
                {move || t_string!(i18n, certificates.hours_value, hours = raw.clone()).to_string()}
            </dd>
            <dt>{move || t_string!(i18n, certificates.weighted_hours).to_string()}</dt>
            <dd>{move || t_string!(i18n, certificates.hours_value, hours = weighted.clone()).to_string()}</dd>
            <dt>{move || t_string!(i18n, certificates.record_count).to_string()}</dt>
            <dd>{count}</dd>
            <dt>{move || t_string!(i18n, certificates.issued_on).to_string()}</dt>
            <dd>{f.issued_on.clone()}</dd>
            <dt>{move || t_string!(i18n, certificates.code).to_string()}</dt>
            <dd>
                <code>{f.code.clone()}</code>
            </dd>
        </dl>
        <p class="hint">{move || t_string!(i18n, certificates.verify_hint).to_string()}</p>
    }
}
