//! Passing the activity on: the link to copy, the page's QR code and the calendar file.
use crate::i18n::*;
use crate::ui::light::IslandSpec;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The share box as an island (its copy button needs the page's script).
#[derive(Clone, Serialize, Deserialize)]
pub struct ShareIsland {
    id: i64,
    url: String,
}

impl ShareIsland {
    pub(super) fn new(id: i64, url: String) -> ShareIsland {
        ShareIsland { id, url }
    }
}

impl IslandSpec for ShareIsland {
    const NAME: &'static str = "share";

    fn view(self) -> AnyView {
        view! { <ShareBox id=self.id url=self.url /> }.into_any()
    }
}

/// The link to share (copyable), the page's QR code and the calendar file.
#[component]
fn ShareBox(id: i64, url: String) -> impl IntoView {
    let i18n = use_i18n();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| copy_link("share-url", move |ok| copied.set(Some(ok)));
    view! {
        <div class="share-box">
            <div class="field">
                <label for="share-url">{move || t_string!(i18n, activity_detail.share_link).to_string()}</label>
                <div class="inline-row">
                    <input id="share-url" type="text" readonly value=url />
                    // Copying needs the page's script; without it the link is there to select.
                    <Show when=move || hydrated.get()>
                        <button type="button" class="button" id="copy-link" on:click=copy>
                            {move || t_string!(i18n, activity_detail.copy).to_string()}
                        </button>
                    </Show>
                </div>
                <p class="inline-message" role="status">
                    {move || {
                        copied
                            .get()
                            .map(|ok| {
                                if ok {
                                    t_string!(i18n, activity_detail.copied).to_string()
                                } else {
                                    t_string!(i18n, activity_detail.copy_manual).to_string()
                                }
                            })
                    }}
                </p>
            </div>
            <img
                class="share-qr"
                src=format!("/activities/{id}/qr.svg")
                alt=move || t_string!(i18n, activity_detail.qr_alt).to_string()
                width="160"
                height="160"
            />
            <p>
                <a class="button" href=format!("/activities/{id}/calendar.ics") download=format!("activity-{id}.ics")>
                    {move || t_string!(i18n, activity_detail.calendar).to_string()}
                </a>
            </p>
        </div>
    }
}

/// Selects the link in its box and copies it: the asynchronous clipboard where the browser
/// offers it (secure pages), else the older copy command; `done(false)` leaves it selected for
/// the person to copy.
#[cfg(not(feature = "ssr"))]
fn copy_link(input_id: &str, done: impl Fn(bool) + Clone + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::js_sys;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        done(false);
        return;
    };
    let Some(input) = document.get_element_by_id(input_id).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        done(false);
        return;
    };
    input.select();
    let value = input.value();
    let command = move || {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.exec_command("copy").ok())
            .unwrap_or(false)
    };
    let navigator = web_sys::window().map(|w| w.navigator());
    let has_clipboard = navigator
        .as_ref()
        .and_then(|n| js_sys::Reflect::get(n, &JsValue::from_str("clipboard")).ok())
        .is_some_and(|c| !c.is_undefined() && !c.is_null());
    match navigator.filter(|_| has_clipboard) {
        Some(navigator) => {
            let promise = navigator.clipboard().write_text(&value);
            let on_ok = done.clone();
            let ok = Closure::<dyn FnMut(JsValue)>::new(move |_| on_ok(true));
            let failed = Closure::<dyn FnMut(JsValue)>::new(move |_| done(command()));
            let _ = promise.then2(&ok, &failed);
            // One of them runs once, later; they are tiny, so they are left to the page.
            ok.forget();
            failed.forget();
        }
        None => done(command()),
    }
}

#[cfg(feature = "ssr")]
fn copy_link(_input_id: &str, done: impl Fn(bool) + Clone + 'static) {
    done(false);
}
