//! Hours, make-up requests, service records and certificates (F-31 – F-34): what a volunteer
//! keeps for years. Never deleted; every correction is a new version.
pub mod makeup;
