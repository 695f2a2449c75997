//! Organisations and their hierarchy (F-10 – F-16). The tree is kept as a closure table so a
//! subtree at any depth is one indexed lookup.
#[cfg(feature = "ssr")]
pub mod repo;
