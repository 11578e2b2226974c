//! `/api/v1/me/plan`: the applicant's rotation plan, made from the live catalog.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use matchready_app::plans;
use matchready_core::plan::{Plan, RawPlanOptions};

use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// My rotation plan: the blocks of the live catalog that, together, are worth the most as the
/// weights count it, within my dates (the profile's, or `from`–`to`) and budget (the profile's, or
/// `budget`), all of them ones I may join, around the rotations I hold. Each pick has its reasons;
/// strong experiences left out say why; `more_money` and `more_time` say what $1,000 or a month
/// more would change. Nothing is stored. Applicants only.
#[utoipa::path(get, path = "/api/v1/me/plan", tag = "plans", security(("bearer" = [])), params(RawPlanOptions),
    responses(
        (status = 200, description = "The plan", body = Plan),
        (status = 400, description = "An option that cannot be used (or the profile lacks a budget or dates), each with what to send", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Only applicants have a plan", body = ErrorBody)
    ))]
pub async fn mine(
    State(state): State<AppState>,
    caller: ApiCaller,
    query: Result<Query<RawPlanOptions>, QueryRejection>,
) -> Result<Json<Plan>, ApiError> {
    let Query(raw) = query.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    Ok(Json(plans::mine(&state, &caller, &raw).await?))
}
