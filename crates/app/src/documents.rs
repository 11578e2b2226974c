//! The applicant's document vault: a document is judged by its bytes (PDF,
//! PNG or JPEG that parses), stored under a random name with its SHA-256,
//! and served back only to those the policy allows, each read audited;
//! owners are told 30 days before one runs out.

use bytes::Bytes;
use chrono::NaiveDate;
use matchready_core::account::{Action, AuditAction, Relation, Resource, User};
use matchready_core::document::{Document, DocumentKind, Validity, safe_filename};
use matchready_core::immunization::Immunizations;
use matchready_store::NewDocument;

use crate::accounts::secret::new_token;
use crate::guard::{allow, logged_in, member, own, parse_id};
use crate::{App, AppError, AppResult, Caller, Kind};

/// An upload as it came: every part as text, the file as bytes (the web layer reads the request).
#[derive(Debug, Default)]
pub struct Upload {
    /// The document kind's code.
    pub kind: String,
    /// When it was issued, `YYYY-MM-DD` or empty.
    pub issued_on: String,
    /// When it runs out, `YYYY-MM-DD` or empty.
    pub expires_on: String,
    /// For an immunization record: its entries as JSON.
    pub immunizations: String,
    /// The file, if one came.
    pub file: Option<Vec<u8>>,
    /// The file's name as sent.
    pub name: String,
}

/// A file too large to take.
pub fn too_large() -> AppError {
    AppError::new(
        Kind::TooLarge,
        "file_too_large",
        format!(
            "a file may be at most {} MiB; scan it at a lower resolution or split it",
            matchready_files::MAX_BYTES / (1024 * 1024)
        ),
    )
}

fn date(field: &'static str, raw: &str) -> AppResult<Option<NaiveDate>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| AppError::invalid_field(field, format!("'{raw}' is not a date; write YYYY-MM-DD")))
}

/// Who may upload is decided before a byte of the body is read: the web layer asks this first.
pub fn may_upload(caller: &Caller) -> AppResult<&User> {
    own(caller, Resource::Document, Action::Create)
}

/// Adds a document to the caller's vault.
pub async fn upload(app: &App, caller: &Caller, parts: Upload) -> AppResult<Document> {
    let me = may_upload(caller)?;
    let kind = DocumentKind::from_code(&parts.kind).ok_or_else(|| {
        let codes: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.code()).collect();
        AppError::invalid_field("kind", format!("say what the document is: one of {}", codes.join(", ")))
    })?;
    let validity =
        Validity { issued_on: date("issued_on", &parts.issued_on)?, expires_on: date("expires_on", &parts.expires_on)? };
    validity.check(kind).map_err(|m| AppError::invalid_field("expires_on", m))?;
    let immunizations: Option<Immunizations> = match (kind, parts.immunizations.trim()) {
        (DocumentKind::Immunization, "") => Some(Immunizations::default()),
        (DocumentKind::Immunization, json) => Some(
            serde_json::from_str(json)
                .map_err(|e| AppError::invalid_field("immunizations", format!("the record could not be read: {e}")))?,
        ),
        (_, "") => None,
        (_, _) => return Err(AppError::invalid_field("immunizations", "only an immunization record has immunizations")),
    };
    let bytes = parts.file.ok_or_else(|| AppError::invalid_field("file", "attach the file as the part named 'file'"))?;
    if bytes.len() > matchready_files::MAX_BYTES {
        return Err(too_large());
    }
    let file_type = matchready_files::inspect(&bytes).map_err(|e| AppError::invalid_field("file", e.to_string()))?;
    let (key, _) = new_token().ok_or_else(AppError::internal)?;
    let key = key.replace(['-', '_'], "0").to_lowercase();
    let sha256 = matchready_files::sha256(&bytes);
    let size = bytes.len() as i64;
    matchready_files::put(app.files.as_ref(), &key, Bytes::from(bytes)).await.map_err(|e| {
        tracing::error!(error = %e, "file storage failed");
        AppError::internal()
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
        now: app.now(),
    };
    let document = app.store.create_document(&new).await?;
    let subject = format!("document:{}", document.id);
    app.accounts.audit(Some(me.id), AuditAction::DocumentUploaded, subject, Some(&caller.ip), kind.code().into()).await;
    Ok(document)
}

/// The caller's documents.
pub async fn list(app: &App, caller: &Caller) -> AppResult<Vec<Document>> {
    let me = member(caller, Resource::Document, Action::List)?;
    Ok(app.store.documents_of(me.id).await?)
}

/// A document and its bytes, to send as a download with a safe name.
pub struct Download {
    /// The document.
    pub document: Document,
    /// Its bytes.
    pub bytes: Bytes,
}

/// One of the caller's own documents.
pub async fn download(app: &App, caller: &Caller, raw: &str) -> AppResult<Download> {
    let what = format!("document {raw}");
    let me = logged_in(caller)?;
    let missing = || AppError::not_found(format!("no {what}"));
    let id = parse_id(raw, "document").map_err(|_| missing())?;
    let document = app.store.document(id).await?.ok_or_else(missing)?;
    // Outside an application, a document relates to nobody but its owner.
    let relation = Relation::of(&me.actor(), Some(document.owner_id), None);
    let relation = if relation == Relation::Own { relation } else { Relation::Unrelated };
    allow(caller, Resource::Document, Action::Read, relation, &what)?;
    fetch(app, caller, document, String::new()).await
}

/// Reads a document's bytes and audits the read (`how` says through what).
pub(crate) async fn fetch(app: &App, caller: &Caller, document: Document, how: String) -> AppResult<Download> {
    let bytes = matchready_files::get(app.files.as_ref(), &document.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, document = document.id, "stored file missing");
        AppError::internal()
    })?;
    let detail = format!("{}{how}", document.kind.code());
    let subject = format!("document:{}", document.id);
    app.accounts.audit(caller.id(), AuditAction::DocumentRead, subject, Some(&caller.ip), detail).await;
    Ok(Download { document, bytes })
}

/// Days before a document runs out when its owner is told.
pub const REMIND_DAYS: u64 = 30;

/// Tells owners of documents that run out within [`REMIND_DAYS`] of today, once each; returns how many.
pub async fn remind_expiring(app: &App) -> AppResult<usize> {
    let today = app.today();
    let until = today.checked_add_days(chrono::Days::new(REMIND_DAYS)).unwrap_or(today);
    let mut sent = 0;
    for d in app.store.documents_to_remind(until).await? {
        let now = app.now();
        if let (Some(owner), Some(on)) = (app.store.user(d.owner_id).await?, d.expires_on) {
            let m = matchready_core::account::mail::document_expiring(
                &owner.email,
                &owner.name,
                &d.kind.name().to_lowercase(),
                &on.format("%B %-d, %Y").to_string(),
                &app.link("/documents"),
            );
            app.store.enqueue_email(&m, now).await?;
            sent += 1;
        }
        app.store.mark_reminded(d.id, now).await?;
    }
    Ok(sent)
}
