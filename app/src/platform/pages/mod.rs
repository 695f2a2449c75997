//! The platform console's pages and the frame they share: only platform admins see a section
//! (the server functions refuse everyone else in any case); others are sent to log in or told
//! plainly that the console is not theirs.
pub mod admins;
pub mod audit;
pub mod closures;
pub mod corps;

use crate::accounts::auth::use_auth;
use crate::i18n::*;
use crate::ui::head::PageTitle;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;

/// The console's sections, in navigation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Corps,
    Admins,
    Closures,
    Audit,
}

impl Section {
    pub const ALL: [Section; 4] = [Section::Corps, Section::Admins, Section::Closures, Section::Audit];

    pub fn href(self) -> &'static str {
        match self {
            Section::Corps => "/platform",
            Section::Admins => "/platform/admins",
            Section::Closures => "/platform/closures",
            Section::Audit => "/platform/audit",
        }
    }

    pub fn label(self, i18n: I18nContext<Locale>) -> String {
        match self {
            Section::Corps => t_string!(i18n, platform.nav.corps).to_string(),
            Section::Admins => t_string!(i18n, platform.nav.admins).to_string(),
            Section::Closures => t_string!(i18n, platform.nav.closures).to_string(),
            Section::Audit => t_string!(i18n, platform.nav.audit).to_string(),
        }
    }
}

/// Frames a console page: login first, a refusal for anyone who is not a platform admin, and
/// otherwise the heading, the section navigation and the page.
#[component]
pub fn PlatformShell(section: Section, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let children = StoredValue::new(children);
    view! {
        <PageTitle text=move || {
            format!("{} · {} · {}", section.label(i18n), t_string!(i18n, platform.title), t_string!(i18n, app.name))
        } />
        <section class="page manage">
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || match auth.state() {
                    None => ().into_any(),
                    Some(None) => view! { <Redirect path=format!("/login?next={}", section.href()) /> }.into_any(),
                    Some(Some(user)) if !user.is_platform_admin => {
                        view! {
                            <h1>{move || t_string!(i18n, platform.title).to_string()}</h1>
                            <p class="banner banner-error" role="alert">
                                {move || t_string!(i18n, platform.forbidden).to_string()}
                            </p>
                        }
                            .into_any()
                    }
                    Some(Some(_)) => {
                        view! {
                            <p class="manage-eyebrow">{move || t_string!(i18n, platform.title).to_string()}</p>
                            <h1>{move || section.label(i18n)}</h1>
                            <PlatformNav current=section />
                            <div class="manage-body">{children.with_value(|c| c())}</div>
                        }
                            .into_any()
                    }
                }}
            </Transition>
        </section>
    }
}

#[component]
fn PlatformNav(current: Section) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="manage-nav" aria-label=move || t_string!(i18n, platform.nav.label).to_string()>
            <ul>
                {Section::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <li>
                                <a href=s.href() aria-current=(s == current).then_some("page")>
                                    {move || s.label(i18n)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// A danger button that first opens a confirmation saying what will happen; `on_confirm` runs
/// only from the second, explicit button.
#[component]
fn ConfirmedButton(
    label: Signal<String>,
    question: Signal<String>,
    confirm_label: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || {
                view! {
                    <button type="button" class="button danger" on:click=move |_| confirming.set(true)>
                        {move || label.get()}
                    </button>
                }
            }
        >
            <div class="confirm" role="group">
                <p>{move || question.get()}</p>
                <div class="actions">
                    <button
                        type="button"
                        class="button danger"
                        disabled=move || pending.get()
                        on:click=move |_| {
                            confirming.set(false);
                            on_confirm.run(());
                        }
                    >
                        {move || confirm_label.get()}
                    </button>
                    <button type="button" class="button" on:click=move |_| confirming.set(false)>
                        {move || t_string!(i18n, manage.cancel).to_string()}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// A person's volunteer number and masked mobile, as the console's cards list them.
fn person_facts(i18n: I18nContext<Locale>, volunteer_no: String, mobile_masked: String) -> impl IntoView {
    view! {
        <div>
            <dt>{move || t_string!(i18n, manage.volunteer_no).to_string()}</dt>
            <dd>{volunteer_no}</dd>
        </div>
        <div>
            <dt>{move || t_string!(i18n, manage.mobile).to_string()}</dt>
            <dd>{mobile_masked}</dd>
        </div>
    }
}

/// A console list: a loading line, then the resource's refusal, `empty` when there are no rows
/// (when the list can be empty), or `<ul id=id>` with one `card` per row.
fn card_list<T, V>(
    list: Resource<Result<Vec<T>, crate::error::AppError>>,
    id: &'static str,
    empty: Option<Signal<String>>,
    card: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || {
            view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {
                let card = card.clone();
                move || match (list.get(), empty) {
                    (Some(Ok(rows)), Some(empty)) if rows.is_empty() => {
                        view! { <p class="empty">{move || empty.get()}</p> }.into_any()
                    }
                    (Some(Ok(rows)), _) => {
                        view! {
                            <ul class="card-list" id=id>
                                {rows.into_iter().map(card.clone()).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    (Some(Err(e)), _) => failed(i18n, &e),
                    (None, _) => ().into_any(),
                }
            }
        </Transition>
    }
}

/// A list resource's refusal, or nothing while it loads.
fn failed(i18n: I18nContext<Locale>, error: &crate::error::AppError) -> AnyView {
    view! {
        <p class="banner banner-error" role="alert">
            {crate::ui::errors::error_text(i18n, error)}
        </p>
    }
    .into_any()
}
