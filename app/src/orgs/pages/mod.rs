//! Organisation pages: the public directory and organisation page, registration, the
//! volunteer's own memberships, and the staff console.
pub mod directory;
pub mod invitations;
pub mod manage;
pub mod mine;
pub mod register;
