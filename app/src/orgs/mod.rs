//! Organisations and their hierarchy (F-10 – F-16): registration with the naming rules, the
//! public directory, review by the managing unit, membership, staff roles, the roster and
//! collective registration. The tree is a closure table, so a subtree at any depth is one
//! indexed range.
pub mod api;
pub mod closing;
pub mod import;
pub mod invitations;
pub mod membership;
pub mod model;
pub mod naming;
pub mod pages;
pub mod register;
pub mod roster;
pub mod views;

#[cfg(feature = "ssr")]
pub mod counts;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
