//! Login with the phone number and an SMS code, or a password.
use crate::accounts::api::{LoginWithCode, LoginWithPassword, SendCode};
use crate::accounts::auth::Auth;
use crate::accounts::mobile::{Mobile, SmsCode};
use crate::accounts::model::SessionUser;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::errors::FormMessage;
use crate::ui::fields::text;
use crate::ui::form::{BoundText, Form};
use crate::ui::head::{PageDescription, PageTitle};
use crate::ui::light::{use_go, Island, IslandSpec};
use crate::validation::{FieldErrors, Invalid};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Only same-site paths are followed after login (no open redirects).
fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let next = use_query_map().with_untracked(|q| safe_next(q.get("next")));
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, login.title), t_string!(i18n, app.name)) />
        <PageDescription text=move || t_string!(i18n, meta.login).to_string() />
        <Island props=LoginIsland { next } />
    }
}

/// The sign-in form, an island of the light sign-in page.
#[derive(Clone, Serialize, Deserialize)]
pub struct LoginIsland {
    /// Where to go once signed in (a same-site path, see [`safe_next`]).
    next: Option<String>,
}

impl IslandSpec for LoginIsland {
    const NAME: &'static str = "login";

    fn view(self) -> AnyView {
        view! { <LoginForm next=safe_next(self.next) /> }.into_any()
    }
}

#[component]
fn LoginForm(next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    // The app's record of who is signed in; a light page has none and loads the next page.
    let auth = use_context::<Auth>();
    let navigate = use_go();

    let form = Form::new();
    let mobile = form.text("mobile", "");
    let code = form.text("code", "");
    let password = form.text("password", "");
    let with_password = RwSignal::new(false);
    // A well-formed number, then a well-formed code, or any password: a password's strength is
    // checked when it is set, not at login.
    form.checked_by(move || {
        let mut e = FieldErrors::new();
        e.check(mobile.name(), Mobile::parse(&mobile.get()));
        if with_password.get_untracked() {
            if password.get().is_empty() {
                e.push(password.name(), Invalid::Required);
            }
        } else {
            e.check(code.name(), SmsCode::parse(&code.get()));
        }
        e
    });
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
        let handle =
            set_interval_with_handle(move || countdown.update(|s| *s = (*s - 1).max(0)), Duration::from_secs(1)).ok();
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
        mobile.check();
        Mobile::parse(&mobile.get()).is_ok()
    };

    Effect::new(move |_| {
        if let Some(result) = send.value().get() {
            match result {
                Ok(sent) => {
                    form.clear_banner();
                    let masked = sent.mobile_masked.clone();
                    let minutes = sent.expires_in_s / 60;
                    notice.set(Some(t_string!(i18n, login.code_sent, mobile = masked, minutes = minutes).to_string()));
                    start_countdown(sent.resend_after_s);
                }
                Err(e) => {
                    if let AppError::RateLimited { retry_after_s, reason: crate::error::RateReason::ResendTooSoon } = &e
                    {
                        start_countdown(*retry_after_s as i64);
                    }
                    notice.set(None);
                    form.refused(&e);
                }
            }
        }
    });

    let after_login =
        {
            let navigate = navigate.clone();
            move |user: SessionUser| {
                if let Some(auth) = auth {
                    auth.set(Some(user.clone()));
                }
                let next = next.clone().unwrap_or_else(|| {
                    if user.profile_complete() {
                        "/me".into()
                    } else {
                        "/me/profile".into()
                    }
                });
                navigate(&next);
            }
        };
    {
        let after_login = after_login.clone();
        Effect::new(move |_| match login.value().get() {
            Some(Ok(user)) => after_login(user),
            Some(Err(e)) => form.refused(&e),
            None => {}
        });
    }
    Effect::new(move |_| match login_pw.value().get() {
        Some(Ok(user)) => after_login(user),
        Some(Err(e)) => form.refused(&e),
        None => {}
    });

    let on_send = move |_| {
        form.clear_banner();
        if check_mobile() && countdown.get_untracked() == 0 {
            send.dispatch(SendCode { mobile: mobile.get() });
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.submit() {
            return;
        }
        if with_password.get_untracked() {
            login_pw.dispatch(LoginWithPassword { mobile: mobile.get(), password: password.get() });
        } else {
            login.dispatch(LoginWithCode { mobile: mobile.get(), code: code.get() });
        }
    };
    let pending = move || login.pending().get() || login_pw.pending().get();

    view! {
        <section class="page narrow">
            <h1>{move || t_string!(i18n, login.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, login.intro).to_string()}</p>
            <FormMessage error=form.message() success=notice />
            <form class="form" novalidate on:submit=on_submit>
                <BoundText
                    field=mobile
                    label=text(move || t_string!(i18n, login.mobile).to_string())
                    hint=text(move || t_string!(i18n, login.mobile_hint).to_string())
                    input_type="tel"
                    autocomplete="tel"
                    inputmode="numeric"
                    maxlength=20
                    required=true
                />
                <Show
                    when=move || !with_password.get()
                    fallback=move || {
                        view! {
                            <BoundText
                                field=password
                                label=text(move || t_string!(i18n, login.password).to_string())
                                input_type="password"
                                autocomplete="current-password"
                                required=true
                            />
                        }
                    }
                >
                    <div class="code-row">
                        <BoundText
                            field=code
                            label=text(move || t_string!(i18n, login.code).to_string())
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
                        form.clear();
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
