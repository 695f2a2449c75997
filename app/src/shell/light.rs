//! Light pages (see `ui::light`): which pages are served with the light module instead of the
//! whole app, the script that loads it, and the islands it can mount.
#[cfg(feature = "csr")]
use crate::ui::light::IslandSpec;
use leptos::prelude::*;

/// The pages a first visit usually opens whose script is the light module. Their interactive
/// parts are islands; everything else on them is server HTML that works without a script.
pub fn is_light_path(path: &str) -> bool {
    let id_under = |prefix: &str| {
        path.strip_prefix(prefix).is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
    };
    matches!(path, "/" | "/activities" | "/orgs" | "/login") || id_under("/activities/") || id_under("/orgs/")
}

/// The light module's two files in the site's package directory: `light.<hash>.js` and
/// `light.<hash>.wasm`, written by `scripts/light.sh`. `None` when that build did not run:
/// every page is then hydrated by the whole app.
#[cfg(feature = "ssr")]
fn light_files(options: &LeptosOptions) -> Option<&'static (String, String)> {
    use std::sync::OnceLock;
    static FILES: OnceLock<Option<(String, String)>> = OnceLock::new();
    FILES
        .get_or_init(|| {
            let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
            let js = std::fs::read_dir(dir)
                .ok()?
                .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .find(|name| name.starts_with("light.") && name.ends_with(".js"))?;
            let wasm = format!("{}.wasm", js.trim_end_matches(".js"));
            let pkg = format!("/{}", options.site_pkg_dir);
            Some((format!("{pkg}/{js}"), format!("{pkg}/{wasm}")))
        })
        .as_ref()
}

/// The page's script: the light module on a light page, the whole app's hydration otherwise.
#[component]
pub fn PageScripts(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let path = use_context::<axum::http::request::Parts>().map(|parts| parts.uri.path().to_string());
        if let (Some(true), Some((js, wasm))) = (path.as_deref().map(is_light_path), light_files(&options)) {
            let nonce = leptos::nonce::use_nonce();
            let start = format!(
                "import init, {{ start }} from '{js}';\
                 init({{ module_or_path: '{wasm}' }}).then(start);"
            );
            return view! {
                <link rel="modulepreload" href=js.clone() nonce=nonce.clone() />
                <link
                    rel="preload"
                    href=wasm.clone()
                    r#as="fetch"
                    r#type="application/wasm"
                    crossorigin=""
                    nonce=nonce.clone()
                />
                <script type="module" nonce=nonce>
                    {start}
                </script>
            }
            .into_any();
        }
    }
    view! { <HydrationScripts options /> }.into_any()
}

/// Mounts every island of a light page (the light module's entry calls this once).
#[cfg(feature = "csr")]
pub fn mount_islands() {
    use crate::ui::light::ISLAND_ATTR;
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(found) = document.query_selector_all(&format!("[{ISLAND_ATTR}]")) else { return };
    for index in 0..found.length() {
        let Some(el) = found.item(index).and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok()) else {
            continue;
        };
        let name = el.get_attribute(ISLAND_ATTR).unwrap_or_default();
        let props = el.get_attribute("data-props").unwrap_or_default();
        match name.as_str() {
            crate::shell::layout::Settings::NAME => mount::<crate::shell::layout::Settings>(el, &props),
            crate::orgs::pages::directory::JoinProps::NAME => {
                mount::<crate::orgs::pages::directory::JoinProps>(el, &props)
            }
            crate::activities::pages::browse::SearchIsland::NAME => {
                mount::<crate::activities::pages::browse::SearchIsland>(el, &props)
            }
            crate::activities::pages::browse::SortIsland::NAME => {
                mount::<crate::activities::pages::browse::SortIsland>(el, &props)
            }
            crate::activities::pages::detail::ActivityIsland::NAME => {
                mount::<crate::activities::pages::detail::ActivityIsland>(el, &props)
            }
            crate::accounts::pages::LoginIsland::NAME => mount::<crate::accounts::pages::LoginIsland>(el, &props),
            other => leptos::logging::warn!("no island named {other}"),
        }
    }
}

/// Replaces the server's markup of one island with the mounted component, keeping what the
/// person typed or chose before the module arrived.
#[cfg(feature = "csr")]
fn mount<P: IslandSpec>(el: web_sys::HtmlElement, props: &str) {
    use crate::i18n::I18nContextProvider;
    use crate::ui::light::LightIsland;
    let Ok(props) = serde_json::from_str::<P>(props) else {
        leptos::logging::warn!("island props do not parse: {props}");
        return;
    };
    let typed = form_values(&el);
    el.set_inner_html("");
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(LightIsland);
        leptos_meta::provide_meta_context();
        crate::ui::prefs::provide_prefs();
        view! {
            <I18nContextProvider set_lang_attr_on_html=false set_dir_attr_on_html=false>
                {props.view()}
            </I18nContextProvider>
        }
    });
    handle.forget();
    restore_form_values(&el, typed);
}

/// Takes the page's language from `<html lang>`, which the server chose (a client-side context
/// would otherwise go by the cookie and the browser's languages alone).
#[cfg(feature = "csr")]
#[component]
fn PageLocale() -> impl IntoView {
    use crate::i18n::{use_i18n, Locale};
    let lang = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let i18n = use_i18n();
    if let Some(locale) = lang.and_then(|l| l.parse::<Locale>().ok()) {
        if i18n.get_locale_untracked() != locale {
            i18n.set_locale(locale);
        }
    }
}

/// The named fields' values inside `el` (text, selects, checked boxes).
#[cfg(feature = "csr")]
fn form_values(el: &web_sys::HtmlElement) -> Vec<(String, String, bool)> {
    use wasm_bindgen::JsCast;
    let mut values = Vec::new();
    if let Ok(fields) = el.query_selector_all("input[name], select[name], textarea[name]") {
        for index in 0..fields.length() {
            let Some(node) = fields.item(index) else { continue };
            if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                if input.type_() != "hidden" {
                    values.push((input.name(), input.value(), input.checked()));
                }
            } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                values.push((select.name(), select.value(), false));
            } else if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                values.push((area.name(), area.value(), false));
            }
        }
    }
    values
}

/// Puts values read by [`form_values`] back into the mounted fields of the same names, and
/// tells the component (an `input`/`change` event, as if typed).
#[cfg(feature = "csr")]
fn restore_form_values(el: &web_sys::HtmlElement, values: Vec<(String, String, bool)>) {
    use wasm_bindgen::JsCast;
    for (name, value, checked) in values {
        // Boxes and radios are told apart by their value, other fields by their name.
        let by_value = format!("input[name=\"{name}\"][value=\"{value}\"]:is([type=checkbox],[type=radio])");
        let by_name = format!("[name=\"{name}\"]");
        let Some(node) =
            el.query_selector(&by_value).ok().flatten().or_else(|| el.query_selector(&by_name).ok().flatten())
        else {
            continue;
        };
        let changed = if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
            let kind = input.type_();
            if kind == "checkbox" || kind == "radio" {
                let differs = input.checked() != checked;
                input.set_checked(checked);
                differs
            } else {
                let differs = input.value() != value;
                input.set_value(&value);
                differs
            }
        } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
            let differs = select.value() != value;
            select.set_value(&value);
            differs
        } else if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let differs = area.value() != value;
            area.set_value(&value);
            differs
        } else {
            false
        };
        if changed {
            for kind in ["input", "change"] {
                if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &{
                    let init = web_sys::EventInit::new();
                    init.set_bubbles(true);
                    init
                }) {
                    let _ = node.dispatch_event(&event);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_light_path;

    #[test]
    fn the_first_visit_pages_are_light_and_the_pages_below_them_are_not() {
        for path in ["/", "/activities", "/activities/12", "/orgs", "/orgs/3", "/login"] {
            assert!(is_light_path(path), "{path} should be light");
        }
        for path in [
            "/activities/new",
            "/activities/12/edit",
            "/activities/12/checkin",
            "/activities/",
            "/orgs/3/manage",
            "/orgs/new",
            "/orgs/x",
            "/me",
            "/me/profile",
            "/map",
            "/login/",
        ] {
            assert!(!is_light_path(path), "{path} should not be light");
        }
    }
}
