//! `/api/v1/me/documents`: the applicant's document vault. Uploads are
//! multipart, read part by part here (the file part refused as soon as it
//! passes the size limit, so nothing larger is ever held); the use cases
//! in `matchready_app::documents` judge, store and serve them.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use matchready_app::documents::{self, Download, Upload, too_large};
use matchready_core::document::Document;
use utoipa::ToSchema;

use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The parts of an upload (multipart/form-data).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// `passport`, `visa`, `cv`, `immunization`, `bls`, `acls`, `background_check`, `liability_insurance`,
    /// `deans_letter`, `diploma` or `usmle_transcript`.
    kind: String,
    /// YYYY-MM-DD.
    issued_on: Option<String>,
    /// YYYY-MM-DD; required for kinds that run out.
    expires_on: Option<String>,
    /// For `immunization`: the record's entries as JSON.
    immunizations: Option<String>,
    /// The file: PDF, PNG or JPEG, at most 10 MiB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload a document to my vault.
#[utoipa::path(post, path = "/api/v1/me/documents", tag = "applicants", security(("bearer" = [])),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = Document),
        (status = 400, description = "A part is missing or cannot be used, or the file is not a PDF, PNG or JPEG", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody),
        (status = 413, description = "The file is larger than 10 MiB", body = ErrorBody)
    ))]
pub async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    req: Request,
) -> Result<(StatusCode, Json<Document>), ApiError> {
    // Who may upload is decided before a byte of the body is read.
    documents::may_upload(&caller)?;
    let multipart = Multipart::from_request(req, &state).await.map_err(|e| {
        ApiError::bad_request("invalid_body", format!("send the document as multipart/form-data: {}", e.body_text()))
    })?;
    let (_, parts) = read_upload(multipart).await?;
    Ok((StatusCode::CREATED, Json(documents::upload(&state, &caller, parts).await?)))
}

/// Reads an upload part by part; the file part is refused as soon as it passes the size limit.
pub(crate) async fn read_upload(mut multipart: Multipart) -> Result<(String, Upload), ApiError> {
    let mut csrf = String::new();
    let mut parts = Upload::default();
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::from(too_large())
        } else {
            ApiError::bad_request("invalid_body", e.body_text())
        }
    };
    while let Some(mut part) = multipart.next_field().await.map_err(unreadable)? {
        let field = part.name().unwrap_or_default().to_string();
        if field == "file" {
            parts.name = part.file_name().unwrap_or_default().to_string();
            let mut buf: Vec<u8> = Vec::new();
            while let Some(chunk) = part.chunk().await.map_err(unreadable)? {
                if buf.len() + chunk.len() > matchready_files::MAX_BYTES {
                    return Err(ApiError::from(too_large()));
                }
                buf.extend_from_slice(&chunk);
            }
            // A file input left empty in a page form sends an empty, nameless part.
            if !(buf.is_empty() && parts.name.is_empty()) {
                parts.file = Some(buf);
            }
            continue;
        }
        let slot = match field.as_str() {
            "csrf" => &mut csrf,
            "kind" => &mut parts.kind,
            "issued_on" => &mut parts.issued_on,
            "expires_on" => &mut parts.expires_on,
            "immunizations" => &mut parts.immunizations,
            _ => continue,
        };
        let text = part.text().await.map_err(unreadable)?;
        if text.len() > 20_000 {
            return Err(ApiError::invalid_field("immunizations", "this part is too long".into()));
        }
        *slot = text;
    }
    Ok((csrf, parts))
}

/// Checks an upload and keeps it: the file under a random name, the document in the database.
/// My documents, newest first.
#[utoipa::path(get, path = "/api/v1/me/documents", tag = "applicants", security(("bearer" = [])),
    responses(
        (status = 200, description = "Documents", body = [Document]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<Document>>, ApiError> {
    Ok(Json(documents::list(&state, &caller).await?))
}

/// Download one of my documents (as an attachment, with a safe name). Audited.
#[utoipa::path(get, path = "/api/v1/me/documents/{id}", tag = "applicants", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Document id")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such document, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn download(State(state): State<AppState>, caller: ApiCaller, Path(raw): Path<String>) -> Result<Response, ApiError> {
    Ok(download_response(documents::download(&state, &caller, &raw).await?))
}

/// A document as a download with its safe name, never cached.
pub fn download_response(d: Download) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", d.document.filename))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(d.document.file_type.mime())),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        d.bytes,
    )
        .into_response()
}
