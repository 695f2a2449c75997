//! The public landing page. The map (`/map`) is the venues domain's (`venues::pages::map`).
use crate::accounts::auth::use_auth;
use crate::i18n::*;
use crate::ui::head::PageDescription;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <PageDescription text=move || t_string!(i18n, meta.home).to_string() />
        <section class="hero">
            <h1>{move || t_string!(i18n, home.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, app.tagline).to_string()}</p>
            <div class="actions">
                <a class="button primary" href="/activities">
                    {move || t_string!(i18n, home.browse).to_string()}
                </a>
                <a class="button" href="/orgs">
                    {move || t_string!(i18n, orgs.directory_link).to_string()}
                </a>
                <Transition fallback=|| ()>
                    {move || {
                        if auth.get().is_some() {
                            view! {
                                <a class="button" href="/me">
                                    {move || t_string!(i18n, home.my_page).to_string()}
                                </a>
                            }
                                .into_any()
                        } else {
                            view! {
                                <a class="button" href="/login">
                                    {move || t_string!(i18n, home.join).to_string()}
                                </a>
                            }
                                .into_any()
                        }
                    }}
                </Transition>
            </div>
        </section>
        <section class="page">
            <h2>{move || t_string!(i18n, home.what_title).to_string()}</h2>
            <ul class="feature-list">
                <li>{move || t_string!(i18n, home.what_find).to_string()}</li>
                <li>{move || t_string!(i18n, home.what_checkin).to_string()}</li>
                <li>{move || t_string!(i18n, home.what_certificate).to_string()}</li>
            </ul>
        </section>
    }
}
