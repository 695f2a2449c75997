//! Setting or changing the password.
use crate::accounts::api::SetPassword;
use crate::accounts::auth::use_auth;
use crate::accounts::mobile::Password;
use crate::i18n::*;
use crate::ui::errors::{FormMessage, LoginRequired};
use crate::ui::fields::text;
use crate::ui::form::{BoundText, Form};
use crate::validation::FieldErrors;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let form = Form::new();
    let password = form.text("password", "");
    form.checked_by(move || {
        let mut e = FieldErrors::new();
        e.check(password.name(), Password::parse(&password.get()));
        e
    });
    let done = RwSignal::new(None::<String>);
    let save = ServerAction::<SetPassword>::new();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            form.clear_banner();
            password.set(String::new());
            done.set(Some(t_string!(i18n, password.saved).to_string()));
            auth.refresh();
        }
        Some(Err(e)) => form.refused(&e),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        if form.submit() {
            save.dispatch(SetPassword { password: password.get() });
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
