//! Venues (F-40, CVST 5 §4) and the public map (F-41): the places and platforms where S&T
//! volunteer service happens, each kept up by its managing organisation's staff; their public
//! pages; the map of venues and upcoming activities, grouped on the server per zoom and box.
//! Sits between organisations and activities: a venue has a managing organisation, and an
//! activity may be held at a venue. Venues have photos (`photos`), stored through `crate::uploads`.
pub mod api;
pub mod geo;
pub mod model;
pub mod pages;
pub mod photos;
pub mod views;

#[cfg(feature = "ssr")]
pub mod map_points;
#[cfg(feature = "ssr")]
pub mod repo;
