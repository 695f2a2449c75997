//! Applications to join this organisation or a unit below it (including transfers from another
//! organisation), each approved or declined with a reason the volunteer sees.
use super::nav::{ManageScope, ManageShell, Section};
use super::widgets::{date_text, ChoiceTags};
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::orgs::membership::{applications, DecideApplication};
use crate::orgs::views::Application;
use crate::ui::decision_queue::{DecisionQueue, QueueTexts};
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let scope = ManageScope::new();
    let list = Resource::new(
        move || scope.key(),
        |key| async move {
            match key {
                Some(id) => applications(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Applications>
            <ApplicationList list />
        </ManageShell>
    }
}

type List = Resource<Result<Option<Vec<Application>>, crate::error::AppError>>;

#[component]
fn ApplicationList(list: List) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DecideApplication>::new();
    let texts = QueueTexts {
        approve: text(move || t_string!(i18n, manage.applications.approve).to_string()),
        decline: text(move || t_string!(i18n, manage.applications.decline).to_string()),
        prompt: text(move || t_string!(i18n, manage.applications.decline_prompt).to_string()),
        reason: text(move || t_string!(i18n, manage.applications.decline_reason).to_string()),
        confirm: text(move || t_string!(i18n, manage.applications.decline_confirm).to_string()),
        cancel: text(move || t_string!(i18n, manage.cancel).to_string()),
        empty: text(move || t_string!(i18n, manage.applications.empty).to_string()),
    };
    view! {
        <p class="lead">{move || t_string!(i18n, manage.applications.intro).to_string()}</p>
        <Transition fallback=move || {
            view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || match list.get() {
                Some(Ok(Some(items))) => {
                    view! {
                        <DecisionQueue
                            items
                            key=|a: &Application| a.id
                            id_field="membership_id"
                            action
                            card=application_card
                            card_class="card application-card"
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

/// The person's name, or their volunteer number before they have given one.
fn shown_name(application: &Application) -> String {
    if application.real_name.trim().is_empty() {
        application.volunteer_no.clone()
    } else {
        application.real_name.clone()
    }
}

fn decided_text(i18n: I18nContext<Locale>, application: &Application, approved: bool) -> String {
    let name = shown_name(application);
    if approved {
        t_string!(i18n, manage.applications.approved, name = name).to_string()
    } else {
        t_string!(i18n, manage.applications.declined, name = name).to_string()
    }
}

/// Who applied, to which unit, and what they bring.
fn application_card(application: Application) -> AnyView {
    let i18n = use_i18n();
    let no = application.volunteer_no.clone();
    let transfer = application.transfer_from_org.clone();
    view! {
        <h2 class="card-title">{shown_name(&application)}</h2>
        {transfer
            .map(|from| {
                view! {
                    <p class="banner banner-info">
                        {move || t_string!(i18n, manage.applications.transfer_from, org = from.clone()).to_string()}
                    </p>
                }
            })}
        <dl class="facts">
            <div>
                <dt>{move || t_string!(i18n, manage.volunteer_no).to_string()}</dt>
                <dd>
                    <a href=format!("/volunteers/{no}")>{no.clone()}</a>
                </dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage.applications.target).to_string()}</dt>
                <dd>{application.org_name.clone()}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage.region).to_string()}</dt>
                <dd>{application.region.clone()}</dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage.categories).to_string()}</dt>
                <dd>
                    <ChoiceTags list=&SERVICE_CATEGORY codes=application.service_categories.clone() />
                </dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage.applications.skills).to_string()}</dt>
                <dd class="pre-line">
                    {if application.skills.trim().is_empty() {
                        view! { <span>{move || t_string!(i18n, common.none).to_string()}</span> }.into_any()
                    } else {
                        view! { <span>{application.skills.clone()}</span> }.into_any()
                    }}
                </dd>
            </div>
            <div>
                <dt>{move || t_string!(i18n, manage.applications.requested_at).to_string()}</dt>
                <dd>{date_text(application.requested_at)}</dd>
            </div>
        </dl>
    }
    .into_any()
}
