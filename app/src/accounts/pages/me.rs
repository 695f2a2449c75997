//! "My page": who the person is, their roles, where to go, and closing the account.
use crate::accounts::api::{CancelClosure, Logout, RequestClosure};
use crate::accounts::auth::use_auth;
use crate::accounts::model::{OrgRole, SessionUser};
use crate::i18n::*;
use crate::ui::errors::LoginRequired;
use crate::ui::head::PageTitle;
use leptos::prelude::*;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, me.title), t_string!(i18n, app.name)) />
        <Transition fallback=move || {
            view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || match auth.state() {
                Some(Some(user)) => view! { <MeDetails user /> }.into_any(),
                Some(None) => view! { <LoginRequired next="/me" /> }.into_any(),
                None => ().into_any(),
            }}
        </Transition>
    }
}

#[component]
fn MeDetails(user: SessionUser) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let logout = ServerAction::<Logout>::new();
    let request = ServerAction::<RequestClosure>::new();
    let cancel = ServerAction::<CancelClosure>::new();
    let confirming = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A full page load after logout drops everything the page held about the person.
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href("/");
            }
        }
    });
    Effect::new(move |_| {
        if request.value().get().is_some() || cancel.value().get().is_some() {
            confirming.set(false);
            auth.refresh();
        }
    });
    let complete = user.profile_complete();
    let roles = user.staff_roles.clone();
    let manage_links: Vec<(i64, String)> = user.staff_roles.iter().map(|r| (r.org_id, r.org_name.clone())).collect();
    view! {
        <section class="page narrow">
            <h1>{move || t_string!(i18n, me.title).to_string()}</h1>
            <div class="card">
                <p class="card-title">{user.real_name.clone()}</p>
                <dl class="facts">
                    <div>
                        <dt>{move || t_string!(i18n, me.volunteer_no).to_string()}</dt>
                        <dd id="volunteer-no">{user.volunteer_no.clone()}</dd>
                    </div>
                    <div>
                        <dt>{move || t_string!(i18n, me.mobile).to_string()}</dt>
                        <dd>{user.mobile_masked.clone()}</dd>
                    </div>
                </dl>
            </div>
            {(!complete)
                .then(|| {
                    view! {
                        <p class="banner banner-info">{move || t_string!(i18n, me.complete_prompt).to_string()}</p>
                    }
                })}
            {user
                .closure_requested
                .then(|| {
                    view! {
                        <p class="banner banner-warning">{move || t_string!(i18n, me.closure_pending).to_string()}</p>
                    }
                })}
            {(user.is_platform_admin || !roles.is_empty())
                .then(|| {
                    view! {
                        <h2>{move || t_string!(i18n, me.roles).to_string()}</h2>
                        <ul class="plain-list">
                            {user
                                .is_platform_admin
                                .then(|| view! { <li>{move || t_string!(i18n, me.platform_admin).to_string()}</li> })}
                            {roles
                                .into_iter()
                                .map(|r| {
                                    let role = r.role;
                                    view! {
                                        <li>
                                            {r.org_name} " · "
                                            {move || match role {
                                                OrgRole::Admin => t_string!(i18n, me.role_admin).to_string(),
                                                OrgRole::Staff => t_string!(i18n, me.role_staff).to_string(),
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <nav class="menu" aria-label=move || t_string!(i18n, me.title).to_string()>
                <a class="menu-item" href="/me/profile">
                    {move || {
                        if complete {
                            t_string!(i18n, me.edit_profile).to_string()
                        } else {
                            t_string!(i18n, me.complete_profile).to_string()
                        }
                    }}
                </a>
                <a class="menu-item" href="/me/password">
                    {move || {
                        if user.has_password {
                            t_string!(i18n, me.change_password).to_string()
                        } else {
                            t_string!(i18n, me.set_password).to_string()
                        }
                    }}
                </a>
                <a class="menu-item" href="/me/orgs">
                    {move || t_string!(i18n, me.my_orgs).to_string()}
                </a>
                <a class="menu-item" href="/me/activities">
                    {move || t_string!(i18n, my_activities.nav_link).to_string()}
                </a>
                <a class="menu-item" href="/me/hours">
                    {move || t_string!(i18n, certificates.nav_link).to_string()}
                </a>
                <a class="menu-item" href="/inbox">
                    {move || t_string!(i18n, me.inbox).to_string()}
                </a>
                {user
                    .is_platform_admin
                    .then(|| {
                        view! {
                            <a class="menu-item" href="/platform" id="platform-console-link">
                                {move || t_string!(i18n, me.platform_console).to_string()}
                            </a>
                        }
                    })}
                {manage_links
                    .into_iter()
                    .map(|(org_id, org)| {
                        view! {
                            <a class="menu-item" href=format!("/orgs/{org_id}/manage")>
                                {move || t_string!(i18n, me.manage_org, org = org.clone()).to_string()}
                            </a>
                        }
                    })
                    .collect_view()}
                <a class="menu-item" href="/me/export.json" download="sciserve-my-data.json" rel="external">
                    {move || t_string!(i18n, me.download).to_string()}
                </a>
            </nav>
            <div class="danger-zone">
                {if user.closure_requested {
                    view! {
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| {
                                cancel.dispatch(CancelClosure {});
                            }
                        >
                            {move || t_string!(i18n, me.cancel_closure).to_string()}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <Show
                            when=move || confirming.get()
                            fallback=move || {
                                view! {
                                    <button type="button" class="button" on:click=move |_| confirming.set(true)>
                                        {move || t_string!(i18n, me.close_account).to_string()}
                                    </button>
                                }
                            }
                        >
                            <div class="confirm" role="group">
                                <p>{move || t_string!(i18n, me.close_confirm).to_string()}</p>
                                <button
                                    type="button"
                                    class="button danger"
                                    on:click=move |_| {
                                        request.dispatch(RequestClosure {});
                                    }
                                >
                                    {move || t_string!(i18n, me.close_account).to_string()}
                                </button>
                                <button type="button" class="button" on:click=move |_| confirming.set(false)>
                                    {move || t_string!(i18n, common.back).to_string()}
                                </button>
                            </div>
                        </Show>
                    }
                        .into_any()
                }}
                <button
                    type="button"
                    class="button"
                    id="logout"
                    on:click=move |_| {
                        logout.dispatch(Logout {});
                    }
                >
                    {move || t_string!(i18n, me.logout).to_string()}
                </button>
            </div>
        </section>
    }
}
