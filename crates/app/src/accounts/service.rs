//! The account operations, shared by the API and the pages so both accept
//! and refuse the same things: sign-up, login (throttled), logout, emailed
//! links, password changes, invitations and an admin's changes to accounts.
//! Every sensitive step is written to the audit log.

use std::sync::Arc;

use matchready_core::account::mail::{self, Message};
use matchready_core::account::throttle::{Failures, Throttle};
use matchready_core::account::{AuditAction, Email, LinkPurpose, Role, User, check_site, lifetimes, parse_name, password};
use matchready_store::{AuditRecord, NewSession, NewUser, SessionKind, Store};

use super::secret::{Hasher, new_token, token_hash};
pub use super::types::{AuthConfig, AuthError, Invite, RoleChange, SignUp};
use super::types::{account_field, invalid};
use crate::Clock;

/// Login keys (account or address) this server already found throttled, with when they may try again.
/// Only a cache: the database stays the truth, and another server learns on its first check.
#[derive(Default)]
struct Blocked(std::sync::Mutex<std::collections::HashMap<String, i64>>);

impl Blocked {
    /// Most keys kept; past it, expired ones are dropped (and if all are live, the oldest knowledge is).
    const MAX: usize = 10_000;

    fn wait(&self, keys: &[&str], now: i64) -> Option<i64> {
        let map = self.0.lock().ok()?;
        keys.iter().filter_map(|k| map.get(*k)).filter(|until| **until > now).map(|until| until - now).max()
    }

    fn block(&self, key: &str, now: i64, until: i64) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= Self::MAX {
                map.retain(|_, u| *u > now);
                if map.len() >= Self::MAX {
                    map.clear();
                }
            }
            map.insert(key.to_string(), until);
        }
    }

    fn forget(&self, key: &str) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(key);
        }
    }
}

/// Emails that anyone can trigger, per address per 15 minutes.
pub const MAILS_PER_WINDOW: i64 = 3;

/// Account operations over a store.
pub struct Accounts {
    pub(super) store: Arc<dyn Store>,
    hasher: Hasher,
    throttle: Throttle,
    blocked: Blocked,
    /// Configuration.
    pub config: AuthConfig,
    clock: Clock,
}

impl Accounts {
    /// Operations over `store` reading `clock`.
    pub fn new(store: Arc<dyn Store>, config: AuthConfig, clock: Clock) -> Self {
        Self { store, hasher: Hasher::default(), throttle: Throttle::default(), blocked: Blocked::default(), config, clock }
    }

    pub(super) fn now(&self) -> i64 {
        self.clock.now()
    }

    pub(super) fn link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.config.public_url)
    }

    /// Appends to the audit log; a failure there is logged, not shown.
    pub async fn audit(&self, actor: Option<i64>, action: AuditAction, subject: String, ip: Option<&str>, detail: String) {
        let record = AuditRecord { at: self.now(), actor_id: actor, action, subject, ip: ip.map(str::to_string), detail };
        if let Err(e) = self.store.audit(&record).await {
            tracing::error!(error = %e, action = action.code(), "audit log write failed");
        }
    }

    pub(super) async fn send(&self, message: Message) -> Result<(), AuthError> {
        self.store.enqueue_email(&message, self.now()).await?;
        Ok(())
    }

    /// Sends an email anyone can trigger for any address (reset links, "someone tried to sign up",
    /// new confirmation links), unless that address already got [`MAILS_PER_WINDOW`] in the last
    /// 15 minutes: nobody can flood someone's inbox through us. The caller's answer is the same either way.
    async fn send_limited(&self, message: Message) -> Result<(), AuthError> {
        let now = self.now();
        if self.store.emails_to_since(&message.to, now - 15 * 60).await? >= MAILS_PER_WINDOW {
            tracing::debug!(to = %message.to, "email not queued: too many to this address lately");
            return Ok(());
        }
        self.send(message).await
    }

    pub(super) async fn issue_link(&self, user_id: i64, purpose: LinkPurpose, lifetime: i64) -> Result<String, AuthError> {
        let (token, hash) = new_token().ok_or(AuthError::Internal)?;
        let now = self.now();
        self.store.create_link(&hash, user_id, purpose, now, now + lifetime).await?;
        Ok(token)
    }

    async fn hash(&self, password: &str) -> Result<String, AuthError> {
        self.hasher.hash(password.to_string()).await.ok_or(AuthError::Internal)
    }

    /// Signs up an applicant (or a host who applies). Answers the same whether or not the email
    /// already has an account: its owner gets an email instead, and no second account is made.
    pub async fn sign_up(&self, form: &SignUp, ip: Option<&str>) -> Result<(), AuthError> {
        let email = Email::parse(&form.email).map_err(account_field)?;
        let name = parse_name(&form.name).map_err(account_field)?;
        let role = match form.role.as_deref().filter(|r| !r.trim().is_empty()) {
            None => Role::Applicant,
            Some(code) => match Role::from_code(code) {
                Some(r @ (Role::Applicant | Role::Preceptor | Role::Coordinator)) => r,
                _ => return Err(invalid("role", "sign up as an applicant, preceptor or coordinator; admins invite the rest")),
            },
        };
        check_site(role, form.site_id).map_err(account_field)?;
        if let Some(site) = form.site_id {
            self.store.site(site).await?.ok_or(AuthError::NoSuchSite(site))?;
        }
        password::check(&form.password, &[email.as_str(), &name]).map_err(|e| invalid("password", e))?;
        // Hash either way, so both answers take as long.
        let hash = self.hash(&form.password).await?;
        let new = NewUser {
            email: email.as_str().to_string(),
            name,
            role,
            site_id: form.site_id,
            password_hash: Some(hash),
            email_verified: false,
            host_verified: false,
            now: self.now(),
        };
        match self.store.create_user(&new).await? {
            Some(user) => {
                let token = self.issue_link(user.id, LinkPurpose::VerifyEmail, lifetimes::VERIFY_LINK).await?;
                let link = self.link("/verify", &token);
                self.send(mail::verify_email(&user.email, &user.name, &link, lifetimes::VERIFY_LINK)).await?;
                let detail = format!("signed up as {}", role.code());
                self.audit(Some(user.id), AuditAction::SignedUp, format!("user:{}", user.id), ip, detail).await;
            }
            None => {
                let reset = format!("{}/forgot", self.config.public_url);
                self.send_limited(mail::already_registered(email.as_str(), &reset)).await?;
            }
        }
        Ok(())
    }

    /// Checks an email and password and starts a session; returns the account and the token.
    pub async fn login(&self, email: &str, password: &str, ip: &str, kind: SessionKind) -> Result<(User, String), AuthError> {
        let email = Email::parse(email).map_err(account_field)?;
        let now = self.now();
        let since = self.throttle.since(now);
        let (email_key, ip_key) = (format!("email:{}", email.as_str()), format!("ip:{ip}"));
        // Keys known to be refused are refused from memory: a flood costs no database work.
        if let Some(wait) = self.blocked.wait(&[&email_key, &ip_key], now) {
            return Err(AuthError::Throttled(wait));
        }
        let account = self.store.login_failures(&email_key, since).await?;
        let address = self.store.login_failures(&ip_key, since).await?;
        if let Some(wait) = self.throttle.retry_after(account, address, now) {
            let none = Failures::default();
            if let Some(w) = self.throttle.retry_after(account, none, now) {
                self.blocked.block(&email_key, now, now + w);
            }
            if let Some(w) = self.throttle.retry_after(none, address, now) {
                self.blocked.block(&ip_key, now, now + w);
            }
            tracing::debug!(email = email.as_str(), ip, wait, "login throttled");
            return Err(AuthError::Throttled(wait));
        }
        let found = self.store.user_by_email(email.as_str()).await?;
        let (user, stored) = match found {
            Some((u, h)) => (Some(u), h),
            None => (None, None),
        };
        let matches = self.hasher.verify(password.to_string(), stored).await;
        let Some(user) = user.filter(|_| matches) else {
            self.store.record_login_failure(&[&email_key, &ip_key], now, since).await?;
            self.audit(
                None,
                AuditAction::LoginFailed,
                format!("email:{}", email.as_str()),
                Some(ip),
                "wrong email or password".into(),
            )
            .await;
            return Err(AuthError::BadCredentials);
        };
        if user.disabled {
            self.audit(Some(user.id), AuditAction::LoginFailed, format!("user:{}", user.id), Some(ip), "account disabled".into())
                .await;
            return Err(AuthError::Disabled);
        }
        self.store.clear_login_failures(&email_key).await?;
        let token = self.start_session(user.id, kind).await?;
        self.audit(Some(user.id), AuditAction::LoginSucceeded, format!("user:{}", user.id), Some(ip), kind.code().into()).await;
        Ok((user, token))
    }

    /// Starts a session for an account; returns the token (only its hash is stored).
    pub async fn start_session(&self, user_id: i64, kind: SessionKind) -> Result<String, AuthError> {
        let (token, hash) = new_token().ok_or(AuthError::Internal)?;
        let now = self.now();
        let session = NewSession { token_hash: hash, user_id, kind, now, expires_at: now + lifetimes::SESSION_ABSOLUTE };
        self.store.create_session(&session).await?;
        Ok(token)
    }

    /// The account behind a token, if its session is live.
    pub async fn authenticate(&self, token: &str, kind: SessionKind) -> Result<Option<User>, AuthError> {
        if token.is_empty() || token.len() > 100 {
            return Ok(None);
        }
        let now = self.now();
        Ok(self.store.session_user(&token_hash(token), kind, now, lifetimes::SESSION_IDLE, lifetimes::SESSION_TOUCH).await?)
    }

    /// Ends the session of `token`.
    pub async fn logout(&self, user: &User, token: &str, ip: Option<&str>) -> Result<(), AuthError> {
        self.store.end_session(&token_hash(token), self.now()).await?;
        self.audit(Some(user.id), AuditAction::Logout, format!("user:{}", user.id), ip, String::new()).await;
        Ok(())
    }

    /// Emails a single-use link to set a new password, if the account exists. Answers the same either way.
    pub async fn request_reset(&self, email: &str, ip: Option<&str>) -> Result<(), AuthError> {
        let email = Email::parse(email).map_err(account_field)?;
        if let Some((user, _)) = self.store.user_by_email(email.as_str()).await?
            && !user.disabled
        {
            let token = self.issue_link(user.id, LinkPurpose::SetPassword, lifetimes::RESET_LINK).await?;
            let link = self.link("/reset", &token);
            self.send_limited(mail::reset_password(&user.email, &user.name, &link, lifetimes::RESET_LINK)).await?;
        }
        self.audit(None, AuditAction::PasswordResetRequested, format!("email:{}", email.as_str()), ip, String::new()).await;
        Ok(())
    }

    /// Sets a password from an emailed link (reset or invitation); every session of the account ends.
    pub async fn reset_password(&self, token: &str, new_password: &str, ip: Option<&str>) -> Result<User, AuthError> {
        let now = self.now();
        let hash = token_hash(token);
        // The link is only looked at here: a password refused for being the person's own email or
        // name leaves the link usable for a better one.
        let holder = self.store.link_user(&hash, LinkPurpose::SetPassword, now).await?.ok_or(AuthError::BadLink)?;
        let holder = self.store.user(holder).await?.ok_or(AuthError::BadLink)?;
        password::check(new_password, &[&holder.email, &holder.name]).map_err(|e| invalid("password", e))?;
        let id = self.store.use_link(&hash, LinkPurpose::SetPassword, now).await?.ok_or(AuthError::BadLink)?;
        let user = self.store.user(id).await?.ok_or(AuthError::BadLink)?;
        let hash = self.hash(new_password).await?;
        self.store.set_password(id, &hash, None, now).await?;
        // The link reached their inbox: the address is theirs.
        self.store.verify_email(id, now).await?;
        let key = format!("email:{}", user.email);
        self.store.clear_login_failures(&key).await?;
        self.blocked.forget(&key);
        self.audit(Some(id), AuditAction::PasswordReset, format!("user:{id}"), ip, String::new()).await;
        Ok(user)
    }

    /// Confirms an email address from its link.
    pub async fn verify_email(&self, token: &str, ip: Option<&str>) -> Result<User, AuthError> {
        let now = self.now();
        let id = self.store.use_link(&token_hash(token), LinkPurpose::VerifyEmail, now).await?.ok_or(AuthError::BadLink)?;
        self.store.verify_email(id, now).await?;
        self.audit(Some(id), AuditAction::EmailVerified, format!("user:{id}"), ip, String::new()).await;
        self.store.user(id).await?.ok_or(AuthError::BadLink)
    }

    /// Sends a new email-confirmation link to an account not yet confirmed.
    pub async fn resend_verification(&self, user: &User) -> Result<(), AuthError> {
        if !user.email_verified {
            let token = self.issue_link(user.id, LinkPurpose::VerifyEmail, lifetimes::VERIFY_LINK).await?;
            let link = self.link("/verify", &token);
            self.send_limited(mail::verify_email(&user.email, &user.name, &link, lifetimes::VERIFY_LINK)).await?;
        }
        Ok(())
    }

    /// Changes one's own password; every other session of the account ends.
    pub async fn change_password(
        &self,
        user: &User,
        current: &str,
        new_password: &str,
        session_token: &str,
        ip: Option<&str>,
    ) -> Result<(), AuthError> {
        let stored = self.store.password_hash(user.id).await?;
        if !self.hasher.verify(current.to_string(), stored).await {
            return Err(AuthError::WrongPassword);
        }
        password::check(new_password, &[&user.email, &user.name]).map_err(|e| invalid("new_password", e))?;
        let hash = self.hash(new_password).await?;
        self.store.set_password(user.id, &hash, Some(&token_hash(session_token)), self.now()).await?;
        self.audit(Some(user.id), AuditAction::PasswordChanged, format!("user:{}", user.id), ip, String::new()).await;
        Ok(())
    }
}
