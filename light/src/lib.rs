//! The light pages' browser entry: mounts the page's islands (app/src/shell/light.rs).
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
    app::shell::light::mount_islands();
    // The same mark as a hydrated page: its islands now answer clicks.
    if let Some(root) = document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}

fn document_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}
