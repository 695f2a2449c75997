//! Login (phone + SMS code, or password), "my page" and the password page.
use crate::accounts::api::{CancelClosure, RequestClosure, LoginWithCode, LoginWithPassword, Logout, SendCode, SetPassword};
use crate::accounts::mobile::{Mobile, Password, SmsCode};
use crate::accounts::model::{OrgRole, SessionUser};
use crate::error::AppError;
use crate::i18n::*;
use crate::accounts::auth::use_auth;
use crate::ui::errors::{show_error, FormMessage, LoginRequired};
use crate::ui::fields::{error_of, focus_first_error, set_field_error, text, TextField};
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::time::Duration;

/// Only same-site paths are followed after login (no open redirects).
fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let navigate = use_navigate();
    let query = use_query_map();

    let mobile = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let with_password = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let countdown = RwSignal::new(0i64);
    let ticker: StoredValue<Option<IntervalHandle>> = StoredValue::new(None);

    let send = ServerAction::<SendCode>::new();
    let login = ServerAction::<LoginWithCode>::new();
    let login_pw = ServerAction::<LoginWithPassword>::new();

    let start_countdown = move |seconds: i64| {
        countdown.set(seconds.max(0));
        if let Some(h) = ticker.get_value() {
            h.clear();
        }
        let handle = set_interval_with_handle(move || countdown.update(|s| *s = (*s - 1).max(0)), Duration::from_secs(1)).ok();
        ticker.set_value(handle);
    };
    Effect::new(move |_| {
        if countdown.get() == 0 {
            if let Some(h) = ticker.get_value() {
                h.clear();
                ticker.set_value(None);
            }
        }
    });

    let check_mobile = move || {
        let result = Mobile::parse(&mobile.get_untracked());
        set_field_error(errors, "mobile", result.as_ref().err().copied());
        result.is_ok()
    };

    Effect::new(move |_| {
        if let Some(result) = send.value().get() {
            match result {
                Ok(sent) => {
                    banner.set(None);
                    let masked = sent.mobile_masked.clone();
                    let minutes = sent.expires_in_s / 60;
                    notice.set(Some(t_string!(i18n, login.code_sent, mobile = masked, minutes = minutes).to_string()));
                    start_countdown(sent.resend_after_s);
                }
                Err(e) => {
                    if let AppError::RateLimited { retry_after_s, reason: crate::error::RateReason::ResendTooSoon } = &e {
                        start_countdown(*retry_after_s as i64);
                    }
                    notice.set(None);
                    show_error(i18n, &e, errors, banner);
                }
            }
        }
    });

    let after_login = {
        let navigate = navigate.clone();
        move |user: SessionUser| {
            auth.set(Some(user.clone()));
            let next = safe_next(query.get_untracked().get("next"))
                .unwrap_or_else(|| if user.profile_complete() { "/me".into() } else { "/me/profile".into() });
            navigate(&next, Default::default());
        }
    };
    {
        let after_login = after_login.clone();
        Effect::new(move |_| match login.value().get() {
            Some(Ok(user)) => after_login(user),
            Some(Err(e)) => show_error(i18n, &e, errors, banner),
            None => {}
        });
    }
    Effect::new(move |_| match login_pw.value().get() {
        Some(Ok(user)) => after_login(user),
        Some(Err(e)) => show_error(i18n, &e, errors, banner),
        None => {}
    });

    let on_send = move |_| {
        banner.set(None);
        if check_mobile() && countdown.get_untracked() == 0 {
            send.dispatch(SendCode { mobile: mobile.get_untracked() });
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        banner.set(None);
        let mut e = FieldErrors::new();
        e.check("mobile", Mobile::parse(&mobile.get_untracked()));
        if with_password.get_untracked() {
            if password.get_untracked().is_empty() {
                e.push("password", crate::validation::Invalid::Required);
            }
        } else {
            e.check("code", SmsCode::parse(&code.get_untracked()));
        }
        if !e.is_empty() {
            focus_first_error(&e);
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::new());
        if with_password.get_untracked() {
            login_pw.dispatch(LoginWithPassword { mobile: mobile.get_untracked(), password: password.get_untracked() });
        } else {
            login.dispatch(LoginWithCode { mobile: mobile.get_untracked(), code: code.get_untracked() });
        }
    };
    let pending = move || login.pending().get() || login_pw.pending().get();

    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, login.title), t_string!(i18n, app.name)) />
        <section class="page narrow">
            <h1>{move || t_string!(i18n, login.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, login.intro).to_string()}</p>
            <FormMessage error=banner success=notice />
            <form class="form" novalidate on:submit=on_submit>
                <TextField
                    name="mobile"
                    label=text(move || t_string!(i18n, login.mobile).to_string())
                    hint=text(move || t_string!(i18n, login.mobile_hint).to_string())
                    value=mobile
                    error=error_of(errors, "mobile")
                    input_type="tel"
                    autocomplete="tel"
                    inputmode="numeric"
                    maxlength=20
                    required=true
                    on_blur=Callback::new(move |_| {
                        if !mobile.get_untracked().trim().is_empty() {
                            check_mobile();
                        }
                    })
                />
                <Show
                    when=move || !with_password.get()
                    fallback=move || {
                        view! {
                            <TextField
                                name="password"
                                label=text(move || t_string!(i18n, login.password).to_string())
                                value=password
                                error=error_of(errors, "password")
                                input_type="password"
                                autocomplete="current-password"
                                required=true
                            />
                        }
                    }
                >
                    <div class="code-row">
                        <TextField
                            name="code"
                            label=text(move || t_string!(i18n, login.code).to_string())
                            value=code
                            error=error_of(errors, "code")
                            autocomplete="one-time-code"
                            inputmode="numeric"
                            maxlength=6
                            required=true
                        />
                        <button
                            type="button"
                            class="button"
                            id="send-code"
                            on:click=on_send
                            disabled=move || { countdown.get() > 0 || send.pending().get() }
                        >
                            {move || {
                                let seconds = countdown.get();
                                if seconds > 0 {
                                    t_string!(i18n, login.resend_in, seconds = seconds).to_string()
                                } else {
                                    t_string!(i18n, login.send_code).to_string()
                                }
                            }}
                        </button>
                    </div>
                </Show>
                <button type="submit" class="button primary block" disabled=pending>
                    {move || {
                        if pending() {
                            t_string!(i18n, login.submitting).to_string()
                        } else {
                            t_string!(i18n, login.submit).to_string()
                        }
                    }}
                </button>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| {
                        errors.set(FieldErrors::new());
                        banner.set(None);
                        with_password.update(|p| *p = !*p);
                    }
                >
                    {move || {
                        if with_password.get() {
                            t_string!(i18n, login.with_code).to_string()
                        } else {
                            t_string!(i18n, login.with_password).to_string()
                        }
                    }}
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, me.title), t_string!(i18n, app.name)) />
        <Transition fallback=move || view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }>
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
            {(!complete).then(|| view! { <p class="banner banner-info">{move || t_string!(i18n, me.complete_prompt).to_string()}</p> })}
            {user.closure_requested.then(|| view! { <p class="banner banner-warning">{move || t_string!(i18n, me.closure_pending).to_string()}</p> })}
            {(user.is_platform_admin || !roles.is_empty())
                .then(|| {
                    view! {
                        <h2>{move || t_string!(i18n, me.roles).to_string()}</h2>
                        <ul class="plain-list">
                            {user.is_platform_admin.then(|| view! { <li>{move || t_string!(i18n, me.platform_admin).to_string()}</li> })}
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
                <a class="menu-item" href="/me/orgs">{move || t_string!(i18n, me.my_orgs).to_string()}</a>
                <a class="menu-item" href="/me/activities">{move || t_string!(i18n, my_activities.nav_link).to_string()}</a>
                <a class="menu-item" href="/inbox">{move || t_string!(i18n, me.inbox).to_string()}</a>
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
                        <button type="button" class="button" on:click=move |_| { cancel.dispatch(CancelClosure {}); }>
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
                                <button type="button" class="button danger" on:click=move |_| { request.dispatch(RequestClosure {}); }>
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
                <button type="button" class="button" id="logout" on:click=move |_| { logout.dispatch(Logout {}); }>
                    {move || t_string!(i18n, me.logout).to_string()}
                </button>
            </div>
        </section>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let save = ServerAction::<SetPassword>::new();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            banner.set(None);
            password.set(String::new());
            done.set(Some(t_string!(i18n, password.saved).to_string()));
            auth.refresh();
        }
        Some(Err(e)) => show_error(i18n, &e, errors, banner),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        match Password::parse(&password.get_untracked()) {
            Ok(_) => {
                errors.set(FieldErrors::new());
                save.dispatch(SetPassword { password: password.get_untracked() });
            }
            Err(invalid) => {
                set_field_error(errors, "password", Some(invalid));
                focus_first_error(&errors.get_untracked());
            }
        }
    };
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, password.title), t_string!(i18n, app.name)) />
        <Transition fallback=|| ()>
            {move || match auth.state() {
                Some(None) => view! { <LoginRequired next="/me/password" /> }.into_any(),
                _ => {
                    view! {
                        <section class="page narrow">
                            <h1>{move || t_string!(i18n, password.title).to_string()}</h1>
                            <FormMessage error=banner success=done />
                            <form class="form" novalidate on:submit=on_submit>
                                <TextField
                                    name="password"
                                    label=text(move || t_string!(i18n, password.new).to_string())
                                    hint=text(move || t_string!(i18n, password.hint).to_string())
                                    value=password
                                    error=error_of(errors, "password")
                                    input_type="password"
                                    autocomplete="new-password"
                                    maxlength=64
                                    required=true
                                />
                                <button type="submit" class="button primary block" disabled=move || save.pending().get()>
                                    {move || t_string!(i18n, common.save).to_string()}
                                </button>
                            </form>
                        </section>
                    }
                        .into_any()
                }
            }}
        </Transition>
    }
}
