//! `/api/v1/me/documents`: the applicant's document vault. Uploads are
//! multipart, read part by part here (the file part refused as soon as it
//! passes the size limit, so nothing larger is ever held); the use cases
//! in `matchready_app::documents` judge, store and serve them.

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use matchready_app::documents::{self, Download, Upload, too_large};
use matchready_core::document::Document;
use matchready_core::immunization::Immunizations;
use matchready_core::immunization_form::ImmunizationForm;
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
    /// The id of a current document of the same kind that this one replaces (it keeps its history).
    replaces: Option<String>,
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
            "replaces" => &mut parts.replaces,
            other => match entry_slot(&mut parts.entries, other) {
                Some(slot) => slot,
                None => continue,
            },
        };
        let text = part.text().await.map_err(unreadable)?;
        if text.len() > 20_000 {
            return Err(ApiError::invalid_field("immunizations", "this part is too long".into()));
        }
        *slot = text;
    }
    Ok((csrf, parts))
}

/// The immunization form's field of that name (the page's form sends them as parts).
fn entry_slot<'a>(f: &'a mut ImmunizationForm, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "mmr_1" => &mut f.mmr_1,
        "mmr_2" => &mut f.mmr_2,
        "mmr_titer" => &mut f.mmr_titer,
        "varicella_1" => &mut f.varicella_1,
        "varicella_2" => &mut f.varicella_2,
        "varicella_titer" => &mut f.varicella_titer,
        "hepatitis_b_1" => &mut f.hepatitis_b_1,
        "hepatitis_b_2" => &mut f.hepatitis_b_2,
        "hepatitis_b_3" => &mut f.hepatitis_b_3,
        "hepatitis_b_titer" => &mut f.hepatitis_b_titer,
        "tdap" => &mut f.tdap,
        "tb_method" => &mut f.tb_method,
        "tb_date" => &mut f.tb_date,
        "tb_result" => &mut f.tb_result,
        "tb_xray" => &mut f.tb_xray,
        "influenza" => &mut f.influenza,
        _ => return None,
    })
}

/// My documents, newest first; with `?include=history`, replaced and removed versions too.
#[utoipa::path(get, path = "/api/v1/me/documents", tag = "applicants", security(("bearer" = [])),
    params(("include" = Option<String>, Query, description = "`history`: every version, replaced and removed ones too")),
    responses(
        (status = 200, description = "Documents", body = [Document]),
        (status = 400, description = "`include` is not `history`", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody)
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<Document>>, ApiError> {
    let include = query.map(|Query(q)| q.include.unwrap_or_default()).map_err(|e| e.body_text());
    match include.as_deref() {
        Ok("") => Ok(Json(documents::list(&state, &caller).await?)),
        Ok("history") => Ok(Json(documents::history(&state, &caller).await?)),
        // Who may list comes first; then what was asked for.
        Ok(other) => {
            documents::list(&state, &caller).await?;
            Err(ApiError::invalid_field("include", format!("'{other}' is not something to include; send history")))
        }
        Err(why) => {
            documents::list(&state, &caller).await?;
            Err(ApiError::invalid_field("include", format!("the query could not be read ({why}); send ?include=history")))
        }
    }
}

/// `?include=`.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    include: Option<String>,
}

/// Remove one of my documents from the vault. Sites that already read it keep the copy they read; no
/// new application counts it.
#[utoipa::path(delete, path = "/api/v1/me/documents/{id}", tag = "applicants", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Document id")),
    responses(
        (status = 200, description = "Removed; the document as it was", body = Document),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody),
        (status = 404, description = "No such document in my vault now", body = ErrorBody),
        (status = 409, description = "Replaced or removed meanwhile", body = ErrorBody)
    ))]
pub async fn remove(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(raw): Path<String>,
) -> Result<Json<Document>, ApiError> {
    Ok(Json(documents::remove(&state, &caller, &raw).await?))
}

/// Change an immunization record's entries: a new version of the document with the same file,
/// replacing the old one (a site that read the old one still sees what it read).
#[utoipa::path(put, path = "/api/v1/me/documents/{id}/immunizations", tag = "applicants", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Document id of an immunization record")),
    request_body = Immunizations,
    responses(
        (status = 200, description = "The new version", body = Document),
        (status = 400, description = "The entries cannot be read", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody),
        (status = 404, description = "No such document in my vault now", body = ErrorBody),
        (status = 409, description = "Not an immunization record, or replaced meanwhile", body = ErrorBody)
    ))]
pub async fn edit_entries(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(raw): Path<String>,
    body: crate::api::body::Body<Immunizations>,
) -> Result<Json<Document>, ApiError> {
    let entries = body.for_member(&caller)?;
    Ok(Json(documents::edit_entries(&state, &caller, &raw, entries).await?))
}

/// Download one of my documents (as an attachment, with a safe name). Audited.
#[utoipa::path(get, path = "/api/v1/me/documents/{id}", tag = "applicants", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Document id")),
    responses(
        (status = 200, description = "The file, as uploaded", content((String = "application/pdf"), (String = "image/png"), (String = "image/jpeg"))),
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
