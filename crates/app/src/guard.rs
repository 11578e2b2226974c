//! Asking the one policy from a use case. A use case loads the thing,
//! computes how the caller stands to it, and asks [`allow`]; the policy's
//! answer becomes the refusal every adapter shows in its own way.

use matchready_core::account::policy::decide;
use matchready_core::account::{Action, Relation, Resource, User};

use crate::{AppError, AppResult, Caller};

/// Allows the caller to do `action` to `resource` standing as `relation`, or refuses as the policy says;
/// `what` names the thing in a "not found".
pub fn allow(caller: &Caller, resource: Resource, action: Action, relation: Relation, what: &str) -> AppResult<()> {
    AppError::denied(decide(caller.actor().as_ref(), resource, action, relation), what)
}

/// The caller's own account, for actions on their own things.
pub fn own(caller: &Caller, resource: Resource, action: Action) -> AppResult<&User> {
    allow(caller, resource, action, Relation::Own, "such thing")?;
    logged_in(caller)
}

/// The caller's account, after the policy allowed a collection action.
pub fn member(caller: &Caller, resource: Resource, action: Action) -> AppResult<&User> {
    allow(caller, resource, action, Relation::Collection, "such thing")?;
    logged_in(caller)
}

/// The caller's account, or "log in first".
pub fn logged_in(caller: &Caller) -> AppResult<&User> {
    caller.user.as_ref().ok_or_else(AppError::login_first)
}

/// How the caller stands to an account.
pub fn relation_to(caller: &Caller, target: &User) -> Relation {
    match &caller.user {
        Some(u) => Relation::of(&u.actor(), Some(target.id), target.site_id),
        None => Relation::Unrelated,
    }
}

/// How the caller stands to a site's thing.
pub fn relation_to_site(caller: &Caller, site_id: i64) -> Relation {
    match &caller.user {
        Some(u) => Relation::of(&u.actor(), None, Some(site_id)),
        None => Relation::Unrelated,
    }
}

/// An id from a path or form: a positive whole number, or "not found" naming `what`.
pub fn parse_id(raw: &str, what: &str) -> AppResult<i64> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| AppError::not_found(format!("no {what} {raw}")))
}

/// Refuses a caller who is not logged in before anything is loaded.
pub fn require_login(caller: &Caller) -> AppResult<()> {
    logged_in(caller).map(|_| ())
}
