//! Applications to join this organisation or a unit below it (including transfers from another
//! organisation), each approved or declined with a reason the volunteer sees.
use super::nav::{focus_later, ManageScope, ManageShell, Section};
use super::widgets::{date_text, refusal_field, ChoiceTags, ReasonConfirm};
use crate::i18n::*;
use crate::orgs::membership::{applications, DecideApplication};
use crate::orgs::views::Application;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::text;
use crate::codes::SERVICE_CATEGORY;
use leptos::prelude::*;

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
    let decided = RwSignal::new(Vec::<i64>::new());
    let done = RwSignal::new(None::<String>);
    let on_decided = Callback::new(move |(id, message): (i64, String)| {
        decided.update(|d| d.push(id));
        done.set(Some(message));
        focus_later("manage-status");
    });
    view! {
        <p class="lead">{move || t_string!(i18n, manage.applications.intro).to_string()}</p>
        <div id="manage-status" tabindex="-1">
            <FormMessage error=Signal::derive(|| None::<String>) success=done />
        </div>
        <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
            {move || match list.get() {
                Some(Ok(Some(items))) => {
                    let items: Vec<Application> = items.into_iter().filter(|a| !decided.with(|d| d.contains(&a.id))).collect();
                    if items.is_empty() {
                        view! { <p class="empty">{move || t_string!(i18n, manage.applications.empty).to_string()}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list">
                                {items.into_iter().map(|application| view! { <ApplicationCard application on_decided /> }).collect_view()}
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

#[component]
fn ApplicationCard(application: Application, on_decided: Callback<(i64, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideApplication>::new();
    let approving = RwSignal::new(true);
    let banner = RwSignal::new(None::<String>);
    let reason_error = RwSignal::new(None::<String>);
    let id = application.id;
    let shown_name = if application.real_name.trim().is_empty() { application.volunteer_no.clone() } else { application.real_name.clone() };
    {
        let name = shown_name.clone();
        Effect::new(move |_| match decide.value().get() {
            Some(Ok(())) => {
                let name = name.clone();
                let message = if approving.get_untracked() {
                    t_string!(i18n, manage.applications.approved, name = name).to_string()
                } else {
                    t_string!(i18n, manage.applications.declined, name = name).to_string()
                };
                on_decided.run((id, message));
            }
            Some(Err(e)) => match e.field_errors().and_then(|f| refusal_field(i18n, f, "reason")) {
                Some(message) => reason_error.set(Some(message)),
                None => banner.set(Some(error_text(i18n, &e))),
            },
            None => {}
        });
    }
    let approve = move |_| {
        banner.set(None);
        approving.set(true);
        decide.dispatch(DecideApplication { membership_id: id, approve: true, reason: String::new() });
    };
    let decline = Callback::new(move |reason: String| {
        banner.set(None);
        approving.set(false);
        decide.dispatch(DecideApplication { membership_id: id, approve: false, reason });
    });
    let no = application.volunteer_no.clone();
    let transfer = application.transfer_from_org.clone();
    view! {
        <li class="card application-card">
            <h2 class="card-title">{shown_name}</h2>
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
            {move || banner.get().map(|b| view! { <p class="banner banner-error" role="alert">{b}</p> })}
            <div class="decision">
                <button type="button" class="button primary" disabled=move || decide.pending().get() on:click=approve>
                    {move || t_string!(i18n, manage.applications.approve).to_string()}
                </button>
                <ReasonConfirm
                    id=format!("application-{id}")
                    open_label=text(move || t_string!(i18n, manage.applications.decline).to_string())
                    prompt=text(move || t_string!(i18n, manage.applications.decline_prompt).to_string())
                    reason_label=text(move || t_string!(i18n, manage.applications.decline_reason).to_string())
                    confirm_label=text(move || t_string!(i18n, manage.applications.decline_confirm).to_string())
                    pending=decide.pending()
                    error=reason_error
                    on_confirm=decline
                />
            </div>
        </li>
    }
}
