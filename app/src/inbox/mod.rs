//! The in-app inbox (F-13, F-14, F-25): messages about reviews, applications, membership
//! changes and, later, activities. A message is a kind plus the names that fill its sentence,
//! so it reads in whichever language the person chose.
pub mod api;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
