//! `/api/v1/me/documents`: the applicant's document vault. Uploads are
//! multipart; the file part is read chunk by chunk and refused as soon as
//! it passes the size limit (nothing larger is ever held), then judged by
//! its bytes (PDF, PNG or JPEG that parses), stored under a random name
//! with its SHA-256, and served back only to those the policy allows, as a
//! download with a safe name. Every download is audited.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::NaiveDate;
use matchready_core::account::{Action, AuditAction, Decision, Relation, Resource};
use matchready_core::document::{Document, DocumentKind, Validity, safe_filename};
use matchready_core::immunization::Immunizations;
use matchready_store::NewDocument;
use utoipa::ToSchema;

use super::guard::{allow, member, own};
use crate::auth::ApiCaller;
use crate::auth::secret::new_token;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The parts of an upload (multipart/form-data).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Upload {
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

fn field_error(field: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::invalid_field(field, message.into())
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "file_too_large",
        format!(
            "a file may be at most {} MiB; scan it at a lower resolution or split it",
            matchready_files::MAX_BYTES / (1024 * 1024)
        ),
    )
}

fn date(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, ApiError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| field_error(field, format!("'{raw}' is not a date; write YYYY-MM-DD")))
}

/// Upload a document to my vault.
#[utoipa::path(post, path = "/api/v1/me/documents", tag = "applicants", security(("bearer" = [])),
    request_body(content = Upload, content_type = "multipart/form-data"),
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
    let me = own(&caller, Resource::Document, Action::Create)?;
    let mut multipart = Multipart::from_request(req, &state).await.map_err(|e| {
        ApiError::bad_request("invalid_body", format!("send the document as multipart/form-data: {}", e.body_text()))
    })?;
    let (mut kind, mut issued, mut expires, mut immunizations, mut file, mut name) =
        (None, None, None, None, None, String::new());
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::bad_request("invalid_body", e.body_text())
        }
    };
    while let Some(mut part) = multipart.next_field().await.map_err(unreadable)? {
        match part.name().unwrap_or_default() {
            "file" => {
                name = part.file_name().unwrap_or_default().to_string();
                let mut buf: Vec<u8> = Vec::new();
                while let Some(chunk) = part.chunk().await.map_err(unreadable)? {
                    if buf.len() + chunk.len() > matchready_files::MAX_BYTES {
                        return Err(too_large());
                    }
                    buf.extend_from_slice(&chunk);
                }
                file = Some(buf);
            }
            field @ ("kind" | "issued_on" | "expires_on" | "immunizations") => {
                let field = field.to_string();
                let text = part.text().await.map_err(unreadable)?;
                if text.len() > 20_000 {
                    return Err(field_error("immunizations", "this part is too long"));
                }
                match field.as_str() {
                    "kind" => kind = Some(text),
                    "issued_on" => issued = Some(text),
                    "expires_on" => expires = Some(text),
                    _ => immunizations = Some(text),
                }
            }
            _ => {}
        }
    }
    let kind_raw = kind.unwrap_or_default();
    let kind = DocumentKind::from_code(&kind_raw).ok_or_else(|| {
        let codes: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.code()).collect();
        field_error("kind", format!("say what the document is: one of {}", codes.join(", ")))
    })?;
    let validity = Validity {
        issued_on: date("issued_on", &issued.unwrap_or_default())?,
        expires_on: date("expires_on", &expires.unwrap_or_default())?,
    };
    validity.check(kind).map_err(|m| field_error("expires_on", m))?;
    let immunizations: Option<Immunizations> = match (kind, immunizations.filter(|s| !s.trim().is_empty())) {
        (DocumentKind::Immunization, Some(json)) => Some(
            serde_json::from_str(&json)
                .map_err(|e| field_error("immunizations", format!("the record could not be read: {e}")))?,
        ),
        (DocumentKind::Immunization, None) => Some(Immunizations::default()),
        (_, Some(_)) => return Err(field_error("immunizations", "only an immunization record has immunizations")),
        (_, None) => None,
    };
    let bytes = file.ok_or_else(|| field_error("file", "attach the file as the part named 'file'"))?;
    let file_type = matchready_files::inspect(&bytes).map_err(|e| field_error("file", e.to_string()))?;
    let (key, _) = new_token().ok_or_else(ApiError::internal)?;
    let key = key.replace(['-', '_'], "0").to_lowercase();
    let sha256 = matchready_files::sha256(&bytes);
    let size = bytes.len() as i64;
    matchready_files::put(state.files.as_ref(), &key, Bytes::from(bytes)).await.map_err(|e| {
        tracing::error!(error = %e, "file storage failed");
        ApiError::internal()
    })?;
    let new = NewDocument {
        owner_id: me.id,
        kind,
        file_type,
        filename: safe_filename(&name, kind, file_type),
        size_bytes: size,
        sha256,
        storage_key: key,
        issued_on: validity.issued_on,
        expires_on: validity.expires_on,
        immunizations,
        now: (state.accounts.now)(),
    };
    let document = state.store.create_document(&new).await?;
    let subject = format!("document:{}", document.id);
    state.accounts.audit(Some(me.id), AuditAction::DocumentUploaded, subject, Some(&caller.ip), kind.code().into()).await;
    Ok((StatusCode::CREATED, Json(document)))
}

/// My documents, newest first.
#[utoipa::path(get, path = "/api/v1/me/documents", tag = "applicants", security(("bearer" = [])),
    responses(
        (status = 200, description = "Documents", body = [Document]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<Document>>, ApiError> {
    let me = member(&caller, Resource::Document, Action::List)?;
    Ok(Json(state.store.documents_of(me.id).await?))
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
    let what = format!("document {raw}");
    if caller.user.is_none() {
        ApiError::denied(Decision::Unauthenticated, &what)?;
    }
    let missing = || ApiError::not_found(format!("no {what}"));
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(missing)?;
    let document = state.store.document(id).await?.ok_or_else(missing)?;
    let relation = caller.user.as_ref().map_or(Relation::Unrelated, |u| Relation::of(&u.actor(), Some(document.owner_id), None));
    allow(&caller, Resource::Document, Action::Read, relation, &what)?;
    let bytes = matchready_files::get(state.files.as_ref(), &document.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, document = document.id, "stored file missing");
        ApiError::internal()
    })?;
    let actor = caller.user.as_ref().map(|u| u.id);
    state
        .accounts
        .audit(actor, AuditAction::DocumentRead, format!("document:{id}"), Some(&caller.ip), document.kind.code().into())
        .await;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", document.filename))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(document.file_type.mime())),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}
