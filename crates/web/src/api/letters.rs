//! `/api/v1/letters`: letters of recommendation, through
//! `matchready_app::letters`. The applicant asks (under the rotation's
//! application), changes, withdraws, nudges, answers and sends; the author
//! answers, asks, writes (a PDF upload read part by part, or the form) and
//! confirms the ERAS upload; anyone checks a Letter ID; a program opens its
//! link.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use matchready_app::letters::{self, Authors, LetterUpdate, LetterView, LettersPage, LinkView, SavedForm, Upload, Verified};
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

/// The parts of a letter's upload (multipart/form-data).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LetterFileForm {
    /// The author's title.
    title: String,
    /// The author's specialty.
    specialty: String,
    /// The author's institution.
    institution: String,
    /// How to reach the author.
    contact: String,
    /// The letter: a PDF of at most 1 MB, US letter pages, not encrypted.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
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

/// Reads a letter's upload part by part; a file past 1 MB is refused, and not kept.
pub(crate) async fn read_letter_upload(mut multipart: Multipart) -> Result<(String, Upload), ApiError> {
    let mut csrf = String::new();
    let mut up = Upload::default();
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::from(letters::letter_too_large())
        } else {
            ApiError::bad_request("invalid_body", e.body_text())
        }
    };
    while let Some(mut part) = multipart.next_field().await.map_err(unreadable)? {
        let field = part.name().unwrap_or_default().to_string();
        if field == "file" {
            let mut too_large = false;
            while let Some(chunk) = part.chunk().await.map_err(unreadable)? {
                // Past the limit nothing more is kept, but the rest is read (up to the route's
                // body limit), so the browser gets the answer instead of a broken connection.
                too_large |= up.file.len() + chunk.len() > matchready_files::MAX_LETTER_BYTES;
                if !too_large {
                    up.file.extend_from_slice(&chunk);
                }
            }
            if too_large {
                return Err(ApiError::from(letters::letter_too_large()));
            }
            continue;
        }
        let slot = match field.as_str() {
            "csrf" => &mut csrf,
            "title" => &mut up.signature.title,
            "specialty" => &mut up.signature.specialty,
            "institution" => &mut up.signature.institution,
            "contact" => &mut up.signature.contact,
            _ => continue,
        };
        let text = part.text().await.map_err(unreadable)?;
        if text.len() > 2_000 {
            return Err(ApiError::invalid_field("signature", "a part is too long".into()));
        }
        *slot = text;
    }
    Ok((csrf, up))
}

/// The author uploads the letter: a PDF of at most 1 MB, US letter pages, not encrypted (judged by its
/// bytes), with their title, specialty, institution and contact. A new version until first delivered.
#[utoipa::path(post, path = "/api/v1/letters/{id}/file", tag = "letters", security(("bearer" = [])),
    request_body(content = LetterFileForm, content_type = "multipart/form-data"),
    params(("id" = i64, Path, description = "Letter id")),
    responses(
        (status = 200, description = "Uploaded; the applicant is told (never what it says)", body = LetterView),
        (status = 400, description = "Not a PDF, encrypted, not US letter, or a signature field missing", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the author", body = ErrorBody),
        (status = 404, description = "No such letter, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "Not accepted yet, or already delivered", body = ErrorBody),
        (status = 413, description = "Over 1 MB", body = ErrorBody)
    ))]
pub async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    req: Request,
) -> Result<Json<LetterView>, ApiError> {
    // Who may upload is decided before a byte of the body is read.
    letters::may_upload(&state, &caller, &id).await?;
    let multipart = Multipart::from_request(req, &state).await.map_err(|e| {
        ApiError::bad_request("invalid_body", format!("send the letter as multipart/form-data: {}", e.body_text()))
    })?;
    let (_, up) = read_letter_upload(multipart).await?;
    Ok(Json(letters::upload(&state, &caller, &id, up).await?))
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

/// Anyone checks a Letter ID: who wrote the letter, when, and from which rotation; never what it says.
#[utoipa::path(get, path = "/api/v1/letters/verify/{code}", tag = "letters",
    params(("code" = String, Path, description = "The Letter ID, LR-XXXX-XXXX-XXXX-XXXX")),
    responses(
        (status = 200, description = "The letter is real", body = Verified),
        (status = 404, description = "No such letter", body = ErrorBody)
    ))]
pub async fn verify(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
) -> Result<Json<Verified>, ApiError> {
    Ok(Json(letters::verify(&state, &caller, &code).await?))
}

/// A program's link, without opening it: who it is from, until when it works, openings left.
#[utoipa::path(get, path = "/api/v1/letter-links/{token}", tag = "letters",
    params(("token" = String, Path, description = "The token in the link the program was emailed")),
    responses(
        (status = 200, description = "The link", body = LinkView),
        (status = 404, description = "No such link", body = ErrorBody)
    ))]
pub async fn link(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(token): Path<String>,
) -> Result<Json<LinkView>, ApiError> {
    Ok(Json(letters::link(&state, &caller, &token).await?))
}

/// A program opens its link: one opening, logged with time and address. The letter's PDF can then be
/// fetched for 30 minutes.
#[utoipa::path(post, path = "/api/v1/letter-links/{token}/open", tag = "letters",
    params(("token" = String, Path, description = "The token in the link the program was emailed")),
    responses(
        (status = 200, description = "Opened", body = LinkView),
        (status = 404, description = "No such link", body = ErrorBody),
        (status = 409, description = "Expired, opened as often as it allows, or withdrawn", body = ErrorBody)
    ))]
pub async fn open(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(token): Path<String>,
) -> Result<Json<LinkView>, ApiError> {
    Ok(Json(letters::open_link(&state, &caller, &token).await?))
}

/// The letter's PDF through a program's link, for 30 minutes after an opening.
#[utoipa::path(get, path = "/api/v1/letter-links/{token}/pdf", tag = "letters",
    params(("token" = String, Path, description = "The token in the link the program was emailed")),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such link", body = ErrorBody),
        (status = 409, description = "Not opened in the last 30 minutes, or expired", body = ErrorBody)
    ))]
pub async fn link_pdf(State(state): State<AppState>, caller: ApiCaller, Path(token): Path<String>) -> Result<Response, ApiError> {
    let (bytes, name) = letters::link_pdf(&state, &caller, &token).await?;
    Ok(download(bytes, "application/pdf", &name))
}
