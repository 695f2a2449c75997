//! The console's first page: the organisation, how many people and organisations its subtree
//! holds, and the way to each section.
use super::nav::{ManageScope, ManageShell, Section};
use crate::i18n::*;
use crate::orgs::api::subtree_counts;
use crate::ui::errors::error_text;
use leptos::prelude::*;

#[component]
pub fn ManagePage() -> impl IntoView {
    let i18n = use_i18n();
    let scope = ManageScope::new();
    let counts = Resource::new(
        move || scope.key(),
        |key| async move {
            match key {
                Some(id) => subtree_counts(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <ManageShell scope section=Section::Overview>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match counts.get() {
                    Some(Ok(Some((members, organisations)))) => {
                        let below = (organisations - 1).max(0);
                        view! {
                            <dl class="stats">
                                <div>
                                    <dt>{move || t_string!(i18n, manage.overview.members).to_string()}</dt>
                                    <dd id="count-members">{members}</dd>
                                </div>
                                <div>
                                    <dt>{move || t_string!(i18n, manage.overview.sub_orgs).to_string()}</dt>
                                    <dd id="count-orgs">{below}</dd>
                                </div>
                            </dl>
                            <p class="hint">{move || t_string!(i18n, manage.overview.counts_note).to_string()}</p>
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
            <h2>{move || t_string!(i18n, manage.overview.tasks).to_string()}</h2>
            <ul class="manage-menu">
                {[
                    (Section::Reviews, 0u8),
                    (Section::Applications, 1),
                    (Section::Roster, 2),
                    (Section::Staff, 3),
                    (Section::Import, 4),
                    (Section::Activities, 5),
                ]
                    .into_iter()
                    .map(|(section, n)| {
                        let id = scope.id();
                        view! {
                            <li>
                                <a class="menu-item" href=section.href(id)>
                                    <span>
                                        <strong>{move || section.label(i18n)}</strong>
                                        <span class="menu-note">
                                            {move || match n {
                                                0 => t_string!(i18n, manage.overview.reviews_note).to_string(),
                                                1 => t_string!(i18n, manage.overview.applications_note).to_string(),
                                                2 => t_string!(i18n, manage.overview.roster_note).to_string(),
                                                3 => t_string!(i18n, manage.overview.staff_note).to_string(),
                                                4 => t_string!(i18n, manage.overview.import_note).to_string(),
                                                _ => t_string!(i18n, manage.overview.activities_note).to_string(),
                                            }}
                                        </span>
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </ManageShell>
    }
}
