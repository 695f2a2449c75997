//! The folded list of a record's or an hours line's versions (rule 5: every correction is kept
//! and shown, to staff on the records page and to the person on their hours pages).
use super::{hours, status_label};
use crate::i18n::*;
use crate::records::versions::Version;
use crate::ui::format::local_time;
use leptos::prelude::*;

/// A subject's versions, oldest first, folded.
#[component]
pub fn History(versions: Vec<Version>, with_minutes: bool) -> impl IntoView {
    let i18n = use_i18n();
    let count = versions.len();
    view! {
        <details class="records-history">
            <summary>{move || format!("{}（{count}）", t_string!(i18n, records.history))}</summary>
            <ol>
                {versions
                    .clone()
                    .into_iter()
                    .map(|v| {
                        let (raw, weighted, status) = (v.raw_minutes, v.weighted_minutes, v.status.clone());
                        view! {
                            <li>
                                {move || {
                                    t_string!(
                                        i18n, records.history_line, version = v.version, at = local_time(v.changed_at), who = v.changed_by.clone()
                                    )
                                        .to_string()
                                }}
                                {with_minutes
                                    .then(|| {
                                        let status = status.clone();
                                        move || {
                                            format!(
                                                " · {}",
                                                t_string!(
                                                    i18n, records.history_hours, status = status_label(i18n, &status), raw = hours(i18n, raw), weighted = hours(i18n, weighted)
                                                ),
                                            )
                                        }
                                    })}
                                {(!v.reason.is_empty())
                                    .then(|| {
                                        let reason = v.reason.clone();
                                        move || {
                                            format!(
                                                " · {}",
                                                t_string!(i18n, records.history_reason, reason = reason.clone()),
                                            )
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </details>
    }
}
