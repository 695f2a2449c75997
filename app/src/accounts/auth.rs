//! The signed-in person, readable by every page.
//!
//! The first answer comes from a resource (so the server renders the right header and the
//! browser hydrates it); after that, login and logout set the answer directly, which avoids a
//! window where a page sees the old "signed out" state and sends the person back to login.
use crate::accounts::{api::current_user, model::SessionUser};
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Auth {
    initial: Resource<Result<Option<SessionUser>, AppError>>,
    known: RwSignal<Option<Option<SessionUser>>>,
}

impl Auth {
    /// `None` while the first answer is on its way; then `Some(user or None)`.
    pub fn state(&self) -> Option<Option<SessionUser>> {
        if let Some(known) = self.known.get() {
            return Some(known);
        }
        self.initial.get().map(|r| r.ok().flatten())
    }

    /// The current user once known (`None` while loading or when signed out).
    pub fn get(&self) -> Option<SessionUser> {
        self.state().flatten()
    }

    /// Records the outcome of a login (`Some`) or logout (`None`).
    pub fn set(&self, user: Option<SessionUser>) {
        self.known.set(Some(user));
    }

    /// Re-reads the session after a change to the person (name, password, closure request).
    pub fn refresh(&self) {
        let known = self.known;
        leptos::task::spawn_local(async move {
            if let Ok(user) = current_user().await {
                known.set(Some(user));
            }
        });
    }
}

pub fn provide_auth() -> Auth {
    let auth = Auth { initial: Resource::new(|| (), |_| current_user()), known: RwSignal::new(None) };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
