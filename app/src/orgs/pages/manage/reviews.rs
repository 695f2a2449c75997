//! Registrations waiting for this organisation (or a unit below it) to review them, with
//! everything CVST 1 §5.4.2 has the reviewer check: service field, items and requirements, the
//! name, the member count, the leader and the contact.
use super::nav::{focus_later, ManageScope, ManageShell, Section};
use super::widgets::{date_text, refusal_field, ChoiceTags, ReasonConfirm};
use crate::i18n::*;
use crate::orgs::api::{review_queue, DecideReview};
use crate::orgs::views::ReviewItem;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::text;
use crate::codes::SERVICE_CATEGORY;
use leptos::prelude::*;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let scope = ManageScope::new();
    let queue = Resource::new(
        move || scope.key(),
        |key| async move {
            match key {
                Some(id) => review_queue(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Reviews>
            <ReviewList queue />
        </ManageShell>
    }
}

type Queue = Resource<Result<Option<Vec<ReviewItem>>, crate::error::AppError>>;

#[component]
fn ReviewList(queue: Queue) -> impl IntoView {
    let i18n = use_i18n();
    let decided = RwSignal::new(Vec::<i64>::new());
    let done = RwSignal::new(None::<String>);
    let on_decided = Callback::new(move |(id, message): (i64, String)| {
        decided.update(|d| d.push(id));
        done.set(Some(message));
        focus_later("manage-status");
    });
    view! {
        <p class="lead">{move || t_string!(i18n, manage.reviews.intro).to_string()}</p>
        <div id="manage-status" tabindex="-1">
            <FormMessage error=Signal::derive(|| None::<String>) success=done />
        </div>
        <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
            {move || match queue.get() {
                Some(Ok(Some(items))) => {
                    let items: Vec<ReviewItem> = items.into_iter().filter(|i| !decided.with(|d| d.contains(&i.id))).collect();
                    if items.is_empty() {
                        view! { <p class="empty">{move || t_string!(i18n, manage.reviews.empty).to_string()}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list">
                                {items.into_iter().map(|item| view! { <ReviewCard item on_decided /> }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }
                Some(Err(e)) => view! { <p class="banner banner-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </Transition>
    }
}

/// One fact of a registration; an empty value reads "无" rather than leaving a gap.
fn fact(label: Signal<String>, value: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div>
            <dt>{move || label.get()}</dt>
            <dd>
                {if value.trim().is_empty() {
                    view! { <span>{move || t_string!(i18n, common.none).to_string()}</span> }.into_any()
                } else {
                    view! { <span class="pre-line">{value}</span> }.into_any()
                }}
            </dd>
        </div>
    }
}

#[component]
fn ReviewCard(item: ReviewItem, on_decided: Callback<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideReview>::new();
    let approving = RwSignal::new(true);
    let banner = RwSignal::new(None::<String>);
    let reason_error = RwSignal::new(None::<String>);
    let id = item.id;
    let name = item.name.clone();
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(())) => {
            let name = name.clone();
            let message = if approving.get_untracked() {
                t_string!(i18n, manage.reviews.approved, name = name).to_string()
            } else {
                t_string!(i18n, manage.reviews.rejected, name = name).to_string()
            };
            on_decided.run((id, message));
        }
        Some(Err(e)) => match e.field_errors().and_then(|f| refusal_field(i18n, f, "reason")) {
            Some(message) => reason_error.set(Some(message)),
            None => banner.set(Some(error_text(i18n, &e))),
        },
        None => {}
    });
    let approve = move |_| {
        banner.set(None);
        approving.set(true);
        decide.dispatch(DecideReview { org_id: id, approve: true, reason: String::new() });
    };
    let reject = Callback::new(move |reason: String| {
        banner.set(None);
        approving.set(false);
        decide.dispatch(DecideReview { org_id: id, approve: false, reason });
    });
    let contact = [item.contact_name.clone(), item.contact_mobile.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    let civil = item.civil_registered;
    view! {
        <li class="card review-card">
            <h2 class="card-title">{item.name.clone()}</h2>
            <dl class="facts">
                {fact(text(move || t_string!(i18n, manage.reviews.parent).to_string()), item.parent_name.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.level).to_string()), item.level_name.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.region).to_string()), item.region.clone())}
                <div>
                    <dt>{move || t_string!(i18n, manage.reviews.categories).to_string()}</dt>
                    <dd>
                        <ChoiceTags list=&SERVICE_CATEGORY codes=item.service_categories.clone() />
                    </dd>
                </div>
                {fact(text(move || t_string!(i18n, manage.reviews.scope).to_string()), item.service_scope.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.content).to_string()), item.service_content.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.objects).to_string()), item.service_objects.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.requirements).to_string()), item.service_requirements.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.planned_members).to_string()), item.planned_members.to_string())}
                {fact(text(move || t_string!(i18n, manage.reviews.leader).to_string()), item.leader.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.contact).to_string()), contact)}
                <div>
                    <dt>{move || t_string!(i18n, manage.reviews.civil_registered).to_string()}</dt>
                    <dd>
                        {move || {
                            if civil {
                                t_string!(i18n, manage.yes).to_string()
                            } else {
                                t_string!(i18n, manage.no).to_string()
                            }
                        }}
                    </dd>
                </div>
                {fact(text(move || t_string!(i18n, manage.reviews.supervisor).to_string()), item.supervisor.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.founded_on).to_string()), item.founded_on.clone())}
                {fact(text(move || t_string!(i18n, manage.reviews.submitted_at).to_string()), date_text(item.submitted_at))}
            </dl>
            {move || banner.get().map(|b| view! { <p class="banner banner-error" role="alert">{b}</p> })}
            <div class="decision">
                <button type="button" class="button primary" disabled=move || decide.pending().get() on:click=approve>
                    {move || t_string!(i18n, manage.reviews.approve).to_string()}
                </button>
                <ReasonConfirm
                    id=format!("review-{id}")
                    open_label=text(move || t_string!(i18n, manage.reviews.reject).to_string())
                    prompt=text(move || t_string!(i18n, manage.reviews.reject_prompt).to_string())
                    reason_label=text(move || t_string!(i18n, manage.reviews.reject_reason).to_string())
                    confirm_label=text(move || t_string!(i18n, manage.reviews.reject_confirm).to_string())
                    pending=decide.pending()
                    error=reason_error
                    on_confirm=reject
                />
            </div>
        </li>
    }
}
