//! The `app` crate's top-level modules form layers that point one way: a module may name
//! (`crate::x` in `use` items, expressions, types, attributes and macro bodies such as `view!`)
//! only itself and the modules *below* it in [`LAYERS`]. That keeps the foundations free of
//! domain knowledge and lets each domain be read, tested and changed with only what is beneath it.
//!
//! Every file under `src/` belongs to the top-level module named by its first path component
//! (`src/orgs/pages/mine.rs` → `orgs`, `src/clock.rs` → `clock`). `lib.rs` only declares modules
//! and is exempt, as are the test-only modules in [`EXEMPT`]. A top-level module missing from
//! [`LAYERS`] fails the test until it is given a place there. Modules listed but not (yet) present
//! are fine.

use proc_macro2::{TokenStream, TokenTree};
use std::collections::BTreeSet;
use std::path::Path;
use syn::visit::Visit;

/// The layers, bottom first: layer N is `LAYERS[N]`.
const LAYERS: &[&str] = &[
    "i18n",
    "clock",
    "wire",
    "validation",
    "codes",
    "regions",
    "error",
    "keys",
    "db",
    "sms",
    "sheets",
    "audit",
    "state",
    "http",
    "scope",
    "uploads",
    "ui",
    "accounts",
    "inbox",
    "volunteers",
    "orgs",
    "venues",
    "activities",
    "attendance",
    "records",
    "demands",
    "platform",
    "public_api",
    "home",
    "shell",
];

/// Files that are not part of the layering: the crate root and test-only modules.
const EXEMPT: &[&str] = &["lib", "locale_check"];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

/// One `crate::<target>` found in a file, at a line.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Use {
    line: usize,
    target: String,
}

/// Collects the second segment of every path starting with `crate`.
#[derive(Default)]
struct Collector {
    uses: BTreeSet<Use>,
}

impl Collector {
    fn add(&mut self, target: &proc_macro2::Ident) {
        self.uses.insert(Use { line: target.span().start().line, target: target.to_string() });
    }

    /// `crate :: ident` anywhere in a token stream (macro bodies, attribute arguments).
    fn scan(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            match token {
                TokenTree::Group(group) => self.scan(group.stream()),
                TokenTree::Ident(ident) if ident == "crate" => {
                    if let [TokenTree::Punct(a), TokenTree::Punct(b), TokenTree::Ident(target), ..] = &tokens[i + 1..] {
                        if a.as_char() == ':' && b.as_char() == ':' {
                            self.add(target);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `use crate::a::b`, `use crate::{a, b::c}`, `use {crate::a, std::b}`.
    fn use_tree(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) if p.ident == "crate" => self.after_crate(&p.tree),
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| self.use_tree(item)),
            _ => {}
        }
    }

    /// The part of a use tree after `crate::`: its first idents are the modules used.
    fn after_crate(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(next) => self.add(&next.ident),
            syn::UseTree::Name(next) => self.add(&next.ident),
            syn::UseTree::Rename(next) => self.add(&next.ident),
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| self.after_crate(item)),
            syn::UseTree::Glob(_) => {} // `use crate::*` names no module
        }
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let mut segments = path.segments.iter();
        if let (None, Some(first), Some(second)) = (path.leading_colon, segments.next(), segments.next()) {
            if first.ident == "crate" {
                self.add(&second.ident);
            }
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&item.tree);
        syn::visit::visit_item_use(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.scan(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        self.scan(list.tokens.clone());
        syn::visit::visit_meta_list(self, list);
    }
}

/// The top-level module a file under `src/` belongs to: `src/orgs/pages/x.rs` → `orgs`.
fn module_of(path: &str) -> String {
    let first = path.trim_start_matches("src/").split('/').next().unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// Every layering problem in `files` (path relative to the crate, like `src/ui/mod.rs`, and
/// source), one line each, ordered by file and line.
fn check(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<String> = files.iter().map(|(path, _)| module_of(path)).collect();
    let mut problems = Vec::new();
    for module in &modules {
        if layer(module).is_none() && !EXEMPT.contains(&module.as_str()) {
            problems
                .push(format!("src/{module}: top-level module `{module}` is not in LAYERS: add it to the layer order"));
        }
    }
    for (path, source) in files {
        let module = module_of(path);
        let Some(own) = layer(&module) else { continue }; // exempt, or reported above
        let file = match syn::parse_file(source) {
            Ok(file) => file,
            Err(e) => {
                problems.push(format!("{path}:{}: does not parse: {e}", e.span().start().line));
                continue;
            }
        };
        let mut collector = Collector::default();
        collector.visit_file(&file);
        for Use { line, target } in collector.uses {
            match layer(&target) {
                Some(other) if other > own => {
                    problems.push(format!("{path}:{line}: {module} (layer {own}) uses crate::{target} (layer {other})"))
                }
                None if modules.contains(&target) && !EXEMPT.contains(&target.as_str()) => problems.push(format!(
                    "{path}:{line}: {module} (layer {own}) uses crate::{target} (not in the layer order)"
                )),
                _ => {} // itself, a lower layer, or an item at the crate root
            }
        }
    }
    problems
}

/// The `.rs` files under `dir`, as (path relative to `root`, source), sorted by path.
fn read_tree(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_tree(root, &path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {relative}: {e}"));
            out.push((relative, source));
        }
    }
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    read_tree(root, &root.join("src"), &mut files);
    assert!(files.len() > 10, "found only {} files under src/", files.len());
    let problems = check(&files);
    assert!(
        problems.is_empty(),
        "{} layering problems (layers bottom first: {}):\n{}\n",
        problems.len(),
        LAYERS.join(", "),
        problems.join("\n")
    );
}

#[test]
fn layers_are_listed_once() {
    let unique: BTreeSet<_> = LAYERS.iter().collect();
    assert_eq!(unique.len(), LAYERS.len(), "a module is listed twice in LAYERS");
}

#[test]
fn checker_finds_violations_in_a_synthetic_tree() {
    let tree = |files: &[(&str, &str)]| -> Vec<(String, String)> {
        files.iter().map(|(p, s)| (p.to_string(), s.to_string())).collect()
    };
    let clean = tree(&[
        ("src/lib.rs", "pub mod clock; pub mod ui; pub mod orgs; use crate::orgs::X;"),
        ("src/clock.rs", "pub fn now() -> i64 { crate::clock::helper() }\nfn helper() -> i64 { 0 }"),
        ("src/ui/mod.rs", "use crate::{clock::now, error::AppError};\npub fn f() -> crate::clock::T { todo!() }"),
        ("src/orgs/pages/list.rs", "use crate::ui;\nfn v() { view! { <p>{crate::clock::now()}</p> } }"),
        ("src/locale_check.rs", "use crate::shell::App;"),
        ("src/orgs/root_item.rs", "fn f() -> crate::Locale { crate::provide_i18n() }"),
    ]);
    assert_eq!(check(&clean), Vec::<String>::new());

    let mut broken = clean.clone();
    broken.extend(tree(&[
        ("src/ui/fields.rs", "use crate::{clock,\n  volunteers::model::Gender};\n"),
        ("src/clock.rs", "fn f() {\n    let _ = format!(\"{}\", crate::shell::NAME);\n}"),
        ("src/home.rs", "#[cfg(test)]\nmod t { fn f(x: crate::shell::Layout) {} }"),
        ("src/widgets.rs", "pub fn w() {}"),
        ("src/orgs/uses_widgets.rs", "use crate::widgets::w;"),
        ("src/orgs/bad.rs", "fn f( {"),
    ]));
    let problems = check(&broken);
    let n = |m: &str| layer(m).unwrap();
    let expected = [
        "src/widgets: top-level module `widgets` is not in LAYERS: add it to the layer order".to_owned(),
        format!("src/ui/fields.rs:2: ui (layer {}) uses crate::volunteers (layer {})", n("ui"), n("volunteers")),
        format!("src/clock.rs:2: clock (layer {}) uses crate::shell (layer {})", n("clock"), n("shell")),
        format!("src/home.rs:2: home (layer {}) uses crate::shell (layer {})", n("home"), n("shell")),
        format!("src/orgs/uses_widgets.rs:1: orgs (layer {}) uses crate::widgets (not in the layer order)", n("orgs")),
    ];
    for line in &expected {
        assert!(problems.iter().any(|p| p == line), "missing `{line}` in:\n{}", problems.join("\n"));
    }
    assert!(problems.iter().any(|p| p.starts_with("src/orgs/bad.rs:") && p.contains("does not parse")), "{problems:?}");
    assert_eq!(problems.len(), expected.len() + 1, "unexpected extra problems:\n{}", problems.join("\n"));
}
