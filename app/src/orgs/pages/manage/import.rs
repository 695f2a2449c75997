//! Collective registration (F-16): a spreadsheet of volunteers (they join this organisation)
//! or of organisations (they become its sub-organisations). A check reads the whole file and
//! lists every problem by row and column; nothing is written unless the whole file is clean, and
//! the import itself is offered once a check of the same file came back clean.
use super::nav::{focus_later, ManageScope, ManageShell, Section};
use crate::i18n::*;
use crate::orgs::import::{file_problem_text, import_upload, problem_text, ImportKind, ImportReport};
use crate::ui::errors::{error_text, invalid_text, FormMessage};
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    let scope = ManageScope::new();
    view! {
        <ManageShell scope section=Section::Import>
            <Import scope />
        </ManageShell>
    }
}

fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: ImportKind) -> String {
    match kind {
        ImportKind::Volunteers => t_string!(i18n, manage.import.kind_volunteers).to_string(),
        ImportKind::Organisations => t_string!(i18n, manage.import.kind_organisations).to_string(),
    }
}

#[component]
fn Import(scope: ManageScope) -> impl IntoView {
    let i18n = use_i18n();
    let org_id = scope.id();
    let kind = RwSignal::new(ImportKind::Volunteers);
    let form = NodeRef::<leptos::html::Form>::new();
    let file = NodeRef::<leptos::html::Input>::new();
    let file_error = RwSignal::new(None::<String>);
    let banner = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<ImportReport>);
    let pending = RwSignal::new(None::<bool>);
    // Set when a check of the file now chosen, as the kind now chosen, found nothing wrong.
    let checked_clean = RwSignal::new(false);

    let run = move |commit: bool| {
        banner.set(None);
        file_error.set(None);
        let chosen = file.get_untracked().map(|input| !input.value().is_empty()).unwrap_or(false);
        if !chosen {
            file_error.set(Some(t_string!(i18n, manage.import.choose_file_first).to_string()));
            if let Some(input) = file.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        let Some(element) = form.get_untracked() else { return };
        let Ok(data) = web_sys::FormData::new_with_form(&element) else { return };
        let _ = data.set_with_str("commit", if commit { "1" } else { "0" });
        pending.set(Some(commit));
        leptos::task::spawn_local(async move {
            let result = import_upload(data.into()).await;
            pending.set(None);
            match result {
                Ok(r) => {
                    checked_clean.set(!r.committed && r.is_clean());
                    report.set(Some(r));
                }
                Err(e) => {
                    checked_clean.set(false);
                    report.set(None);
                    match e.field_errors().and_then(|f| f.get("file")) {
                        Some(invalid) => file_error.set(Some(invalid_text(i18n, invalid))),
                        None => banner.set(Some(error_text(i18n, &e))),
                    }
                }
            }
            focus_later("import-result");
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(false);
    };
    let changed = move || {
        checked_clean.set(false);
        report.set(None);
        banner.set(None);
    };
    let busy = move || pending.get().is_some();
    // Effects run only in the browser: until the page's script runs, say the upload needs it.
    let scripted = RwSignal::new(false);
    Effect::new(move |_| scripted.set(true));

    view! {
        <p class="lead">{move || t_string!(i18n, manage.import.intro).to_string()}</p>
        <p class="banner banner-info">{move || t_string!(i18n, manage.import.all_or_nothing).to_string()}</p>
        <Show when=move || !scripted.get()>
            <p class="banner banner-warning">{move || t_string!(i18n, manage.import.needs_script).to_string()}</p>
        </Show>
        <form class="form import-form" node_ref=form novalidate on:submit=on_submit>
            <input type="hidden" name="org_id" value=org_id.to_string() />
            <fieldset class="field">
                <legend>{move || t_string!(i18n, manage.import.kind).to_string()}</legend>
                {[ImportKind::Volunteers, ImportKind::Organisations]
                    .into_iter()
                    .map(|k| {
                        let input_id = format!("kind-{}", k.code());
                        let label_for = input_id.clone();
                        let hint_id = format!("kind-{}-hint", k.code());
                        let described = hint_id.clone();
                        view! {
                            <div class="radio-option">
                                <label class="check" for=label_for>
                                    <input
                                        type="radio"
                                        id=input_id
                                        name="kind"
                                        value=k.code()
                                        aria-describedby=described
                                        checked=k == ImportKind::Volunteers
                                        prop:checked=move || kind.get() == k
                                        on:change=move |_| {
                                            kind.set(k);
                                            changed();
                                        }
                                    />
                                    <span>{move || kind_label(i18n, k)}</span>
                                </label>
                                <p class="hint" id=hint_id>
                                    {move || match k {
                                        ImportKind::Volunteers => {
                                            t_string!(i18n, manage.import.kind_volunteers_hint).to_string()
                                        }
                                        ImportKind::Organisations => {
                                            t_string!(i18n, manage.import.kind_organisations_hint).to_string()
                                        }
                                    }}
                                </p>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <div class="templates">
                <p class="templates-title">{move || t_string!(i18n, manage.import.templates).to_string()}</p>
                <ul class="plain-list">
                    {[ImportKind::Volunteers, ImportKind::Organisations]
                        .into_iter()
                        .flat_map(|k| [(k, "xlsx"), (k, "csv")])
                        .map(|(k, ext)| {
                            view! {
                                <li>
                                    <a href=format!("/import-templates/{}.{ext}", k.code()) download="" rel="external">
                                        {move || {
                                            let table = kind_label(i18n, k);
                                            if ext == "xlsx" {
                                                t_string!(i18n, manage.import.template_xlsx, table = table).to_string()
                                            } else {
                                                t_string!(i18n, manage.import.template_csv, table = table).to_string()
                                            }
                                        }}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
            <div class="field" class:field-invalid=move || file_error.get().is_some()>
                <label for="f-file">
                    {move || t_string!(i18n, manage.import.file).to_string()}
                    <span class="req">
                        "*"<span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span>
                    </span>
                </label>
                <p class="hint" id="f-file-hint">
                    {move || t_string!(i18n, manage.import.file_hint).to_string()}
                </p>
                <input
                    id="f-file"
                    name="file"
                    type="file"
                    accept=".xlsx,.csv"
                    aria-required="true"
                    aria-invalid=move || if file_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="f-file-hint f-file-error"
                    node_ref=file
                    on:change=move |_| {
                        file_error.set(None);
                        changed();
                    }
                />
                <p class="field-error" id="f-file-error">
                    {move || file_error.get()}
                </p>
            </div>
            <div class="actions">
                <button type="submit" class="button primary" disabled=busy>
                    {move || {
                        if pending.get() == Some(false) {
                            t_string!(i18n, manage.import.checking).to_string()
                        } else {
                            t_string!(i18n, manage.import.check).to_string()
                        }
                    }}
                </button>
                <button
                    type="button"
                    class="button"
                    aria-describedby="import-commit-hint"
                    disabled=move || busy() || !checked_clean.get()
                    on:click=move |_| run(true)
                >
                    {move || {
                        if pending.get() == Some(true) {
                            t_string!(i18n, manage.import.importing).to_string()
                        } else {
                            t_string!(i18n, manage.import.commit).to_string()
                        }
                    }}
                </button>
            </div>
            <p class="hint" id="import-commit-hint">
                {move || {
                    if checked_clean.get() {
                        t_string!(i18n, manage.import.commit_ready).to_string()
                    } else {
                        t_string!(i18n, manage.import.commit_hint).to_string()
                    }
                }}
            </p>
        </form>
        <div id="import-result" class="import-result" tabindex="-1" aria-live="polite">
            <FormMessage error=banner />
            {move || report.get().map(|r| view! { <Report report=r /> })}
        </div>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = report.rows;
    let created = report.created;
    let invited = report.invited;
    let problem_count = report.problems.len();
    let volunteers = report.kind == ImportKind::Volunteers;
    let file_problem = report.file_problem.clone();
    let clean = report.is_clean();
    let committed = report.committed;
    let outcome = move || match (committed, volunteers) {
        (true, true) => {
            t_string!(i18n, manage.import.done_volunteers, created = created, invited = invited).to_string()
        }
        (true, false) => t_string!(i18n, manage.import.done_organisations, created = created).to_string(),
        (false, true) => {
            t_string!(i18n, manage.import.clean_volunteers, created = created, invited = invited).to_string()
        }
        (false, false) => t_string!(i18n, manage.import.clean_organisations, created = created).to_string(),
    };
    view! {
        <h2>{move || t_string!(i18n, manage.import.report).to_string()}</h2>
        {file_problem
            .map(|p| {
                view! {
                    <p class="banner banner-error" role="alert">
                        {file_problem_text(locale, &p)}
                    </p>
                }
            })}
        <dl class="facts report-facts">
            <div>
                <dt>{move || t_string!(i18n, manage.import.rows).to_string()}</dt>
                <dd id="import-rows">{rows}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage.import.problems_count).to_string()}</dt>
                <dd id="import-problems">{problem_count}</dd>
            </div>
        </dl>
        {if committed || clean {
            view! { <p class="banner banner-success">"✓ "{outcome}</p> }.into_any()
        } else if problem_count > 0 {
            view! {
                <p class="banner banner-warning">
                    {move || t_string!(i18n, manage.import.not_imported, count = problem_count).to_string()}
                </p>
            }
                .into_any()
        } else {
            ().into_any()
        }}
        {(problem_count > 0)
            .then(|| {
                view! {
                    <div class="table-wrap" role="region" tabindex="0" aria-labelledby="problems-caption">
                        <table class="problems">
                            <caption id="problems-caption">
                                {move || t_string!(i18n, manage.import.problems).to_string()}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">{move || t_string!(i18n, manage.import.line).to_string()}</th>
                                    <th scope="col">{move || t_string!(i18n, manage.import.column).to_string()}</th>
                                    <th scope="col">{move || t_string!(i18n, manage.import.issue).to_string()}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {report
                                    .problems
                                    .iter()
                                    .map(|p| {
                                        let issue = p.issue.clone();
                                        view! {
                                            <tr>
                                                <td>{p.line}</td>
                                                <td>{p.column.clone()}</td>
                                                <td>{move || problem_text(i18n.get_locale(), &issue)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })}
    }
}
