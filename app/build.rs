//! Generates the typed translation module from `locales/*.json` (leptos_i18n):
//! a key missing from a locale or misspelt in a component fails the build.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?).join("i18n");
    // interpolate_display: messages with values (e.g. "{{ seconds }} 秒后") are also needed as
    // plain strings, for attributes and for error texts built outside views.
    let cfg = Config::new("zh-CN")?.add_locale("en")?.parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos.generate_i18n_module(out)?;
    Ok(())
}
