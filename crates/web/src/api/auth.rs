//! `/api/v1/auth/*`: sign up, log in for a bearer token, log out, and the
//! emailed links (password reset, email confirmation).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use matchready_core::account::{Action, Resource, User, lifetimes};
use matchready_store::SessionKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};
use matchready_app::accounts::SignUp;
use matchready_app::guard::own;

/// An email and password.
#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// A new session.
#[derive(Serialize, ToSchema)]
pub struct LoginAnswer {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token ends at the latest (it also ends after an hour unused, or at logout).
    pub expires_in: i64,
    /// The account.
    pub user: User,
}

/// An answer that says what happens next.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// What happens next, in words.
    pub message: String,
}

/// An email address.
#[derive(Deserialize, ToSchema)]
pub struct EmailOnly {
    /// Email address.
    pub email: String,
}

/// A token from an emailed link, and a new password.
#[derive(Deserialize, ToSchema)]
pub struct NewPassword {
    /// The `token` of the link.
    pub token: String,
    /// The new password.
    pub password: String,
}

/// A token from an emailed link.
#[derive(Deserialize, ToSchema)]
pub struct LinkToken {
    /// The `token` of the link.
    pub token: String,
}

/// Sign up. Answers the same whether or not the email has an account (the owner is emailed
/// instead), so it reveals nobody. The account can log in at once; a link confirms the email.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = SignUp,
    responses(
        (status = 202, description = "Check your email", body = Accepted),
        (status = 400, description = "A field could not be used; `fields` says which", body = ErrorBody)
    ))]
pub async fn register(
    State(state): State<AppState>,
    caller: ApiCaller,
    form: Body<SignUp>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let form = form.public()?;
    state.accounts.sign_up(&form, Some(&caller.ip)).await?;
    let message = format!("we sent a link to {} to confirm the address; you can log in now", form.email.trim().to_lowercase());
    Ok((StatusCode::ACCEPTED, Json(Accepted { message })))
}

/// Log in: an email and password for a bearer token. Repeated failures for one account or
/// from one address answer 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = Credentials,
    responses(
        (status = 200, description = "Logged in", body = LoginAnswer),
        (status = 401, description = "The email or password is wrong", body = ErrorBody),
        (status = 429, description = "Too many failures; wait `Retry-After` seconds", body = ErrorBody)
    ))]
pub async fn login(
    State(state): State<AppState>,
    caller: ApiCaller,
    c: Body<Credentials>,
) -> Result<Json<LoginAnswer>, ApiError> {
    let c = c.public()?;
    let (user, token) = state.accounts.login(&c.email, &c.password, &caller.ip, SessionKind::Bearer).await?;
    Ok(Json(LoginAnswer { token, token_type: "Bearer", expires_in: lifetimes::SESSION_ABSOLUTE, user }))
}

/// Log out: the token stops working.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, description = "Not logged in", body = ErrorBody)
    ))]
pub async fn logout(State(state): State<AppState>, caller: ApiCaller) -> Result<StatusCode, ApiError> {
    let user = own(&caller, Resource::Session, Action::End)?;
    state.accounts.logout(user, caller.token.as_deref().unwrap_or_default(), Some(&caller.ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask for a password-reset link by email. Answers the same whether or not the account exists.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts", request_body = EmailOnly,
    responses(
        (status = 202, description = "If the account exists, a link is on its way", body = Accepted),
        (status = 400, description = "Not an email address", body = ErrorBody)
    ))]
pub async fn request_reset(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<EmailOnly>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    let body = body.public()?;
    state.accounts.request_reset(&body.email, Some(&caller.ip)).await?;
    let message = "if an account has this address, a link to set a new password is on its way; it works once, for an hour";
    Ok((StatusCode::ACCEPTED, Json(Accepted { message: message.into() })))
}

/// Set a new password with the token of an emailed link (reset or invitation). Every session of the account ends.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "accounts", request_body = NewPassword,
    responses(
        (status = 204, description = "Password set; log in with it"),
        (status = 400, description = "Unknown, used or expired link, or a password that is too weak", body = ErrorBody)
    ))]
pub async fn confirm_reset(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<NewPassword>,
) -> Result<StatusCode, ApiError> {
    let body = body.public()?;
    state.accounts.reset_password(&body.token, &body.password, Some(&caller.ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Confirm an email address with the token of the emailed link.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "accounts", request_body = LinkToken,
    responses(
        (status = 204, description = "Address confirmed"),
        (status = 400, description = "Unknown, used or expired link", body = ErrorBody)
    ))]
pub async fn verify_email(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<LinkToken>,
) -> Result<StatusCode, ApiError> {
    let body = body.public()?;
    state.accounts.verify_email(&body.token, Some(&caller.ip)).await?;
    Ok(StatusCode::NO_CONTENT)
}
