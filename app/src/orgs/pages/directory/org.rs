//! One organisation's public page: where it sits in the tree, its details, the units below it,
//! and what the viewer can do (join, register a unit below, manage).
use super::card::{CategoryTags, OrgCard};
use super::join::JoinProps;
use crate::error::AppError;
use crate::i18n::*;
use crate::orgs::api::get_org;
use crate::orgs::model::SUPERVISOR_TYPE;
use crate::orgs::views::{OrgDetail, OrgStatus};
use crate::ui::choices::choice_label;
use crate::ui::errors::error_text;
use crate::ui::fields::text;
use crate::ui::head::{PageDescription, PageTitle};
use crate::ui::light::Island;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_params_map;

fn org_status_text(i18n: I18nContext<Locale>, status: OrgStatus) -> String {
    match status {
        OrgStatus::Pending => t_string!(i18n, orgs.status_pending).to_string(),
        OrgStatus::Approved => t_string!(i18n, orgs.status_approved).to_string(),
        OrgStatus::Rejected => t_string!(i18n, orgs.status_rejected).to_string(),
        OrgStatus::Closed => t_string!(i18n, orgs.status_closed).to_string(),
    }
}

#[component]
pub fn OrgPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_org(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=move || {
            view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok(d) => view! { <OrgView detail=d /> }.into_any(),
                        Err(e) => {
                            view! {
                                <PageTitle text=move || {
                                    format!("{} · {}", t_string!(i18n, orgs.title), t_string!(i18n, app.name))
                                } />
                                <section class="page narrow">
                                    <h1>{move || t_string!(i18n, orgs.title).to_string()}</h1>
                                    <p class="banner banner-error">{error_text(i18n, &e)}</p>
                                    <a href="/orgs">{move || t_string!(i18n, orgs.directory_link).to_string()}</a>
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn OrgView(detail: OrgDetail) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let id = d.summary.id;
    let name = d.summary.name.clone();
    let title_name = name.clone();
    let described = name.clone();
    let status = d.summary.status;
    let approved = status == OrgStatus::Approved;
    let supervisor_type = d.supervisor_type.clone();
    let supervisor = move || {
        let kind =
            SUPERVISOR_TYPE.items.iter().find(|c| c.code == supervisor_type).map(|c| choice_label(i18n, c).to_string());
        [kind.unwrap_or_default(), d.supervisor_name.clone()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let leader = [d.leader_name.clone(), d.leader_title.clone(), d.leader_unit.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let civil = d.civil_registered;
    let child_level = d.child_level_name.clone();
    let children = d.children.clone();
    let viewer = d.viewer.clone();
    let categories = d.summary.service_categories.clone();

    // A labelled paragraph of free text, left out when empty.
    let text_block = move |label: Signal<String>, value: String| {
        (!value.trim().is_empty()).then(|| {
            view! {
                <div>
                    <dt>{move || label.get()}</dt>
                    <dd class="prewrap">{value}</dd>
                </div>
            }
        })
    };

    view! {
        <PageTitle text=move || format!("{} · {}", title_name, t_string!(i18n, app.name)) />
        <PageDescription text=move || t_string!(i18n, meta.org, name = described.clone()).to_string() />
        <section class="page">
            <nav class="breadcrumb" aria-label=move || t_string!(i18n, orgs.breadcrumb).to_string()>
                <ol>
                    <li>
                        <a href="/orgs">{move || t_string!(i18n, orgs.title).to_string()}</a>
                    </li>
                    {d
                        .path
                        .iter()
                        .map(|(pid, pname)| {
                            view! {
                                <li>
                                    <a href=format!("/orgs/{pid}")>{pname.clone()}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                    <li aria-current="page">{name.clone()}</li>
                </ol>
            </nav>
            <h1>{name.clone()}</h1>
            <p class="org-meta">
                <span>{d.summary.level_name.clone()}</span>
                {(!d.summary.region.is_empty()).then(|| view! { <span>{d.summary.region.clone()}</span> })}
                <span>
                    {move || t_string!(i18n, orgs.members).to_string()} " "
                    {move || t_string!(i18n, orgs.members_count, count = d.summary.members).to_string()}
                </span>
            </p>
            <p class="status-line">
                <span class="status-label">{move || t_string!(i18n, orgs.status_label).to_string()}</span>
                <span class=format!("badge badge-{}", status.code())>{move || org_status_text(i18n, status)}</span>
            </p>
            {(status == OrgStatus::Pending)
                .then(|| {
                    view! { <p class="banner banner-info">{move || t_string!(i18n, orgs.pending_note).to_string()}</p> }
                })}
            {d
                .review_reason
                .clone()
                .map(|reason| {
                    view! {
                        <div class="banner banner-warning">
                            <h2 class="inline-heading">{move || t_string!(i18n, orgs.review_reason).to_string()}</h2>
                            <p class="prewrap">{reason}</p>
                        </div>
                    }
                })}
            <Island props=JoinProps {
                org_id: id,
                approved,
                viewer: viewer.clone(),
            } />
            <p class="actions">
                {approved
                    .then(|| {
                        let level = child_level.clone();
                        view! {
                            <a class="button" href=format!("/orgs/new?parent={id}")>
                                {move || t_string!(i18n, orgs.register_child, level = level.clone()).to_string()}
                            </a>
                        }
                    })}
                {viewer
                    .can_manage
                    .then(|| {
                        view! {
                            <a class="button" href=format!("/orgs/{id}/manage")>
                                {move || t_string!(i18n, orgs.manage).to_string()}
                            </a>
                        }
                    })}
            </p>
        </section>
        <section class="page" aria-labelledby="org-details-title">
            <h2 id="org-details-title">{move || t_string!(i18n, orgs.details).to_string()}</h2>
            <dl class="facts org-facts">
                {(!categories.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.categories).to_string()}</dt>
                                <dd>
                                    <CategoryTags codes=categories.clone() />
                                </dd>
                            </div>
                        }
                    })} <div>
                    <dt>{move || t_string!(i18n, orgs.supervisor).to_string()}</dt>
                    <dd>{supervisor}</dd>
                </div> <div>
                    <dt>{move || t_string!(i18n, orgs.civil_registered).to_string()}</dt>
                    <dd>
                        {move || {
                            if civil {
                                t_string!(i18n, orgs.yes).to_string()
                            } else {
                                t_string!(i18n, orgs.no).to_string()
                            }
                        }}
                    </dd>
                </div>
                {(!d.founded_on.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.founded_on).to_string()}</dt>
                                <dd>{d.founded_on.clone()}</dd>
                            </div>
                        }
                    })}
                {text_block(text(move || t_string!(i18n, orgs.service_scope).to_string()), d.service_scope.clone())}
                {text_block(text(move || t_string!(i18n, orgs.service_content).to_string()), d.service_content.clone())}
                {text_block(text(move || t_string!(i18n, orgs.service_objects).to_string()), d.service_objects.clone())}
                {text_block(
                    text(move || t_string!(i18n, orgs.service_requirements).to_string()),
                    d.service_requirements.clone(),
                )} {text_block(text(move || t_string!(i18n, orgs.leader).to_string()), leader)}
            </dl>
        </section>
        <section class="page" aria-labelledby="org-children-title">
            <h2 id="org-children-title">{move || t_string!(i18n, orgs.children).to_string()}</h2>
            {if children.is_empty() {
                view! { <p class="empty">{move || t_string!(i18n, orgs.no_children).to_string()}</p> }.into_any()
            } else {
                view! {
                    <ul class="org-list">{children.into_iter().map(|org| view! { <OrgCard org /> }).collect_view()}</ul>
                }
                    .into_any()
            }}
        </section>
    }
}
