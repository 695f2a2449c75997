//! The profile form, checked in the browser by the validator the server applies
//! ([`ProfileInput::validate`]).
use crate::accounts::auth::use_auth;
use crate::clock;
use crate::codes::{
    EDUCATION, ETHNICITY, FOUR_HEADS, OCCUPATION, POLITICAL_STATUS, SERVICE_CATEGORY, SERVICE_FIELD, TITLE,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::regions;
use crate::ui::choices::SelectField;
use crate::ui::errors::{error_text, FormMessage, LoginRequired};
use crate::ui::fields::text;
use crate::ui::form::{BoundArea, BoundChecks, BoundChoice, BoundSelect, BoundText, Field, Form, Slot};
use crate::ui::head::PageTitle;
use crate::volunteers::api::{my_profile, SaveMyProfile};
use crate::volunteers::model::ProfileInput;
use leptos::prelude::*;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    // Read once: saving refreshes the session (the name changes), and that must not rebuild the
    // form under the person's hands. One resource, not one keyed on the session's: a resource
    // whose key was another resource rendered differently on the server and in the browser, and
    // a direct visit (a new account arrives here after signing in) did not hydrate.
    let profile = Resource::new(|| (), |_| my_profile());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, profile.title), t_string!(i18n, app.name)) />
        <Transition fallback=move || {
            view! { <p class="page">{move || t_string!(i18n, common.loading).to_string()}</p> }
        }>
            {move || {
                profile
                    .get()
                    .map(|result| match result {
                        Ok(existing) => view! { <ProfileForm initial=existing.unwrap_or_default() /> }.into_any(),
                        Err(AppError::Unauthenticated) => view! { <LoginRequired next="/me/profile" /> }.into_any(),
                        Err(e) => view! { <p class="page banner banner-error">{error_text(i18n, &e)}</p> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// One [`Field`] per field of [`ProfileInput`].
#[derive(Clone, Copy)]
struct Fields {
    form: Form,
    real_name: Field<String>,
    gender: Field<String>,
    id_number: Field<String>,
    political_status: Field<String>,
    ethnicity: Field<String>,
    work_unit: Field<String>,
    title: Field<String>,
    education: Field<String>,
    occupation: Field<String>,
    /// The message about province, city and county together.
    region: Slot,
    province: Field<String>,
    city: Field<String>,
    county: Field<String>,
    service_categories: Field<Vec<String>>,
    service_fields: Field<Vec<String>>,
    four_heads: Field<String>,
    skills: Field<String>,
    qualifications: Field<String>,
}

impl Fields {
    fn new(i: ProfileInput) -> Self {
        let form = Form::new();
        let f = Fields {
            form,
            real_name: form.field("real_name", i.real_name),
            gender: form.field("gender", i.gender),
            id_number: form.field("id_number", i.id_number),
            political_status: form.field("political_status", i.political_status),
            ethnicity: form.field("ethnicity", i.ethnicity),
            work_unit: form.field("work_unit", i.work_unit),
            title: form.field("title", i.title),
            education: form.field("education", i.education),
            occupation: form.field("occupation", i.occupation),
            region: form.slot("region"),
            province: form.field("province", i.province),
            city: form.field("city", i.city),
            county: form.field("county", i.county),
            service_categories: form.field("service_categories", i.service_categories),
            service_fields: form.field("service_fields", i.service_fields),
            four_heads: form
                .text("four_heads", if i.four_heads.is_empty() { "none".to_string() } else { i.four_heads }),
            skills: form.field("skills", i.skills),
            qualifications: form.field("qualifications", i.qualifications),
        };
        form.checked_by(move || f.snapshot().validate(clock::today()).err().unwrap_or_default());
        f
    }

    fn snapshot(&self) -> ProfileInput {
        ProfileInput {
            real_name: self.real_name.get(),
            gender: self.gender.get(),
            id_number: self.id_number.get(),
            political_status: self.political_status.get(),
            ethnicity: self.ethnicity.get(),
            work_unit: self.work_unit.get(),
            title: self.title.get(),
            education: self.education.get(),
            occupation: self.occupation.get(),
            province: self.province.get(),
            city: self.city.get(),
            county: self.county.get(),
            service_categories: self.service_categories.get(),
            service_fields: self.service_fields.get(),
            four_heads: self.four_heads.get(),
            skills: self.skills.get(),
            qualifications: self.qualifications.get(),
        }
    }
}

#[component]
fn ProfileForm(initial: ProfileInput) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let f = Fields::new(initial);
    let form = f.form;
    let done = RwSignal::new(None::<String>);
    let save = ServerAction::<SaveMyProfile>::new();

    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            form.clear_banner();
            done.set(Some(t_string!(i18n, profile.saved).to_string()));
            auth.refresh();
        }
        Some(Err(e)) => {
            done.set(None);
            form.refused(&e);
        }
        None => {}
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        if form.submit() {
            save.dispatch(SaveMyProfile { input: f.snapshot() });
        }
    };

    let gender_options = Signal::derive(move || {
        let en = i18n.get_locale() == Locale::en;
        vec![
            ("male".to_string(), if en { "Male" } else { "男" }.to_string()),
            ("female".to_string(), if en { "Female" } else { "女" }.to_string()),
        ]
    });
    let (province, city, county) = (f.province.value, f.city.value, f.county.value);
    let province_options =
        Signal::derive(|| regions::provinces().iter().map(|r| (r.code.to_string(), r.name.to_string())).collect());
    let city_options = Signal::derive(move || {
        regions::cities_of(&province.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect()
    });
    let county_options = Signal::derive(move || {
        regions::counties_of(&city.get()).iter().map(|r| (r.code.to_string(), r.name.to_string())).collect::<Vec<_>>()
    });
    let region_error = f.region.error();
    let no_error = Signal::derive(|| None);

    view! {
        <section class="page narrow">
            <h1>{move || t_string!(i18n, profile.title).to_string()}</h1>
            <p class="lead">{move || t_string!(i18n, profile.intro).to_string()}</p>
            <FormMessage error=form.message() success=done />
            <form class="form" novalidate on:submit=on_submit>
                <h2>{move || t_string!(i18n, profile.section_identity).to_string()}</h2>
                <BoundText
                    field=f.real_name
                    label=text(move || t_string!(i18n, profile.real_name).to_string())
                    autocomplete="name"
                    maxlength=30
                    required=true
                />
                <BoundSelect
                    field=f.gender
                    label=text(move || t_string!(i18n, profile.gender).to_string())
                    options=gender_options
                    required=true
                    // The ID number encodes the gender: a typed one is checked against the new choice.
                    on_change=Callback::new(move |_| f.id_number.blurred())
                />
                <BoundText
                    field=f.id_number
                    label=text(move || t_string!(i18n, profile.id_number).to_string())
                    hint=text(move || t_string!(i18n, profile.id_number_hint).to_string())
                    maxlength=18
                    autocomplete="off"
                    required=true
                />
                <BoundChoice
                    field=f.political_status
                    label=text(move || t_string!(i18n, profile.political_status).to_string())
                    list=&POLITICAL_STATUS
                />
                <BoundChoice
                    field=f.ethnicity
                    label=text(move || t_string!(i18n, profile.ethnicity).to_string())
                    list=&ETHNICITY
                />

                <h2>{move || t_string!(i18n, profile.section_background).to_string()}</h2>
                <BoundText
                    field=f.work_unit
                    label=text(move || t_string!(i18n, profile.work_unit).to_string())
                    autocomplete="organization"
                    maxlength=100
                />
                <BoundChoice
                    field=f.title
                    label=text(move || t_string!(i18n, profile.title_field).to_string())
                    list=&TITLE
                />
                <BoundChoice
                    field=f.education
                    label=text(move || t_string!(i18n, profile.education).to_string())
                    list=&EDUCATION
                />
                <BoundChoice
                    field=f.occupation
                    label=text(move || t_string!(i18n, profile.occupation).to_string())
                    list=&OCCUPATION
                />

                <fieldset
                    class="field region"
                    id="f-region"
                    tabindex="-1"
                    aria-invalid=move || if region_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="f-region-error"
                >
                    <legend>
                        {move || t_string!(i18n, profile.region).to_string()}<span class="req" aria-hidden="true">
                            "*"
                        </span>
                    </legend>
                    <SelectField
                        name=f.province.name()
                        label=text(move || t_string!(i18n, profile.province).to_string())
                        value=province
                        error=no_error
                        options=province_options
                        required=true
                        on_change=Callback::new(move |_| {
                            city.set(String::new());
                            county.set(String::new());
                        })
                    />
                    <SelectField
                        name=f.city.name()
                        label=text(move || t_string!(i18n, profile.city).to_string())
                        value=city
                        error=no_error
                        options=city_options
                        required=true
                        on_change=Callback::new(move |_| county.set(String::new()))
                    />
                    <Show when=move || !county_options.get().is_empty()>
                        <SelectField
                            name=f.county.name()
                            label=text(move || t_string!(i18n, profile.county).to_string())
                            value=county
                            error=no_error
                            options=county_options
                            required=true
                            on_change=f.region.on_check()
                        />
                    </Show>
                    <p class="field-error" id="f-region-error">
                        {move || region_error.get()}
                    </p>
                </fieldset>

                <h2>{move || t_string!(i18n, profile.section_service).to_string()}</h2>
                <BoundChecks
                    field=f.service_categories
                    label=text(move || t_string!(i18n, profile.service_categories).to_string())
                    list=&SERVICE_CATEGORY
                />
                <BoundChecks
                    field=f.service_fields
                    label=text(move || t_string!(i18n, profile.service_fields).to_string())
                    list=&SERVICE_FIELD
                />
                <BoundChoice
                    field=f.four_heads
                    label=text(move || t_string!(i18n, profile.four_heads).to_string())
                    list=&FOUR_HEADS
                />
                <BoundArea
                    field=f.skills
                    label=text(move || t_string!(i18n, profile.skills).to_string())
                    hint=text(move || t_string!(i18n, profile.skills_hint).to_string())
                />
                <BoundArea
                    field=f.qualifications
                    label=text(move || t_string!(i18n, profile.qualifications).to_string())
                    hint=text(move || t_string!(i18n, profile.qualifications_hint).to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::volunteers::model::PROFILE_FIELDS;

    #[test]
    fn every_name_the_validator_uses_has_a_place_on_the_form() {
        Owner::new().with(|| {
            let f = Fields::new(ProfileInput::default());
            let names = f.form.names();
            for name in PROFILE_FIELDS {
                assert!(names.contains(name), "{name} has no field on the profile form");
            }
            assert_eq!(f.snapshot(), ProfileInput { four_heads: "none".into(), ..Default::default() });
        });
    }
}
