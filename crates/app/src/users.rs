//! Accounts as admins and coordinators manage them: lists scoped by the
//! policy, one account, invitations, verifying hosts, disabling, roles,
//! and a fresh password link for someone locked out. Coordinators see
//! and act on their own site's people only; anyone else's is not there.

use matchready_core::account::policy::{Scope, scope};
use matchready_core::account::{Action, AuditAction, Resource, User};

use crate::accounts::{Invite, RoleChange};
use crate::guard::{allow, logged_in, member, parse_id, relation_to, relation_to_site};
use crate::{App, AppError, AppResult, Caller};

/// Loads the account `raw` names and checks the caller may do `action` to it.
pub async fn target(app: &App, caller: &Caller, raw: &str, action: Action) -> AppResult<User> {
    let what = format!("account {raw}");
    logged_in(caller)?;
    let id = parse_id(raw, "account")?;
    let user = app.store.user(id).await?.ok_or_else(|| AppError::not_found(format!("no {what}")))?;
    allow(caller, Resource::Account, action, relation_to(caller, &user), &what)?;
    Ok(user)
}

async fn reload(app: &App, id: i64) -> AppResult<User> {
    app.store.user(id).await?.ok_or_else(|| AppError::not_found(format!("no account {id}")))
}

/// The accounts the caller may manage: every one for an admin, their own site's for a coordinator.
pub async fn list(app: &App, caller: &Caller) -> AppResult<Vec<User>> {
    let me = member(caller, Resource::Account, Action::List)?;
    Ok(match scope(&me.actor(), Resource::Account) {
        Scope::All => app.store.users(None).await?,
        Scope::Site(site) => app.store.users(Some(site)).await?,
        Scope::Own(_) => vec![me.clone()],
        Scope::Nothing => Vec::new(),
    })
}

/// One account; reading someone else's is audited.
pub async fn get(app: &App, caller: &Caller, raw: &str) -> AppResult<User> {
    let user = target(app, caller, raw, Action::Read).await?;
    if let Some(me) = caller.user.as_ref().filter(|me| me.id != user.id) {
        let subject = format!("user:{}", user.id);
        app.accounts.audit(Some(me.id), AuditAction::AccountRead, subject, Some(&caller.ip), String::new()).await;
    }
    Ok(user)
}

/// Invites a preceptor or coordinator to a site: admins to any, a verified coordinator to their own.
pub async fn invite(app: &App, caller: &Caller, invite: &Invite) -> AppResult<User> {
    logged_in(caller)?;
    let relation = relation_to_site(caller, invite.site_id);
    allow(caller, Resource::Account, Action::Invite, relation, &format!("site {} you manage", invite.site_id))?;
    let me = logged_in(caller)?;
    Ok(app.accounts.invite(me, invite, Some(&caller.ip)).await?)
}

/// An admin verifies a preceptor or coordinator who applied (nobody else is verified).
pub async fn verify(app: &App, caller: &Caller, raw: &str) -> AppResult<User> {
    let user = target(app, caller, raw, Action::Verify).await?;
    let me = logged_in(caller)?;
    app.accounts.verify_host(me, &user, Some(&caller.ip)).await?;
    reload(app, user.id).await
}

/// Disables (every session ends) or enables an account.
pub async fn set_disabled(app: &App, caller: &Caller, raw: &str, disabled: bool) -> AppResult<User> {
    let user = target(app, caller, raw, Action::Disable).await?;
    let me = logged_in(caller)?;
    app.accounts.set_disabled(me, &user, disabled, Some(&caller.ip)).await?;
    reload(app, user.id).await
}

/// Changes an account's role (and site); its sessions end, and a host must be verified anew.
pub async fn set_role(app: &App, caller: &Caller, raw: &str, change: &RoleChange) -> AppResult<User> {
    let user = target(app, caller, raw, Action::ChangeRole).await?;
    let me = logged_in(caller)?;
    app.accounts.set_role(me, &user, change, Some(&caller.ip)).await?;
    reload(app, user.id).await
}

/// Sends someone locked out a fresh link to set their password, at their own address (the admin
/// never sees it); audited as the admin's act.
pub async fn send_reset_link(app: &App, caller: &Caller, raw: &str) -> AppResult<User> {
    let user = target(app, caller, raw, Action::SendLink).await?;
    let me = logged_in(caller)?;
    app.accounts.send_reset_link(me, &user, Some(&caller.ip)).await?;
    Ok(user)
}
