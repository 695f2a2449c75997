//! "Use my location" for the publish form's coordinates.
use crate::i18n::*;
use crate::ui::form::Field;
use leptos::prelude::*;

/// What the last "use my location" attempt came to (only the browser makes one).
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(feature = "ssr", allow(dead_code))]
enum Located {
    /// Filled in, within this many metres.
    Found(i64),
    Denied,
    Failed,
    Unsupported,
}

/// "Use my location": one reading of the device's position into latitude and longitude, with
/// the accuracy said, since a phone indoors can be far off.
#[component]
pub(super) fn LocateButton(lat: Field<String>, lng: Field<String>, on_found: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let locating = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Located>);
    let locate = move |_| {
        outcome.set(None);
        #[cfg(not(feature = "ssr"))]
        {
            use wasm_bindgen::{closure::Closure, JsCast};
            let Some(geo) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
                outcome.set(Some(Located::Unsupported));
                return;
            };
            locating.set(true);
            let found = Closure::once_into_js(move |position: web_sys::Position| {
                let c = position.coords();
                lat.set(format!("{:.6}", c.latitude()));
                lng.set(format!("{:.6}", c.longitude()));
                locating.set(false);
                outcome.set(Some(Located::Found(c.accuracy().round() as i64)));
                on_found.run(());
            });
            let failed = Closure::once_into_js(move |error: web_sys::PositionError| {
                locating.set(false);
                // 1 = PERMISSION_DENIED; 2 and 3 are "unavailable" and "timeout".
                outcome.set(Some(if error.code() == 1 { Located::Denied } else { Located::Failed }));
            });
            let options = web_sys::PositionOptions::new();
            options.set_enable_high_accuracy(true);
            options.set_timeout(20_000);
            options.set_maximum_age(60_000);
            if geo.get_current_position_with_error_callback_and_options(found.unchecked_ref(), Some(failed.unchecked_ref()), &options).is_err() {
                locating.set(false);
                outcome.set(Some(Located::Unsupported));
            }
        }
        #[cfg(feature = "ssr")]
        let _ = (lat, lng, on_found);
    };
    let message = move || {
        outcome.get().map(|o| match o {
            Located::Found(metres) => t_string!(i18n, publish.located, metres = metres).to_string(),
            Located::Denied => t_string!(i18n, publish.locate_denied).to_string(),
            Located::Failed => t_string!(i18n, publish.locate_failed).to_string(),
            Located::Unsupported => t_string!(i18n, publish.locate_unsupported).to_string(),
        })
    };
    view! {
        <div class="locate">
            <button type="button" id="use-location" class="button" disabled=move || locating.get() on:click=locate>
                {move || {
                    if locating.get() {
                        t_string!(i18n, publish.locating).to_string()
                    } else {
                        t_string!(i18n, publish.use_location).to_string()
                    }
                }}
            </button>
            <p class="hint locate-status" role="status">{message}</p>
        </div>
    }
}
