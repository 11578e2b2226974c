//! Why a use case refused: a [`Kind`] (what sort of refusal, which each
//! adapter turns into its own answer: a status and JSON for the API, a
//! redirect or a page for the browser), a stable code and a sentence a
//! person can act on. Server failures are logged once, here, and never
//! leak details.

use matchready_core::FieldError;
use matchready_core::account::Decision;
use matchready_store::StoreError;

use crate::accounts::AuthError;

/// What sort of refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Log in first.
    Unauthenticated,
    /// Allowed for verified hosts only; this one is not verified yet.
    Unverified,
    /// Not the caller's to do (they may know the thing exists).
    Forbidden,
    /// No such thing, or not one the caller may know of.
    NotFound,
    /// The input cannot be used; `fields` says which and how to fix it.
    Invalid,
    /// Not possible from where things stand (a state, a race, a duplicate).
    Conflict,
    /// Unknown email or wrong password, or a signature that does not match.
    BadCredentials,
    /// Too much at once; try again after `retry_after` seconds.
    TooMany,
    /// Too large to take.
    TooLarge,
    /// A part this server has not been set up with.
    NotConfigured,
    /// The database does not answer.
    Unavailable,
    /// Something failed on our side (already logged).
    Internal,
}

/// A refusal.
#[derive(Debug, Clone)]
pub struct AppError {
    /// What sort.
    pub kind: Kind,
    /// Stable machine code.
    pub code: &'static str,
    /// A sentence a person can act on.
    pub message: String,
    /// Per-field problems, when the input had several.
    pub fields: Vec<FieldError>,
    /// Seconds to wait (with [`Kind::TooMany`]).
    pub retry_after: Option<i64>,
}

/// What every use case returns.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// Any kind, code and message.
    pub fn new(kind: Kind, code: &'static str, message: impl Into<String>) -> Self {
        Self { kind, code, message: message.into(), fields: Vec::new(), retry_after: None }
    }

    /// Log in first.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(Kind::Unauthenticated, "unauthenticated", message)
    }

    /// Log in first, with how.
    pub fn login_first() -> Self {
        Self::unauthenticated("log in first: send Authorization: Bearer <token> from POST /api/v1/auth/login")
    }

    /// Not the caller's to do.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Forbidden, code, message)
    }

    /// Input that cannot be used, with a code of its own.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, code, message)
    }

    /// One field that cannot be used.
    pub fn invalid_field(field: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        let fields = vec![FieldError { field, message: message.clone() }];
        Self { fields, ..Self::new(Kind::Invalid, "invalid_input", format!("{field}: {message}")) }
    }

    /// Fields that cannot be used, each named with what to send.
    pub fn invalid_fields(code: &'static str, fields: Vec<FieldError>) -> Self {
        let message = fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ");
        Self { fields, ..Self::new(Kind::Invalid, code, message) }
    }

    /// Not possible from where things stand.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, code, message)
    }

    /// No such thing.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, "not_found", message)
    }

    /// A failure on our side, details already logged.
    pub fn internal() -> Self {
        Self::new(Kind::Internal, "internal", "something went wrong on our side; it has been logged, please try again")
    }

    /// The refusal for a policy decision; `what` names the thing for a "not found".
    pub fn denied(decision: Decision, what: &str) -> AppResult<()> {
        match decision {
            Decision::Allow => Ok(()),
            Decision::Unauthenticated => Err(Self::login_first()),
            Decision::Unverified => Err(Self::new(
                Kind::Unverified,
                "host_not_verified",
                "an administrator has not verified your account yet; you can do this once they have",
            )),
            Decision::Forbidden => Err(Self::forbidden("forbidden", "your role may not do this")),
            Decision::NotFound => Err(Self::not_found(format!("no {what}"))),
        }
    }

    /// The same refusal with another message.
    pub fn with_message(self, message: impl Into<String>) -> Self {
        Self { message: message.into(), ..self }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AppError {}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage failed");
        Self::internal()
    }
}

impl From<AuthError> for AppError {
    fn from(e: AuthError) -> Self {
        let message = e.to_string();
        match e {
            AuthError::Invalid { field, message } => Self::invalid_field(field, message),
            AuthError::BadCredentials => Self::new(Kind::BadCredentials, "invalid_credentials", message),
            AuthError::Disabled => Self::forbidden("account_disabled", message),
            AuthError::Throttled(wait) => {
                Self { retry_after: Some(wait), ..Self::new(Kind::TooMany, "too_many_attempts", message) }
            }
            AuthError::BadLink => Self::bad_request("invalid_link", message),
            AuthError::WrongPassword => Self::bad_request("wrong_password", message),
            AuthError::EmailTaken(_) => Self::conflict("email_taken", message),
            AuthError::NoSuchSite(_) => Self::invalid_field("site_id", message),
            AuthError::NotAHost => Self::bad_request("not_a_host", message),
            AuthError::Store(e) => e.into(),
            AuthError::Internal => Self::internal(),
        }
    }
}
