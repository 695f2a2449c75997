//! The check-in pages.
