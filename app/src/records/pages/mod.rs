//! The records pages.
