//! `/api/v1/rounds`: placement rounds, through `matchready_app::rounds`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use matchready_app::rounds::{self, MyRanks, MyRound, NewRoundBody, SiteRanks, SiteRound};
use matchready_core::round::Round;

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Open rounds (applicants: every site's open rounds and those I ranked in), or my site's (staff), or all open ones (admins).
#[utoipa::path(get, path = "/api/v1/rounds", tag = "rounds", security(("bearer" = [])),
    responses(
        (status = 200, description = "Rounds, newest first", body = [Round]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants, site staff and admins only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<Round>>, ApiError> {
    Ok(Json(rounds::list(&state, &caller).await?))
}

/// Open a placement round for some of the site's blocks. From then until the round ends, those
/// blocks take no direct applications: their seats go by the round.
#[utoipa::path(post, path = "/api/v1/rounds", tag = "rounds", security(("bearer" = [])), request_body = NewRoundBody,
    responses(
        (status = 201, description = "Opened", body = Round),
        (status = 400, description = "Each problem with the name, deadline or blocks", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The site's verified coordinators and admins only", body = ErrorBody),
        (status = 404, description = "The blocks belong to another site", body = ErrorBody),
        (status = 409, description = "A block is already in another open round", body = ErrorBody)
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<NewRoundBody>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    Ok((StatusCode::CREATED, Json(rounds::open_round(&state, &caller, body.for_member(&caller)?).await?)))
}

/// One round, with its blocks.
#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "The round", body = Round),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<Round>, ApiError> {
    Ok(Json(rounds::get(&state, &caller, &id).await?))
}

/// Call off an open round: nobody is placed, and its blocks take applications again.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/cancel", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Cancelled", body = Round),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The site's verified coordinators and admins only", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "It already ran or was cancelled", body = ErrorBody)
    ))]
pub async fn cancel(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<Round>, ApiError> {
    Ok(Json(rounds::cancel_round(&state, &caller, &id).await?))
}

/// My rank list in a round, which blocks I may rank (and why not), and, once it ran, my result explained.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/me", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "My entry", body = MyRound),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody),
        (status = 404, description = "No such round", body = ErrorBody)
    ))]
pub async fn mine(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<MyRound>, ApiError> {
    Ok(Json(rounds::mine(&state, &caller, &id).await?))
}

/// Rank blocks of an open round, most wanted first (the whole list; an empty list leaves the round).
/// Each block must be one I may join: the same checks as applying.
#[utoipa::path(put, path = "/api/v1/rounds/{id}/me", tag = "rounds", security(("bearer" = [])), request_body = MyRanks,
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Saved", body = MyRound),
        (status = 400, description = "A block not in the round, ranked twice, or one I may not join (the message says why)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants with a confirmed email only", body = ErrorBody),
        (status = 404, description = "No such round", body = ErrorBody),
        (status = 409, description = "The round is closed", body = ErrorBody)
    ))]
pub async fn rank_mine(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<MyRanks>,
) -> Result<Json<MyRound>, ApiError> {
    Ok(Json(rounds::rank_mine(&state, &caller, &id, &body.for_member(&caller)?.block_ids).await?))
}

/// The site's view of a round: everyone who ranked its blocks, the site's order per experience, and
/// once it ran, every result.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/entries", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Entrants and the site's lists", body = SiteRound),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn entries(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SiteRound>, ApiError> {
    Ok(Json(rounds::entries(&state, &caller, &id).await?))
}

/// The site ranks the applicants for one experience of an open round (the whole list, best first;
/// those left off are not placed there), or leaves the order to the round's lottery (`null`).
#[utoipa::path(put, path = "/api/v1/rounds/{id}/ranks", tag = "rounds", security(("bearer" = [])), request_body = SiteRanks,
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Saved", body = SiteRound),
        (status = 400, description = "Not an experience of the round, or an applicant who did not rank it, or ranked twice", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The site's verified staff and admins only", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "The round is closed", body = ErrorBody)
    ))]
pub async fn rank_site(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<SiteRanks>,
) -> Result<Json<SiteRound>, ApiError> {
    Ok(Json(rounds::rank_site(&state, &caller, &id, body.for_member(&caller)?).await?))
}
