//! `/api/v1/applications/{id}/hours`: a rotation's hours, through the use
//! cases in `matchready_app::rotation::hours`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use matchready_app::rotation::hours::{self, HoursView, Returning, Signing};
use matchready_core::rotation::{HoursEntry, RawDay};

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A rotation's hours: the trainee's own; the site's preceptors and coordinators. Nobody else.
#[utoipa::path(get, path = "/api/v1/applications/{id}/hours", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Every entry, the sums, and what the caller may do", body = HoursView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such application, or not one whose hours the caller may read", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<HoursView>, ApiError> {
    Ok(Json(hours::view(&state, &caller, &id).await?))
}

/// The trainee logs a day (start and end, or hours): inside the block, not to come, no overlap, at
/// most 24 hours a day, no patient identifiers in the note.
#[utoipa::path(post, path = "/api/v1/applications/{id}/hours", tag = "rotation", security(("bearer" = [])),
    request_body = RawDay,
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 201, description = "Logged, awaiting sign-off", body = HoursEntry),
        (status = 400, description = "A field cannot be used (each is named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the trainee", body = ErrorBody),
        (status = 404, description = "No such application, or not the caller's", body = ErrorBody),
        (status = 409, description = "The rotation is not under way", body = ErrorBody)
    ))]
pub async fn log(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<RawDay>,
) -> Result<(StatusCode, Json<HoursEntry>), ApiError> {
    Ok((StatusCode::CREATED, Json(hours::log(&state, &caller, &id, &body.for_member(&caller)?).await?)))
}

/// The trainee corrects an entry: a pending or returned one is replaced at once; a signed one stays
/// until the correction is signed, and is kept.
#[utoipa::path(post, path = "/api/v1/applications/{id}/hours/{entry}/correct", tag = "rotation", security(("bearer" = [])),
    request_body = RawDay,
    params(("id" = i64, Path, description = "Application id"), ("entry" = i64, Path, description = "The entry corrected")),
    responses(
        (status = 201, description = "The correction, awaiting sign-off", body = HoursEntry),
        (status = 400, description = "A field cannot be used (each is named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the trainee", body = ErrorBody),
        (status = 404, description = "No such application or entry", body = ErrorBody),
        (status = 409, description = "Already corrected, or the rotation is not under way", body = ErrorBody)
    ))]
pub async fn correct(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, entry)): Path<(String, String)>,
    body: Body<RawDay>,
) -> Result<(StatusCode, Json<HoursEntry>), ApiError> {
    Ok((StatusCode::CREATED, Json(hours::correct(&state, &caller, &id, &entry, &body.for_member(&caller)?).await?)))
}

/// A preceptor of the site signs entries: by id, or a whole week (`week_of`). Signed entries are frozen.
#[utoipa::path(post, path = "/api/v1/applications/{id}/hours/sign", tag = "rotation", security(("bearer" = [])),
    request_body = Signing,
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Signed", body = HoursView),
        (status = 400, description = "Nothing chosen, or not a date", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a verified preceptor of the site", body = ErrorBody),
        (status = 404, description = "No such application or entry", body = ErrorBody),
        (status = 409, description = "An entry is not awaiting sign-off, or nothing is that week", body = ErrorBody)
    ))]
pub async fn sign(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<Signing>,
) -> Result<Json<HoursView>, ApiError> {
    Ok(Json(hours::sign(&state, &caller, &id, body.for_member(&caller)?).await?))
}

/// A preceptor of the site returns an entry with a comment; the trainee is emailed.
#[utoipa::path(post, path = "/api/v1/applications/{id}/hours/{entry}/return", tag = "rotation", security(("bearer" = [])),
    request_body = Returning,
    params(("id" = i64, Path, description = "Application id"), ("entry" = i64, Path, description = "The entry returned")),
    responses(
        (status = 200, description = "Returned", body = HoursView),
        (status = 400, description = "No comment, or too long", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a verified preceptor of the site", body = ErrorBody),
        (status = 404, description = "No such application or entry", body = ErrorBody),
        (status = 409, description = "The entry is not awaiting sign-off", body = ErrorBody)
    ))]
pub async fn return_entry(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, entry)): Path<(String, String)>,
    body: Body<Returning>,
) -> Result<Json<HoursView>, ApiError> {
    Ok(Json(hours::return_entry(&state, &caller, &id, &entry, body.for_member(&caller)?).await?))
}
