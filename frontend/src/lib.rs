//! The browser entry: hydrates the server-rendered page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // A page outside the main module names its lazily loaded group (app/src/shell/pages.rs);
    // the group's code is loaded first so that hydration itself stays synchronous.
    leptos::task::spawn_local(async {
        if let Some(group) = page_group() {
            app::shell::preload_group(&group).await;
        }
        leptos::mount::hydrate_body(app::shell::App);
        // Marks the page as interactive: browser tests wait for it before clicking, since a
        // click on server-rendered markup before the WASM arrives has no handler yet.
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

fn page_group() -> Option<String> {
    let attr = app::shell::PAGE_GROUP_ATTR;
    web_sys::window()?.document()?.query_selector(&format!("[{attr}]")).ok()??.get_attribute(attr)
}
