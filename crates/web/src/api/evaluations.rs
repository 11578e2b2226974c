//! `/api/v1/applications/{id}/evaluations`: the preceptor's evaluations of a
//! trainee, through `matchready_app::rotation::evaluations`.

use axum::Json;
use axum::extract::{Path, State};
use matchready_app::rotation::evaluations::{self, EvaluationInput, EvaluationsView};

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A rotation's midpoint and final evaluations with their due dates: the site's preceptors and
/// coordinators read drafts too; the trainee reads each once submitted. Nobody else.
#[utoipa::path(get, path = "/api/v1/applications/{id}/evaluations", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Both evaluations, with what the caller may do", body = EvaluationsView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may read", body = ErrorBody)
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EvaluationsView>, ApiError> {
    Ok(Json(evaluations::view(&state, &caller, &id).await?))
}

/// A preceptor of the site saves the midpoint or final evaluation (levels 1 to 5 or `not_observed`
/// per ACGME competency, strengths, areas to improve, a narrative), and submits it if asked: it is
/// then locked and the trainee is emailed.
#[utoipa::path(put, path = "/api/v1/applications/{id}/evaluations/{kind}", tag = "rotation", security(("bearer" = [])),
    request_body = EvaluationInput,
    params(("id" = i64, Path, description = "Application id"), ("kind" = String, Path, description = "midpoint or final")),
    responses(
        (status = 200, description = "Saved", body = EvaluationsView),
        (status = 400, description = "A level that does not exist, or a submission not complete (each field named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a verified preceptor of the site", body = ErrorBody),
        (status = 404, description = "No such application or kind", body = ErrorBody),
        (status = 409, description = "Already submitted, not open yet, or the rotation has not started", body = ErrorBody)
    ))]
pub async fn save(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, kind)): Path<(String, String)>,
    body: Body<EvaluationInput>,
) -> Result<Json<EvaluationsView>, ApiError> {
    let input = body.for_member(&caller)?;
    Ok(Json(evaluations::save(&state, &caller, &id, &kind, &input).await?))
}
