//! sciserve: the shared application — typed models, validators, server functions and pages.
//! Compiled twice: to WASM for the browser (`hydrate`) and into the server (`ssr`).
//!
//! Modules are layered, bottom first; a module uses only modules below it (checked by
//! `app/tests/layering.rs`, described in the README):
//! i18n, clock, validation, codes, regions, error → db, sms, sheets, audit, state, http, scope → ui
//! → accounts → inbox → volunteers → orgs → activities → public_api, home → shell.
#![recursion_limit = "256"]

// The generated translation module has a `new` that does not return `Self`; that is its design.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

// Shared foundations: no domain knowledge.
pub mod clock;
pub mod codes;
pub mod error;
pub mod regions;
pub mod validation;
#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod scope;
#[cfg(feature = "ssr")]
pub mod sheets;
#[cfg(feature = "ssr")]
pub mod sms;
#[cfg(feature = "ssr")]
pub mod state;
pub mod ui;

// Domains, each using only the ones before it.
pub mod accounts;
pub mod inbox;
pub mod volunteers;
pub mod orgs;
pub mod activities;
#[cfg(feature = "ssr")]
pub mod public_api;
pub mod home;

// The document, layout and routes.
pub mod shell;

#[cfg(test)]
mod locale_check;
