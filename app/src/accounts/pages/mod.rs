//! Login (phone + SMS code, or password), "my page" and the password page.
mod login;
mod me;
mod set_password;

pub use login::{LoginIsland, LoginPage};
pub use me::MePage;
pub use set_password::PasswordPage;
