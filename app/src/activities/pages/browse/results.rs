//! The list of activities found, a page at a time: "load more" in place with the page's script,
//! a link to the next page without it.
use super::near::SortLine;
use super::query::{is_filtered, list_href, near_of};
use crate::activities::api::list_activities;
use crate::activities::pages::widgets::ActivityCard;
use crate::activities::views::{ActivityQuery, ActivitySummary};
use crate::i18n::*;
use crate::ui::errors::error_text;
use leptos::prelude::*;

#[component]
pub(super) fn Results(query: Memo<ActivityQuery>, hydrated: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let results = Resource::new(move || query.get(), list_activities);
    // Pages appended by "load more", remembered with the search they belong to.
    let more = RwSignal::new(None::<(ActivityQuery, Vec<ActivitySummary>, Option<String>)>);
    let more_error = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);

    let load_more = move |after: String| {
        let base = query.get_untracked();
        let mut next_query = base.clone();
        next_query.after = Some(after);
        loading_more.set(true);
        more_error.set(None);
        leptos::task::spawn_local(async move {
            match list_activities(next_query).await {
                Ok(page) => more.update(|m| {
                    let mut items = match m.take() {
                        Some((q, items, _)) if q == base => items,
                        _ => Vec::new(),
                    };
                    items.extend(page.items);
                    *m = Some((base, items, page.next));
                }),
                Err(e) => more_error.set(Some(error_text(i18n, &e))),
            }
            loading_more.set(false);
        });
    };

    view! {
        <section class="page" aria-labelledby="activity-results-title">
            <div class="results-head">
                <h2 id="activity-results-title">{move || t_string!(i18n, activities.results).to_string()}</h2>
                <SortLine query hydrated />
            </div>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    results
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                            Ok(page) => {
                                let current = query.get();
                                let (extra, next) = match more.get() {
                                    Some((q, items, next)) if q == current => (items, next),
                                    _ => (Vec::new(), page.next),
                                };
                                let mut items = page.items;
                                items.extend(extra);
                                if items.is_empty() {
                                    return view! { <EmptyResults filtered=is_filtered(&current) /> }.into_any();
                                }
                                view! {
                                    <ul class="card-list activity-list">
                                        {items
                                            .into_iter()
                                            .map(|activity| view! { <ActivityCard activity /> })
                                            .collect_view()}
                                    </ul>
                                    {next
                                        .map(|after| {
                                            let href = list_href(&current, near_of(&current), Some(&after));
                                            view! {
                                                <p class="load-more">
                                                    {move || {
                                                        if hydrated.get() {
                                                            let after = after.clone();
                                                            view! {
                                                                <button
                                                                    type="button"
                                                                    class="button block"
                                                                    disabled=move || loading_more.get()
                                                                    on:click=move |_| load_more(after.clone())
                                                                >
                                                                    {move || {
                                                                        if loading_more.get() {
                                                                            t_string!(i18n, activities.loading_more).to_string()
                                                                        } else {
                                                                            t_string!(i18n, activities.load_more).to_string()
                                                                        }
                                                                    }}
                                                                </button>
                                                            }
                                                                .into_any()
                                                        } else {
                                                            view! {
                                                                <a class="button block" href=href.clone()>
                                                                    {move || t_string!(i18n, activities.next_page).to_string()}
                                                                </a>
                                                            }
                                                                .into_any()
                                                        }
                                                    }}
                                                </p>
                                            }
                                        })}
                                    {move || {
                                        more_error
                                            .get()
                                            .map(|e| {
                                                view! {
                                                    <p class="banner banner-error" role="alert">
                                                        {e}
                                                    </p>
                                                }
                                            })
                                    }}
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

/// No results: with filters, say so and offer to clear them; without, say nothing is published.
#[component]
fn EmptyResults(filtered: bool) -> impl IntoView {
    let i18n = use_i18n();
    if filtered {
        view! {
            <div class="empty">
                <p>{move || t_string!(i18n, activities.empty_filtered).to_string()}</p>
                <a class="button" href="/activities">
                    {move || t_string!(i18n, activities.clear_all).to_string()}
                </a>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="empty">{move || t_string!(i18n, activities.empty).to_string()}</p> }.into_any()
    }
}
