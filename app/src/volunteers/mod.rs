//! Volunteers: the real-name profile, its validators and personal-data rights (F-03 – F-06).
pub mod api;
pub mod gender;
pub mod id_number;
pub mod model;
pub mod pages;
pub mod person_name;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
