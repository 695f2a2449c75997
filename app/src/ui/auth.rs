//! The signed-in person as a resource every page can read, refreshed after login/logout.
use crate::accounts::{api::current_user, model::SessionUser};
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<SessionUser>, AppError>>,
    version: RwSignal<u32>,
}

impl Auth {
    /// Re-reads the session (after login, logout or a profile change).
    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }

    /// The current user once loaded (`None` while loading or when signed out).
    pub fn get(&self) -> Option<SessionUser> {
        self.user.get().and_then(|r| r.ok()).flatten()
    }
}

pub fn provide_auth() -> Auth {
    let version = RwSignal::new(0u32);
    let user = Resource::new(move || version.get(), |_| current_user());
    let auth = Auth { user, version };
    provide_context(auth);
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}
