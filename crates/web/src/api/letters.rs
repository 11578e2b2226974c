//! `/api/v1/letters`: letters of recommendation, through
//! `matchready_app::letters`. The applicant asks (under the rotation's
//! application), changes, withdraws, nudges, answers and sends; the author
//! answers, asks, writes (a PDF upload read part by part, or the form) and
//! confirms the ERAS upload; anyone checks a Letter ID; a program opens its
//! link.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use matchready_app::letters::{self, Authors, LetterUpdate, LetterView, LettersPage, SavedForm};
use matchready_core::letters::delivery::RawDestination;
use matchready_core::letters::form::RawLetterForm;
use matchready_core::letters::request::RawLetterRequest;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::body::Body;
use super::completion::download;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Some words: a reason, a question, an answer.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct Words {
    /// The text (a decline's reason may be empty).
    pub text: String,
}

/// The standardised form, and whether it is finished.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FormInput {
    /// The form.
    #[serde(flatten)]
    pub form: RawLetterForm,
    /// Finish it: the letter is laid out as a PDF and uploaded.
    pub finish: bool,
}

/// Which version to read, and an admin's reason.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct PdfQuery {
    /// A version's number (the newest if none).
    pub version: Option<String>,
    /// An admin's reason, kept in the audit log.
    pub reason: String,
}

/// The caller's letters: an applicant's own with their count against the usual target, an author's queue
/// (soonest due first), or a site's letters for its coordinators.
#[utoipa::path(get, path = "/api/v1/letters", tag = "letters", security(("bearer" = [])),
    responses(
        (status = 200, description = "The letters", body = LettersPage),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a role that has letters", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<LettersPage>, ApiError> {
    Ok(Json(letters::list(&state, &caller).await?))
}

/// The preceptors of a rotation its applicant may ask for a letter.
#[utoipa::path(get, path = "/api/v1/applications/{id}/letter-authors", tag = "letters", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Who may be asked", body = Authors),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application of the caller's", body = ErrorBody)
    ))]
pub async fn authors(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Authors>, ApiError> {
    Ok(Json(letters::authors(&state, &caller, &id).await?))
}

/// The applicant asks a preceptor of their rotation (in progress or completed) for a letter: the
/// specialty, the programs, a due date a week ahead or more, a note, and the waiver, which they choose.
#[utoipa::path(post, path = "/api/v1/applications/{id}/letters", tag = "letters", security(("bearer" = [])),
    request_body = RawLetterRequest,
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 201, description = "Asked; the author is emailed", body = LetterView),
        (status = 400, description = "A field cannot be used (each named), or the author did not precept the rotation", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application of the caller's", body = ErrorBody),
        (status = 409, description = "The rotation has not started, or this author was already asked", body = ErrorBody)
    ))]
pub async fn request(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<RawLetterRequest>,
) -> Result<(StatusCode, Json<LetterView>), ApiError> {
    let input = body.for_member(&caller)?;
    Ok((StatusCode::CREATED, Json(letters::request(&state, &caller, &id, &input).await?)))
}

/// One letter: its request, status history, versions (never their words), destinations and openings.
#[utoipa::path(get, path = "/api/v1/letters/{id}", tag = "letters", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Letter id")),
    responses(
        (status = 200, description = "The letter", body = LetterView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such letter, or not one the caller may read", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<LetterView>, ApiError> {
    Ok(Json(letters::view(&state, &caller, &id).await?))
}

/// The applicant changes the waiver (until the author answers) or the ERAS Letter ID.
#[utoipa::path(patch, path = "/api/v1/letters/{id}", tag = "letters", security(("bearer" = [])),
    request_body = LetterUpdate,
    params(("id" = i64, Path, description = "Letter id")),
    responses(
        (status = 200, description = "Changed", body = LetterView),
        (status = 400, description = "A value cannot be used", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the applicant", body = ErrorBody),
        (status = 404, description = "No such letter of the caller's", body = ErrorBody),
        (status = 409, description = "The waiver is fixed, or the letter changed meanwhile", body = ErrorBody)
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<LetterUpdate>,
) -> Result<Json<LetterView>, ApiError> {
    let input = body.for_member(&caller)?;
    Ok(Json(letters::update(&state, &caller, &id, &input).await?))
}

macro_rules! letter_action {
    ($name:ident, $path:literal, $doc:literal, $who:literal, $call:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "letters", security(("bearer" = [])),
            params(("id" = i64, Path, description = "Letter id")),
            responses(
                (status = 200, description = "Done", body = LetterView),
                (status = 401, description = "Not logged in", body = ErrorBody),
                (status = 403, description = $who, body = ErrorBody),
                (status = 404, description = "No such letter, or not one the caller may read", body = ErrorBody),
                (status = 409, description = "Not possible where the letter stands (the message says why)", body = ErrorBody)
            ))]
        pub async fn $name(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<LetterView>, ApiError> {
            Ok(Json($call(&state, &caller, &id).await?))
        }
    };
}

macro_rules! letter_words {
    ($name:ident, $path:literal, $doc:literal, $who:literal, $call:expr) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "letters", security(("bearer" = [])),
                            request_body = Words,
                            params(("id" = i64, Path, description = "Letter id")),
                            responses(
                                (status = 200, description = "Done", body = LetterView),
                                (status = 400, description = "The text is empty or too long", body = ErrorBody),
                                (status = 401, description = "Not logged in", body = ErrorBody),
                                (status = 403, description = $who, body = ErrorBody),
                                (status = 404, description = "No such letter, or not one the caller may read", body = ErrorBody),
                                (status = 409, description = "Not possible where the letter stands", body = ErrorBody)
                            ))]
        pub async fn $name(
            State(state): State<AppState>,
            caller: ApiCaller,
            Path(id): Path<String>,
            body: Body<Words>,
        ) -> Result<Json<LetterView>, ApiError> {
            let w = body.for_member(&caller)?;
            Ok(Json($call(&state, &caller, &id, &w.text).await?))
        }
    };
}

letter_action!(
    withdraw,
    "/api/v1/letters/{id}/withdraw",
    "The applicant withdraws the request; the author is told.",
    "Not the applicant",
    letters::withdraw
);
letter_action!(
    nudge,
    "/api/v1/letters/{id}/nudge",
    "The applicant nudges the author, once a week, while the letter is owed.",
    "Not the applicant",
    letters::nudge
);
letter_action!(accept, "/api/v1/letters/{id}/accept", "The author accepts the request.", "Not the author", letters::accept);
letter_action!(
    confirm_eras,
    "/api/v1/letters/{id}/eras-confirm",
    "The author confirms uploading the letter to ERAS under the applicant's ERAS Letter ID.",
    "Not the author",
    letters::confirm_eras
);
letter_words!(
    decline,
    "/api/v1/letters/{id}/decline",
    "The author declines, with an optional reason the applicant reads.",
    "Not the author",
    letters::decline
);
letter_words!(
    question,
    "/api/v1/letters/{id}/question",
    "The author asks the applicant a question.",
    "Not the author",
    letters::ask
);
letter_words!(
    answer,
    "/api/v1/letters/{id}/answer",
    "The applicant answers the author's question.",
    "Not the applicant",
    letters::answer
);

/// The applicant sends the written letter to a program: its contact gets a link that works for 30 days
/// and opens 5 times. At most four letters per program.
#[utoipa::path(post, path = "/api/v1/letters/{id}/send", tag = "letters", security(("bearer" = [])),
    request_body = RawDestination,
    params(("id" = i64, Path, description = "Letter id")),
    responses(
        (status = 200, description = "Sent", body = LetterView),
        (status = 400, description = "The program or its contact cannot be used", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the applicant", body = ErrorBody),
        (status = 404, description = "No such letter of the caller's", body = ErrorBody),
        (status = 409, description = "Not written yet, already sent there, or four letters already went to that program", body = ErrorBody)
    ))]
pub async fn send(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<RawDestination>,
) -> Result<Json<LetterView>, ApiError> {
    let to = body.for_member(&caller)?;
    Ok(Json(letters::send(&state, &caller, &id, &to).await?))
}

/// The author's saved standardised form (the letter's words: the author's alone).
#[utoipa::path(get, path = "/api/v1/letters/{id}/form", tag = "letters", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Letter id")),
    responses(
        (status = 200, description = "The form as last saved", body = SavedForm),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the author", body = ErrorBody),
        (status = 404, description = "No such letter, or not one the caller may read", body = ErrorBody)
    ))]
pub async fn form(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<SavedForm>, ApiError> {
    Ok(Json(letters::form(&state, &caller, &id).await?))
}

/// The author saves the standardised form as a draft, or finishes it: MatchReady lays it out on the
/// site's letterhead as the letter's next version.
#[utoipa::path(put, path = "/api/v1/letters/{id}/form", tag = "letters", security(("bearer" = [])),
    request_body = FormInput,
    params(("id" = i64, Path, description = "Letter id")),
    responses(
        (status = 200, description = "Saved", body = LetterView),
        (status = 400, description = "A field cannot be used (each named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the author", body = ErrorBody),
        (status = 404, description = "No such letter, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "Not accepted yet, or already delivered", body = ErrorBody)
    ))]
pub async fn save_form(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<FormInput>,
) -> Result<Json<LetterView>, ApiError> {
    let input = body.for_member(&caller)?;
    Ok(Json(letters::save_form(&state, &caller, &id, &input.form, input.finish).await?))
}

/// A letter's words as PDF: its author, the applicant if they kept the right to read it, or an admin who
/// gives a reason (audited). An applicant who waived gets 403.
#[utoipa::path(get, path = "/api/v1/letters/{id}/pdf", tag = "letters", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Letter id"), PdfQuery),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 400, description = "An admin without a reason", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The applicant waived the right to read it", body = ErrorBody),
        (status = 404, description = "No such letter or version, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "Not written yet", body = ErrorBody)
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    Query(q): Query<PdfQuery>,
) -> Result<Response, ApiError> {
    let (bytes, name) = letters::pdf(&state, &caller, &id, q.version.as_deref(), &q.reason).await?;
    Ok(download(bytes, "application/pdf", &name))
}

/// The CV the applicant shared with the author of this letter.
#[utoipa::path(get, path = "/api/v1/letters/{id}/cv", tag = "letters", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Letter id")),
    responses(
        (status = 200, description = "The CV", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the author", body = ErrorBody),
        (status = 404, description = "No such letter, or no CV shared", body = ErrorBody)
    ))]
pub async fn cv(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(super::documents::download_response(letters::shared_cv(&state, &caller, &id).await?))
}
