//! Accounts: phone + SMS code login, optional password, sessions and roles (F-01, F-02).
pub mod api;
pub mod auth;
pub mod mobile;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod closure;
#[cfg(feature = "ssr")]
pub mod codes;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session_store;
#[cfg(feature = "ssr")]
pub mod users;
