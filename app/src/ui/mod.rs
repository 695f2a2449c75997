//! Shared components: layout, form fields with their error slots, messages.
pub mod choices;
pub mod decision_queue;
pub mod errors;
pub mod fields;
pub mod form;
pub mod format;
pub mod geo;
pub mod head;
pub mod light;
pub mod load_more;
pub mod prefs;
