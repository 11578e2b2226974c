//! What the append-only audit log records.

use serde::Serialize;
use utoipa::ToSchema;

/// A sensitive action worth a line in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A login succeeded.
    LoginSucceeded,
    /// A login failed (wrong password, unknown email, disabled account).
    LoginFailed,
    /// A login was refused by throttling.
    LoginThrottled,
    /// A session ended by logout.
    Logout,
    /// An applicant or host signed up.
    SignedUp,
    /// An email address was confirmed.
    EmailVerified,
    /// A password was changed by its owner.
    PasswordChanged,
    /// A password was set from an emailed link (reset or invitation).
    PasswordReset,
    /// A password reset was asked for.
    PasswordResetRequested,
    /// Someone was invited as preceptor or coordinator.
    UserInvited,
    /// A host was verified by an admin.
    HostVerified,
    /// A role changed.
    RoleChanged,
    /// An account was disabled.
    UserDisabled,
    /// An account was enabled again.
    UserEnabled,
    /// Someone read another person's account.
    AccountRead,
    /// An experience was published or withdrawn.
    ExperiencePublished,
    /// An experience was withdrawn from the catalog.
    ExperienceUnpublished,
    /// An admin read the audit log.
    AuditRead,
    /// An admin read the outbox (links in it shown redacted).
    OutboxRead,
    /// An account was made from the command line.
    UserAddedByOperator,
    /// A document was added to a vault.
    DocumentUploaded,
    /// A document was read (downloaded).
    DocumentRead,
    /// A document was removed from its owner's vault (its file kept for those who read it).
    DocumentRemoved,
    /// A placement round was opened.
    RoundOpened,
    /// A placement round was cancelled.
    RoundCancelled,
    /// A placement round ran and its offers went out.
    RoundRan,
    /// An admin sent someone a fresh link to set their password.
    ResetLinkSent,
    /// A site's payment instructions were changed.
    PaymentInstructionsChanged,
    /// A trainee saved a note the PHI guard stopped, saying what it found is not PHI.
    PhiOverridden,
    /// A letter of recommendation's words were read (by its author, an applicant who kept the
    /// right, a program through its link, or an admin with a reason).
    LetterRead,
    /// A letter's file was uploaded or its form finished.
    LetterWritten,
}

impl AuditAction {
    /// The stable code stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::LoginSucceeded => "login_succeeded",
            Self::LoginFailed => "login_failed",
            Self::LoginThrottled => "login_throttled",
            Self::Logout => "logout",
            Self::SignedUp => "signed_up",
            Self::EmailVerified => "email_verified",
            Self::PasswordChanged => "password_changed",
            Self::PasswordReset => "password_reset",
            Self::PasswordResetRequested => "password_reset_requested",
            Self::UserInvited => "user_invited",
            Self::HostVerified => "host_verified",
            Self::RoleChanged => "role_changed",
            Self::UserDisabled => "user_disabled",
            Self::UserEnabled => "user_enabled",
            Self::AccountRead => "account_read",
            Self::ExperiencePublished => "experience_published",
            Self::ExperienceUnpublished => "experience_unpublished",
            Self::AuditRead => "audit_read",
            Self::OutboxRead => "outbox_read",
            Self::UserAddedByOperator => "user_added_by_operator",
            Self::DocumentUploaded => "document_uploaded",
            Self::DocumentRead => "document_read",
            Self::DocumentRemoved => "document_removed",
            Self::RoundOpened => "round_opened",
            Self::RoundCancelled => "round_cancelled",
            Self::RoundRan => "round_ran",
            Self::ResetLinkSent => "reset_link_sent",
            Self::PaymentInstructionsChanged => "payment_instructions_changed",
            Self::PhiOverridden => "phi_overridden",
            Self::LetterRead => "letter_read",
            Self::LetterWritten => "letter_written",
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AuditEntry {
    /// Position in the log.
    pub id: i64,
    /// When, seconds since 1970 (UTC).
    pub at: i64,
    /// Who acted (`None`: nobody logged in, or the command line).
    pub actor_id: Option<i64>,
    /// What happened: a stable code such as `login_failed`.
    pub action: String,
    /// What it was done to, e.g. `user:12`, `email:x@y.org`, `experience:7`.
    pub subject: String,
    /// The address the request came from.
    pub ip: Option<String>,
    /// More, in words.
    pub detail: String,
}
