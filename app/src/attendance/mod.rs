//! Attendance (F-30, F-35, F-36): check-in and check-out by rotating QR code, by position and by
//! staff; offline scans sent later; anomaly flags written at check-in time, and the staff's
//! review queue of them (`review`).
pub mod api;
pub mod model;
pub mod pages;
pub mod review;

#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod token;
