//! Activities (F-20 – F-26): publishing with drafts, edits and cancellation; a status read
//! from the clock; the public list with keyword, region and distance; sign-up with capacity,
//! approval and a waitlist; "my activities" and the organiser's views; scheduled notices;
//! projects that group recurring activities.
pub mod api;
pub mod model;
pub mod pages;
pub mod terms;
pub mod views;

#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod notices;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod signup;
