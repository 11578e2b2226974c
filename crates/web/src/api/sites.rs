//! `/api/v1/sites/{id}` and publishing: a site's own view, publishing and "book now",
//! through the use cases in `matchready_app::sites`.

use axum::Json;
use axum::extract::{Path, State};
use matchready_app::paying::{self, Instructions};
use matchready_app::sites::{self, Booking, SiteView};
use matchready_core::SiteExperience;

use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A site's own view: staff and experiences, published or not.
#[utoipa::path(get, path = "/api/v1/sites/{id}", tag = "sites", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Site id")),
    responses(
        (status = 200, description = "The site", body = SiteView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such site, or not the caller's", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<SiteView>, ApiError> {
    Ok(Json(sites::site_view(&state, &caller, &id).await?))
}

/// Publish an experience: it shows in the catalog within about a second. Verified coordinators of its site, and admins.
#[utoipa::path(post, path = "/api/v1/experiences/{id}/publish", tag = "sites", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "Published", body = SiteExperience),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to publish, or the caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience", body = ErrorBody)
    ))]
pub async fn publish_experience(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SiteExperience>, ApiError> {
    Ok(Json(sites::publish(&state, &caller, &id, true).await?))
}

/// Withdraw an experience from the catalog (its page answers 404 to the public).
#[utoipa::path(post, path = "/api/v1/experiences/{id}/unpublish", tag = "sites", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "Withdrawn", body = SiteExperience),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to withdraw, or the caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience", body = ErrorBody)
    ))]
pub async fn unpublish_experience(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SiteExperience>, ApiError> {
    Ok(Json(sites::publish(&state, &caller, &id, false).await?))
}

/// Turn "book now" on or off for an experience. Verified coordinators of its site, and admins.
#[utoipa::path(post, path = "/api/v1/experiences/{id}/booking", tag = "sites", security(("bearer" = [])), request_body = Booking,
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "Changed", body = Booking),
        (status = 400, description = "The body is not a booking", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to change, or the caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience", body = ErrorBody)
    ))]
pub async fn booking(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(raw): Path<String>,
    body: super::body::Body<Booking>,
) -> Result<Json<Booking>, ApiError> {
    Ok(Json(sites::set_booking(&state, &caller, &raw, body.for_member(&caller)?).await?))
}

/// A site's payment instructions: how its applicants pay it. Its verified coordinators, and admins.
#[utoipa::path(get, path = "/api/v1/sites/{id}/payment-instructions", tag = "sites", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Site id")),
    responses(
        (status = 200, description = "The instructions (empty if none)", body = Instructions),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such site, or not the caller's", body = ErrorBody)
    ))]
pub async fn payment_instructions(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Instructions>, ApiError> {
    Ok(Json(paying::instructions(&state, &caller, &id).await?))
}

/// Write a site's payment instructions (bank details, a card link, whom to ask), shown with every
/// payment asked of its applicants. Verified coordinators of the site, and admins; audited.
#[utoipa::path(put, path = "/api/v1/sites/{id}/payment-instructions", tag = "sites", security(("bearer" = [])),
    request_body = Instructions,
    params(("id" = i64, Path, description = "Site id")),
    responses(
        (status = 200, description = "Saved", body = Instructions),
        (status = 400, description = "Too long, or a control character (the field is named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such site, or not the caller's", body = ErrorBody)
    ))]
pub async fn set_payment_instructions(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: super::body::Body<Instructions>,
) -> Result<Json<Instructions>, ApiError> {
    Ok(Json(paying::set_instructions(&state, &caller, &id, body.for_member(&caller)?).await?))
}
