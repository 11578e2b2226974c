//! `/api/v1/users` and `/api/v1/invitations`: accounts as admins and
//! coordinators manage them, through `matchready_app::users`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use matchready_app::accounts::{Invite, RoleChange};
use matchready_app::users;
use matchready_core::account::User;
use utoipa::IntoParams;

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// An account id in a path.
#[derive(serde::Deserialize, IntoParams)]
pub struct UserId {
    /// Account id.
    pub id: String,
}

/// Accounts: every one for an admin, their own site's for a coordinator.
#[utoipa::path(get, path = "/api/v1/users", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "Accounts, oldest first", body = [User]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins and coordinators only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(users::list(&state, &caller).await?))
}

/// One account.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "admin", security(("bearer" = [])), params(UserId),
    responses(
        (status = 200, description = "The account", body = User),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such account, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(p): Path<UserId>) -> Result<Json<User>, ApiError> {
    Ok(Json(users::get(&state, &caller, &p.id).await?))
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
    body: Body<Invite>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((StatusCode::CREATED, Json(users::invite(&state, &caller, &body.for_member(&caller)?).await?)))
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
    Ok(Json(users::verify(&state, &caller, &p.id).await?))
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
    Ok(Json(users::set_disabled(&state, &caller, &p.id, true).await?))
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
    Ok(Json(users::set_disabled(&state, &caller, &p.id, false).await?))
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
    body: Body<RoleChange>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(users::set_role(&state, &caller, &p.id, &body.for_member(&caller)?).await?))
}

/// Send someone locked out a fresh link to set their password, at their own address (the admin
/// never sees the link; it is audited as the admin's act). Admins only, not for themselves.
#[utoipa::path(post, path = "/api/v1/users/{id}/reset-link", tag = "admin", security(("bearer" = [])), params(UserId),
    responses(
        (status = 202, description = "Sent to the person's own address", body = User),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only, not on themselves, and not for a disabled account", body = ErrorBody),
        (status = 404, description = "No such account, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn reset_link(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(p): Path<UserId>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(users::send_reset_link(&state, &caller, &p.id).await?)))
}
