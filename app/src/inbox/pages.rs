//! The inbox page: the person's messages, newest first, each a sentence in their language built
//! from the message's kind and subject. Unread ones say so in words; once the list has been
//! shown, everything up to the newest message is marked read.
use crate::error::AppError;
use crate::i18n::*;
use crate::inbox::api::{mark_read, my_notices};
use crate::inbox::model::{kinds, Notice};
use crate::ui::errors::error_text;
use crate::ui::errors::LoginRequired;
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// Messages per request (the server's page size).
const PAGE: usize = 50;

/// The message's sentence in the current language.
pub fn notice_sentence(i18n: I18nContext<Locale>, notice: &Notice) -> String {
    let subject = notice.subject.clone();
    match notice.kind.as_str() {
        kinds::ORG_REVIEW_REQUESTED => t_string!(i18n, inbox.kinds.org_review_requested, subject = subject).to_string(),
        kinds::ORG_APPROVED => t_string!(i18n, inbox.kinds.org_approved, subject = subject).to_string(),
        kinds::ORG_REJECTED => t_string!(i18n, inbox.kinds.org_rejected, subject = subject).to_string(),
        kinds::MEMBER_APPLIED => t_string!(i18n, inbox.kinds.member_applied, subject = subject).to_string(),
        kinds::MEMBER_APPROVED => t_string!(i18n, inbox.kinds.member_approved, subject = subject).to_string(),
        kinds::MEMBER_DECLINED => t_string!(i18n, inbox.kinds.member_declined, subject = subject).to_string(),
        kinds::MEMBER_REMOVED => t_string!(i18n, inbox.kinds.member_removed, subject = subject).to_string(),
        kinds::MEMBER_TRANSFERRED => t_string!(i18n, inbox.kinds.member_transferred, subject = subject).to_string(),
        kinds::MEMBER_INVITED => t_string!(i18n, inbox.kinds.member_invited, subject = subject).to_string(),
        kinds::STAFF_ROLE_GRANTED => {
            let role = if notice.detail == "admin" {
                t_string!(i18n, inbox.role_admin).to_string()
            } else {
                t_string!(i18n, inbox.role_staff).to_string()
            };
            t_string!(i18n, inbox.kinds.staff_role_granted, subject = subject, role = role).to_string()
        }
        kinds::SIGNUP_CONFIRMED => t_string!(i18n, inbox.kinds.signup_confirmed, subject = subject).to_string(),
        kinds::SIGNUP_WAITLISTED => t_string!(i18n, inbox.kinds.signup_waitlisted, subject = subject).to_string(),
        kinds::SIGNUP_PENDING => t_string!(i18n, inbox.kinds.signup_pending, subject = subject).to_string(),
        kinds::SIGNUP_PROMOTED => t_string!(i18n, inbox.kinds.signup_promoted, subject = subject).to_string(),
        kinds::SIGNUP_DECLINED => t_string!(i18n, inbox.kinds.signup_declined, subject = subject).to_string(),
        kinds::SIGNUP_REQUESTED => t_string!(i18n, inbox.kinds.signup_requested, subject = subject).to_string(),
        kinds::ACTIVITY_CHANGED => t_string!(i18n, inbox.kinds.activity_changed, subject = subject).to_string(),
        kinds::ACTIVITY_CANCELLED => t_string!(i18n, inbox.kinds.activity_cancelled, subject = subject).to_string(),
        kinds::ACTIVITY_CONFIRM => t_string!(i18n, inbox.kinds.activity_confirm, subject = subject).to_string(),
        kinds::ACTIVITY_REMINDER => t_string!(i18n, inbox.kinds.activity_reminder, subject = subject).to_string(),
        kinds::ACCOUNT_CLOSED => t_string!(i18n, inbox.kinds.account_closed).to_string(),
        kinds::MAKEUP_APPROVED => t_string!(i18n, makeup.inbox_approved, subject = subject).to_string(),
        kinds::MAKEUP_REJECTED => t_string!(i18n, makeup.inbox_rejected, subject = subject).to_string(),
        kinds::DEMAND_REVIEW_REQUESTED => t_string!(i18n, demands.inbox_review, subject = subject).to_string(),
        kinds::DEMAND_RECRUITMENT => t_string!(i18n, demands.inbox_recruit, subject = subject).to_string(),
        _ => t_string!(i18n, inbox.kinds.other, subject = subject).to_string(),
    }
}

/// The detail worth showing under the sentence (a reason); the role of a staff grant is already
/// in the sentence.
fn shown_detail(notice: &Notice) -> Option<String> {
    let detail = notice.detail.trim();
    (!detail.is_empty() && notice.kind != kinds::STAFF_ROLE_GRANTED).then(|| detail.to_string())
}

/// Bumped when the person's unread count may have changed (the inbox marked messages read), so
/// the header's count is read again.
#[derive(Clone, Copy)]
pub struct InboxVersion(pub RwSignal<u32>);

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    // Depends on nothing but the session cookie: a signed-out visitor gets `Unauthenticated`.
    let first = Resource::new(|| (), |_| async move { my_notices(None).await.map(Some) });
    // Older pages, appended by "load more".
    let older = RwSignal::new(Vec::<Notice>::new());
    let exhausted = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let more_error = RwSignal::new(None::<String>);
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    // Once the first page is on screen, mark everything up to its newest message read and let
    // the header's count catch up.
    let marked = StoredValue::new(None::<i64>);
    let version = use_context::<InboxVersion>();
    Effect::new(move |_| {
        if let Some(Ok(Some(list))) = first.get() {
            let newest = list.iter().map(|n| n.id).max();
            let unread = list.iter().any(|n| !n.read);
            if let Some(newest) = newest.filter(|_| unread) {
                if marked.get_value() != Some(newest) {
                    marked.set_value(Some(newest));
                    leptos::task::spawn_local(async move {
                        if mark_read(Some(newest)).await.is_ok() {
                            if let Some(InboxVersion(v)) = version {
                                v.update(|n| *n += 1);
                            }
                        }
                    });
                }
            }
        }
    });

    let load_more = move |before: i64| {
        loading.set(true);
        more_error.set(None);
        leptos::task::spawn_local(async move {
            match my_notices(Some(before)).await {
                Ok(page) => {
                    if page.len() < PAGE {
                        exhausted.set(true);
                    }
                    older.update(|o| o.extend(page));
                }
                Err(e) => more_error.set(Some(error_text(i18n, &e))),
            }
            loading.set(false);
        });
    };

    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, inbox.title), t_string!(i18n, app.name)) />
        <section class="page narrow">
            <h1>{move || t_string!(i18n, inbox.title).to_string()}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match first.get() {
                    Some(Err(AppError::Unauthenticated)) => view! { <LoginRequired next="/inbox" /> }.into_any(),
                    Some(Err(e)) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                    Some(Ok(Some(list))) => {
                        if list.is_empty() {
                            return view! { <p class="empty">{move || t_string!(i18n, inbox.empty).to_string()}</p> }
                                .into_any();
                        }
                        let full_page = list.len() >= PAGE;
                        let first_oldest = list.iter().map(|n| n.id).min();
                        view! {
                            <ul class="notice-list">
                                {list.into_iter().map(|notice| view! { <NoticeItem notice /> }).collect_view()}
                                <For each=move || older.get() key=|n| n.id let:notice>
                                    <NoticeItem notice />
                                </For>
                            </ul>
                            {move || {
                                let more = full_page && !exhausted.get() && hydrated.get();
                                more.then(|| {
                                    let before = older.with(|o| o.iter().map(|n| n.id).min()).or(first_oldest);
                                    view! {
                                        <button
                                            type="button"
                                            class="button block"
                                            disabled=move || loading.get()
                                            on:click=move |_| {
                                                if let Some(before) = before {
                                                    load_more(before);
                                                }
                                            }
                                        >
                                            {move || t_string!(i18n, inbox.load_more).to_string()}
                                        </button>
                                    }
                                })
                            }}
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
                    _ => ().into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn NoticeItem(notice: Notice) -> impl IntoView {
    let i18n = use_i18n();
    let unread = !notice.read;
    let when = crate::ui::format::local_time(notice.created_at);
    let stamp = crate::clock::local(notice.created_at).map(|t| t.to_rfc3339()).unwrap_or_default();
    let detail = shown_detail(&notice);
    let link = notice.link.clone();
    let sentence = {
        let notice = notice.clone();
        move || notice_sentence(i18n, &notice)
    };
    view! {
        <li class="card notice" class:notice-unread=unread>
            <p class="notice-meta">
                {unread
                    .then(|| {
                        view! {
                            <span class="badge badge-unread">{move || t_string!(i18n, inbox.unread).to_string()}</span>
                        }
                    })} <time datetime=stamp>{when}</time>
            </p>
            <p class="notice-text">
                {if link.is_empty() {
                    view! { <span>{sentence}</span> }.into_any()
                } else {
                    view! { <a href=link>{sentence}</a> }.into_any()
                }}
            </p>
            {detail
                .map(|d| {
                    view! {
                        <p class="notice-detail">
                            <span class="detail-label">{move || t_string!(i18n, inbox.detail).to_string()}</span>
                            <span class="prewrap">{d}</span>
                        </p>
                    }
                })}
        </li>
    }
}
