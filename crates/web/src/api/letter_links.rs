//! What anyone reaches without logging in: a Letter ID's check, and a
//! program's link (see it, open it, read the letter once opened), through
//! `matchready_app::letters`.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use matchready_app::letters::{self, LinkView, Verified};

use super::completion::download;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Anyone checks a Letter ID: who wrote the letter, when, and from which rotation; never what it says.
#[utoipa::path(get, path = "/api/v1/letters/verify/{code}", tag = "letters",
    params(("code" = String, Path, description = "The Letter ID, LR-XXXX-XXXX-XXXX-XXXX")),
    responses(
        (status = 200, description = "The letter is real", body = Verified),
        (status = 404, description = "No such letter", body = ErrorBody)
    ))]
pub async fn verify(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
) -> Result<Json<Verified>, ApiError> {
    Ok(Json(letters::verify(&state, &caller, &code).await?))
}

/// A program's link, without opening it: who it is from, until when it works, openings left.
#[utoipa::path(get, path = "/api/v1/letter-links/{token}", tag = "letters",
    params(("token" = String, Path, description = "The token in the link the program was emailed")),
    responses(
        (status = 200, description = "The link", body = LinkView),
        (status = 404, description = "No such link", body = ErrorBody)
    ))]
pub async fn link(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(token): Path<String>,
) -> Result<Json<LinkView>, ApiError> {
    Ok(Json(letters::link(&state, &caller, &token).await?))
}

/// A program opens its link: one opening, logged with time and address. The letter's PDF can then be
/// fetched for 30 minutes.
#[utoipa::path(post, path = "/api/v1/letter-links/{token}/open", tag = "letters",
    params(("token" = String, Path, description = "The token in the link the program was emailed")),
    responses(
        (status = 200, description = "Opened", body = LinkView),
        (status = 404, description = "No such link", body = ErrorBody),
        (status = 409, description = "Expired, opened as often as it allows, or withdrawn", body = ErrorBody)
    ))]
pub async fn open(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(token): Path<String>,
) -> Result<Json<LinkView>, ApiError> {
    Ok(Json(letters::open_link(&state, &caller, &token).await?))
}

/// The letter's PDF through a program's link, for 30 minutes after an opening.
#[utoipa::path(get, path = "/api/v1/letter-links/{token}/pdf", tag = "letters",
    params(("token" = String, Path, description = "The token in the link the program was emailed")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such link", body = ErrorBody),
        (status = 409, description = "Not opened in the last 30 minutes, or expired", body = ErrorBody)
    ))]
pub async fn link_pdf(State(state): State<AppState>, caller: ApiCaller, Path(token): Path<String>) -> Result<Response, ApiError> {
    let (bytes, name) = letters::link_pdf(&state, &caller, &token).await?;
    Ok(download(bytes, "application/pdf", &name))
}
