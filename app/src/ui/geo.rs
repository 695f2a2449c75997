//! The device's position, read once through the browser's Geolocation API. One place for it, so
//! "nearest first" and "use my location" ask and fail the same way. The server never knows the
//! position: there the answer is always [`GeoError::Unsupported`].

/// A reading in decimal degrees, with the radius the browser vouches for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Position {
    pub lat: f64,
    pub lng: f64,
    /// Metres; a phone indoors may be hundreds off, so forms say it.
    pub accuracy_m: f64,
}

/// Why there is no position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoError {
    /// The person (or the site's permission policy) said no.
    Denied,
    /// The device could not work out where it is.
    Unavailable,
    /// No answer within the options' timeout.
    Timeout,
    /// No Geolocation API here (an old browser, an insecure page, the server).
    Unsupported,
}

impl GeoError {
    /// `GeolocationPositionError.code`: 1 permission denied, 2 position unavailable, 3 timeout.
    #[cfg_attr(feature = "ssr", allow(dead_code))]
    fn from_code(code: u16) -> GeoError {
        match code {
            1 => GeoError::Denied,
            3 => GeoError::Timeout,
            _ => GeoError::Unavailable,
        }
    }
}

/// How hard to try: the `PositionOptions` of the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GeoOptions {
    pub high_accuracy: bool,
    pub timeout_ms: u32,
    /// How old a cached reading may be.
    pub maximum_age_ms: u32,
}

/// For pinning a venue on a form: satellite fix where there is one, a recent reading.
pub const PRECISE: GeoOptions = GeoOptions { high_accuracy: true, timeout_ms: 20_000, maximum_age_ms: 60_000 };

/// For sorting by distance: a rough reading from the last few minutes is enough and comes fast.
pub const NEARBY: GeoOptions = GeoOptions { high_accuracy: false, timeout_ms: 15_000, maximum_age_ms: 300_000 };

/// Asks the browser for the position once (the browser may first ask the person).
#[cfg(not(feature = "ssr"))]
pub async fn current_position(options: GeoOptions) -> Result<Position, GeoError> {
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::js_sys::{Function, Promise, Reflect};
    let geolocation = web_sys::window().and_then(|w| w.navigator().geolocation().ok()).ok_or(GeoError::Unsupported)?;
    let settings = web_sys::PositionOptions::new();
    settings.set_enable_high_accuracy(options.high_accuracy);
    settings.set_timeout(options.timeout_ms);
    settings.set_maximum_age(options.maximum_age_ms);
    // The callback API wrapped in a promise, so the caller can simply await it.
    let mut asked = true;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        asked = geolocation
            .get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &settings)
            .is_ok();
    });
    if !asked {
        return Err(GeoError::Unsupported);
    }
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(value) => {
            let coords = value.unchecked_into::<web_sys::Position>().coords();
            Ok(Position { lat: coords.latitude(), lng: coords.longitude(), accuracy_m: coords.accuracy() })
        }
        // Read `code` by name: current browsers call the class GeolocationPositionError, so a
        // checked cast to web-sys's older `PositionError` would fail.
        Err(error) => {
            let code = Reflect::get(&error, &JsValue::from_str("code")).ok().and_then(|c| c.as_f64()).unwrap_or(0.0);
            Err(GeoError::from_code(code as u16))
        }
    }
}

#[cfg(feature = "ssr")]
pub async fn current_position(_options: GeoOptions) -> Result<Position, GeoError> {
    Err(GeoError::Unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_name_the_reason() {
        assert_eq!(GeoError::from_code(1), GeoError::Denied);
        assert_eq!(GeoError::from_code(2), GeoError::Unavailable);
        assert_eq!(GeoError::from_code(3), GeoError::Timeout);
    }
}
