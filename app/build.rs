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
    regions_hash()?;
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos.generate_i18n_module(out)?;
    Ok(())
}

/// `SCISERVE_REGIONS_HASH`: a hash of the region table, which names the file it is served as
/// (`regions::TSV_PATH`), so a changed table gets a new name and cached copies are never stale.
fn regions_hash() -> Result<(), Box<dyn std::error::Error>> {
    const TABLE: &str = "src/regions/regions.tsv";
    println!("cargo::rerun-if-changed={TABLE}");
    // 64-bit FNV-1a: enough to tell versions of one file apart, and no dependency.
    let hash = std::fs::read(TABLE)?
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    println!("cargo::rustc-env=SCISERVE_REGIONS_HASH={hash:016x}");
    Ok(())
}
