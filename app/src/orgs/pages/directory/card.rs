//! One organisation in a list, and its service categories as labels.
use crate::codes::SERVICE_CATEGORY;
use crate::i18n::*;
use crate::orgs::views::OrgSummary;
use crate::ui::choices::choice_label;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The service categories' labels in the current language.
fn category_labels(i18n: I18nContext<Locale>, codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .map(|code| {
            SERVICE_CATEGORY
                .items
                .iter()
                .find(|c| c.code == code)
                .map(|c| choice_label(i18n, c).to_string())
                .unwrap_or_else(|| code.clone())
        })
        .collect()
}

/// Categories as a row of text labels.
#[component]
pub(super) fn CategoryTags(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="cat-tags">
            {move || {
                category_labels(i18n, &codes)
                    .into_iter()
                    .map(|label| view! { <li class="cat-tag">{label}</li> })
                    .collect_view()
            }}
        </ul>
    }
}

/// One organisation in a list: its name as a link, level, region, categories and members.
#[component]
pub(super) fn OrgCard(org: OrgSummary) -> impl IntoView {
    let i18n = use_i18n();
    let count = org.members;
    let categories = org.service_categories.clone();
    let has_categories = !categories.is_empty();
    let region = org.region.clone();
    view! {
        <li class="card org-card">
            <h3 class="card-title">
                <a href=format!("/orgs/{}", org.id)>{org.name.clone()}</a>
            </h3>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, orgs.level).to_string()}</dt>
                    <dd>{org.level_name.clone()}</dd>
                </div>
                {(!region.is_empty())
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.region).to_string()}</dt>
                                <dd>{region.clone()}</dd>
                            </div>
                        }
                    })}
                {has_categories
                    .then(|| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, orgs.categories).to_string()}</dt>
                                <dd>
                                    <CategoryTags codes=categories.clone() />
                                </dd>
                            </div>
                        }
                    })}
                <div>
                    <dt>{move || t_string!(i18n, orgs.members).to_string()}</dt>
                    <dd>{move || t_string!(i18n, orgs.members_count, count = count).to_string()}</dd>
                </div>
            </dl>
        </li>
    }
}
