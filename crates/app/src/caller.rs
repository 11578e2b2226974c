//! Who is calling a use case: an account (or nobody), the session token
//! they came with, and their address. The web layer builds one from a
//! bearer token (API) or the session cookie (pages).

use matchready_core::account::{Actor, User};

/// The caller of a use case.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The account, when logged in.
    pub user: Option<User>,
    /// The session's token, to end it or keep it on a password change.
    pub token: Option<String>,
    /// The client's address, for the audit log.
    pub ip: String,
}

impl Caller {
    /// Nobody logged in, from `ip`.
    pub fn anonymous(ip: impl Into<String>) -> Self {
        Self { user: None, token: None, ip: ip.into() }
    }

    /// A logged-in account, from `ip`.
    pub fn member(user: User, ip: impl Into<String>) -> Self {
        Self { user: Some(user), token: None, ip: ip.into() }
    }

    /// The policy's view of the caller.
    pub fn actor(&self) -> Option<Actor> {
        self.user.as_ref().map(User::actor)
    }

    /// The account id, when logged in.
    pub fn id(&self) -> Option<i64> {
        self.user.as_ref().map(|u| u.id)
    }
}
