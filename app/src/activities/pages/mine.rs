//! "My activities" (F-24, manual §3.2): everything the volunteer signed up for, in three tabs
//! (all, upcoming, ended) with a search by name, and the calendar export.
//!
//! The tab and the search live in the URL (`?tab=upcoming&q=讲座`): the list is rendered on the
//! server, the tabs are plain links and the search a GET form, so all of it works before (or
//! without) the WASM, and a tab can be bookmarked.
use crate::activities::api::my_activities;
use crate::activities::pages::widgets::{ActivityCard, SignupBadge};
use crate::activities::views::MyActivity;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::format::encode_component;
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::use_query_map;

const PATH: &str = "/me/activities";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    All,
    Upcoming,
    Ended,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::All, Tab::Upcoming, Tab::Ended];

    /// The value of `?tab=` (and what the server function expects).
    fn code(self) -> &'static str {
        match self {
            Tab::All => "all",
            Tab::Upcoming => "upcoming",
            Tab::Ended => "ended",
        }
    }

    /// Anything unknown (or missing) is the "all" tab.
    fn from_code(code: &str) -> Tab {
        Tab::ALL.into_iter().find(|t| t.code() == code).unwrap_or(Tab::All)
    }

    fn label(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Tab::All => t_string!(i18n, my_activities.tab_all),
            Tab::Upcoming => t_string!(i18n, my_activities.tab_upcoming),
            Tab::Ended => t_string!(i18n, my_activities.tab_ended),
        }
        .to_string()
    }

    /// What the tab holds, said once under the tabs (the "ended" tab leaves out sign-ups that
    /// never became a place, which would otherwise puzzle people).
    fn hint(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Tab::All => t_string!(i18n, my_activities.tab_all_hint),
            Tab::Upcoming => t_string!(i18n, my_activities.tab_upcoming_hint),
            Tab::Ended => t_string!(i18n, my_activities.tab_ended_hint),
        }
        .to_string()
    }

    fn empty(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Tab::All => t_string!(i18n, my_activities.empty_all),
            Tab::Upcoming => t_string!(i18n, my_activities.empty_upcoming),
            Tab::Ended => t_string!(i18n, my_activities.empty_ended),
        }
        .to_string()
    }

    /// This tab's address, keeping the search in force.
    fn href(self, q: &str) -> String {
        if q.is_empty() {
            format!("{PATH}?tab={}", self.code())
        } else {
            format!("{PATH}?tab={}&q={}", self.code(), encode_component(q))
        }
    }
}

#[component]
pub fn MyActivitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_query_map();
    let tab = Memo::new(move |_| url.with(|m| Tab::from_code(m.get("tab").as_deref().unwrap_or_default().trim())));
    let q = Memo::new(move |_| {
        url.with(|m| m.get("q").map(|v| crate::validation::keyword_from_address(&v)).unwrap_or_default())
    });
    // Keyed on the URL only: a signed-out visitor gets `Unauthenticated` and is sent to login.
    let list = Resource::new(
        move || (tab.get(), q.get()),
        |(tab, q)| async move { my_activities(tab.code().to_owned(), q).await },
    );

    // The search box follows the URL (a tab link, back/forward, a submitted search).
    let start_keyword = q.get_untracked();
    crate::ui::fields::answer_422_if_refused(&start_keyword);
    let keyword = RwSignal::new(start_keyword.clone());
    Effect::new(move |_| keyword.set(q.get()));

    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, my_activities.title), t_string!(i18n, app.name)) />
        <section class="page my-activities">
            <h1>{move || t_string!(i18n, my_activities.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, my_activities.intro).to_string()}</p>
            <div class="calendar-export">
                // rel="external": a file download, not a page of the app.
                <a
                    class="button"
                    href="/me/activities.ics"
                    rel="external"
                    download="my-activities.ics"
                    aria-describedby="calendar-hint"
                >
                    {move || t_string!(i18n, my_activities.calendar_link).to_string()}
                </a>
                <p class="hint" id="calendar-hint">
                    {move || t_string!(i18n, my_activities.calendar_hint).to_string()}
                </p>
            </div>
            <nav class="activity-tabs" aria-label=move || t_string!(i18n, my_activities.tabs_label).to_string()>
                <ul>
                    {Tab::ALL
                        .into_iter()
                        .map(|t| {
                            view! {
                                <li>
                                    <a
                                        id=format!("tab-{}", t.code())
                                        href=move || t.href(&q.get())
                                        aria-current=move || (tab.get() == t).then_some("page")
                                    >
                                        {move || t.label(i18n)}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <div role="search" class="my-activities-search">
                <Form method="get" action=PATH>
                    // The tab stays what it was when searching.
                    <input type="hidden" name="tab" value=move || tab.get().code() />
                    <div class="field">
                        <label for="my-activities-q">
                            {move || t_string!(i18n, my_activities.search_label).to_string()}
                        </label>
                        <div class="inline-row">
                            // Written as an attribute too, so the page without JavaScript shows the search.
                            <input
                                id="my-activities-q"
                                name="q"
                                type="search"
                                maxlength=crate::validation::MAX_KEYWORD_CHARS
                                autocomplete="off"
                                value=start_keyword
                                prop:value=move || keyword.get()
                                on:input=move |ev| keyword.set(event_target_value(&ev))
                            />
                            <button type="submit" class="button primary">
                                {move || t_string!(i18n, my_activities.search_submit).to_string()}
                            </button>
                        </div>
                    </div>
                </Form>
                <Show when=move || !q.get().is_empty()>
                    <p class="search-clear">
                        <a href=move || {
                            tab.get().href("")
                        }>{move || t_string!(i18n, my_activities.search_clear).to_string()}</a>
                    </p>
                </Show>
            </div>
            <h2 id="my-activities-heading">{move || tab.get().label(i18n)}</h2>
            <p class="hint">{move || tab.get().hint(i18n)}</p>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match list.get() {
                    Some(Err(AppError::Unauthenticated)) => {
                        let here = match (tab.get_untracked(), q.get_untracked()) {
                            (Tab::All, q) if q.is_empty() => PATH.to_owned(),
                            (t, q) => t.href(&q),
                        };
                        view! { <Redirect path=format!("/login?next={}", encode_component(&here)) /> }.into_any()
                    }
                    Some(Err(e)) => {
                        view! {
                            <p class="banner banner-error" role="alert">
                                {error_text(i18n, &e)}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Ok(items)) => view! { <MyList items tab=tab.get_untracked() q=q.get_untracked() /> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn MyList(items: Vec<MyActivity>, tab: Tab, q: String) -> impl IntoView {
    let i18n = use_i18n();
    let count = items.len();
    // Said in a status region, so a screen reader hears what a search or a tab found.
    let summary = {
        let q = q.clone();
        move || {
            if q.is_empty() {
                t_string!(i18n, my_activities.count, count = count).to_string()
            } else {
                let q = q.clone();
                t_string!(i18n, my_activities.count_search, q = q, count = count).to_string()
            }
        }
    };
    if items.is_empty() {
        let empty = {
            let q = q.clone();
            move || {
                if q.is_empty() {
                    tab.empty(i18n)
                } else {
                    let q = q.clone();
                    t_string!(i18n, my_activities.empty_search, q = q).to_string()
                }
            }
        };
        return view! {
            <div role="status">
                <p class="empty">{empty}</p>
            </div>
            <p class="actions">
                <a class="button" href="/activities">
                    {move || t_string!(i18n, my_activities.find_activities).to_string()}
                </a>
            </p>
        }
        .into_any();
    }
    view! {
        <p role="status" class="result-count">
            {summary}
        </p>
        <ul class="card-list activity-list" aria-labelledby="my-activities-heading">
            {items.into_iter().map(|item| view! { <MyActivityRow item /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn MyActivityRow(item: MyActivity) -> impl IntoView {
    let i18n = use_i18n();
    let status = item.signup_status;
    let position = item.waitlist_position;
    let activity_id = item.summary.id;
    // Check-in (F-30) for a confirmed place in an activity not cancelled.
    let can_check_in = status == crate::activities::model::SignupStatus::Confirmed
        && item.summary.phase != crate::activities::model::Phase::Cancelled;
    let extra = view! {
        <p class="status-line my-signup">
            <span class="status-label">{move || t_string!(i18n, my_activities.my_signup).to_string()}</span>
            <SignupBadge status />
            {position
                .map(|position| {
                    view! {
                        <span class="waitlist-position">
                            {move || t_string!(i18n, my_activities.waitlist_position, position = position).to_string()}
                        </span>
                    }
                })}
            {can_check_in
                .then(|| {
                    view! {
                        <a class="checkin-link" href=format!("/activities/{activity_id}/checkin") rel="external">
                            {move || t_string!(i18n, attendance.activity_link).to_string()}
                        </a>
                    }
                })}
        </p>
    }
    .into_any();
    view! { <ActivityCard activity=item.summary extra /> }
}
