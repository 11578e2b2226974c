//! Asking the core's policy from a handler, and turning its answer into HTTP.

use matchready_core::account::policy::decide;
use matchready_core::account::{Action, Relation, Resource, User};

use crate::ApiError;
use crate::auth::ApiCaller;

/// Allows the caller to do `action` to `resource` standing as `relation`, or answers as the policy says;
/// `what` names the thing in a 404.
pub fn allow(caller: &ApiCaller, resource: Resource, action: Action, relation: Relation, what: &str) -> Result<(), ApiError> {
    ApiError::denied(decide(caller.user.as_ref().map(User::actor).as_ref(), resource, action, relation), what)
}

/// The caller's own account, for actions on their own things.
pub fn own(caller: &ApiCaller, resource: Resource, action: Action) -> Result<&User, ApiError> {
    allow(caller, resource, action, Relation::Own, "such thing")?;
    caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))
}

/// The caller's account, after the policy allowed a collection action.
pub fn member(caller: &ApiCaller, resource: Resource, action: Action) -> Result<&User, ApiError> {
    allow(caller, resource, action, Relation::Collection, "such thing")?;
    caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))
}

/// How the caller stands to an account.
pub fn relation_to(caller: &ApiCaller, target: &User) -> Relation {
    match &caller.user {
        Some(u) => Relation::of(&u.actor(), Some(target.id), target.site_id),
        None => Relation::Unrelated,
    }
}

/// How the caller stands to a site.
pub fn relation_to_site(caller: &ApiCaller, site_id: i64) -> Relation {
    match &caller.user {
        Some(u) => Relation::of(&u.actor(), None, Some(site_id)),
        None => Relation::Unrelated,
    }
}
