//! Setting or changing the password. It takes a code sent to the person's own phone, and signs
//! out every other device (see `api::set_password`).
use crate::accounts::api::{SendOwnCode, SetPassword};
use crate::accounts::auth::use_auth;
use crate::accounts::mobile::{Password, SmsCode};
use crate::i18n::*;
use crate::ui::errors::{FormMessage, LoginRequired};
use crate::ui::fields::text;
use crate::ui::form::{BoundText, Form};
use crate::ui::head::PageTitle;
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = Form::new();
    let password = form.text("password", "");
    let code = form.text("code", "");
    form.checked_by(move || {
        let mut e = FieldErrors::new();
        e.check(password.name(), Password::parse(&password.get()));
        e.check(code.name(), SmsCode::parse(&code.get()));
        e
    });
    let done = RwSignal::new(None::<String>);
    let send = ServerAction::<SendOwnCode>::new();
    let save = ServerAction::<SetPassword>::new();
    Effect::new(move |_| match send.value().get() {
        Some(Ok(sent)) => {
            form.clear_banner();
            let (mobile, minutes) = (sent.mobile_masked, sent.expires_in_s / 60);
            done.set(Some(t_string!(i18n, login.code_sent, mobile = mobile, minutes = minutes).to_string()));
        }
        Some(Err(e)) => {
            done.set(None);
            form.refused(&e);
        }
        None => {}
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            form.clear_banner();
            password.set(String::new());
            code.set(String::new());
            done.set(Some(t_string!(i18n, password.saved).to_string()));
            auth.refresh();
        }
        Some(Err(e)) => form.refused(&e),
        None => {}
    });
    let on_send = move |_| {
        form.clear_banner();
        send.dispatch(SendOwnCode {});
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        if form.submit() {
            save.dispatch(SetPassword { password: password.get(), code: code.get() });
        }
    };
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, password.title), t_string!(i18n, app.name)) />
        <Transition fallback=|| ()>
            {move || match auth.state() {
                Some(None) => view! { <LoginRequired next="/me/password" /> }.into_any(),
                _ => {
                    view! {
                        <section class="page narrow">
                            <h1>{move || t_string!(i18n, password.title).to_string()}</h1>
                            <p class="lead">{move || t_string!(i18n, password.intro).to_string()}</p>
                            <FormMessage error=form.message() success=done />
                            <form class="form" novalidate on:submit=on_submit>
                                <BoundText
                                    field=password
                                    label=text(move || t_string!(i18n, password.new).to_string())
                                    hint=text(move || t_string!(i18n, password.hint).to_string())
                                    input_type="password"
                                    autocomplete="new-password"
                                    maxlength=64
                                    required=true
                                />
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
                                        disabled=move || send.pending().get()
                                    >
                                        {move || t_string!(i18n, login.send_code).to_string()}
                                    </button>
                                </div>
                                <button
                                    type="submit"
                                    class="button primary block"
                                    disabled=move || save.pending().get()
                                >
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
