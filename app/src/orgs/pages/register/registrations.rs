//! `/orgs/registrations`: where the holder of a mobile named as an organisation's admin accepts
//! or declines (the SMS links here; signing in with an SMS code comes first), and where a
//! registrant follows what they sent. Answering is a plain form, so it works before the page's
//! script has loaded.
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::register::{my_registrations, AnswerRegistration, RegistrationItem, RegistrationStatus};
use crate::ui::decision_queue::follow_action;
use crate::ui::errors::{error_text, FormMessage, LoginRequired};
use crate::ui::format::local_date;
use crate::ui::head::PageTitle;
use crate::validation::FieldErrors;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

fn status_text(i18n: I18nContext<Locale>, status: RegistrationStatus) -> String {
    match status {
        RegistrationStatus::Awaiting => t_string!(i18n, org_registrations.status_awaiting).to_string(),
        RegistrationStatus::Accepted => t_string!(i18n, org_registrations.status_accepted).to_string(),
        RegistrationStatus::Declined => t_string!(i18n, org_registrations.status_declined).to_string(),
        RegistrationStatus::Expired => t_string!(i18n, org_registrations.status_expired).to_string(),
    }
}

/// The badge colour of a status (the organisation statuses' colours).
fn badge(status: RegistrationStatus) -> &'static str {
    match status {
        RegistrationStatus::Awaiting => "badge badge-pending",
        RegistrationStatus::Accepted => "badge badge-approved",
        RegistrationStatus::Declined => "badge badge-declined",
        RegistrationStatus::Expired => "badge",
    }
}

#[component]
pub fn RegistrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let lists = Resource::new(move || version.get(), |_| my_registrations());
    let answer = ServerAction::<AnswerRegistration>::new();
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    // Which button was pressed, for the message after the answer.
    let accepting = StoredValue::new(false);
    follow_action(answer, RwSignal::new(FieldErrors::new()), banner, done, move || {
        done.set(Some(if accepting.get_value() {
            t_string!(i18n, org_registrations.accepted).to_string()
        } else {
            t_string!(i18n, org_registrations.declined).to_string()
        }));
        version.update(|v| *v += 1);
    });
    view! {
        <PageTitle text=move || {
            format!("{} · {}", t_string!(i18n, org_registrations.title), t_string!(i18n, app.name))
        } />
        <section class="page narrow">
            <h1>{move || t_string!(i18n, org_registrations.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, org_registrations.intro).to_string()}</p>
            <FormMessage error=banner success=done />
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match lists.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        view! { <LoginRequired next="/orgs/registrations" /> }.into_any()
                    }
                    Some(Err(e)) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                    Some(Ok(lists)) if lists.naming_me.is_empty() && lists.sent.is_empty() => {
                        view! { <p class="empty">{move || t_string!(i18n, org_registrations.empty).to_string()}</p> }
                            .into_any()
                    }
                    Some(Ok(lists)) => {
                        view! {
                            {(!lists.naming_me.is_empty())
                                .then(|| {
                                    view! {
                                        <h2>{move || t_string!(i18n, org_registrations.naming_me).to_string()}</h2>
                                        <ul class="org-list">
                                            {lists
                                                .naming_me
                                                .into_iter()
                                                .map(|r| view! { <Card r answer=Some((answer, accepting)) /> })
                                                .collect_view()}
                                        </ul>
                                    }
                                })}
                            {(!lists.sent.is_empty())
                                .then(|| {
                                    view! {
                                        <h2>{move || t_string!(i18n, org_registrations.sent).to_string()}</h2>
                                        <ul class="org-list">
                                            {lists
                                                .sent
                                                .into_iter()
                                                .map(|r| view! { <Card r answer=None /> })
                                                .collect_view()}
                                        </ul>
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

/// One registration; `answer` is given on the named admin's own list, and an open registration
/// there gets the two buttons.
#[component]
fn Card(r: RegistrationItem, answer: Option<(ServerAction<AnswerRegistration>, StoredValue<bool>)>) -> impl IntoView {
    let i18n = use_i18n();
    let status = r.status;
    let fact = |label: Signal<String>, value: String| {
        view! {
            <div>
                <dt>{move || label.get()}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let t = |f: fn(I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    let facts = view! {
        <dl class="facts">
            {r.parent_name.clone().map(|p| fact(t(|i| t_string!(i, org_registrations.parent).to_string()), p))}
            {match answer {
                Some(_) => {
                    fact(
                        t(|i| t_string!(i, org_registrations.registrant).to_string()),
                        r.registrant_mobile_masked.clone(),
                    )
                }
                None => {
                    fact(t(|i| t_string!(i, org_registrations.admin_mobile).to_string()), r.admin_mobile_masked.clone())
                }
            }}
            {(!r.contact_name.is_empty())
                .then(|| fact(t(|i| t_string!(i, org_registrations.contact_name).to_string()), r.contact_name.clone()))}
            {fact(t(|i| t_string!(i, org_registrations.created_at).to_string()), local_date(r.created_at))}
            {(status == RegistrationStatus::Awaiting)
                .then(|| fact(t(|i| t_string!(i, org_registrations.expires_at).to_string()), local_date(r.expires_at)))}
        </dl>
    };
    let buttons = answer.filter(|_| status == RegistrationStatus::Awaiting).map(|(action, accepting)| {
        let (id, id_again) = (r.id.to_string(), r.id.to_string());
        let busy = move || action.pending().get();
        view! {
            <p class="hint">{move || t_string!(i18n, org_registrations.accept_means).to_string()}</p>
            <div class="actions">
                <ActionForm action attr:class="state-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="accept" value="true" />
                    <button
                        type="submit"
                        class="button primary"
                        disabled=busy
                        on:click=move |_| accepting.set_value(true)
                    >
                        {move || t_string!(i18n, org_registrations.accept).to_string()}
                    </button>
                </ActionForm>
                <ActionForm action attr:class="state-form">
                    <input type="hidden" name="id" value=id_again />
                    <input type="hidden" name="accept" value="false" />
                    <button type="submit" class="button" disabled=busy on:click=move |_| accepting.set_value(false)>
                        {move || t_string!(i18n, org_registrations.decline).to_string()}
                    </button>
                </ActionForm>
            </div>
        }
    });
    view! {
        <li class="card registration-card">
            <h3 class="card-title">
                {match r.org_id {
                    Some(org) => view! { <a href=format!("/orgs/{org}")>{r.name.clone()}</a> }.into_any(),
                    None => view! { <span>{r.name.clone()}</span> }.into_any(),
                }}
            </h3>
            <p class="status-line">
                <span class="status-label">{move || t_string!(i18n, org_registrations.status).to_string()}</span>
                <span class=badge(status)>{move || status_text(i18n, status)}</span>
            </p>
            {facts}
            {buttons}
        </li>
    }
}
