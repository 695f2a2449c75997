//! `/orgs/{id}/manage/records`: the console's records section — activities of the subtree overdue
//! for closing, and the coefficients of the corps above (its admins add and retire them here).
use super::condition_label;
use crate::activities::pages::widgets::time_range;
use crate::i18n::*;
use crate::orgs::pages::manage::nav::{ManageScope, ManageShell, Section};
use crate::records::closing::overdue_records;
use crate::records::hours::factor_text;
use crate::records::weights::{corps_weights, AddWeight, RetireWeight, CONDITIONS};
use crate::ui::errors::error_text;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn OrgRecordsPage() -> impl IntoView {
    let i18n = use_i18n();
    let scope = ManageScope::new();
    let add = ServerAction::<AddWeight>::new();
    let retire = ServerAction::<RetireWeight>::new();
    let overdue = Resource::new(
        move || scope.key(),
        |key| async move {
            match key {
                Some(id) => overdue_records(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let weights = Resource::new(
        move || (scope.key(), add.version().get(), retire.version().get()),
        |(key, _, _)| async move {
            match key {
                Some(id) => corps_weights(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let action_error = move || {
        add.value().get().and_then(|r| r.err()).or_else(|| retire.value().get().and_then(|r| r.err())).map(|e| {
            view! {
                <p class="banner banner-error" role="alert">
                    {error_text(i18n, &e)}
                </p>
            }
        })
    };
    view! {
        <ManageShell scope section=Section::Records>
            <section class="records-overdue" aria-labelledby="overdue-heading">
                <h2 id="overdue-heading">{move || t_string!(i18n, records.overdue_heading).to_string()}</h2>
                <p class="lead">{move || t_string!(i18n, records.overdue_intro).to_string()}</p>
                <Transition fallback=move || {
                    view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
                }>
                    {move || match overdue.get() {
                        Some(Ok(Some(items))) if items.is_empty() => {
                            view! { <p class="empty">{move || t_string!(i18n, records.overdue_none).to_string()}</p> }
                                .into_any()
                        }
                        Some(Ok(Some(items))) => {
                            let count = items.len();
                            view! {
                                <p class="result-count" id="overdue-count">
                                    {move || t_string!(i18n, records.overdue_count, count = count).to_string()}
                                </p>
                                <ul class="card-list overdue-list">
                                    {items
                                        .into_iter()
                                        .map(|o| {
                                            let title = o.title.clone();
                                            view! {
                                                <li class="card">
                                                    <h3 class="card-title">
                                                        <a href=format!(
                                                            "/activities/{}",
                                                            o.activity_id,
                                                        )>{o.title.clone()}</a>
                                                    </h3>
                                                    <p>
                                                        {format!(
                                                            "{} · {}",
                                                            o.org_name,
                                                            time_range(o.ends_at, o.ends_at),
                                                        )}
                                                    </p>
                                                    <p>
                                                        {move || {
                                                            t_string!(i18n, records.checkins, count = o.attendances)
                                                                .to_string()
                                                        }}
                                                    </p>
                                                    <p class="actions card-actions">
                                                        <a
                                                            class="button primary"
                                                            href=format!("/activities/{}/records", o.activity_id)
                                                        >
                                                            {move || t_string!(i18n, records.open_records).to_string()}
                                                            <span class="sr-only">{format!("：{title}")}</span>
                                                        </a>
                                                    </p>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Some(Err(e)) => {
                            view! {
                                <p class="banner banner-error" role="alert">
                                    {error_text(i18n, &e)}
                                </p>
                            }
                                .into_any()
                        }
                        _ => ().into_any(),
                    }}
                </Transition>
            </section>
            <section class="records-corps-weights" aria-labelledby="corps-weights-heading">
                <Transition fallback=move || {
                    view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
                }>
                    {move || match weights.get() {
                        Some(Ok(Some(list))) => {
                            let corps = list.corps_name.clone();
                            let corps_id = list.corps_id;
                            let can_edit = list.can_edit;
                            view! {
                                <h2 id="corps-weights-heading">
                                    {move || {
                                        t_string!(i18n, records.corps_weights_heading, corps = corps.clone())
                                            .to_string()
                                    }}
                                </h2>
                                <p class="hint">{move || t_string!(i18n, records.weights_intro).to_string()}</p>
                                {action_error}
                                {if list.weights.is_empty() {
                                    view! {
                                        <p class="empty">{move || t_string!(i18n, records.weights_none).to_string()}</p>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <ul class="weight-list">
                                            {list
                                                .weights
                                                .into_iter()
                                                .map(|w| {
                                                    let condition = w.condition.clone();
                                                    let label = format!("{} {}", w.label, factor_text(w.factor_milli));
                                                    let sr = label.clone();
                                                    view! {
                                                        <li class:retired=w.retired>
                                                            <span>{move || condition_label(i18n, &condition)}</span>
                                                            " · "
                                                            <span>{label}</span>
                                                            {w
                                                                .retired
                                                                .then(|| {
                                                                    view! {
                                                                        " "
                                                                        <span class="badge">
                                                                            {move || t_string!(i18n, records.retired).to_string()}
                                                                        </span>
                                                                    }
                                                                })}
                                                            {(can_edit && !w.retired)
                                                                .then(|| {
                                                                    view! {
                                                                        <ActionForm action=retire attr:class="inline-form">
                                                                            <input type="hidden" name="weight_id" value=w.id />
                                                                            <button type="submit" class="button">
                                                                                {move || t_string!(i18n, records.retire).to_string()}
                                                                                <span class="sr-only">{format!("：{sr}")}</span>
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
                                {if can_edit {
                                    view! {
                                        <ActionForm action=add attr:id="add-weight-form">
                                            <input type="hidden" name="org_id" value=corps_id />
                                            <div class="field">
                                                <label for="weight-condition">
                                                    {move || t_string!(i18n, records.condition).to_string()}
                                                </label>
                                                <select id="weight-condition" name="condition">
                                                    {CONDITIONS
                                                        .into_iter()
                                                        .map(|c| {
                                                            view! {
                                                                <option value=c>{move || condition_label(i18n, c)}</option>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </select>
                                            </div>
                                            <div class="field">
                                                <label for="weight-label">
                                                    {move || t_string!(i18n, records.label).to_string()}
                                                </label>
                                                <input
                                                    id="weight-label"
                                                    name="label"
                                                    type="text"
                                                    maxlength="50"
                                                    required=true
                                                />
                                            </div>
                                            <div class="field">
                                                <label for="weight-factor">
                                                    {move || t_string!(i18n, records.factor).to_string()}
                                                </label>
                                                <input
                                                    id="weight-factor"
                                                    name="factor"
                                                    type="text"
                                                    inputmode="decimal"
                                                    required=true
                                                />
                                            </div>
                                            <button type="submit" class="button primary" id="add-weight">
                                                {move || t_string!(i18n, records.add_weight).to_string()}
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p class="hint">
                                            {move || t_string!(i18n, records.weights_readonly).to_string()}
                                        </p>
                                    }
                                        .into_any()
                                }}
                            }
                                .into_any()
                        }
                        Some(Err(e)) => {
                            view! {
                                <p class="banner banner-error" role="alert">
                                    {error_text(i18n, &e)}
                                </p>
                            }
                                .into_any()
                        }
                        _ => ().into_any(),
                    }}
                </Transition>
            </section>
        </ManageShell>
    }
}
