//! The server's integration tests, as one test binary. Each file beside this one is a module
//! here: one binary compiles `common` once and links the application once, where a binary per file
//! compiled and linked both 27 times (minutes of every `make test`). Run one file's tests with
//! `cargo test -p server --test suite venues::` (serially: `-- --test-threads=1`, see scripts/test.sh).
//!
//! `private_logs.rs` stays a binary of its own: it installs the process's log collector.
mod common;

mod accounts;
mod activities;
mod api;
mod attendance;
mod authz_matrix;
mod certificates;
mod cross_site;
mod demands;
mod import_consent;
mod invitations;
mod makeup;
mod operations;
mod org_registration_consent;
mod org_status;
mod orgs;
mod pages;
mod platform;
mod private_files;
mod records;
mod review;
mod roster_choices;
mod search_input;
mod sessions;
mod staff_consent;
mod statuses;
mod uploads;
mod venue_photos;
mod venues;
mod volunteers;
