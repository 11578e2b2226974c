//! Accounts: who people are (roles, emails, names), what a good password
//! is, how long a session lasts, when logins are throttled, what the audit
//! log records, and the authorisation policy every route asks.

pub mod audit;
pub mod mail;
pub mod password;
pub mod policy;
pub mod throttle;

use serde::Serialize;
use utoipa::ToSchema;

pub use audit::AuditAction;
pub use password::PasswordProblem;
pub use policy::{Action, Actor, Decision, Relation, Resource};
pub use throttle::Throttle;

/// What a person does in MatchReady.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A student or graduate looking for US clinical experience.
    Applicant,
    /// A US physician who supervises trainees at a site.
    Preceptor,
    /// Staff of one site or institution (a tenant).
    Coordinator,
    /// A US physician who advises applicants.
    Advisor,
    /// Runs the organisation.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Self; 5] = [Self::Applicant, Self::Preceptor, Self::Coordinator, Self::Advisor, Self::Admin];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Applicant => "applicant",
            Self::Preceptor => "preceptor",
            Self::Coordinator => "coordinator",
            Self::Advisor => "advisor",
            Self::Admin => "admin",
        }
    }

    /// The word a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Applicant => "Applicant",
            Self::Preceptor => "Preceptor",
            Self::Coordinator => "Site coordinator",
            Self::Advisor => "Advisor",
            Self::Admin => "Administrator",
        }
    }

    /// Parses a code, in any case.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Staff of a site: they belong to one and must be verified before they publish.
    pub fn is_host(self) -> bool {
        matches!(self, Self::Preceptor | Self::Coordinator)
    }
}

/// An account's problem with its fields, before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// Not an email address.
    #[error("'{0}' is not an email address; write it as name@example.org")]
    Email(String),
    /// Empty or too long a name.
    #[error("a name is 1 to 100 characters, without control characters")]
    Name,
    /// A role that needs a site got none, or the other way round.
    #[error("{0}")]
    Site(String),
    /// Not a role.
    #[error("'{0}' is not a role; use applicant, preceptor, coordinator, advisor or admin")]
    Role(String),
}

/// An email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a local part, a domain with a dot, no spaces, at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let s = raw.trim().to_lowercase();
        let ok = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';'))
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && local.len() <= 64
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                }
                None => false,
            };
        if ok { Ok(Self(s)) } else { Err(AccountError::Email(raw.trim().chars().take(80).collect())) }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as shown to others: trimmed, 1 to 100 characters.
pub fn parse_name(raw: &str) -> Result<String, AccountError> {
    let s = raw.trim();
    let n = s.chars().count();
    if n == 0 || n > 100 || s.chars().any(char::is_control) { Err(AccountError::Name) } else { Ok(s.to_string()) }
}

/// Checks that a role and a site go together: hosts belong to exactly one site, others to none.
pub fn check_site(role: Role, site_id: Option<i64>) -> Result<(), AccountError> {
    match (role.is_host(), site_id) {
        (true, None) => Err(AccountError::Site(format!("a {} belongs to a site: give its id", role.code()))),
        (false, Some(_)) => Err(AccountError::Site(format!("a {} belongs to no site: leave the site out", role.code()))),
        _ => Ok(()),
    }
}

/// An account as the rest of the system sees it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct User {
    /// Identifier.
    pub id: i64,
    /// Email address, lower case.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The site a preceptor or coordinator belongs to.
    pub site_id: Option<i64>,
    /// Whether the address was confirmed through an emailed link.
    pub email_verified: bool,
    /// For preceptors and coordinators: whether an admin (or an inviting coordinator) vouched for them.
    pub host_verified: bool,
    /// Whether the account is disabled (cannot log in; sessions revoked).
    pub disabled: bool,
    /// Whether a password is set (invited people set theirs from the emailed link).
    pub has_password: bool,
    /// When the account was made, seconds since 1970 (UTC).
    pub created_at: i64,
}

impl User {
    /// What the policy needs to know of this person acting.
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id, role: self.role, site_id: self.site_id, verified: !self.role.is_host() || self.host_verified }
    }
}

/// How long sessions and emailed links live, in seconds.
pub mod lifetimes {
    /// A session (cookie or bearer token) ends this long after login, whatever happens.
    pub const SESSION_ABSOLUTE: i64 = 12 * 3600;
    /// A session unused this long ends.
    pub const SESSION_IDLE: i64 = 60 * 60;
    /// How often a session's last use is written (so reads do not write every time).
    pub const SESSION_TOUCH: i64 = 5 * 60;
    /// A password-reset link.
    pub const RESET_LINK: i64 = 3600;
    /// An email-confirmation link.
    pub const VERIFY_LINK: i64 = 3 * 24 * 3600;
    /// An invitation (a link to set a first password).
    pub const INVITE_LINK: i64 = 7 * 24 * 3600;
}

/// What an emailed single-use link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Confirms an email address.
    VerifyEmail,
    /// Sets a new password (a reset, or an invited person's first one).
    SetPassword,
}

impl LinkPurpose {
    /// The stable code stored with the link.
    pub fn code(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::SetPassword => "set_password",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_parsed_and_normalised() {
        assert_eq!(Email::parse("  Ana.Lima@Example.ORG ").unwrap().as_str(), "ana.lima@example.org");
        for bad in ["", "ana", "ana@", "@example.org", "ana@example", "a b@example.org", "ana@@x.org", "ana@x..org", "<a>@x.org"]
        {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert!(Email::parse(&format!("{}@example.org", "a".repeat(65))).is_err());
    }

    #[test]
    fn names_and_sites() {
        assert_eq!(parse_name("  Ana Lima ").unwrap(), "Ana Lima");
        assert!(parse_name(" ").is_err());
        assert!(parse_name(&"x".repeat(101)).is_err());
        assert!(parse_name("a\u{7}b").is_err());
        assert!(check_site(Role::Coordinator, None).is_err());
        assert!(check_site(Role::Applicant, Some(1)).is_err());
        assert!(check_site(Role::Preceptor, Some(1)).is_ok());
        assert!(check_site(Role::Admin, None).is_ok());
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("ADMIN"), Some(Role::Admin));
        assert_eq!(Role::from_code("root"), None);
    }
}
