//! The browser entry: hydrates the server-rendered page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic leaves the page dead to clicks; it is logged to the console and marked on <html> so
    // the browser tests (end2end/tests/support/a11y.ts) fail on any page where one happened.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(root) = document_element() {
            let _ = root.set_attribute("data-panicked", "");
        }
    }));
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // A page outside the main module names its lazily loaded group (app/src/shell/pages.rs);
    // the group's code is loaded first so that hydration itself stays synchronous.
    leptos::task::spawn_local(async {
        if let Some(group) = page_group() {
            // Without a connection (a check-in page reopened from its service worker's copy) the
            // group cannot be fetched, and the lazy loader panics when a fetch fails. The page
            // works as the server rendered it (its forms and public/checkin.js), so it stays so.
            if offline() {
                return;
            }
            app::shell::preload_group(&group).await;
        }
        leptos::mount::hydrate_body(app::shell::App);
        // Marks the page as interactive: browser tests wait for it before clicking, since a
        // click on server-rendered markup before the WASM arrives has no handler yet.
        if let Some(root) = document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

fn page_group() -> Option<String> {
    let attr = app::shell::PAGE_GROUP_ATTR;
    web_sys::window()?.document()?.query_selector(&format!("[{attr}]")).ok()??.get_attribute(attr)
}

fn document_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

fn offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}
