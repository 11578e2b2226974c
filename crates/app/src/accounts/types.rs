//! What account operations take and how they refuse.

use matchready_core::account::AccountError;
use matchready_store::StoreError;

/// Why an account operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// A field could not be used.
    #[error("{field}: {message}")]
    Invalid {
        /// Which field.
        field: &'static str,
        /// What to do.
        message: String,
    },
    /// Unknown email or wrong password (never says which).
    #[error("the email or password is wrong")]
    BadCredentials,
    /// The right password, for a disabled account.
    #[error("this account is disabled; ask your site's coordinator or an administrator")]
    Disabled,
    /// Too many failures; try again after this many seconds.
    #[error("too many failed logins; try again in {} minutes", (.0 + 59) / 60)]
    Throttled(i64),
    /// A link that is unknown, used or expired.
    #[error("this link is unknown, already used or expired; ask for a new one")]
    BadLink,
    /// The current password given to change it was wrong.
    #[error("the current password is wrong")]
    WrongPassword,
    /// An invitation to an address that has an account.
    #[error("{0} already has an account")]
    EmailTaken(String),
    /// Only preceptors and coordinators are verified as hosts.
    #[error("only preceptors and coordinators are verified; this account is not a host")]
    NotAHost,
    /// No such site (sites are public, so this says so).
    #[error("there is no site {0}")]
    NoSuchSite(i64),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Hashing or the random source failed (logged).
    #[error("internal failure")]
    Internal,
}

pub(super) fn invalid(field: &'static str, e: impl std::fmt::Display) -> AuthError {
    AuthError::Invalid { field, message: e.to_string() }
}

pub(super) fn account_field(e: AccountError) -> AuthError {
    let field = match e {
        AccountError::Email(_) => "email",
        AccountError::Name => "name",
        AccountError::Site(_) => "site_id",
        AccountError::Role(_) => "role",
    };
    invalid(field, e)
}

/// Where the server is reached from outside, and how cookies are set.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The address people open, without a trailing slash (emails link there).
    pub public_url: String,
    /// Trust the last `X-Forwarded-For` hop as the client address (behind a proxy).
    pub trust_forwarded_for: bool,
}

impl AuthConfig {
    /// Cookies get `Secure` (and the `__Host-` prefix) when the public address is HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// A new sign-up.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct SignUp {
    /// Email address; the account's login.
    pub email: String,
    /// Password: at least 10 characters, not easy to guess.
    pub password: String,
    /// Name as others see it.
    pub name: String,
    /// `applicant` (default), or `preceptor` / `coordinator` to apply as a host (an admin verifies you).
    #[serde(default)]
    pub role: Option<String>,
    /// For a host: the id of your site.
    #[serde(default)]
    pub site_id: Option<i64>,
}

/// An invitation.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct Invite {
    /// Their email address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// `preceptor` or `coordinator`.
    pub role: String,
    /// Their site.
    pub site_id: i64,
}

/// A new role.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct RoleChange {
    /// The role: applicant, preceptor, coordinator, advisor or admin.
    pub role: String,
    /// The site, for preceptors and coordinators.
    #[serde(default)]
    pub site_id: Option<i64>,
}
