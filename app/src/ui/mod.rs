//! Shared components: layout, form fields with their error slots, messages.
pub mod errors;
pub mod fields;
pub mod form;
pub mod format;
pub mod geo;
pub mod prefs;
