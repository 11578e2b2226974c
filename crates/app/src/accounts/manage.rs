//! What administrators and inviting coordinators do to accounts, each audited as their act.

use matchready_core::account::{
    AccountError, AuditAction, Email, LinkPurpose, Role, User, check_site, lifetimes, mail, parse_name,
};
use matchready_store::NewUser;

use super::service::Accounts;
use super::types::{AuthError, Invite, RoleChange, account_field, invalid};

impl Accounts {
    /// Invites a preceptor or coordinator to a site: an account with no password, and an emailed link to set one.
    /// The inviter vouches for them, so they start verified.
    pub async fn invite(&self, by: &User, invite: &Invite, ip: Option<&str>) -> Result<User, AuthError> {
        let email = Email::parse(&invite.email).map_err(account_field)?;
        let name = parse_name(&invite.name).map_err(account_field)?;
        let role = Role::from_code(&invite.role)
            .filter(|r| r.is_host())
            .ok_or_else(|| invalid("role", "invite a preceptor or a coordinator"))?;
        let site = self.store.site(invite.site_id).await?.ok_or(AuthError::NoSuchSite(invite.site_id))?;
        let new = NewUser {
            email: email.as_str().to_string(),
            name,
            role,
            site_id: Some(site.id),
            password_hash: None,
            email_verified: false,
            host_verified: true,
            now: self.now(),
        };
        let user = self.store.create_user(&new).await?.ok_or_else(|| AuthError::EmailTaken(email.as_str().to_string()))?;
        let token = self.issue_link(user.id, LinkPurpose::SetPassword, lifetimes::INVITE_LINK).await?;
        let link = self.link("/reset", &token);
        self.send(mail::invitation(&user.email, &user.name, role.name(), &site.name, &by.name, &link, lifetimes::INVITE_LINK))
            .await?;
        let detail = format!("{} at site {}", role.code(), site.id);
        self.audit(Some(by.id), AuditAction::UserInvited, format!("user:{}", user.id), ip, detail).await;
        Ok(user)
    }

    /// An admin vouches for a host (a preceptor or coordinator; nobody else is verified).
    pub async fn verify_host(&self, by: &User, target: &User, ip: Option<&str>) -> Result<(), AuthError> {
        if !target.role.is_host() {
            return Err(AuthError::NotAHost);
        }
        self.store.verify_host(target.id, self.now()).await?;
        self.audit(Some(by.id), AuditAction::HostVerified, format!("user:{}", target.id), ip, String::new()).await;
        Ok(())
    }

    /// An admin helps someone locked out: a fresh link to set a password goes to that person's own
    /// address (never shown to the admin), audited as the admin's act.
    pub async fn send_reset_link(&self, by: &User, target: &User, ip: Option<&str>) -> Result<(), AuthError> {
        if target.disabled {
            return Err(AuthError::Disabled);
        }
        let token = self.issue_link(target.id, LinkPurpose::SetPassword, lifetimes::RESET_LINK).await?;
        let link = self.link("/reset", &token);
        self.send(mail::reset_password(&target.email, &target.name, &link, lifetimes::RESET_LINK)).await?;
        self.audit(Some(by.id), AuditAction::ResetLinkSent, format!("user:{}", target.id), ip, String::new()).await;
        Ok(())
    }

    /// Disables (ending every session) or enables an account.
    pub async fn set_disabled(&self, by: &User, target: &User, disabled: bool, ip: Option<&str>) -> Result<(), AuthError> {
        self.store.set_disabled(target.id, disabled, self.now()).await?;
        let action = if disabled { AuditAction::UserDisabled } else { AuditAction::UserEnabled };
        self.audit(Some(by.id), action, format!("user:{}", target.id), ip, String::new()).await;
        Ok(())
    }

    /// Changes a role (and site); the account's sessions end, so new rights apply at once.
    pub async fn set_role(&self, by: &User, target: &User, change: &RoleChange, ip: Option<&str>) -> Result<(), AuthError> {
        let role = Role::from_code(&change.role).ok_or_else(|| account_field(AccountError::Role(change.role.clone())))?;
        check_site(role, change.site_id).map_err(account_field)?;
        if let Some(site) = change.site_id {
            self.store.site(site).await?.ok_or(AuthError::NoSuchSite(site))?;
        }
        self.store.set_role(target.id, role, change.site_id, self.now()).await?;
        let detail = format!("{} to {}", target.role.code(), role.code());
        self.audit(Some(by.id), AuditAction::RoleChanged, format!("user:{}", target.id), ip, detail).await;
        Ok(())
    }
}
