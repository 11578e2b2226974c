//! The accounts half of storage: users, sessions, emailed links, login
//! failures, and the site-side catalog writes that need an account
//! (publishing). The audit log and the outbox are in `outbox.rs`. Implemented for both backends in
//! `accounts_sql.rs`.

use async_trait::async_trait;
use matchready_core::account::throttle::Failures;
use matchready_core::account::{LinkPurpose, Role, User};
use matchready_core::{Site, SiteExperience};

use crate::StoreResult;

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Lower-case email (see `matchready_core::account::Email`).
    pub email: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Site, for hosts.
    pub site_id: Option<i64>,
    /// PHC string of the password hash; `None` until the person sets one.
    pub password_hash: Option<String>,
    /// Address already confirmed (made by an operator).
    pub email_verified: bool,
    /// Host already vouched for (invited, or made by an operator).
    pub host_verified: bool,
    /// Now, seconds since 1970.
    pub now: i64,
}

/// How a session travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser cookie (pages).
    Cookie,
    /// An `Authorization: Bearer` token (API).
    Bearer,
}

impl SessionKind {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Cookie => "cookie",
            Self::Bearer => "bearer",
        }
    }
}

/// A new session.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Whose.
    pub user_id: i64,
    /// Cookie or bearer.
    pub kind: SessionKind,
    /// Now.
    pub now: i64,
    /// When it ends at the latest.
    pub expires_at: i64,
}

/// Accounts and everything that hangs on them.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Adds an account; `None` when the email already has one (nothing changes).
    async fn create_user(&self, user: &NewUser) -> StoreResult<Option<User>>;
    /// One account.
    async fn user(&self, id: i64) -> StoreResult<Option<User>>;
    /// An account and its password hash, by lower-case email.
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<(User, Option<String>)>>;
    /// The password hash of an account.
    async fn password_hash(&self, id: i64) -> StoreResult<Option<String>>;
    /// Accounts, oldest first: all, or one site's.
    async fn users(&self, site_id: Option<i64>) -> StoreResult<Vec<User>>;
    /// Sets a password and ends every session of the account except `keep` (a token hash).
    async fn set_password(&self, id: i64, hash: &str, keep: Option<&str>, now: i64) -> StoreResult<()>;
    /// Changes a role (and site), ending the account's sessions. False if no such account.
    async fn set_role(&self, id: i64, role: Role, site_id: Option<i64>, now: i64) -> StoreResult<bool>;
    /// Disables (ending its sessions) or enables an account. False if no such account.
    async fn set_disabled(&self, id: i64, disabled: bool, now: i64) -> StoreResult<bool>;
    /// Marks a host as vouched for. False if no such account.
    async fn verify_host(&self, id: i64, now: i64) -> StoreResult<bool>;
    /// Marks an email address as confirmed.
    async fn verify_email(&self, id: i64, now: i64) -> StoreResult<bool>;

    /// Starts a session.
    async fn create_session(&self, session: &NewSession) -> StoreResult<()>;
    /// The account behind a live session: not expired, not idle more than `idle` seconds, not
    /// revoked, account not disabled. Notes the use when the last note is older than `touch` seconds.
    async fn session_user(
        &self,
        token_hash: &str,
        kind: SessionKind,
        now: i64,
        idle: i64,
        touch: i64,
    ) -> StoreResult<Option<User>>;
    /// Ends a session. False if it was not live.
    async fn end_session(&self, token_hash: &str, now: i64) -> StoreResult<bool>;

    /// Stores a single-use link.
    async fn create_link(
        &self,
        token_hash: &str,
        user_id: i64,
        purpose: LinkPurpose,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// The account a live, unused link of `purpose` belongs to, without using it.
    async fn link_user(&self, token_hash: &str, purpose: LinkPurpose, now: i64) -> StoreResult<Option<i64>>;
    /// Uses a link once: the account it was for, or `None` if unknown, used, expired or for another purpose.
    async fn use_link(&self, token_hash: &str, purpose: LinkPurpose, now: i64) -> StoreResult<Option<i64>>;

    /// Failed logins under `key` since `since`.
    async fn login_failures(&self, key: &str, since: i64) -> StoreResult<Failures>;
    /// Notes a failed login under each key, forgetting failures older than `since`.
    async fn record_login_failure(&self, keys: &[&str], now: i64, since: i64) -> StoreResult<()>;
    /// Forgets the failures under `key` (after a successful login).
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;

    /// One site.
    async fn site(&self, id: i64) -> StoreResult<Option<Site>>;
    /// A site's experiences, published or not.
    async fn site_experiences(&self, site_id: i64) -> StoreResult<Vec<SiteExperience>>;
    /// An experience's site and whether it is published.
    async fn experience_site(&self, id: i64) -> StoreResult<Option<(i64, bool)>>;
    /// Publishes or withdraws an experience (the catalog version moves). False if no such experience.
    async fn set_published(&self, id: i64, published: bool) -> StoreResult<bool>;
}
