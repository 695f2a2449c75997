//! Platform admins: who they are, adding one by mobile number (a new number gets a bare account
//! that signs in with an SMS code), and taking the role away — never from the last one.
use super::{card_list, person_facts, ConfirmedButton, PlatformShell, Section};
use crate::accounts::mobile::Mobile;
use crate::i18n::*;
use crate::platform::api::{list_admins, GrantAdmin, RevokeAdmin};
use crate::platform::model::AdminRow;
use crate::ui::errors::{error_text, show_error, FormMessage};
use crate::ui::fields::{error_of, focus_first_error, text, TextField};
use crate::validation::FieldErrors;
use leptos::prelude::*;

#[component]
pub fn AdminsPage() -> impl IntoView {
    let i18n = use_i18n();
    let grant = ServerAction::<GrantAdmin>::new();
    let revoke = ServerAction::<RevokeAdmin>::new();
    let list = Resource::new(move || (grant.version().get(), revoke.version().get()), |_| list_admins());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| match revoke.value().get() {
        Some(Ok(())) => {
            banner.set(None);
            done.set(Some(t_string!(i18n, platform.admins.revoked).to_string()));
        }
        Some(Err(e)) => {
            done.set(None);
            banner.set(Some(error_text(i18n, &e)));
        }
        None => {}
    });
    view! {
        <PlatformShell section=Section::Admins>
            <p class="lead">{move || t_string!(i18n, platform.admins.intro).to_string()}</p>
            <div id="platform-status" tabindex="-1">
                <FormMessage error=banner success=done />
            </div>
            {card_list(list, "admin-list", None, move |admin| view! { <AdminCard admin revoke /> })}
            <AddAdmin grant />
        </PlatformShell>
    }
}

#[component]
fn AdminCard(admin: AdminRow, revoke: ServerAction<RevokeAdmin>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = if admin.name.is_empty() { admin.volunteer_no.clone() } else { admin.name.clone() };
    let question = {
        let shown = shown.clone();
        text(move || t_string!(i18n, platform.admins.revoke_confirm_text, name = shown.clone()).to_string())
    };
    let target = admin.volunteer_no.clone();
    let on_confirm = Callback::new(move |_| {
        revoke.dispatch(RevokeAdmin { volunteer_no: target.clone() });
    });
    view! {
        <li class="card">
            <p class="card-title">
                {shown}
                {admin
                    .is_self
                    .then(|| {
                        view! {
                            " "
                            <span class="tag">{move || t_string!(i18n, platform.admins.you).to_string()}</span>
                        }
                    })}
            </p>
            <dl class="facts">{person_facts(i18n, admin.volunteer_no, admin.mobile_masked)}</dl>
            <ConfirmedButton
                label=text(move || t_string!(i18n, platform.admins.revoke).to_string())
                question
                confirm_label=text(move || t_string!(i18n, platform.admins.revoke_confirm).to_string())
                pending=revoke.pending()
                on_confirm
            />
        </li>
    }
}

#[component]
fn AddAdmin(grant: ServerAction<GrantAdmin>) -> impl IntoView {
    let i18n = use_i18n();
    let mobile = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| match grant.value().get() {
        Some(Ok(())) => {
            banner.set(None);
            errors.set(FieldErrors::new());
            mobile.set(String::new());
            done.set(Some(t_string!(i18n, platform.admins.added).to_string()));
        }
        Some(Err(e)) => {
            done.set(None);
            show_error(i18n, &e, errors, banner);
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        banner.set(None);
        let mut e = FieldErrors::new();
        e.check("mobile", Mobile::parse(&mobile.get_untracked()));
        if !e.is_empty() {
            focus_first_error(&e);
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::new());
        grant.dispatch(GrantAdmin { mobile: mobile.get_untracked() });
    };
    view! {
        <h2>{move || t_string!(i18n, platform.admins.add).to_string()}</h2>
        <FormMessage error=banner success=done />
        <form class="form" novalidate on:submit=on_submit>
            <TextField
                name="mobile"
                label=text(move || t_string!(i18n, platform.admins.mobile).to_string())
                hint=text(move || t_string!(i18n, platform.admins.mobile_hint).to_string())
                value=mobile
                error=error_of(errors, "mobile")
                input_type="tel"
                autocomplete="off"
                inputmode="tel"
                maxlength=20
                required=true
            />
            <button type="submit" class="button primary block" disabled=move || grant.pending().get()>
                {move || t_string!(i18n, platform.admins.add_submit).to_string()}
            </button>
        </form>
    }
}
