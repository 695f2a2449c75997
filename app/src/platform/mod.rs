//! Running the platform (F-02, F-05): the console for platform admins — corps and their
//! reviews, the platform admins, account closures waiting to be completed, and the audit log —
//! and the grant and revocation the command line shares with it.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod admins;
#[cfg(feature = "ssr")]
pub mod closure;
#[cfg(feature = "ssr")]
pub mod repo;
