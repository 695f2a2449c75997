//! The light pages' browser entry: mounts the page's islands (app/src/shell/light.rs). Built
//! once per bundle of light pages, chosen by a feature, so each module holds its pages' islands.
use app::shell::light::{islands, prepare, Bundle, Mount};

#[cfg(feature = "basic")]
const BUNDLE: Bundle = Bundle::Basic;
#[cfg(feature = "list")]
const BUNDLE: Bundle = Bundle::List;
#[cfg(feature = "activity")]
const BUNDLE: Bundle = Bundle::Activity;
#[cfg(feature = "org")]
const BUNDLE: Bundle = Bundle::Org;
#[cfg(feature = "login")]
const BUNDLE: Bundle = Bundle::Login;
#[cfg(not(any(feature = "basic", feature = "list", feature = "activity", feature = "org", feature = "login")))]
compile_error!("choose the bundle to build with one feature: basic, list, activity, org or login (scripts/light.sh)");

/// Known when compiling: the other bundles' islands are not linked.
const ISLANDS: &[Mount] = islands(BUNDLE);

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn start() {
    // As in the whole app's entry (frontend/src/lib.rs): a panic is logged and marked on <html>,
    // where the browser tests look for it.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(root) = document_element() {
            let _ = root.set_attribute("data-panicked", "");
        }
    }));
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        if !prepare(BUNDLE).await {
            leptos::logging::warn!("the page's data did not load: it keeps working without its script");
            return;
        }
        app::shell::light::mount_islands(ISLANDS);
        // The same mark as a hydrated page: its islands now answer clicks.
        if let Some(root) = document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

fn document_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}
