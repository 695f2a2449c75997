//! Registrations waiting for this organisation (or a unit below it) to review them, with
//! everything CVST 1 §5.4.2 has the reviewer check: service field, items and requirements, the
//! name, the member count, the leader and the contact.
use super::nav::{ManageScope, ManageShell, Section};
use super::widgets::{date_text, ChoiceTags};
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::orgs::api::{review_queue, DecideReview};
use crate::orgs::views::ReviewItem;
use crate::ui::decision_queue::{DecisionQueue, QueueTexts};
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

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
    let action = ServerAction::<DecideReview>::new();
    let texts = QueueTexts {
        approve: text(move || t_string!(i18n, manage.reviews.approve).to_string()),
        decline: text(move || t_string!(i18n, manage.reviews.reject).to_string()),
        prompt: text(move || t_string!(i18n, manage.reviews.reject_prompt).to_string()),
        reason: text(move || t_string!(i18n, manage.reviews.reject_reason).to_string()),
        confirm: text(move || t_string!(i18n, manage.reviews.reject_confirm).to_string()),
        cancel: text(move || t_string!(i18n, manage.cancel).to_string()),
        empty: text(move || t_string!(i18n, manage.reviews.empty).to_string()),
    };
    view! {
        <p class="lead">{move || t_string!(i18n, manage.reviews.intro).to_string()}</p>
        <Transition fallback=move || {
            view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || match queue.get() {
                Some(Ok(Some(items))) => {
                    view! {
                        <DecisionQueue
                            items
                            key=|item: &ReviewItem| item.id
                            id_field="org_id"
                            action
                            card=review_card
                            card_class="card review-card"
                            texts
                            done=decided_text
                            status_id="manage-status"
                        />
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
    }
}

fn decided_text(i18n: I18nContext<Locale>, item: &ReviewItem, approved: bool) -> String {
    let name = item.name.clone();
    if approved {
        t_string!(i18n, manage.reviews.approved, name = name).to_string()
    } else {
        t_string!(i18n, manage.reviews.rejected, name = name).to_string()
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

/// A registration with everything the reviewer checks.
fn review_card(item: ReviewItem) -> AnyView {
    let i18n = use_i18n();
    let contact = [item.contact_name.clone(), item.contact_mobile.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let civil = item.civil_registered;
    view! {
        <h2 class="card-title">{item.name.clone()}</h2>
        <dl class="facts">
            {fact(text(move || t_string!(i18n, manage.reviews.parent).to_string()), item.parent_name.clone())}
            {fact(text(move || t_string!(i18n, manage.reviews.level).to_string()), item.level_name.clone())}
            {fact(text(move || t_string!(i18n, manage.reviews.region).to_string()), item.region.clone())} <div>
                <dt>{move || t_string!(i18n, manage.reviews.categories).to_string()}</dt>
                <dd>
                    <ChoiceTags list=&SERVICE_CATEGORY codes=item.service_categories.clone() />
                </dd>
            </div> {fact(text(move || t_string!(i18n, manage.reviews.scope).to_string()), item.service_scope.clone())}
            {fact(text(move || t_string!(i18n, manage.reviews.content).to_string()), item.service_content.clone())}
            {fact(text(move || t_string!(i18n, manage.reviews.objects).to_string()), item.service_objects.clone())}
            {fact(
                text(move || t_string!(i18n, manage.reviews.requirements).to_string()),
                item.service_requirements.clone(),
            )}
            {fact(
                text(move || t_string!(i18n, manage.reviews.planned_members).to_string()),
                item.planned_members.to_string(),
            )} {fact(text(move || t_string!(i18n, manage.reviews.leader).to_string()), item.leader.clone())}
            {fact(text(move || t_string!(i18n, manage.reviews.contact).to_string()), contact)} <div>
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
            </div> {fact(text(move || t_string!(i18n, manage.reviews.supervisor).to_string()), item.supervisor.clone())}
            {fact(text(move || t_string!(i18n, manage.reviews.founded_on).to_string()), item.founded_on.clone())}
            {fact(text(move || t_string!(i18n, manage.reviews.submitted_at).to_string()), date_text(item.submitted_at))}
        </dl>
    }
    .into_any()
}
