//! Service demands (F-42) and matching (F-43): a community, school, village or company posts
//! what it needs without an account (its phone proved by an SMS code), the managing
//! organisation reviews and publishes it, staff see ranked organisations and volunteers of their
//! subtree with the reasons, accept it into a draft activity, or send a recruitment notice.
//! After records (accepting makes an activity; names are masked with the records' helper).
pub mod api;
pub mod matching;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod repo;
