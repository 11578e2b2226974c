//! `/api/v1/phi/check`: the PHI guard for anyone signed in. A text goes in,
//! the identifiers it holds come back with the text redacted; nothing is
//! kept.

use axum::Json;
use axum::extract::State;
use matchready_app::phi::{self, Checked};
use serde::Deserialize;
use utoipa::ToSchema;

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A text to check.
#[derive(Deserialize, ToSchema)]
pub struct CheckText {
    /// The clinical text, at most 50,000 characters.
    #[schema(example = "Seen with Mr. Patel on 03/14/2024. MRN: 00482913.")]
    pub text: String,
}

/// Check a text for protected health information: HIPAA Safe Harbor's identifiers (names, places,
/// dates, ages over 89, numbers and codes), each with where it stands in code points, its type and
/// why, and the text with each replaced by its type in brackets. The text is not stored.
#[utoipa::path(post, path = "/api/v1/phi/check", tag = "phi", security(("bearer" = [])), request_body = CheckText,
    responses(
        (status = 200, description = "What was found, and the text redacted", body = Checked),
        (status = 400, description = "No text, or more than 50,000 characters (field `text`), or a body that cannot be read", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody)
    ))]
pub async fn check(State(state): State<AppState>, caller: ApiCaller, body: Body<CheckText>) -> Result<Json<Checked>, ApiError> {
    let body = body.for_member(&caller)?;
    Ok(Json(phi::check(&state, &caller, &body.text).await?))
}
