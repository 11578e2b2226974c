//! `/api/v1/applications`: apply for a block, follow the application, the
//! steps of the site and of the applicant, bulk decisions, and the
//! applicant's file for the site. Each route parses, calls the use case
//! in `matchready_app::applications` and renders its answer as JSON.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use matchready_app::applications::{self, ApplicationFile, ApplicationView, DecisionResult, Decisions, Listed, StepBody};
use matchready_core::readiness::Readiness;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::body::{Body, MaybeBody};
use super::documents::download_response;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// What to apply for.
#[derive(Deserialize, ToSchema)]
pub struct NewApplication {
    /// The block (a start date of an experience), from the experience's `blocks`.
    pub block_id: i64,
}

/// The block to check readiness for.
#[derive(Deserialize, IntoParams)]
pub struct ReadinessQuery {
    /// The block, from the experience's `blocks`.
    pub block_id: i64,
}

/// What applying for a block would take.
#[derive(Serialize, ToSchema)]
pub struct ApplyCheck {
    /// Eligibility in words and the document checklist.
    #[serde(flatten)]
    pub readiness: Readiness,
    /// Everything that stops the caller applying now, in the order to fix it: the refusals applying
    /// would give (`email_not_verified`, `profile_incomplete`, `not_eligible`, `document_expires`).
    pub blockers: Vec<Blocker>,
    /// Whether applying now would be taken (no blocker, and the block is not placed by a round).
    pub can_apply: bool,
}

/// One thing that stops an applicant applying.
#[derive(Serialize, ToSchema)]
pub struct Blocker {
    /// The code applying would be refused with.
    pub code: &'static str,
    /// What to do about it.
    pub message: String,
}

/// Before applying: am I eligible for this block's experience (and if not, why, in words), which
/// documents will the site need (on file, missing, or running out before the rotation ends), and
/// everything that stops me applying now.
#[utoipa::path(get, path = "/api/v1/readiness", tag = "applications", security(("bearer" = [])), params(ReadinessQuery),
    responses(
        (status = 200, description = "Eligibility, the document checklist and what stops applying now", body = ApplyCheck),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody),
        (status = 400, description = "No block_id, or not a number", body = ErrorBody),
        (status = 404, description = "No such block", body = ErrorBody)
    ))]
pub async fn readiness(
    State(state): State<AppState>,
    caller: ApiCaller,
    query: Result<Query<ReadinessQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ApplyCheck>, ApiError> {
    matchready_app::guard::require_login(&caller)?;
    let Query(q) =
        query.map_err(|e| ApiError::invalid_field("block_id", format!("give the block as ?block_id=N ({})", e.body_text())))?;
    let check = applications::readiness(&state, &caller, q.block_id).await?;
    let can_apply = check.can_apply();
    let blockers = check.blockers.into_iter().map(|e| Blocker { code: e.code, message: e.message }).collect();
    Ok(Json(ApplyCheck { readiness: check.readiness, blockers, can_apply }))
}

/// Apply for a block. The applicant must have confirmed their email, the block must not have
/// started and must have a seat left, and the profile must meet the experience's eligibility
/// (the refusal says why, in words).
#[utoipa::path(post, path = "/api/v1/applications", tag = "applications", security(("bearer" = [])), request_body = NewApplication,
    responses(
        (status = 201, description = "Applied", body = ApplicationView),
        (status = 400, description = "The block has started, or the applicant is not eligible (the message says why)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only, with a confirmed email", body = ErrorBody),
        (status = 404, description = "No such block", body = ErrorBody),
        (status = 409, description = "Already applied, or the block is full", body = ErrorBody)
    ))]
pub async fn apply(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<NewApplication>,
) -> Result<(StatusCode, Json<ApplicationView>), ApiError> {
    let a = applications::submit(&state, &caller, body.for_member(&caller)?.block_id).await?;
    Ok((StatusCode::CREATED, Json(applications::with_timeline(&state, a).await?)))
}

/// My applications (applicants), or my site's (coordinators and preceptors), newest first for
/// applicants; each live one with the applicant's readiness for its block (eligibility and the
/// document checklist), for the applicant and for the site while the applicant's file is open to it.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", security(("bearer" = [])),
    responses(
        (status = 200, description = "Applications", body = [Listed]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants and site staff only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<Listed>>, ApiError> {
    Ok(Json(applications::list_with_readiness(&state, &caller).await?))
}

/// One application with its timeline.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The application", body = ApplicationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    Ok(Json(applications::get(&state, &caller, &id).await?))
}

/// The application's file: the applicant, their profile, readiness for the block and documents. For the site and the applicant.
#[utoipa::path(get, path = "/api/v1/applications/{id}/file", tag = "applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The file", body = ApplicationFile),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The file closed when the application ended", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn file(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ApplicationFile>, ApiError> {
    Ok(Json(applications::application_file(&state, &caller, &id).await?))
}

/// Download one of the applicant's documents through their application (for the site reviewing it). Audited.
#[utoipa::path(get, path = "/api/v1/applications/{id}/documents/{document_id}", tag = "applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id"), ("document_id" = i64, Path, description = "Document id")),
    responses(
        (status = 200, description = "The file, as uploaded", content((String = "application/pdf"), (String = "image/png"), (String = "image/jpeg"))),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application or document, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn document(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, document_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    Ok(download_response(applications::document(&state, &caller, &id, &document_id).await?))
}

/// The site's decision for several applications at once (at most 200); each is taken or refused on its own.
#[utoipa::path(post, path = "/api/v1/applications/decisions", tag = "applications", security(("bearer" = [])), request_body = Decisions,
    responses(
        (status = 200, description = "One result per application", body = [DecisionResult]),
        (status = 400, description = "Not a decision, or too many applications", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Site staff only", body = ErrorBody)
    ))]
pub async fn decide_many(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<Decisions>,
) -> Result<Json<Vec<DecisionResult>>, ApiError> {
    Ok(Json(applications::decide_many(&state, &caller, body.for_member(&caller)?).await?))
}

macro_rules! step_route {
    ($name:ident, $path:literal, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "applications", security(("bearer" = [])), request_body = Option<StepBody>,
            params(("id" = i64, Path, description = "Application id")),
            responses(
                (status = 200, description = "Done", body = ApplicationView),
                (status = 401, description = "Not logged in", body = ErrorBody),
                (status = 403, description = "Not the caller's step to take", body = ErrorBody),
                (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody),
                (status = 409, description = "Not possible from where the application stands, it changed meanwhile, the block is full, or dates overlap", body = ErrorBody),
                (status = 400, description = "The reason is too long, or the body is not JSON", body = ErrorBody)
            ))]
        pub async fn $name(
            State(state): State<AppState>,
            caller: ApiCaller,
            Path(id): Path<String>,
            body: MaybeBody<StepBody>,
        ) -> Result<Json<ApplicationView>, ApiError> {
            let body = body.for_member(&caller)?.unwrap_or_default();
            let moved = applications::step_named(&state, &caller, &id, stringify!($name), body).await?;
            Ok(Json(applications::with_timeline(&state, moved).await?))
        }
    };
}

step_route!(
    review,
    "/api/v1/applications/{id}/review",
    "The site starts reviewing a submitted application; the applicant is emailed that it is under review."
);
step_route!(offer, "/api/v1/applications/{id}/offer", "The site offers a seat (open for 7 days).");
step_route!(
    waitlist,
    "/api/v1/applications/{id}/waitlist",
    "The site waitlists the application; it is offered in turn when a seat frees up."
);
step_route!(reject, "/api/v1/applications/{id}/reject", "The site says no.");
step_route!(
    accept,
    "/api/v1/applications/{id}/accept",
    "The applicant takes the offered seat; it is held until the deposit is due (7 days)."
);
step_route!(withdraw, "/api/v1/applications/{id}/withdraw", "The applicant withdraws (or declines an offer).");
step_route!(
    confirm,
    "/api/v1/applications/{id}/confirm",
    "Confirms a held seat whose deposit is in (the money confirms it by itself when the deposit is recorded); refused, saying what is missing, when it is not."
);
step_route!(cancel, "/api/v1/applications/{id}/cancel", "A held seat is given up; the waitlist is offered it in order.");
step_route!(
    complete,
    "/api/v1/applications/{id}/complete",
    "The site's coordinator completes a rotation whose block is over without waiting for its final evaluation; the reason (required) is kept on the timeline. A rotation whose final evaluation is in completes by itself."
);
