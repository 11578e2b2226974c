//! `/api/v1/letters/{id}/file`: the author's upload of a letter, read part
//! by part (a file past 1 MB is not kept, and the rest of it is read so the
//! sender is told why), through `matchready_app::letters::upload`.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use matchready_app::letters::{self, LetterView, Upload};
use utoipa::ToSchema;

use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

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
