//! "Use my location" for the publish form's coordinates.
use crate::i18n::*;
use crate::ui::form::Field;
use crate::ui::geo::GeoError;
use leptos::prelude::*;

/// What the last "use my location" attempt came to (only the browser makes one).
#[derive(Clone, Copy, PartialEq)]
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
        locating.set(true);
        leptos::task::spawn_local(async move {
            let reading = crate::ui::geo::current_position(crate::ui::geo::PRECISE).await;
            locating.set(false);
            outcome.set(Some(match reading {
                Ok(position) => {
                    lat.set(format!("{:.6}", position.lat));
                    lng.set(format!("{:.6}", position.lng));
                    on_found.run(());
                    Located::Found(position.accuracy_m.round() as i64)
                }
                Err(GeoError::Denied) => Located::Denied,
                Err(GeoError::Unavailable | GeoError::Timeout) => Located::Failed,
                Err(GeoError::Unsupported) => Located::Unsupported,
            }));
        });
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
            <p class="hint locate-status" role="status">
                {message}
            </p>
        </div>
    }
}
