//! Shared components: layout, form fields with their error slots, messages.
pub mod auth;
pub mod errors;
pub mod fields;
pub mod layout;
pub mod prefs;
