//! The profile form (validated in the browser with the same rules the server applies) and the
//! staff view of a volunteer card with an audited "show full details".
use crate::ui::errors::{show_error, LoginRequired};
use crate::clock;
use crate::i18n::*;
use crate::regions;
use crate::accounts::auth::use_auth;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::{error_of, focus_first_error, set_field_error, text, ChoiceChecks, ChoiceSelect, SelectField, TextArea, TextField};
use crate::validation::FieldErrors;
use crate::volunteers::api::{get_volunteer_card, my_profile, RevealVolunteer, SaveMyProfile};
use crate::volunteers::model::{ProfileInput, VolunteerCard};
use crate::codes::{
    EDUCATION, ETHNICITY, FOUR_HEADS, OCCUPATION, POLITICAL_STATUS, SERVICE_CATEGORY, SERVICE_FIELD, TITLE,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    // Keyed on "signed in or not" only: saving refreshes the session (the name changes), and
    // that must not rebuild the form under the person's hands.
    let signed_in = Memo::new(move |_| auth.state().map(|user| user.is_some()));
    let profile = Resource::new(move || signed_in.get(), |signed_in| async move {
        match signed_in {
            Some(true) => my_profile().await.map(Some),
            _ => Ok(None),
        }
    });
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, profile.title), t_string!(i18n, app.name)) />
        <Transition fallback=move || view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }>
            {move || match (signed_in.get(), profile.get()) {
                (Some(false), _) => view! { <LoginRequired next="/me/profile" /> }.into_any(),
                (Some(true), Some(Ok(Some(existing)))) => {
                    view! { <ProfileForm initial=existing.unwrap_or_default() /> }.into_any()
                }
                (_, Some(Err(e))) => view! { <p class="page banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                _ => ().into_any(),
            }}
        </Transition>
    }
}

#[component]
fn ProfileForm(initial: ProfileInput) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let real_name = RwSignal::new(initial.real_name);
    let gender = RwSignal::new(initial.gender);
    let id_number = RwSignal::new(initial.id_number);
    let political_status = RwSignal::new(initial.political_status);
    let ethnicity = RwSignal::new(initial.ethnicity);
    let work_unit = RwSignal::new(initial.work_unit);
    let title = RwSignal::new(initial.title);
    let education = RwSignal::new(initial.education);
    let occupation = RwSignal::new(initial.occupation);
    let province = RwSignal::new(initial.province);
    let city = RwSignal::new(initial.city);
    let county = RwSignal::new(initial.county);
    let service_categories = RwSignal::new(initial.service_categories);
    let service_fields = RwSignal::new(initial.service_fields);
    let four_heads = RwSignal::new(if initial.four_heads.is_empty() { "none".to_string() } else { initial.four_heads });
    let skills = RwSignal::new(initial.skills);
    let qualifications = RwSignal::new(initial.qualifications);

    let snapshot = move || ProfileInput {
        real_name: real_name.get_untracked(),
        gender: gender.get_untracked(),
        id_number: id_number.get_untracked(),
        political_status: political_status.get_untracked(),
        ethnicity: ethnicity.get_untracked(),
        work_unit: work_unit.get_untracked(),
        title: title.get_untracked(),
        education: education.get_untracked(),
        occupation: occupation.get_untracked(),
        province: province.get_untracked(),
        city: city.get_untracked(),
        county: county.get_untracked(),
        service_categories: service_categories.get_untracked(),
        service_fields: service_fields.get_untracked(),
        four_heads: four_heads.get_untracked(),
        skills: skills.get_untracked(),
        qualifications: qualifications.get_untracked(),
    };

    let errors = RwSignal::new(FieldErrors::new());
    let banner = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let save = ServerAction::<SaveMyProfile>::new();

    // Checks one field as the person leaves it. Empty fields wait for submit, so tabbing
    // through the form does not paint it red; a field with an error is always re-checked.
    let check = move |field: &'static str, has_value: bool| {
        Callback::new(move |_: ()| {
            if has_value || errors.with_untracked(|e| e.get(field).is_some()) {
                set_field_error(errors, field, snapshot().field_error(field, clock::today()));
            }
        })
    };
    let check_text = move |field: &'static str, value: RwSignal<String>| {
        Callback::new(move |_: ()| {
            if !value.get_untracked().trim().is_empty() || errors.with_untracked(|e| e.get(field).is_some()) {
                set_field_error(errors, field, snapshot().field_error(field, clock::today()));
            }
        })
    };

    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            banner.set(None);
            done.set(Some(t_string!(i18n, profile.saved).to_string()));
            auth.refresh();
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
        let input = snapshot();
        match input.validate(clock::today()) {
            Ok(_) => {
                errors.set(FieldErrors::new());
                banner.set(None);
                save.dispatch(SaveMyProfile { input });
            }
            Err(e) => {
                banner.set(Some(t_string!(i18n, common.error_summary, count = e.0.len()).to_string()));
                focus_first_error(&e);
                errors.set(e);
            }
        }
    };

    let gender_options = Signal::derive(move || {
        let en = i18n.get_locale() == Locale::en;
        vec![
            ("male".to_string(), if en { "Male" } else { "男" }.to_string()),
            ("female".to_string(), if en { "Female" } else { "女" }.to_string()),
        ]
    });
    let province_options =
        Signal::derive(|| regions::provinces().iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
    let city_options = Signal::derive(move || {
        regions::cities_of(&province.get()).into_iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let county_options = Signal::derive(move || {
        regions::counties_of(&city.get()).into_iter().map(|r| (r.code.to_string(), r.name.to_string())).collect::<Vec<_>>()
    });
    let region_error = error_of(errors, "region");
    let region_changed = check("region", true);

    view! {
        <section class="page narrow">
            <h1>{move || t_string!(i18n, profile.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, profile.intro).to_string()}</p>
            <FormMessage error=banner success=done />
            <form class="form" novalidate on:submit=on_submit>
                <h2>{move || t_string!(i18n, profile.section_identity).to_string()}</h2>
                <TextField
                    name="real_name"
                    label=text(move || t_string!(i18n, profile.real_name).to_string())
                    value=real_name
                    error=error_of(errors, "real_name")
                    autocomplete="name"
                    maxlength=30
                    required=true
                    on_blur=check_text("real_name", real_name)
                />
                <SelectField
                    name="gender"
                    label=text(move || t_string!(i18n, profile.gender).to_string())
                    value=gender
                    error=error_of(errors, "gender")
                    options=gender_options
                    required=true
                    on_change=Callback::new(move |_| {
                        set_field_error(errors, "gender", snapshot().field_error("gender", clock::today()));
                        if !id_number.get_untracked().is_empty() {
                            set_field_error(errors, "id_number", snapshot().field_error("id_number", clock::today()));
                        }
                    })
                />
                <TextField
                    name="id_number"
                    label=text(move || t_string!(i18n, profile.id_number).to_string())
                    hint=text(move || t_string!(i18n, profile.id_number_hint).to_string())
                    value=id_number
                    error=error_of(errors, "id_number")
                    maxlength=18
                    autocomplete="off"
                    required=true
                    on_blur=check_text("id_number", id_number)
                />
                <ChoiceSelect
                    name="political_status"
                    label=text(move || t_string!(i18n, profile.political_status).to_string())
                    list=&POLITICAL_STATUS
                    value=political_status
                    error=error_of(errors, "political_status")
                    on_change=check("political_status", true)
                />
                <ChoiceSelect
                    name="ethnicity"
                    label=text(move || t_string!(i18n, profile.ethnicity).to_string())
                    list=&ETHNICITY
                    value=ethnicity
                    error=error_of(errors, "ethnicity")
                    on_change=check("ethnicity", true)
                />

                <h2>{move || t_string!(i18n, profile.section_background).to_string()}</h2>
                <TextField
                    name="work_unit"
                    label=text(move || t_string!(i18n, profile.work_unit).to_string())
                    value=work_unit
                    error=error_of(errors, "work_unit")
                    autocomplete="organization"
                    maxlength=100
                    on_blur=check_text("work_unit", work_unit)
                />
                <ChoiceSelect
                    name="title"
                    label=text(move || t_string!(i18n, profile.title_field).to_string())
                    list=&TITLE
                    value=title
                    error=error_of(errors, "title")
                    on_change=check("title", true)
                />
                <ChoiceSelect
                    name="education"
                    label=text(move || t_string!(i18n, profile.education).to_string())
                    list=&EDUCATION
                    value=education
                    error=error_of(errors, "education")
                    on_change=check("education", true)
                />
                <ChoiceSelect
                    name="occupation"
                    label=text(move || t_string!(i18n, profile.occupation).to_string())
                    list=&OCCUPATION
                    value=occupation
                    error=error_of(errors, "occupation")
                    on_change=check("occupation", true)
                />

                <fieldset
                    class="field region"
                    id="f-region"
                    tabindex="-1"
                    aria-invalid=move || if region_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="f-region-error"
                >
                    <legend>{move || t_string!(i18n, profile.region).to_string()}<span class="req" aria-hidden="true">"*"</span></legend>
                    <SelectField
                        name="province"
                        label=text(move || t_string!(i18n, profile.province).to_string())
                        value=province
                        error=Signal::derive(|| None)
                        options=province_options
                        required=true
                        on_change=Callback::new(move |_| {
                            city.set(String::new());
                            county.set(String::new());
                        })
                    />
                    <SelectField
                        name="city"
                        label=text(move || t_string!(i18n, profile.city).to_string())
                        value=city
                        error=Signal::derive(|| None)
                        options=city_options
                        required=true
                        on_change=Callback::new(move |_| county.set(String::new()))
                    />
                    <Show when=move || !county_options.get().is_empty()>
                        <SelectField
                            name="county"
                            label=text(move || t_string!(i18n, profile.county).to_string())
                            value=county
                            error=Signal::derive(|| None)
                            options=county_options
                            required=true
                            on_change=region_changed
                        />
                    </Show>
                    <p class="field-error" id="f-region-error">{move || region_error.get()}</p>
                </fieldset>

                <h2>{move || t_string!(i18n, profile.section_service).to_string()}</h2>
                <ChoiceChecks
                    name="service_categories"
                    label=text(move || t_string!(i18n, profile.service_categories).to_string())
                    list=&SERVICE_CATEGORY
                    value=service_categories
                    error=error_of(errors, "service_categories")
                    on_change=check("service_categories", true)
                />
                <ChoiceChecks
                    name="service_fields"
                    label=text(move || t_string!(i18n, profile.service_fields).to_string())
                    list=&SERVICE_FIELD
                    value=service_fields
                    error=error_of(errors, "service_fields")
                    on_change=check("service_fields", true)
                />
                <ChoiceSelect
                    name="four_heads"
                    label=text(move || t_string!(i18n, profile.four_heads).to_string())
                    list=&FOUR_HEADS
                    value=four_heads
                    error=error_of(errors, "four_heads")
                />
                <TextArea
                    name="skills"
                    label=text(move || t_string!(i18n, profile.skills).to_string())
                    hint=text(move || t_string!(i18n, profile.skills_hint).to_string())
                    value=skills
                    error=error_of(errors, "skills")
                    on_blur=check_text("skills", skills)
                />
                <TextArea
                    name="qualifications"
                    label=text(move || t_string!(i18n, profile.qualifications).to_string())
                    hint=text(move || t_string!(i18n, profile.qualifications_hint).to_string())
                    value=qualifications
                    error=error_of(errors, "qualifications")
                    on_blur=check_text("qualifications", qualifications)
                />
                <button type="submit" class="button primary block" disabled=move || save.pending().get()>
                    {move || {
                        if save.pending().get() {
                            t_string!(i18n, common.saving).to_string()
                        } else {
                            t_string!(i18n, common.save).to_string()
                        }
                    }}
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = move || params.with(|p| p.get("no").unwrap_or_default());
    let card = Resource::new(number, get_volunteer_card);
    let reveal = ServerAction::<RevealVolunteer>::new();
    view! {
        <Title text=move || format!("{} · {}", t_string!(i18n, volunteer.title), t_string!(i18n, app.name)) />
        <section class="page narrow">
            <h1>{move || t_string!(i18n, volunteer.title).to_string()}</h1>
            <Transition fallback=move || view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }>
                {move || {
                    let shown = reveal.value().get().and_then(|r| r.ok()).or_else(|| card.get().and_then(|r| r.ok()));
                    let failure = reveal.value().get().and_then(|r| r.err()).or_else(|| card.get().and_then(|r| r.err()));
                    match (shown, failure) {
                        (_, Some(e)) => view! { <p class="banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                        (Some(c), None) => {
                            let no = c.volunteer_no.clone();
                            view! {
                                <CardView card=c.clone() />
                                {if c.unmasked {
                                    view! { <p class="banner banner-warning">{move || t_string!(i18n, volunteer.revealed_note).to_string()}</p> }.into_any()
                                } else {
                                    view! {
                                        <p class="hint">{move || t_string!(i18n, volunteer.masked_note).to_string()}</p>
                                        <button
                                            type="button"
                                            class="button"
                                            on:click=move |_| { reveal.dispatch(RevealVolunteer { volunteer_no: no.clone() }); }
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
            <p class="card-title">{card.real_name.clone().unwrap_or_else(|| t_string!(i18n, volunteer.not_filled).to_string())}</p>
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
