//! The list of activities found, a page at a time: "load more" in place with the page's script,
//! a link to the next page without it.
use super::query::{is_filtered, list_href, near_of};
use super::{island_query, SortIsland};
use crate::activities::api::list_activities;
use crate::activities::pages::widgets::ActivityCard;
use crate::activities::views::{ActivityQuery, ActivitySummary};
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use crate::ui::light::Island;
use crate::ui::load_more::{LoadMore, MorePages};
use leptos::prelude::*;

#[component]
pub(super) fn Results(query: Memo<ActivityQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let results = Resource::new(move || query.get(), list_activities);
    // Pages appended by "load more", remembered with the search they belong to.
    let more = MorePages::<ActivityQuery, ActivitySummary, String>::new();
    let load_more = Callback::new(move |after: String| {
        let base = query.get_untracked();
        let next_query = ActivityQuery { after: Some(after), ..base.clone() };
        more.load(base, async move { list_activities(next_query).await.map(|page| (page.items, page.next)) });
    });

    view! {
        <section class="page" aria-labelledby="activity-results-title">
            <div class="results-head">
                <h2 id="activity-results-title">{move || t_string!(i18n, activities.results).to_string()}</h2>
                <Island props=SortIsland {
                    query: query.with_untracked(island_query),
                } />
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
                                let (items, next) = more.with_first(&current, page.items, page.next);
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
                                                <LoadMore
                                                    pages=more
                                                    href
                                                    on_load=Callback::new(move |_| load_more.run(after.clone()))
                                                    label=text(move || {
                                                        t_string!(i18n, activities.load_more).to_string()
                                                    })
                                                    loading_label=text(move || {
                                                        t_string!(i18n, activities.loading_more).to_string()
                                                    })
                                                    next_label=text(move || {
                                                        t_string!(i18n, activities.next_page).to_string()
                                                    })
                                                />
                                            }
                                        })}
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
