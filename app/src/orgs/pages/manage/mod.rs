//! The staff console of one organisation (and its subtree): overview, reviews, applications,
//! roster, staff roles and collective registration.
pub mod applications;
pub mod import;
pub mod nav;
pub mod overview;
pub mod reviews;
pub mod roster;
pub mod staff;
pub mod widgets;
