//! `/api/v1/users` and `/api/v1/invitations`: accounts as admins and
//! coordinators manage them. Coordinators see and act on their own site's
//! people only; anyone else's account answers 404.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use matchready_core::account::{Action, AuditAction, Decision, Resource, Role, User};
use utoipa::IntoParams;

use super::body::Body;
use super::guard::{allow, member, relation_to, relation_to_site};
use crate::auth::ApiCaller;
use crate::auth::service::{Invite, RoleChange};
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// An account id in a path.
#[derive(serde::Deserialize, IntoParams)]
pub struct UserId {
    /// Account id.
    pub id: String,
}

/// Loads the account `raw` names and checks the caller may do `action` to it.
async fn target(state: &AppState, caller: &ApiCaller, raw: &str, action: Action) -> Result<User, ApiError> {
    let what = format!("account {raw}");
    if caller.user.is_none() {
        ApiError::denied(Decision::Unauthenticated, &what)?;
    }
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let user = state.store.user(id).await?.ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    allow(caller, Resource::Account, action, relation_to(caller, &user), &what)?;
    Ok(user)
}

/// Accounts: every one for an admin, their own site's for a coordinator.
#[utoipa::path(get, path = "/api/v1/users", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "Accounts, oldest first", body = [User]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins and coordinators only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<User>>, ApiError> {
    let me = member(&caller, Resource::Account, Action::List)?;
    // A coordinator's list is their site's; the policy allowed no other role but admins.
    let site = if me.role == Role::Admin { None } else { Some(me.site_id.unwrap_or(-1)) };
    Ok(Json(state.store.users(site).await?))
}

/// One account.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "admin", security(("bearer" = [])), params(UserId),
    responses(
        (status = 200, description = "The account", body = User),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such account, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(p): Path<UserId>) -> Result<Json<User>, ApiError> {
    let user = target(&state, &caller, &p.id, Action::Read).await?;
    if let Some(me) = caller.user.as_ref().filter(|me| me.id != user.id) {
        let subject = format!("user:{}", user.id);
        state.accounts.audit(Some(me.id), AuditAction::AccountRead, subject, Some(&caller.ip), String::new()).await;
    }
    Ok(Json(user))
}

/// Invite a preceptor or coordinator to a site: admins to any, a verified coordinator to their own.
/// The person gets an email with a link to set their password; they start verified.
#[utoipa::path(post, path = "/api/v1/invitations", tag = "admin", security(("bearer" = [])), request_body = Invite,
    responses(
        (status = 201, description = "Invited", body = User),
        (status = 400, description = "A field could not be used", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller's role may not invite, or they are not verified yet", body = ErrorBody),
        (status = 404, description = "Not a site the caller manages", body = ErrorBody),
        (status = 409, description = "The email already has an account", body = ErrorBody)
    ))]
pub async fn invite(
    State(state): State<AppState>,
    caller: ApiCaller,
    Body(body): Body<Invite>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    let relation = relation_to_site(&caller, body.site_id);
    allow(&caller, Resource::Account, Action::Invite, relation, &format!("site {} you manage", body.site_id))?;
    let me = caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))?;
    let user = state.accounts.invite(me, &body, Some(&caller.ip)).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Verify a preceptor or coordinator who applied: from then on they may publish and invite. Admins only.
#[utoipa::path(post, path = "/api/v1/users/{id}/verify", tag = "admin", security(("bearer" = [])), params(UserId),
    responses(
        (status = 200, description = "Verified", body = User),
        (status = 400, description = "Not a preceptor or coordinator", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody)
    ))]
pub async fn verify(State(state): State<AppState>, caller: ApiCaller, Path(p): Path<UserId>) -> Result<Json<User>, ApiError> {
    let user = target(&state, &caller, &p.id, Action::Verify).await?;
    if !user.role.is_host() {
        return Err(ApiError::bad_request("not_a_host", "only preceptors and coordinators are verified"));
    }
    let me = caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))?;
    state.accounts.verify_host(me, &user, Some(&caller.ip)).await?;
    Ok(Json(reload(&state, user.id).await?))
}

async fn reload(state: &AppState, id: i64) -> Result<User, ApiError> {
    state.store.user(id).await?.ok_or_else(|| ApiError::not_found(format!("no account {id}")))
}

async fn set_disabled(state: AppState, caller: ApiCaller, raw: &str, disabled: bool) -> Result<Json<User>, ApiError> {
    let user = target(&state, &caller, raw, Action::Disable).await?;
    let me = caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))?;
    state.accounts.set_disabled(me, &user, disabled, Some(&caller.ip)).await?;
    Ok(Json(reload(&state, user.id).await?))
}

/// Disable an account: it cannot log in and its sessions end. Admins, or a site's coordinator for its people.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "admin", security(("bearer" = [])), params(UserId),
    responses(
        (status = 200, description = "Disabled", body = User),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to disable (their own account, say)", body = ErrorBody),
        (status = 404, description = "No such account, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn disable(State(state): State<AppState>, caller: ApiCaller, Path(p): Path<UserId>) -> Result<Json<User>, ApiError> {
    set_disabled(state, caller, &p.id, true).await
}

/// Enable a disabled account again.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "admin", security(("bearer" = [])), params(UserId),
    responses(
        (status = 200, description = "Enabled", body = User),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to enable", body = ErrorBody),
        (status = 404, description = "No such account, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn enable(State(state): State<AppState>, caller: ApiCaller, Path(p): Path<UserId>) -> Result<Json<User>, ApiError> {
    set_disabled(state, caller, &p.id, false).await
}

/// Change an account's role (and site). Its sessions end, so the new rights apply at once. Admins only, not their own.
#[utoipa::path(put, path = "/api/v1/users/{id}/role", tag = "admin", security(("bearer" = [])), params(UserId), request_body = RoleChange,
    responses(
        (status = 200, description = "Changed", body = User),
        (status = 400, description = "Not a role, or a site that does not fit it", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only, and not on themselves", body = ErrorBody),
        (status = 404, description = "No such account, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn set_role(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(p): Path<UserId>,
    Body(body): Body<RoleChange>,
) -> Result<Json<User>, ApiError> {
    let user = target(&state, &caller, &p.id, Action::ChangeRole).await?;
    let me = caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))?;
    state.accounts.set_role(me, &user, &body, Some(&caller.ip)).await?;
    Ok(Json(reload(&state, user.id).await?))
}
