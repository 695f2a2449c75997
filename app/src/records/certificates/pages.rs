//! `/verify/{code}`: what a certificate states and whether it still holds, for anyone holding
//! the paper (the QR code on it opens this page). Rendered on the server; no login, no script.
use super::api::{may_revoke_certificate, verify_certificate, RevokeCertificate};
use super::model::{CertificateFacts, CertificateStatus, Scope};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::head::{PageDescription, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let revoke = ServerAction::<RevokeCertificate>::new();
    let facts = Resource::new(move || (code.get(), revoke.version().get()), |(code, _)| verify_certificate(code));
    let may_revoke = Resource::new(move || code.get(), may_revoke_certificate);
    view! {
        <PageTitle text=move || {
            format!("{} · {}", t_string!(i18n, certificates.verify_title), t_string!(i18n, app.name))
        } />
        <PageDescription text=move || t_string!(i18n, meta.verify).to_string() />
        <section class="page narrow certificate-verify">
            <h1>{move || t_string!(i18n, certificates.verify_title).to_string()}</h1>
            <Suspense fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    facts
                        .get()
                        .map(|result| match result {
                            Ok(f) => {
                                let revocable = f.status != CertificateStatus::Revoked;
                                let code = f.code.clone();
                                view! {
                                    <Facts f />
                                    {move || {
                                        (revocable && may_revoke.get().and_then(Result::ok).unwrap_or(false))
                                            .then(|| view! { <RevokeForm code=code.clone() revoke /> })
                                    }}
                                }
                                    .into_any()
                            }
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

/// For staff over the certificate's organisation (platform admins for period certificates):
/// revoke it with a reason. The page then shows it as revoked, as it does to everyone.
#[component]
fn RevokeForm(code: String, revoke: ServerAction<RevokeCertificate>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="certificate-revoke">
            <summary>{move || t_string!(i18n, certificates.revoke_heading).to_string()}</summary>
            <ActionForm action=revoke>
                <input type="hidden" name="code" value=code />
                <div class="field">
                    <label for="revoke-reason">{move || t_string!(i18n, certificates.revoke_reason).to_string()}</label>
                    <textarea id="revoke-reason" name="reason" rows="2" maxlength="200" required></textarea>
                </div>
                {move || {
                    revoke
                        .value()
                        .get()
                        .and_then(Result::err)
                        .map(|e| {
                            view! {
                                <p class="banner banner-error" role="alert">
                                    {error_text(i18n, &e)}
                                </p>
                            }
                        })
                }}
                <button type="submit" class="button danger">
                    {move || t_string!(i18n, certificates.revoke_submit).to_string()}
                </button>
            </ActionForm>
        </details>
    }
}
