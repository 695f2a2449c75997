//! "Nearest first": the browser's position goes into the URL (`near=`), which re-runs the
//! search; the server never asks for it. Offered only once the page's script runs.
use super::query::{list_href, near_of};
use crate::activities::model::Phase;
use crate::activities::views::ActivityQuery;
use crate::i18n::*;
use crate::ui::geo::{current_position, GeoError, NEARBY};
use crate::ui::light::use_go;
use leptos::prelude::*;

/// Where asking for the position stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Locating {
    Idle,
    Asking,
    Failed(GeoError),
}

/// The line saying how the list is sorted, with the way to the other order, and what asking
/// for the position came to.
#[component]
pub(super) fn SortLine(query: Memo<ActivityQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(Locating::Idle);
    let navigate = use_go();
    // The position needs the page's script, so the button is offered once it runs.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let sort_by_distance = move |_| {
        state.set(Locating::Asking);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match current_position(NEARBY).await {
                Ok(p) => {
                    state.set(Locating::Idle);
                    let near = ((p.lat * 1e6).round() as i64, (p.lng * 1e6).round() as i64);
                    navigate(&list_href(&query.get_untracked(), Some(near), None));
                }
                Err(why) => state.set(Locating::Failed(why)),
            }
        });
    };
    let message = move || match state.get() {
        Locating::Idle => None,
        Locating::Asking => Some(("hint", t_string!(i18n, activities.locating).to_string())),
        Locating::Failed(why) => Some((
            "banner banner-warning",
            match why {
                GeoError::Denied => t_string!(i18n, activities.geo_denied).to_string(),
                GeoError::Unavailable | GeoError::Timeout => t_string!(i18n, activities.geo_unavailable).to_string(),
                GeoError::Unsupported => t_string!(i18n, activities.geo_unsupported).to_string(),
            },
        )),
    };
    view! {
        {move || {
            if query.with(|q| near_of(q).is_some()) {
                let href = list_href(&query.get(), None, None);
                view! {
                    <p class="sort-line">
                        <span>{move || t_string!(i18n, activities.sorted_by_distance).to_string()}</span>
                        " "
                        <a href=href>{move || t_string!(i18n, activities.sort_by_time).to_string()}</a>
                    </p>
                }
                    .into_any()
            } else {
                let ended = query.with(|q| q.phase == Phase::Ended.code());
                let sort = sort_by_distance.clone();
                view! {
                    <p class="sort-line">
                        <span>
                            {move || {
                                if ended {
                                    t_string!(i18n, activities.sorted_by_time_desc).to_string()
                                } else {
                                    t_string!(i18n, activities.sorted_by_time).to_string()
                                }
                            }}
                        </span>
                    </p>
                    // Needs the browser's position, so only offered once the page runs.
                    <Show when=move || hydrated.get()>
                        <button
                            type="button"
                            class="button"
                            id="sort-nearest"
                            disabled=move || state.get() == Locating::Asking
                            on:click=sort.clone()
                        >
                            {move || t_string!(i18n, activities.nearest).to_string()}
                        </button>
                    </Show>
                }
                    .into_any()
            }
        }}
        <div class="geo-status" role="status" aria-live="polite">
            {move || message().map(|(class, text)| view! { <p class=class>{text}</p> })}
        </div>
    }
}
