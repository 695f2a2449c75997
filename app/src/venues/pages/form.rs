//! The staff's venue form, for `/venues/new?org=` and `/venues/{id}/edit`, checked in the
//! browser by the server's own validator ([`VenueInput::validate`]). The server checks again,
//! and refuses anyone who does not manage the venue's organisation.
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::choices::RegionFieldset;
use crate::ui::errors::{error_text, FormMessage};
use crate::ui::fields::text;
use crate::ui::form::{BoundArea, BoundChoice, BoundSelect, BoundText, Field, Form, Slot};
use crate::ui::head::PageTitle;
use crate::validation::{FieldErrors, Invalid};
use crate::venues::api::{venue_form, RetireVenue, SaveVenue, VenueFormContext};
use crate::venues::model::{VenueInput, VENUE_KIND};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};

#[derive(Clone, Copy)]
struct Fields {
    form: Form,
    org_id: Field<String>,
    kind: Field<String>,
    name: Field<String>,
    description: Field<String>,
    region: Slot,
    province: Field<String>,
    city: Field<String>,
    county: Field<String>,
    address: Field<String>,
    coordinates: Slot,
    lat: Field<String>,
    lng: Field<String>,
    online_link: Field<String>,
    facilities: Field<String>,
    opening_hours: Field<String>,
    contact_name: Field<String>,
    contact_phone: Field<String>,
}

impl Fields {
    fn new(i: &VenueInput) -> Self {
        let form = Form::new();
        let t = |name: &'static str, value: &String| form.text(name, value.clone());
        let f = Fields {
            form,
            org_id: form.text("org_id", if i.org_id > 0 { i.org_id.to_string() } else { String::new() }),
            kind: t("kind", &i.kind),
            name: t("name", &i.name),
            description: t("description", &i.description),
            region: form.slot("region"),
            province: t("province", &i.province),
            city: t("city", &i.city),
            county: t("county", &i.county),
            address: t("address", &i.address),
            coordinates: form.slot("coordinates"),
            lat: t("lat", &i.lat),
            lng: t("lng", &i.lng),
            online_link: t("online_link", &i.online_link),
            facilities: t("facilities", &i.facilities),
            opening_hours: t("opening_hours", &i.opening_hours),
            contact_name: t("contact_name", &i.contact_name),
            contact_phone: t("contact_phone", &i.contact_phone),
        };
        form.checked_by(move || venue_errors(&f.snapshot()));
        f
    }

    fn snapshot(&self) -> VenueInput {
        VenueInput {
            org_id: self.org_id.id(),
            kind: self.kind.get(),
            name: self.name.get(),
            description: self.description.get(),
            province: self.province.get(),
            city: self.city.get(),
            county: self.county.get(),
            address: self.address.get(),
            lat: self.lat.get(),
            lng: self.lng.get(),
            online_link: self.online_link.get(),
            facilities: self.facilities.get(),
            opening_hours: self.opening_hours.get(),
            contact_name: self.contact_name.get(),
            contact_phone: self.contact_phone.get(),
        }
    }
}

/// The organisation must be chosen (whether the person manages it is the server's check), then
/// the model's own rules.
fn venue_errors(input: &VenueInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if input.org_id <= 0 {
        errors.push("org_id", Invalid::Required);
    }
    if let Err(found) = input.validate() {
        errors.0.extend(found.0);
    }
    errors
}

#[component]
pub fn VenueFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let location = use_location();
    let editing = Memo::new(move |_| params.with(|p| p.get("id").is_some()));
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(
        move || (editing.get(), id.get()),
        |(editing, id)| async move {
            match (editing, id) {
                (true, None) => Err(AppError::NotFound),
                (_, id) => venue_form(id).await,
            }
        },
    );
    let heading = move || {
        if editing.get() {
            t_string!(i18n, venues.title_edit).to_string()
        } else {
            t_string!(i18n, venues.title_new).to_string()
        }
    };
    let preset_org = move || query.with_untracked(|q| q.get("org").and_then(|v| v.trim().parse::<i64>().ok()));
    let login_here = move || {
        let here = location.pathname.get_untracked();
        format!("/login?next={}", crate::ui::format::encode_component(&here))
    };
    view! {
        <PageTitle text=move || format!("{} · {}", heading(), t_string!(i18n, app.name)) />
        <section class="page narrow venue-form-page">
            <h1>{heading}</h1>
            <Transition fallback=move || {
                view! { <p>{move || t_string!(i18n, common.loading).to_string()}</p> }
            }>
                {move || {
                    data.get()
                        .map(|result| match result {
                            Err(AppError::Unauthenticated) => view! { <Redirect path=login_here() /> }.into_any(),
                            Err(e) => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {error_text(i18n, &e)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(context) if context.orgs.is_empty() && context.input.is_none() => {
                                view! {
                                    <p class="banner banner-error" role="alert">
                                        {move || t_string!(i18n, venues.no_orgs).to_string()}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(context) => {
                                view! { <VenueForm context id=id.get_untracked() preset_org=preset_org() /> }.into_any()
                            }
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn VenueForm(context: VenueFormContext, id: Option<i64>, preset_org: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let orgs = context.orgs.clone();
    let input = context.input.clone().unwrap_or_else(|| {
        let org_id = preset_org
            .filter(|o| orgs.iter().any(|(id, _)| id == o))
            .or_else(|| (orgs.len() == 1).then(|| orgs[0].0))
            .unwrap_or(0);
        VenueInput { org_id, ..VenueInput::default() }
    });
    let mut options = orgs.iter().map(|(id, name)| (id.to_string(), name.clone())).collect::<Vec<_>>();
    if input.org_id > 0 && !options.iter().any(|(o, _)| *o == input.org_id.to_string()) {
        // An edit by staff of a unit above an organisation that is not open: keep its id.
        options.push((input.org_id.to_string(), format!("#{}", input.org_id)));
    }
    let f = Fields::new(&input);
    let save = ServerAction::<SaveVenue>::new();
    let retire = ServerAction::<RetireVenue>::new();
    let retired = RwSignal::new(context.retired);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => navigate(&format!("/venues/{saved}"), Default::default()),
        Some(Err(e)) => f.form.refused(&e),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = retire.value().get() {
            retired.update(|r| *r = !*r);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if f.form.submit() {
            save.dispatch(SaveVenue { id, input: f.snapshot() });
        }
    };
    let pending = save.pending();
    let coordinates_error = f.coordinates.error();
    view! {
        <p class="lead">{move || t_string!(i18n, venues.intro).to_string()}</p>
        <FormMessage error=f.form.message() />
        <form class="form venue-form" novalidate on:submit=on_submit>
            <BoundSelect
                field=f.org_id
                label=text(move || t_string!(i18n, venues.org).to_string())
                options=Signal::derive(move || options.clone())
                required=true
            />
            <BoundChoice field=f.kind label=text(move || t_string!(i18n, venues.kind).to_string()) list=&VENUE_KIND />
            <BoundText
                field=f.name
                label=text(move || t_string!(i18n, venues.name).to_string())
                maxlength=60
                autocomplete="off"
                required=true
            />
            <BoundArea
                field=f.description
                label=text(move || t_string!(i18n, venues.description).to_string())
                maxlength=1000
                rows=4
            />
            <RegionFieldset
                legend=text(move || t_string!(i18n, venues.region).to_string())
                hint=text(move || t_string!(i18n, venues.region_hint).to_string())
                labels=[
                    text(move || t_string!(i18n, publish.province).to_string()),
                    text(move || t_string!(i18n, publish.city).to_string()),
                    text(move || t_string!(i18n, publish.county).to_string()),
                ]
                province=f.province.value
                city=f.city.value
                county=f.county.value
                error=f.region.error()
                on_change=f.region.on_check()
            />
            <BoundText
                field=f.address
                label=text(move || t_string!(i18n, venues.address).to_string())
                hint=text(move || t_string!(i18n, venues.address_hint).to_string())
                maxlength=120
                autocomplete="street-address"
            />
            <fieldset
                class="field coordinates"
                id="f-coordinates"
                tabindex="-1"
                aria-invalid=move || if coordinates_error.get().is_some() { "true" } else { "false" }
                aria-describedby="f-coordinates-hint f-coordinates-error"
            >
                <legend>{move || t_string!(i18n, venues.coordinates).to_string()}</legend>
                <p class="hint" id="f-coordinates-hint">
                    {move || t_string!(i18n, venues.coordinates_hint).to_string()}
                </p>
                <div class="pair">
                    <BoundText
                        field=f.lat
                        label=text(move || t_string!(i18n, publish.lat).to_string())
                        inputmode="decimal"
                        autocomplete="off"
                        maxlength=20
                    />
                    <BoundText
                        field=f.lng
                        label=text(move || t_string!(i18n, publish.lng).to_string())
                        inputmode="decimal"
                        autocomplete="off"
                        maxlength=20
                    />
                </div>
                <p class="field-error" id="f-coordinates-error">
                    {move || coordinates_error.get()}
                </p>
            </fieldset>
            <BoundText
                field=f.online_link
                label=text(move || t_string!(i18n, venues.online_link).to_string())
                hint=text(move || t_string!(i18n, venues.online_link_hint).to_string())
                input_type="url"
                autocomplete="url"
                maxlength=300
            />
            <BoundArea
                field=f.facilities
                label=text(move || t_string!(i18n, venues.facilities).to_string())
                maxlength=500
            />
            <BoundText
                field=f.opening_hours
                label=text(move || t_string!(i18n, venues.opening_hours).to_string())
                maxlength=200
                autocomplete="off"
            />
            <div class="pair">
                <BoundText
                    field=f.contact_name
                    label=text(move || t_string!(i18n, venues.contact_name).to_string())
                    maxlength=30
                    autocomplete="off"
                />
                <BoundText
                    field=f.contact_phone
                    label=text(move || t_string!(i18n, venues.contact_phone).to_string())
                    input_type="tel"
                    autocomplete="off"
                    maxlength=20
                />
            </div>
            <button type="submit" id="save-venue" class="button primary block" disabled=move || pending.get()>
                {move || {
                    if pending.get() {
                        t_string!(i18n, venues.saving).to_string()
                    } else {
                        t_string!(i18n, venues.save).to_string()
                    }
                }}
            </button>
        </form>
        {id
            .map(|id| {
                view! {
                    <p class="actions">
                        <a href=format!("/venues/{id}")>{move || t_string!(i18n, venues.view).to_string()}</a>
                        " "
                        <a href=format!(
                            "/venues/{id}/photos",
                        )>{move || t_string!(i18n, venue_photos.manage).to_string()}</a>
                        " "
                        <button
                            type="button"
                            class="button"
                            disabled=move || retire.pending().get()
                            on:click=move |_| {
                                retire
                                    .dispatch(RetireVenue {
                                        id,
                                        retired: !retired.get_untracked(),
                                    });
                            }
                        >
                            {move || {
                                if retired.get() {
                                    t_string!(i18n, venues.reopen).to_string()
                                } else {
                                    t_string!(i18n, venues.retire).to_string()
                                }
                            }}
                        </button>
                    </p>
                }
            })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_the_validator_uses_has_a_place_on_the_form() {
        Owner::new().with(|| {
            let f = Fields::new(&VenueInput::default());
            let names = f.form.names();
            let long = "长".repeat(2001);
            let input = VenueInput {
                kind: "?".into(),
                name: long.clone(),
                description: long.clone(),
                address: long.clone(),
                lat: "x".into(),
                online_link: "x".into(),
                facilities: long.clone(),
                opening_hours: long.clone(),
                contact_name: long.clone(),
                contact_phone: "x".into(),
                ..f.snapshot()
            };
            for errors in [venue_errors(&f.snapshot()), venue_errors(&input)] {
                for e in errors.0 {
                    assert!(names.contains(&e.field.as_str()), "{} has no place on the form", e.field);
                }
            }
        });
    }
}
