//! `/api/v1/me/profile`: the applicant's own profile.

use axum::Json;
use axum::extract::State;
use matchready_app::profile::{self, ProfileAnswer};
use matchready_core::RawProfile;

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// My profile. Applicants only.
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "applicants", security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = ProfileAnswer),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Only applicants have a profile", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<ProfileAnswer>, ApiError> {
    Ok(Json(profile::get(&state, &caller).await?))
}

/// Save my profile (the whole of it: fields left out are cleared). Every field that cannot be used is
/// named in `fields` and nothing is saved.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "applicants", security(("bearer" = [])), request_body = RawProfile,
    responses(
        (status = 200, description = "Saved", body = ProfileAnswer),
        (status = 400, description = "Fields that cannot be used, each with what to send", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Only applicants have a profile", body = ErrorBody)
    ))]
pub async fn put(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<RawProfile>,
) -> Result<Json<ProfileAnswer>, ApiError> {
    Ok(Json(profile::save(&state, &caller, &body.for_member(&caller)?).await?))
}
