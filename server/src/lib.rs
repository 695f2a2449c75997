//! The sciserve server: configuration, storage, sessions, SMS senders, background jobs, and the
//! axum application around the Leptos app. `startup::build` is what tests call too.
pub mod cli;
pub mod config;
pub mod files;
pub mod import_cli;
pub mod jobs;
pub mod owner_fence;
pub mod pages;
pub mod seed;
pub mod seed_activities;
pub mod seed_venues;
pub mod sms;
pub mod startup;
