//! The public list of activities (F-22) at `/activities`.
//!
//! Every filter lives in the URL (`?q=&province=&city=&county=&category=&mode=&phase=&from=&to=`
//! and `near=<lat>,<lng>` for "nearest first"), so a search renders on the server, can be shared
//! as a link and works as a plain GET form without JavaScript. With JavaScript, "load more"
//! appends the next page in place and "nearest first" asks the browser for the position; without
//! it, the next page is a link and the distance sort is simply not offered.
//!
//! The parts: `query` (the URL and the filters), `search` (the form), `results` (the list and
//! its next pages) and `near` (sorting by distance).
mod near;
mod query;
mod results;
mod search;

use crate::accounts::auth::use_auth;
use crate::activities::views::ActivityQuery;
use crate::i18n::*;
use crate::ui::head::{PageDescription, PageTitle};
use crate::ui::light::{in_light_island, Island, IslandSpec};
use crate::validation::MAX_KEYWORD_CHARS;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use near::SortLine;
use query::query_from_url;
use results::Results;
use search::SearchForm;
use serde::{Deserialize, Serialize};

/// The filters: the URL's inside the app (they follow back/forward and new searches); on the
/// light page, where every search loads the page again, the ones it was rendered with.
fn live_query(rendered: ActivityQuery) -> Memo<ActivityQuery> {
    if in_light_island() {
        Memo::new(move |_| rendered.clone())
    } else {
        let url = use_query_map();
        Memo::new(move |_| url.with(query_from_url))
    }
}

/// The filters as an island's props: each cut to the longest a keyword may be. A longer value is
/// refused anyway (422), and the page must not echo a hostile address back in its markup.
fn island_query(query: &ActivityQuery) -> ActivityQuery {
    let cut = |value: &str| value.chars().take(MAX_KEYWORD_CHARS).collect::<String>();
    ActivityQuery {
        q: cut(&query.q),
        province: cut(&query.province),
        city: cut(&query.city),
        county: cut(&query.county),
        category: cut(&query.category),
        mode: cut(&query.mode),
        phase: cut(&query.phase),
        from: cut(&query.from),
        to: cut(&query.to),
        after: query.after.as_deref().map(cut),
        ..query.clone()
    }
}

/// The search form's island (its region selects follow each other).
#[derive(Clone, Serialize, Deserialize)]
pub struct SearchIsland {
    query: ActivityQuery,
}

impl IslandSpec for SearchIsland {
    const NAME: &'static str = "activity-search";

    fn view(self) -> AnyView {
        view! { <SearchForm query=live_query(self.query) /> }.into_any()
    }
}

/// The sort line's island ("nearest first" asks the browser for the position).
#[derive(Clone, Serialize, Deserialize)]
pub struct SortIsland {
    query: ActivityQuery,
}

impl IslandSpec for SortIsland {
    const NAME: &'static str = "activity-sort";

    fn view(self) -> AnyView {
        view! { <SortLine query=live_query(self.query) /> }.into_any()
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let url = use_query_map();
    let query = Memo::new(move |_| url.with(query_from_url));
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, activities.title), t_string!(i18n, app.name)) />
        <PageDescription text=move || t_string!(i18n, meta.activities).to_string() />
        <section class="page">
            <h1>{move || t_string!(i18n, activities.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, activities.intro).to_string()}</p>
            // Only people who manage an organisation can publish. Read inside a Transition so
            // the server's HTML and the browser's first render agree.
            <Transition fallback=|| ()>
                {move || {
                    auth.get()
                        .filter(|u| u.is_staff())
                        .map(|_| {
                            view! {
                                <p class="actions">
                                    <a class="button" href="/activities/new">
                                        {move || t_string!(i18n, activities.publish).to_string()}
                                    </a>
                                </p>
                            }
                        })
                }}
            </Transition>
            <Island props=SearchIsland {
                query: query.with_untracked(island_query),
            } />
        </section>
        <Results query />
    }
}
