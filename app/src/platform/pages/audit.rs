//! The audit log: who did what to whose data, when and from where, newest first. The filters
//! live in the address (a GET form, so a filtered view can be bookmarked and works before the
//! page is interactive); further pages load in place or by a next-page link.
use super::{failed, PlatformShell, Section};
use crate::error::AppError;
use crate::i18n::*;
use crate::platform::api::audit_log;
use crate::platform::model::{AuditEntry, AuditPage, AuditQuery, AUDIT_ACTIONS};
use crate::ui::choices::SelectField;
use crate::ui::errors::invalid_text;
use crate::ui::fields::text;
use crate::ui::format::{encode_component, local_time};
use crate::ui::load_more::{LoadMore, MorePages};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn query_from_url(map: &leptos_router::params::ParamsMap) -> AuditQuery {
    let get = |k: &str| map.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    AuditQuery {
        actor: get("actor"),
        subject: get("subject"),
        action: get("action"),
        from: get("from"),
        until: get("until"),
        before: map.get("before").and_then(|v| v.trim().parse::<i64>().ok()),
    }
}

fn audit_href(q: &AuditQuery, before: i64) -> String {
    format!(
        "/platform/audit?actor={}&subject={}&action={}&from={}&until={}&before={before}",
        encode_component(&q.actor),
        encode_component(&q.subject),
        encode_component(&q.action),
        encode_component(&q.from),
        encode_component(&q.until)
    )
}

async fn fetch(q: AuditQuery) -> Result<AuditPage, AppError> {
    audit_log(q.actor, q.subject, q.action, q.from, q.until, q.before).await
}

/// The action's name in the current language; an action this list does not know reads as its code.
fn action_label(i18n: I18nContext<Locale>, code: &str) -> String {
    match code {
        "reveal_personal_data" => t_string!(i18n, platform.actions.reveal_personal_data).to_string(),
        "export_personal_data" => t_string!(i18n, platform.actions.export_personal_data).to_string(),
        "collective_registration" => t_string!(i18n, platform.actions.collective_registration).to_string(),
        "register_organisation" => t_string!(i18n, platform.actions.register_organisation).to_string(),
        "review_organisation" => t_string!(i18n, platform.actions.review_organisation).to_string(),
        "set_staff_role" => t_string!(i18n, platform.actions.set_staff_role).to_string(),
        "remove_staff_role" => t_string!(i18n, platform.actions.remove_staff_role).to_string(),
        "remove_member" => t_string!(i18n, platform.actions.remove_member).to_string(),
        "request_account_closure" => t_string!(i18n, platform.actions.request_account_closure).to_string(),
        "cancel_account_closure" => t_string!(i18n, platform.actions.cancel_account_closure).to_string(),
        "complete_account_closure" => t_string!(i18n, platform.actions.complete_account_closure).to_string(),
        "grant_platform_admin" => t_string!(i18n, platform.actions.grant_platform_admin).to_string(),
        "revoke_platform_admin" => t_string!(i18n, platform.actions.revoke_platform_admin).to_string(),
        other => other.to_owned(),
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_query_map();
    let query = Memo::new(move |_| url.with(query_from_url));
    let results = Resource::new(move || query.get(), fetch);
    let more = MorePages::<AuditQuery, AuditEntry, i64>::new();
    let load_more = Callback::new(move |before: i64| {
        let base = query.get_untracked();
        let next = AuditQuery { before: Some(before), ..base.clone() };
        more.load(base, async move { fetch(next).await.map(|page| (page.items, page.next)) });
    });
    view! {
        <PlatformShell section=Section::Audit>
            <p class="lead">{move || t_string!(i18n, platform.audit.intro).to_string()}</p>
            <AuditFilters query results />
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match results.get() {
                    Some(Ok(page)) => {
                        let current = query.get();
                        let (items, next) = more.with_first(&current, page.items, page.next);
                        if items.is_empty() {
                            return view! {
                                <p class="empty">{move || t_string!(i18n, platform.audit.empty).to_string()}</p>
                            }
                                .into_any();
                        }
                        view! {
                            <ul class="card-list" id="audit-list">
                                {items.into_iter().map(|entry| entry_card(i18n, entry)).collect_view()}
                            </ul>
                            {next
                                .map(|before| {
                                    view! {
                                        <LoadMore
                                            pages=more
                                            href=audit_href(&current, before)
                                            on_load=Callback::new(move |_| load_more.run(before))
                                            label=text(move || t_string!(i18n, platform.audit.load_more).to_string())
                                            loading_label=text(move || {
                                                t_string!(i18n, platform.audit.loading_more).to_string()
                                            })
                                            next_label=text(move || {
                                                t_string!(i18n, platform.audit.next_page).to_string()
                                            })
                                        />
                                    }
                                })}
                        }
                            .into_any()
                    }
                    Some(Err(e)) if e.field_errors().is_some() => ().into_any(),
                    Some(Err(e)) => failed(i18n, &e),
                    None => ().into_any(),
                }}
            </Transition>
        </PlatformShell>
    }
}

#[component]
fn AuditFilters(query: Memo<AuditQuery>, results: Resource<Result<AuditPage, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let start = query.get_untracked();
    let actor = RwSignal::new(start.actor.clone());
    let subject = RwSignal::new(start.subject.clone());
    let action = RwSignal::new(start.action.clone());
    let from = RwSignal::new(start.from.clone());
    let until = RwSignal::new(start.until.clone());
    Effect::new(move |_| {
        let q = query.get();
        actor.set(q.actor);
        subject.set(q.subject);
        action.set(q.action);
        from.set(q.from);
        until.set(q.until);
    });
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            let refused = results.get()?.err()?;
            refused.field_errors()?.get(field).map(|invalid| invalid_text(i18n, invalid))
        })
    };
    let no_error = Signal::derive(|| None::<String>);
    let actions =
        Signal::derive(move || AUDIT_ACTIONS.iter().map(|code| (code.to_string(), action_label(i18n, code))).collect());
    view! {
        <div class="org-search" role="search" aria-labelledby="audit-filter-title">
            <h2 id="audit-filter-title">{move || t_string!(i18n, platform.audit.filters).to_string()}</h2>
            <Form method="get" action="/platform/audit">
                <FilterInput
                    name="actor"
                    input_type="text"
                    label=text(move || t_string!(i18n, platform.audit.actor).to_string())
                    start=start.actor.clone()
                    value=actor
                    error=no_error
                />
                <FilterInput
                    name="subject"
                    input_type="text"
                    label=text(move || t_string!(i18n, platform.audit.subject).to_string())
                    start=start.subject.clone()
                    value=subject
                    error=no_error
                />
                <SelectField
                    name="action"
                    label=text(move || t_string!(i18n, platform.audit.action).to_string())
                    value=action
                    error=no_error
                    options=actions
                    empty_label=text(move || t_string!(i18n, platform.audit.all_actions).to_string())
                />
                <FilterInput
                    name="from"
                    input_type="date"
                    label=text(move || t_string!(i18n, platform.audit.from).to_string())
                    start=start.from.clone()
                    value=from
                    error=field_error("from")
                />
                <FilterInput
                    name="until"
                    input_type="date"
                    label=text(move || t_string!(i18n, platform.audit.until).to_string())
                    start=start.until.clone()
                    value=until
                    error=field_error("until")
                />
                <div class="actions">
                    <button type="submit" class="button primary">
                        {move || t_string!(i18n, platform.audit.search).to_string()}
                    </button>
                    <a class="button" href="/platform/audit">
                        {move || t_string!(i18n, platform.audit.clear).to_string()}
                    </a>
                </div>
            </Form>
        </div>
    }
}

/// One filter of the GET form. Not a `TextField`: the value must be in the server's HTML (a
/// `value` attribute) so the filtered page shows its filters without JavaScript.
#[component]
fn FilterInput(
    name: &'static str,
    input_type: &'static str,
    label: Signal<String>,
    start: String,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=format!("f-{name}")>{label}</label>
            <input
                id=format!("f-{name}")
                name=name
                type=input_type
                maxlength="20"
                autocomplete="off"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=format!("f-{name}-error")
                value=start
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="field-error" id=format!("f-{name}-error")>
                {move || error.get()}
            </p>
        </div>
    }
}

fn entry_card(i18n: I18nContext<Locale>, entry: AuditEntry) -> impl IntoView {
    let action = action_label(i18n, &entry.action);
    let by = entry.actor_no.clone();
    view! {
        <li class="card audit-entry">
            <p class="card-title">{action}</p>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, platform.audit.at).to_string()}</dt>
                    <dd>{local_time(entry.at)}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, platform.audit.by).to_string()}</dt>
                    <dd>
                        {move || match by.clone() {
                            Some(no) => no,
                            None => t_string!(i18n, platform.audit.command_line).to_string(),
                        }}
                    </dd>
                </div>
                {entry
                    .subject_no
                    .map(|no| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, platform.audit.about).to_string()}</dt>
                                <dd>{no}</dd>
                            </div>
                        }
                    })}
                {(!entry.detail.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, platform.audit.detail).to_string()}</dt>
                                <dd>{entry.detail.clone()}</dd>
                            </div>
                        }
                    })}
                <div>
                    <dt>{move || t_string!(i18n, platform.audit.client).to_string()}</dt>
                    <dd>{entry.client_addr.clone()}</dd>
                </div>
            </dl>
        </li>
    }
}
