//! The volunteer's own profile form (profile) and the staff view of a volunteer card (card).
mod card;
mod profile;

pub use card::VolunteerPage;
pub use profile::ProfilePage;
