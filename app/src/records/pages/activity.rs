//! `/activities/{id}/records`: the organiser's page of one activity's service record.
use super::history::History;
use super::{condition_label, hours, status_label};
use crate::activities::model::SERVICE_OBJECT;
use crate::activities::pages::widgets::{label_of, time_range};
use crate::error::AppError;
use crate::i18n::*;
use crate::records::closing::{activity_records, CloseActivity, EditRecord, RecordsView, ServiceRecord};
use crate::records::hours::{factor_text, HoursLine};
use crate::records::hours_api::{ApproveAllHours, CorrectHours, DecideHours};
use crate::records::weights::SetActivityWeight;
use crate::ui::errors::error_text;
use crate::ui::format::encode_component;
use crate::ui::head::PageTitle;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

/// The page's forms, one action each; the page reloads its data after any of them.
#[derive(Clone, Copy)]
struct Actions {
    close: ServerAction<CloseActivity>,
    edit: ServerAction<EditRecord>,
    decide: ServerAction<DecideHours>,
    correct: ServerAction<CorrectHours>,
    approve_all: ServerAction<ApproveAllHours>,
    weight: ServerAction<SetActivityWeight>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            close: ServerAction::new(),
            edit: ServerAction::new(),
            decide: ServerAction::new(),
            correct: ServerAction::new(),
            approve_all: ServerAction::new(),
            weight: ServerAction::new(),
        }
    }

    fn versions(&self) -> [usize; 6] {
        [
            self.close.version().get(),
            self.edit.version().get(),
            self.decide.version().get(),
            self.correct.version().get(),
            self.approve_all.version().get(),
            self.weight.version().get(),
        ]
    }

    /// The refusal of the last post, if any.
    fn error(&self) -> Option<AppError> {
        fn err<T>(v: Option<Result<T, AppError>>) -> Option<AppError> {
            v.and_then(|r| r.err())
        }
        err(self.close.value().get())
            .or_else(|| err(self.edit.value().get()))
            .or_else(|| err(self.decide.value().get()))
            .or_else(|| err(self.correct.value().get()))
            .or_else(|| err(self.approve_all.value().get()))
            .or_else(|| err(self.weight.value().get()))
    }
}

#[component]
pub fn ActivityRecordsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let actions = Actions::new();
    let data = Resource::new(
        move || (id.get(), actions.versions()),
        |(id, _)| async move {
            match id {
                Some(id) => activity_records(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let page_title = move || format!("{} · {}", t_string!(i18n, records.title), t_string!(i18n, app.name));
    view! {
        <PageTitle text=page_title />
        <section class="page records-page">
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match data.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        let next = encode_component(
                            &format!("/activities/{}/records", id.get_untracked().unwrap_or_default()),
                        );
                        view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                    }
                    Some(Err(e)) => {
                        let message = match e {
                            AppError::Forbidden => t_string!(i18n, records.forbidden).to_string(),
                            e => error_text(i18n, &e),
                        };
                        view! {
                            <h1>{move || t_string!(i18n, records.title).to_string()}</h1>
                            <p class="banner banner-error" role="alert">
                                {message}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(v)) => view! { <RecordsBody v actions /> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn RecordsBody(v: RecordsView, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = v.activity_id;
    let closed = v.record.is_some();
    let can_close = v.ended && !v.cancelled && !closed;
    let pending = v.lines.iter().filter(|l| l.status == "pending").count();
    view! {
        <p class="manage-eyebrow">
            <a href=format!("/activities/{id}")>
                <span aria-hidden="true">"‹ "</span>
                {move || t_string!(i18n, records.back).to_string()}
            </a>
        </p>
        <h1>
            {move || t_string!(i18n, records.title).to_string()} <span class="sr-only">"："</span>
            <span class="participants-activity">{v.title.clone()}</span>
        </h1>
        <p class="lead">{time_range(v.starts_at, v.ends_at)}</p>
        <div id="records-status" role="status" aria-live="polite">
            {move || {
                actions
                    .error()
                    .map(|e| {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                    })
            }}
        </div>
        <Waiting id makeups=v.pending_makeups flags=v.open_flags />
        {(v.cancelled)
            .then(|| view! { <p class="banner">{move || t_string!(i18n, records.cancelled).to_string()}</p> })}
        {(!v.ended && !v.cancelled)
            .then(|| view! { <p class="banner">{move || t_string!(i18n, records.not_ended).to_string()}</p> })}
        {can_close.then(|| view! { <CloseForm id action=actions.close /> })}
        {v.record.clone().map(|record| view! { <RecordFacts record id action=actions.edit /> })}
        {(!v.cancelled && (!v.weights.is_empty() || !closed))
            .then(|| view! { <WeightChoices v=v.clone() action=actions.weight /> })}
        {closed
            .then(|| {
                view! {
                    <section class="records-hours" aria-labelledby="hours-heading">
                        <h2 id="hours-heading">{move || t_string!(i18n, records.hours_heading).to_string()}</h2>
                        <p class="hint">{move || t_string!(i18n, records.hours_intro).to_string()}</p>
                        {(pending > 0)
                            .then(|| {
                                view! {
                                    <ActionForm action=actions.approve_all attr:class="inline-form">
                                        <input type="hidden" name="activity_id" value=id />
                                        <button type="submit" class="button primary" id="approve-all">
                                            {move || t_string!(i18n, records.approve_all).to_string()}
                                        </button>
                                    </ActionForm>
                                }
                            })}
                        {if v.lines.is_empty() {
                            view! { <p class="empty">{move || t_string!(i18n, records.hours_empty).to_string()}</p> }
                                .into_any()
                        } else {
                            view! {
                                <ul class="card-list hours-lines">
                                    {v
                                        .lines
                                        .clone()
                                        .into_iter()
                                        .map(|line| view! { <LineCard line actions /> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </section>
                    <section class="records-no-shows" aria-labelledby="no-shows-heading">
                        <h2 id="no-shows-heading">{move || t_string!(i18n, records.no_shows_heading).to_string()}</h2>
                        {if v.no_shows.is_empty() {
                            view! { <p class="empty">{move || t_string!(i18n, records.no_shows_none).to_string()}</p> }
                                .into_any()
                        } else {
                            view! {
                                <ul>
                                    {v
                                        .no_shows
                                        .clone()
                                        .into_iter()
                                        .map(|(name, no)| {
                                            view! {
                                                <li>
                                                    <a href=format!(
                                                        "/volunteers/{no}/hours",
                                                    )>{format!("{name}（{no}）")}</a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </section>
                }
            })}
    }
}

/// What still waits for a decision and can change the hours: make-up requests and anomalies.
#[component]
fn Waiting(id: i64, makeups: i64, flags: i64) -> impl IntoView {
    let i18n = use_i18n();
    (makeups > 0 || flags > 0).then(|| {
        view! {
            <p class="banner banner-warning" id="records-waiting">
                {(makeups > 0)
                    .then(|| {
                        view! {
                            <a href=format!(
                                "/activities/{id}/makeups",
                            )>{move || t_string!(i18n, records.waiting_makeups, count = makeups).to_string()}</a>
                            " "
                        }
                    })}
                {(flags > 0)
                    .then(|| {
                        view! {
                            <a href=format!(
                                "/activities/{id}/review",
                            )>{move || t_string!(i18n, records.waiting_flags, count = flags).to_string()}</a>
                        }
                    })}
            </p>
        }
    })
}

/// A labelled text input or textarea of a form.
#[component]
fn Field(
    id: String,
    name: &'static str,
    label: Signal<String>,
    #[prop(optional)] value: String,
    #[prop(optional)] area: bool,
    #[prop(optional)] required: bool,
    #[prop(default = 200)] max: u32,
) -> impl IntoView {
    view! {
        <div class="field">
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
            {if area {
                view! {
                    <textarea id=id name=name rows="3" maxlength=max required=required>
                        {value}
                    </textarea>
                }
                    .into_any()
            } else {
                view! { <input id=id name=name type="text" maxlength=max required=required value=value /> }.into_any()
            }}
        </div>
    }
}

/// The 1–5 select of the quality evaluation.
#[component]
fn ScoreSelect(id: String, selected: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id.clone()>{move || t_string!(i18n, records.quality_score).to_string()}</label>
            <select id=id name="quality_score" required=true>
                {(1..=5)
                    .rev()
                    .map(|n| {
                        view! {
                            <option value=n selected=selected.unwrap_or(5) == n>
                                {n}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn CloseForm(id: i64, action: ServerAction<CloseActivity>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |f: fn(I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    view! {
        <section class="records-close card" aria-labelledby="close-heading">
            <h2 id="close-heading">{move || t_string!(i18n, records.close_heading).to_string()}</h2>
            <p class="hint">{move || t_string!(i18n, records.close_intro).to_string()}</p>
            <ActionForm action attr:id="close-form">
                <input type="hidden" name="activity_id" value=id />
                <ScoreSelect id="close-score".into() selected=None />
                <Field
                    id="close-note".into()
                    name="quality_note"
                    label=text(|i| t_string!(i, records.quality_note).to_string())
                    area=true
                    max=500
                />
                <Field
                    id="close-leader".into()
                    name="leader_name"
                    label=text(|i| t_string!(i, records.leader_name).to_string())
                    required=true
                    max=50
                />
                <Field
                    id="close-summary".into()
                    name="summary"
                    label=text(|i| t_string!(i, records.summary).to_string())
                    area=true
                    max=2000
                />
                <button type="submit" class="button primary" id="close-submit" disabled=move || action.pending().get()>
                    {move || t_string!(i18n, records.close_submit).to_string()}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RecordFacts(record: ServiceRecord, id: i64, action: ServerAction<EditRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |f: fn(I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    let objects = record.service_objects.clone();
    let score = record.quality_score;
    let (raw, weighted) = (record.raw_minutes, record.weighted_minutes);
    view! {
        <section class="records-record" aria-labelledby="record-heading">
            <h2 id="record-heading">
                {move || t_string!(i18n, records.title).to_string()} {format!(" · {}", record.version)}
            </h2>
            <dl class="facts" id="record-facts">
                <dt>{move || t_string!(i18n, records.f_title).to_string()}</dt>
                <dd>{record.activity_title.clone()}</dd>
                <dt>{move || t_string!(i18n, records.f_date).to_string()}</dt>
                <dd>{time_range(record.starts_at, record.ends_at)}</dd>
                <dt>{move || t_string!(i18n, records.f_place).to_string()}</dt>
                <dd>{record.place.clone()}</dd>
                <dt>{move || t_string!(i18n, records.f_objects).to_string()}</dt>
                <dd>
                    {move || {
                        objects
                            .split(',')
                            .filter(|c| !c.is_empty())
                            .map(|c| label_of(i18n, &SERVICE_OBJECT, c))
                            .collect::<Vec<_>>()
                            .join("、")
                    }}
                </dd>
                <dt>{move || t_string!(i18n, records.f_content).to_string()}</dt>
                <dd class="pre-line">{record.content.clone()}</dd>
                <dt>{move || t_string!(i18n, records.f_time).to_string()}</dt>
                <dd id="record-time">
                    {move || {
                        t_string!(i18n, records.time_totals, raw = hours(i18n, raw), weighted = hours(i18n, weighted))
                            .to_string()
                    }}
                </dd>
                <dt>{move || t_string!(i18n, records.f_quality).to_string()}</dt>
                <dd>
                    {move || {
                        score.map(|s| t_string!(i18n, records.score_of, score = s).to_string()).unwrap_or_default()
                    }} {(!record.quality_note.is_empty()).then(|| format!("（{}）", record.quality_note))}
                </dd>
                <dt>{move || t_string!(i18n, records.leader_name).to_string()}</dt>
                <dd>{record.leader_name.clone()}</dd>
                <dt>{move || t_string!(i18n, records.f_recorder).to_string()}</dt>
                <dd>{record.recorder_name.clone()}</dd>
                <dt>{move || t_string!(i18n, records.summary).to_string()}</dt>
                <dd class="pre-line">{record.summary.clone()}</dd>
            </dl>
            <details class="records-edit">
                <summary>{move || t_string!(i18n, records.edit_heading).to_string()}</summary>
                <ActionForm action attr:id="edit-form">
                    <input type="hidden" name="activity_id" value=id />
                    <ScoreSelect id="edit-score".into() selected=score />
                    <Field
                        id="edit-note".into()
                        name="quality_note"
                        label=text(|i| t_string!(i, records.quality_note).to_string())
                        value=record.quality_note.clone()
                        area=true
                        max=500
                    />
                    <Field
                        id="edit-leader".into()
                        name="leader_name"
                        label=text(|i| t_string!(i, records.leader_name).to_string())
                        value=record.leader_name.clone()
                        required=true
                        max=50
                    />
                    <Field
                        id="edit-summary".into()
                        name="summary"
                        label=text(|i| t_string!(i, records.summary).to_string())
                        value=record.summary.clone()
                        area=true
                        max=2000
                    />
                    <Field
                        id="edit-reason".into()
                        name="reason"
                        label=text(|i| t_string!(i, records.reason).to_string())
                        required=true
                    />
                    <button type="submit" class="button">
                        {move || t_string!(i18n, records.edit_submit).to_string()}
                    </button>
                </ActionForm>
            </details>
            <History versions=record.history.clone() with_minutes=false />
        </section>
    }
}

#[component]
fn LineCard(line: HoursLine, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |f: fn(I18nContext<Locale>) -> String| Signal::derive(move || f(i18n));
    let id = line.id;
    let status = line.status.clone();
    let status_class = format!("badge badge-hours-{status}");
    let (raw, weighted, weight) = (line.raw_minutes, line.weighted_minutes, line.weight_milli);
    let note = line.note.clone();
    view! {
        <li class="card hours-line" id=format!("line-{id}")>
            <h3 class="card-title">{format!("{}（{}）", line.name, line.volunteer_no)}</h3>
            <p class="status-line">
                <span class=status_class>{move || status_label(i18n, &status)}</span>
                {line
                    .no_checkout
                    .then(|| {
                        view! {
                            <span class="badge badge-warning no-checkout">
                                {move || t_string!(i18n, records.no_checkout).to_string()}
                            </span>
                        }
                    })}
                {line
                    .from_makeup
                    .then(|| {
                        view! { <span class="badge">{move || t_string!(i18n, records.from_makeup).to_string()}</span> }
                    })}
            </p>
            <dl class="facts">
                <dt>{move || t_string!(i18n, records.col_span).to_string()}</dt>
                <dd>{time_range(line.from_at, line.to_at)}</dd>
                <dt>{move || t_string!(i18n, records.col_raw).to_string()}</dt>
                <dd class="raw">{move || hours(i18n, raw)}</dd>
                <dt>{move || t_string!(i18n, records.col_weight).to_string()}</dt>
                <dd>{factor_text(weight)}</dd>
                <dt>{move || t_string!(i18n, records.col_weighted).to_string()}</dt>
                <dd class="weighted">{move || hours(i18n, weighted)}</dd>
                {(!note.is_empty())
                    .then(|| {
                        view! {
                            <dt>{move || t_string!(i18n, records.decline_reason).to_string()}</dt>
                            <dd>{note.clone()}</dd>
                        }
                    })}
            </dl>
            <div class="actions card-actions">
                {(line.status != "approved")
                    .then(|| {
                        view! {
                            <ActionForm action=actions.decide attr:class="inline-form">
                                <input type="hidden" name="hours_id" value=id />
                                <input type="hidden" name="approve" value="true" />
                                <input type="hidden" name="reason" value="" />
                                <button type="submit" class="button primary" id=format!("approve-{id}")>
                                    {move || t_string!(i18n, records.approve).to_string()}
                                </button>
                            </ActionForm>
                        }
                    })}
            </div>
            {(line.status != "declined")
                .then(|| {
                    view! {
                        <details class="line-decline">
                            <summary>{move || t_string!(i18n, records.decline).to_string()}</summary>
                            <ActionForm action=actions.decide>
                                <input type="hidden" name="hours_id" value=id />
                                <input type="hidden" name="approve" value="false" />
                                <Field
                                    id=format!("decline-reason-{id}")
                                    name="reason"
                                    label=text(|i| t_string!(i, records.decline_reason).to_string())
                                    required=true
                                />
                                <button type="submit" class="button danger">
                                    {move || t_string!(i18n, records.decline).to_string()}
                                </button>
                            </ActionForm>
                        </details>
                    }
                })}
            <details class="line-correct">
                <summary>{move || t_string!(i18n, records.correct).to_string()}</summary>
                <ActionForm action=actions.correct>
                    <input type="hidden" name="hours_id" value=id />
                    <div class="field">
                        <label for=format!(
                            "minutes-{id}",
                        )>{move || t_string!(i18n, records.minutes).to_string()}</label>
                        <input
                            id=format!("minutes-{id}")
                            name="minutes"
                            type="number"
                            min="0"
                            inputmode="numeric"
                            required=true
                            value=raw
                        />
                    </div>
                    <Field
                        id=format!("correct-reason-{id}")
                        name="reason"
                        label=text(|i| t_string!(i, records.correct_reason).to_string())
                        required=true
                    />
                    <button type="submit" class="button">
                        {move || t_string!(i18n, records.correct).to_string()}
                    </button>
                </ActionForm>
            </details>
            <History versions=line.history.clone() with_minutes=true />
        </li>
    }
}

#[component]
fn WeightChoices(v: RecordsView, action: ServerAction<SetActivityWeight>) -> impl IntoView {
    let i18n = use_i18n();
    let closed = v.record.is_some();
    let id = v.activity_id;
    view! {
        <section class="records-weights" aria-labelledby="weights-heading">
            <h2 id="weights-heading">{move || t_string!(i18n, records.weights_heading).to_string()}</h2>
            <p class="hint">{move || t_string!(i18n, records.weights_intro).to_string()}</p>
            {if v.weights.is_empty() {
                view! { <p class="empty">{move || t_string!(i18n, records.weights_none).to_string()}</p> }.into_any()
            } else {
                view! {
                    <ul class="weight-choices">
                        {v
                            .weights
                            .clone()
                            .into_iter()
                            .map(|c| {
                                let w = c.weight;
                                let condition = w.condition.clone();
                                let label = format!("{} {}", w.label, factor_text(w.factor_milli));
                                let sr_label = label.clone();
                                view! {
                                    <li>
                                        <span>{move || condition_label(i18n, &condition)}</span>
                                        " · "
                                        <span>{label}</span>
                                        {c
                                            .chosen
                                            .then(|| {
                                                view! {
                                                    " "
                                                    <span class="badge">
                                                        {move || t_string!(i18n, records.weight_applied).to_string()}
                                                    </span>
                                                }
                                            })}
                                        {(!closed)
                                            .then(|| {
                                                view! {
                                                    <ActionForm action attr:class="inline-form">
                                                        <input type="hidden" name="activity_id" value=id />
                                                        <input type="hidden" name="weight_id" value=w.id />
                                                        <input
                                                            type="hidden"
                                                            name="on"
                                                            value=if c.chosen { "false" } else { "true" }
                                                        />
                                                        <button type="submit" class="button">
                                                            {move || {
                                                                if c.chosen {
                                                                    t_string!(i18n, records.weight_remove).to_string()
                                                                } else {
                                                                    t_string!(i18n, records.weight_apply).to_string()
                                                                }
                                                            }}
                                                            <span class="sr-only">{format!("：{sr_label}")}</span>
                                                        </button>
                                                    </ActionForm>
                                                }
                                            })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
