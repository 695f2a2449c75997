//! Hours, make-up requests, service records and certificates (F-31 – F-34): what a volunteer
//! keeps for years. Never deleted; every correction is a new version.
//!
//! `hours` is the rule that turns a check-in and check-out into credited minutes (and the
//! `recount` other parts call); `closing` writes an activity's service record and hours lines
//! when staff close it; `hours_api` holds the staff decisions on lines; `weights` the corps'
//! coefficients for hard conditions; `versions` the append-only history; `pages` the screens.
pub mod certificates;
pub mod closing;
pub mod hours;
pub mod hours_api;
pub mod makeup;
pub mod mine;
pub mod pages;
pub mod versions;
pub mod weights;
