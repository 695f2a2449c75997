//! Light pages (see `ui::light`): which pages are served with the light module instead of the
//! whole app, the script that loads it, and the islands it can mount.
#[cfg(feature = "csr")]
use crate::ui::light::IslandSpec;
use leptos::prelude::*;

/// The light pages, by the module each loads. Each module holds the code of its own page's
/// islands and no other (issue 14: a first visit downloads only what the page it opens can use);
/// `scripts/light.sh` builds one per bundle, with the `light` crate's feature of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Home and the organisation directory, whose only island is the header's switches.
    Basic,
    /// The activity list: search form and "nearest first".
    List,
    /// One activity: its sign-up form, the two-step cancel and the share box.
    Activity,
    /// One organisation: its join panel.
    Org,
    /// Sign-in.
    Login,
}

impl Bundle {
    pub const ALL: [Bundle; 5] = [Bundle::Basic, Bundle::List, Bundle::Activity, Bundle::Org, Bundle::Login];

    /// The module's file name is `light-<name>.<hash>.wasm`; the feature is `<name>`.
    pub const fn name(self) -> &'static str {
        match self {
            Bundle::Basic => "basic",
            Bundle::List => "list",
            Bundle::Activity => "activity",
            Bundle::Org => "org",
            Bundle::Login => "login",
        }
    }

    /// Data the bundle's islands read before they mount, preloaded beside its module
    /// (see [`prepare`]).
    pub fn preloads(self) -> &'static [&'static str] {
        match self {
            Bundle::List => &[crate::regions::TSV_PATH],
            _ => &[],
        }
    }

    /// The bundle of the page at `path`: `None` for the pages the whole app hydrates.
    pub fn of_path(path: &str) -> Option<Bundle> {
        let id_under = |prefix: &str| {
            path.strip_prefix(prefix).is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        };
        match path {
            "/" | "/orgs" => Some(Bundle::Basic),
            "/activities" => Some(Bundle::List),
            "/login" => Some(Bundle::Login),
            _ if id_under("/activities/") => Some(Bundle::Activity),
            _ if id_under("/orgs/") => Some(Bundle::Org),
            _ => None,
        }
    }
}

/// Each bundle's module files (`light-<name>.<hash>.js` and `.wasm` in the site's package
/// directory, written by `scripts/light.sh`), as paths to load. A page whose bundle was not built
/// (`cargo leptos watch` builds none) is hydrated by the whole app.
#[cfg(feature = "ssr")]
fn light_files(options: &LeptosOptions, bundle: Bundle) -> Option<&'static (String, String)> {
    use std::sync::OnceLock;
    static FILES: OnceLock<Vec<Option<(String, String)>>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        let names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        let pkg = format!("/{}", options.site_pkg_dir);
        Bundle::ALL
            .iter()
            .map(|bundle| {
                let prefix = format!("light-{}.", bundle.name());
                let js = names.iter().find(|n| n.starts_with(&prefix) && n.ends_with(".js"))?;
                let wasm = format!("{}.wasm", js.trim_end_matches(".js"));
                names.contains(&wasm).then(|| (format!("{pkg}/{js}"), format!("{pkg}/{wasm}")))
            })
            .collect()
    });
    files.get(Bundle::ALL.iter().position(|b| *b == bundle)?)?.as_ref()
}

/// The page's script: the light module on a light page, the whole app's hydration otherwise.
#[component]
pub fn PageScripts(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let path = use_context::<axum::http::request::Parts>().map(|parts| parts.uri.path().to_string());
        let bundle = path.as_deref().and_then(Bundle::of_path);
        if let Some((bundle, (js, wasm))) = bundle.and_then(|b| Some((b, light_files(&options, b)?))) {
            // Nothing on a light page hydrates: its islands read their props from their markup.
            // So the page's resources are not written into it for hydration: on the activity
            // list that was 11 KB of its 34 KB of HTML, escaped character by character.
            if let Some(context) = Owner::current_shared_context() {
                context.set_is_hydrating(false);
            }
            let nonce = leptos::nonce::use_nonce();
            // Loaded after the first paint, not preloaded from the head: on a slow link the
            // page's text and style then have the bandwidth to themselves, and its script
            // follows (the data its islands read is fetched beside the module).
            let data: String = bundle.preloads().iter().map(|href| format!("'{href}',")).collect();
            let start = format!(
                "const go = () => {{\
                   for (const href of [{data}]) {{\
                     const link = document.createElement('link');\
                     Object.assign(link, {{ rel: 'preload', as: 'fetch', href, crossOrigin: '' }});\
                     document.head.append(link);\
                   }}\
                   import('{js}').then((m) => m.default({{ module_or_path: '{wasm}' }}).then(() => m.start()));\
                 }};\
                 requestAnimationFrame(() => setTimeout(go));"
            );
            return view! {
                <script type="module" nonce=nonce>
                    {start}
                </script>
            }
            .into_any();
        }
    }
    view! { <HydrationScripts options /> }.into_any()
}

/// How the light module mounts one kind of island: its name and its mount function.
#[cfg(feature = "csr")]
pub type Mount = (&'static str, fn(web_sys::HtmlElement, &str));

#[cfg(feature = "csr")]
const fn island<P: IslandSpec>() -> Mount {
    (P::NAME, mount::<P>)
}

/// The islands a bundle's pages hold. Evaluated when the light module is compiled, so a
/// module links the code of its own bundle's islands only.
#[cfg(feature = "csr")]
pub const fn islands(bundle: Bundle) -> &'static [Mount] {
    use crate::accounts::pages::LoginIsland;
    use crate::activities::pages::browse::{SearchIsland, SortIsland};
    use crate::activities::pages::detail::{CancelSignup, ShareIsland, SignupForm};
    use crate::orgs::pages::directory::JoinProps;
    use crate::shell::layout::Settings;
    const BASIC: &[Mount] = &[island::<Settings>()];
    const LIST: &[Mount] = &[island::<Settings>(), island::<SearchIsland>(), island::<SortIsland>()];
    const ACTIVITY: &[Mount] =
        &[island::<Settings>(), island::<SignupForm>(), island::<CancelSignup>(), island::<ShareIsland>()];
    const ORG: &[Mount] = &[island::<Settings>(), island::<JoinProps>()];
    const LOGIN: &[Mount] = &[island::<Settings>(), island::<LoginIsland>()];
    match bundle {
        Bundle::Basic => BASIC,
        Bundle::List => LIST,
        Bundle::Activity => ACTIVITY,
        Bundle::Org => ORG,
        Bundle::Login => LOGIN,
    }
}

/// Reads what the bundle's islands need ([`Bundle::preloads`]) before they mount: `false`
/// when it could not be had, and the page then stays the server's (its forms still work).
#[cfg(feature = "csr")]
pub async fn prepare(bundle: Bundle) -> bool {
    // The region table (the search form's selects) is the only such data yet.
    !bundle.preloads().contains(&crate::regions::TSV_PATH) || crate::regions::load().await
}

/// Mounts every island of a light page (the light module's entry calls this once, with its
/// bundle's [`islands`]).
#[cfg(feature = "csr")]
pub fn mount_islands(islands: &[Mount]) {
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
        match islands.iter().find(|(known, _)| *known == name) {
            Some((_, mount)) => mount(el, &props),
            None => leptos::logging::warn!("no island named {name} in this page's module"),
        }
    }
    // What the server marked to start at (the status line saying what a post did).
    if let Some(el) =
        document.query_selector("[data-focus]").ok().flatten().and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Replaces the server's markup of one island with the mounted component, keeping what the
/// person typed or chose before the module arrived.
#[cfg(feature = "csr")]
fn mount<P: IslandSpec>(el: web_sys::HtmlElement, props: &str) {
    use crate::i18n::I18nSubContextProvider;
    use crate::ui::light::LightIsland;
    // From bytes, as server functions' answers are read: one copy of each type's decoder.
    let Ok(props) = serde_json::from_slice::<P>(props.as_bytes()) else {
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
            // A context of the island's own, starting in the page's language (a main context
            // would go by the browser's languages).
            <I18nSubContextProvider initial_locale=Signal::stored(page_locale())>{props.view()}</I18nSubContextProvider>
        }
    });
    handle.forget();
    restore_form_values(&el, typed);
}

/// The page's language: `<html lang>`, which the server chose. (The module has no cookie
/// support, and the browser's languages may differ from the choice made on the site.)
#[cfg(feature = "csr")]
fn page_locale() -> crate::i18n::Locale {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|lang| lang.parse().ok())
        .unwrap_or_default()
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
    use super::Bundle;

    #[test]
    fn the_first_visit_pages_are_light_and_the_pages_below_them_are_not() {
        for (path, bundle) in [
            ("/", Bundle::Basic),
            ("/orgs", Bundle::Basic),
            ("/activities", Bundle::List),
            ("/activities/12", Bundle::Activity),
            ("/orgs/3", Bundle::Org),
            ("/login", Bundle::Login),
        ] {
            assert_eq!(Bundle::of_path(path), Some(bundle), "{path}");
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
            assert_eq!(Bundle::of_path(path), None, "{path} should not be light");
        }
    }

    #[test]
    fn every_bundle_has_its_own_name() {
        let mut names: Vec<_> = Bundle::ALL.iter().map(|b| b.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Bundle::ALL.len());
    }
}
