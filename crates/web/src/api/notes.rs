//! `/api/v1/applications/{id}/notes`: a rotation's SOAP notes, through the
//! use cases in `matchready_app::rotation::notes`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use matchready_app::rotation::notes::{self, Commenting, NoteInput, NoteView, NotesView, Reviewing};

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A rotation's notes: the trainee's own (drafts included); the site's preceptors and coordinators
/// see those submitted. Nobody else.
#[utoipa::path(get, path = "/api/v1/applications/{id}/notes", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The notes, newest first", body = NotesView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such application, or not one whose notes the caller may read", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<NotesView>, ApiError> {
    Ok(Json(notes::list(&state, &caller, &id).await?))
}

/// The trainee starts a note, as a draft or submitted at once. The PHI guard reads every field
/// first: anything that looks like an identifier is refused (400 `phi_found`, each finding named)
/// unless listed in `not_phi` with a reason, which is audited.
#[utoipa::path(post, path = "/api/v1/applications/{id}/notes", tag = "rotation", security(("bearer" = [])),
    request_body = NoteInput,
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 201, description = "Kept", body = NoteView),
        (status = 400, description = "A field cannot be used, or the guard found an identifier (each is named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the trainee", body = ErrorBody),
        (status = 404, description = "No such application, or not the caller's", body = ErrorBody),
        (status = 409, description = "The rotation is not under way", body = ErrorBody)
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<NoteInput>,
) -> Result<(StatusCode, Json<NoteView>), ApiError> {
    let input = body.for_member(&caller)?;
    Ok((StatusCode::CREATED, Json(notes::save(&state, &caller, &id, None, &input).await?)))
}

/// One note with its revisions, comments and ratings, and the last revision compared with the one before.
#[utoipa::path(get, path = "/api/v1/applications/{id}/notes/{note}", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id"), ("note" = i64, Path, description = "Note id")),
    responses(
        (status = 200, description = "The note", body = NoteView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such note, or not one the caller may read", body = ErrorBody)
    ))]
pub async fn read(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, note)): Path<(String, String)>,
) -> Result<Json<NoteView>, ApiError> {
    Ok(Json(notes::open(&state, &caller, &id, &note).await?))
}

/// The trainee saves changes to a draft or returned note, and submits it if asked; the guard reads it first.
#[utoipa::path(put, path = "/api/v1/applications/{id}/notes/{note}", tag = "rotation", security(("bearer" = [])),
    request_body = NoteInput,
    params(("id" = i64, Path, description = "Application id"), ("note" = i64, Path, description = "Note id")),
    responses(
        (status = 200, description = "Kept", body = NoteView),
        (status = 400, description = "A field cannot be used, or the guard found an identifier (each is named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the trainee", body = ErrorBody),
        (status = 404, description = "No such note, or not the caller's", body = ErrorBody),
        (status = 409, description = "Under review or accepted, changed meanwhile, or the rotation is not under way", body = ErrorBody)
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, note)): Path<(String, String)>,
    body: Body<NoteInput>,
) -> Result<Json<NoteView>, ApiError> {
    let input = body.for_member(&caller)?;
    Ok(Json(notes::save(&state, &caller, &id, Some(&note), &input).await?))
}

/// A preceptor of the site comments on the revision under review: a passage of a section, or the whole note.
#[utoipa::path(post, path = "/api/v1/applications/{id}/notes/{note}/comments", tag = "rotation", security(("bearer" = [])),
    request_body = Commenting,
    params(("id" = i64, Path, description = "Application id"), ("note" = i64, Path, description = "Note id")),
    responses(
        (status = 201, description = "Kept", body = NoteView),
        (status = 400, description = "No comment, too long, an identifier, or a passage not in the section", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a verified preceptor of the site", body = ErrorBody),
        (status = 404, description = "No such note", body = ErrorBody),
        (status = 409, description = "Not under review, or changed meanwhile", body = ErrorBody)
    ))]
pub async fn comment(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, note)): Path<(String, String)>,
    body: Body<Commenting>,
) -> Result<(StatusCode, Json<NoteView>), ApiError> {
    let input = body.for_member(&caller)?;
    Ok((StatusCode::CREATED, Json(notes::comment(&state, &caller, &id, &note, &input).await?)))
}

/// A preceptor of the site returns the revision under review for another (with a comment), or
/// accepts it (with ratings on the rubric); the trainee is emailed.
#[utoipa::path(post, path = "/api/v1/applications/{id}/notes/{note}/review", tag = "rotation", security(("bearer" = [])),
    request_body = Reviewing,
    params(("id" = i64, Path, description = "Application id"), ("note" = i64, Path, description = "Note id")),
    responses(
        (status = 200, description = "Decided", body = NoteView),
        (status = 400, description = "No such decision, a level off the scale, or no comment to return", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a verified preceptor of the site", body = ErrorBody),
        (status = 404, description = "No such note", body = ErrorBody),
        (status = 409, description = "Not under review, or changed meanwhile", body = ErrorBody)
    ))]
pub async fn review(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, note)): Path<(String, String)>,
    body: Body<Reviewing>,
) -> Result<Json<NoteView>, ApiError> {
    let input = body.for_member(&caller)?;
    Ok(Json(notes::review(&state, &caller, &id, &note, &input).await?))
}
