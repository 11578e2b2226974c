//! `/api/v1/me`: the caller's own account.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use matchready_core::account::{Action, Resource, User};
use serde::Deserialize;
use utoipa::ToSchema;

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};
use matchready_app::guard::own;

/// Who am I.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's account", body = User),
        (status = 401, description = "Not logged in", body = ErrorBody)
    ))]
pub async fn me(caller: ApiCaller) -> Result<Json<User>, ApiError> {
    Ok(Json(own(&caller, Resource::Session, Action::Read)?.clone()))
}

/// A password change.
#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    /// The password now.
    pub current_password: String,
    /// The new one: at least 10 characters, not easy to guess.
    pub new_password: String,
}

/// Change my password. Every other session of the account ends; this token keeps working.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", security(("bearer" = [])), request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Wrong current password, or a weak new one", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody)
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let body = body.for_member(&caller)?;
    let user = own(&caller, Resource::Account, Action::ChangePassword)?;
    let token = caller.token.as_deref().unwrap_or_default();
    state.accounts.change_password(user, &body.current_password, &body.new_password, token, Some(&caller.ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send me a new link to confirm my email address (nothing is sent once it is confirmed).
#[utoipa::path(post, path = "/api/v1/me/verification", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 202, description = "Sent, if the address is not confirmed yet"),
        (status = 401, description = "Not logged in", body = ErrorBody)
    ))]
pub async fn resend_verification(State(state): State<AppState>, caller: ApiCaller) -> Result<StatusCode, ApiError> {
    let user = own(&caller, Resource::Session, Action::Read)?;
    state.accounts.resend_verification(user).await?;
    Ok(StatusCode::ACCEPTED)
}
