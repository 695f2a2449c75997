//! The staff view of a volunteer card, masked, with an audited "show full details".
use crate::i18n::*;
use crate::ui::errors::error_text;
use crate::ui::head::PageTitle;
use crate::volunteers::api::{get_volunteer_card, RevealVolunteer};
use crate::volunteers::model::VolunteerCard;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.with(|p| p.get("no").unwrap_or_default());
    let card = Resource::new(number, get_volunteer_card);
    let reveal = ServerAction::<RevealVolunteer>::new();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, volunteer.title), t_string!(i18n, app.name)) />
        <section class="page narrow">
            <h1>{move || t_string!(i18n, volunteer.title).to_string()}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    let shown = reveal.value().get().and_then(|r| r.ok()).or_else(|| card.get().and_then(|r| r.ok()));
                    let failure = reveal
                        .value()
                        .get()
                        .and_then(|r| r.err())
                        .or_else(|| card.get().and_then(|r| r.err()));
                    match (shown, failure) {
                        (_, Some(e)) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                        (Some(c), None) => {
                            let no = c.volunteer_no.clone();
                            let hours_href = format!("/volunteers/{no}/hours");
                            view! {
                                <CardView card=c.clone() />
                                <p>
                                    <a href=hours_href>{move || t_string!(i18n, volunteer.hours_link).to_string()}</a>
                                </p>
                                {if c.unmasked {
                                    view! {
                                        <p class="banner banner-warning">
                                            {move || t_string!(i18n, volunteer.revealed_note).to_string()}
                                        </p>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p class="hint">{move || t_string!(i18n, volunteer.masked_note).to_string()}</p>
                                        <button
                                            type="button"
                                            class="button"
                                            on:click=move |_| {
                                                reveal
                                                    .dispatch(RevealVolunteer {
                                                        volunteer_no: no.clone(),
                                                    });
                                            }
                                        >
                                            {move || t_string!(i18n, volunteer.reveal).to_string()}
                                        </button>
                                    }
                                        .into_any()
                                }}
                            }
                                .into_any()
                        }
                        (None, None) => ().into_any(),
                    }
                }}
            </Transition>
        </section>
    }
}

#[component]
fn CardView(card: VolunteerCard) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card">
            <p class="card-title">
                {card.real_name.clone().unwrap_or_else(|| t_string!(i18n, volunteer.not_filled).to_string())}
            </p>
            <dl class="facts">
                <div>
                    <dt>{move || t_string!(i18n, me.volunteer_no).to_string()}</dt>
                    <dd>{card.volunteer_no.clone()}</dd>
                </div>
                <div>
                    <dt>{move || t_string!(i18n, me.mobile).to_string()}</dt>
                    <dd class="mobile">{card.mobile.clone()}</dd>
                </div>
                {card
                    .id_number
                    .clone()
                    .map(|id| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, profile.id_number).to_string()}</dt>
                                <dd class="id-number">{id}</dd>
                            </div>
                        }
                    })}
                {card
                    .region
                    .clone()
                    .map(|r| {
                        view! {
                            <div>
                                <dt>{move || t_string!(i18n, profile.region).to_string()}</dt>
                                <dd>{r}</dd>
                            </div>
                        }
                    })}
            </dl>
        </div>
    }
}
