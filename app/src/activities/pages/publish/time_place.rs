//! 时间与地点: times in Beijing time, the region, the address (required on site), the online
//! link and optional coordinates, which the browser can fill from the device's position.
use super::locate::LocateButton;
use super::state::Fields;
use crate::i18n::*;
use crate::ui::choices::RegionFieldset;
use crate::ui::fields::{text, TextField};
use crate::ui::form::BoundText;
use leptos::prelude::*;

#[component]
pub(super) fn TimePlaceSection(f: Fields) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="form-section">
            <legend>{move || t_string!(i18n, publish.legend_time_place).to_string()}</legend>
            <div class="pair">
                <BoundText
                    field=f.starts_at
                    label=text(move || t_string!(i18n, publish.starts_at).to_string())
                    hint=text(move || t_string!(i18n, publish.starts_hint).to_string())
                    input_type="datetime-local"
                    required=true
                />
                <BoundText
                    field=f.ends_at
                    label=text(move || t_string!(i18n, publish.ends_at).to_string())
                    hint=text(move || t_string!(i18n, publish.ends_hint).to_string())
                    input_type="datetime-local"
                    required=true
                />
            </div>
            <RegionFieldset
                legend=text(move || t_string!(i18n, publish.region).to_string())
                hint=text(move || t_string!(i18n, publish.region_hint).to_string())
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
            <AddressField f />
            <BoundText
                field=f.online_link
                label=text(move || t_string!(i18n, publish.online_link).to_string())
                hint=text(move || t_string!(i18n, publish.online_link_hint).to_string())
                input_type="url"
                autocomplete="url"
                maxlength=300
            />
            <Coordinates f />
        </fieldset>
    }
}

/// The address is required only on site, so its marker and hint follow the mode.
#[component]
fn AddressField(f: Fields) -> impl IntoView {
    let i18n = use_i18n();
    let address = f.address;
    let on_site = Memo::new(move |_| matches!(f.mode.value.get().as_str(), "offline" | "hybrid"));
    let address_error = address.error();
    let address_hint = move || match f.mode.value.get().as_str() {
        "offline" | "hybrid" => t_string!(i18n, publish.address_hint_on_site).to_string(),
        "online" => t_string!(i18n, publish.address_hint_online).to_string(),
        _ => t_string!(i18n, publish.address_hint_unknown).to_string(),
    };
    view! {
        <div class="field" class:field-invalid=move || address_error.get().is_some()>
            <label for="f-address">
                {move || t_string!(i18n, publish.address).to_string()} <Show when=move || on_site.get()>
                    <span class="req">
                        "*"<span class="sr-only">{move || t_string!(i18n, a11y.required).to_string()}</span>
                    </span>
                </Show>
            </label>
            <p class="hint" id="f-address-hint">
                {address_hint}
            </p>
            <input
                id="f-address"
                name=address.name()
                type="text"
                maxlength="120"
                autocomplete="street-address"
                aria-required=move || if on_site.get() { "true" } else { "false" }
                aria-invalid=move || if address_error.get().is_some() { "true" } else { "false" }
                aria-describedby="f-address-hint f-address-error"
                prop:value=move || address.value.get()
                on:input=move |ev| address.set(event_target_value(&ev))
                on:blur=move |_| address.blurred()
            />
            <p class="field-error" id="f-address-error">
                {move || address_error.get()}
            </p>
        </div>
    }
}

/// Latitude and longitude with one message for the pair, and "use my location".
#[component]
fn Coordinates(f: Fields) -> impl IntoView {
    let i18n = use_i18n();
    let coordinates = f.coordinates;
    let coordinates_error = coordinates.error();
    let no_error = Signal::derive(|| None::<String>);
    // Either input left filled in shows the pair's message.
    let leave = move |value: RwSignal<String>| {
        Callback::new(move |_| coordinates.left(value.with_untracked(|v| !v.trim().is_empty())))
    };
    view! {
        <fieldset
            class="field coordinates"
            id="f-coordinates"
            tabindex="-1"
            aria-invalid=move || if coordinates_error.get().is_some() { "true" } else { "false" }
            aria-describedby="f-coordinates-hint f-coordinates-error"
        >
            <legend>{move || t_string!(i18n, publish.coordinates).to_string()}</legend>
            <p class="hint" id="f-coordinates-hint">
                {move || t_string!(i18n, publish.coordinates_hint).to_string()}
            </p>
            <div class="pair">
                <TextField
                    name=f.lat.name()
                    label=text(move || t_string!(i18n, publish.lat).to_string())
                    value=f.lat.value
                    error=no_error
                    inputmode="decimal"
                    autocomplete="off"
                    maxlength=20
                    on_blur=leave(f.lat.value)
                />
                <TextField
                    name=f.lng.name()
                    label=text(move || t_string!(i18n, publish.lng).to_string())
                    value=f.lng.value
                    error=no_error
                    inputmode="decimal"
                    autocomplete="off"
                    maxlength=20
                    on_blur=leave(f.lng.value)
                />
            </div>
            <LocateButton lat=f.lat lng=f.lng on_found=coordinates.on_check() />
            <p class="field-error" id="f-coordinates-error">
                {move || coordinates_error.get()}
            </p>
        </fieldset>
    }
}
