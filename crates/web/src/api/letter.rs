//! The B-1 invitation letter as a PDF download (made in `matchready_app::letter`).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The letter as a download.
pub fn pdf_response(pdf: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"B-1 invitation letter.pdf\"")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        pdf,
    )
        .into_response()
}

/// The B-1 invitation letter for a confirmed seat (applicants coming on a B-1/B-2 visa only).
#[utoipa::path(get, path = "/api/v1/applications/{id}/invitation-letter", tag = "applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The letter", content_type = "application/pdf"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "Not confirmed yet (`no_letter`), the applicant does not come on a B-1/B-2 visa (`no_letter`), or the profile lacks what the letter states: date of birth, nationality, passport number, medical school and its country (`letter_needs_profile`)", body = ErrorBody)
    ))]
pub async fn invitation_letter(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(pdf_response(matchready_app::letter::invitation_letter(&state, &caller, &id).await?))
}
