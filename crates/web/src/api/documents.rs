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
    let multipart = Multipart::from_request(req, &state).await.map_err(|e| {
        ApiError::bad_request("invalid_body", format!("send the document as multipart/form-data: {}", e.body_text()))
    })?;
    let parts = read_upload(multipart).await?;
    let document = store_upload(&state, me, parts, &caller.ip).await?;
    Ok((StatusCode::CREATED, Json(document)))
}

/// The parts of an upload, read (the file part no larger than the limit).
pub(crate) struct UploadParts {
    /// The page form token, when sent from a page.
    pub csrf: String,
    kind: String,
    issued_on: String,
    expires_on: String,
    immunizations: String,
    file: Option<Vec<u8>>,
    name: String,
}

/// Reads an upload's parts, refusing the file part as soon as it passes the size limit.
pub(crate) async fn read_upload(mut multipart: Multipart) -> Result<UploadParts, ApiError> {
    let mut parts = UploadParts {
        csrf: String::new(),
        kind: String::new(),
        issued_on: String::new(),
        expires_on: String::new(),
        immunizations: String::new(),
        file: None,
        name: String::new(),
    };
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
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
                    return Err(too_large());
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
            "csrf" => &mut parts.csrf,
            "kind" => &mut parts.kind,
            "issued_on" => &mut parts.issued_on,
            "expires_on" => &mut parts.expires_on,
            "immunizations" => &mut parts.immunizations,
            _ => continue,
        };
        let text = part.text().await.map_err(unreadable)?;
        if text.len() > 20_000 {
            return Err(field_error("immunizations", "this part is too long"));
        }
        *slot = text;
    }
    Ok(parts)
}

/// Checks an upload and keeps it: the file under a random name, the document in the database.
pub(crate) async fn store_upload(
    state: &AppState,
    me: &matchready_core::account::User,
    parts: UploadParts,
    ip: &str,
) -> Result<Document, ApiError> {
    let kind = DocumentKind::from_code(&parts.kind).ok_or_else(|| {
        let codes: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.code()).collect();
        field_error("kind", format!("say what the document is: one of {}", codes.join(", ")))
    })?;
    let validity =
        Validity { issued_on: date("issued_on", &parts.issued_on)?, expires_on: date("expires_on", &parts.expires_on)? };
    validity.check(kind).map_err(|m| field_error("expires_on", m))?;
    let immunizations: Option<Immunizations> = match (kind, parts.immunizations.trim()) {
        (DocumentKind::Immunization, "") => Some(Immunizations::default()),
        (DocumentKind::Immunization, json) => Some(
            serde_json::from_str(json).map_err(|e| field_error("immunizations", format!("the record could not be read: {e}")))?,
        ),
        (_, "") => None,
        (_, _) => return Err(field_error("immunizations", "only an immunization record has immunizations")),
    };
    let bytes = parts.file.ok_or_else(|| field_error("file", "attach the file as the part named 'file'"))?;
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
        filename: safe_filename(&parts.name, kind, file_type),
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
    state.accounts.audit(Some(me.id), AuditAction::DocumentUploaded, subject, Some(ip), kind.code().into()).await;
    Ok(document)
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
    send(&state, &caller, &raw).await
}

/// The file of a document the caller may read, as a download; the read is audited.
pub(crate) async fn send(state: &AppState, caller: &ApiCaller, raw: &str) -> Result<Response, ApiError> {
    let what = format!("document {raw}");
    if caller.user.is_none() {
        ApiError::denied(Decision::Unauthenticated, &what)?;
    }
    let missing = || ApiError::not_found(format!("no {what}"));
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(missing)?;
    let document = state.store.document(id).await?.ok_or_else(missing)?;
    let relation = caller.user.as_ref().map_or(Relation::Unrelated, |u| Relation::of(&u.actor(), Some(document.owner_id), None));
    allow(caller, Resource::Document, Action::Read, relation, &what)?;
    serve(state, caller, &document, String::new()).await
}

/// A document of an application's applicant, for those who may read the application (already checked).
pub(crate) async fn send_for_application(
    state: &AppState,
    caller: &ApiCaller,
    application: &matchready_core::application::Application,
    raw: &str,
) -> Result<Response, ApiError> {
    let missing = || ApiError::not_found(format!("no document {raw} in application {}", application.id));
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(missing)?;
    let document = state.store.document(id).await?.filter(|d| d.owner_id == application.applicant_id).ok_or_else(missing)?;
    serve(state, caller, &document, format!(" via application {}", application.id)).await
}

/// Sends a document's file and audits the read.
async fn serve(state: &AppState, caller: &ApiCaller, document: &Document, how: String) -> Result<Response, ApiError> {
    let id = document.id;
    let bytes = matchready_files::get(state.files.as_ref(), &document.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, document = document.id, "stored file missing");
        ApiError::internal()
    })?;
    let actor = caller.user.as_ref().map(|u| u.id);
    let detail = format!("{}{how}", document.kind.code());
    state.accounts.audit(actor, AuditAction::DocumentRead, format!("document:{id}"), Some(&caller.ip), detail).await;
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

/// How far ahead owners are told that a document runs out.
pub const REMIND_DAYS: u64 = 30;

/// Emails each owner whose document runs out within [`REMIND_DAYS`] of `today`, once per document.
pub async fn remind_expiring(state: &AppState, today: NaiveDate) -> Result<usize, ApiError> {
    let until = today.checked_add_days(chrono::Days::new(REMIND_DAYS)).unwrap_or(today);
    let mut sent = 0;
    for d in state.store.documents_to_remind(until).await? {
        let now = (state.accounts.now)();
        if let (Some(owner), Some(on)) = (state.store.user(d.owner_id).await?, d.expires_on) {
            let link = format!("{}/documents", state.accounts.config.public_url);
            let m = matchready_core::account::mail::document_expiring(
                &owner.email,
                &owner.name,
                &d.kind.name().to_lowercase(),
                &on.format("%B %-d, %Y").to_string(),
                &link,
            );
            state.store.enqueue_email(&m, now).await?;
            sent += 1;
        }
        state.store.mark_reminded(d.id, now).await?;
    }
    Ok(sent)
}
