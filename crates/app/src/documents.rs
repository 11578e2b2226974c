//! The applicant's document vault: a document is judged by its bytes (PDF,
//! PNG or JPEG that parses), stored under a random name with its SHA-256,
//! and served back only to those the policy allows, each read audited;
//! owners are told 30 days before one runs out.

use bytes::Bytes;
use chrono::NaiveDate;
use matchready_core::account::{Action, AuditAction, Relation, Resource, User};
use matchready_core::document::{Document, DocumentKind, Validity, safe_filename};
use matchready_core::immunization::Immunizations;
use matchready_core::immunization_form::ImmunizationForm;
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
    /// For an immunization record: its entries as JSON (the API).
    pub immunizations: String,
    /// For an immunization record: its entries as a page's form sends them (used when no JSON came).
    pub entries: ImmunizationForm,
    /// The id of the current document this one replaces (the same kind), or empty.
    pub replaces: String,
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
    // Replacing is changing a document of one's own: the same check and policy as removing it.
    let replaces = match parts.replaces.trim() {
        "" => None,
        raw => {
            let (_, old) = mine_now(app, caller, raw).await?;
            if old.kind != kind {
                let message = format!("your {} can be replaced only by another {0}", old.kind.in_sentence());
                return Err(AppError::invalid_field("kind", message));
            }
            Some(old)
        }
    };
    let immunizations: Option<Immunizations> = match (kind, parts.immunizations.trim()) {
        // A new file for a record whose entries were not given again keeps the entries it had.
        (DocumentKind::Immunization, "") if parts.entries.is_empty() && replaces.is_some() => {
            replaces.as_ref().and_then(|old| old.immunizations.clone())
        }
        (DocumentKind::Immunization, "") => {
            Some(parts.entries.parse(app.today()).map_err(|fields| AppError::invalid_fields("invalid_input", fields))?)
        }
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
    let filename = safe_filename(&parts.name, kind, file_type);
    let file = Stored { file_type, filename, bytes: Bytes::from(bytes) };
    keep(app, caller, me, file, Fields { kind, validity, immunizations, replaces: replaces.map(|d| d.id) }).await
}

/// A file that passed its checks, with its facts.
struct Stored {
    file_type: matchready_core::document::FileType,
    filename: String,
    bytes: Bytes,
}

/// What is said about a document besides its file.
struct Fields {
    kind: DocumentKind,
    validity: Validity,
    immunizations: Option<Immunizations>,
    replaces: Option<i64>,
}

/// Stores the file under a new random name, then the document (replacing another, if it says so).
async fn keep(app: &App, caller: &Caller, me: &User, file: Stored, f: Fields) -> AppResult<Document> {
    if let Some(later) = f.immunizations.as_ref().map(|i| i.in_the_future(app.today())).filter(|l| !l.is_empty()) {
        return Err(AppError::invalid_field(
            "immunizations",
            format!("{} dated in the future: give the dates they were given or read", later.join(", ")),
        ));
    }
    let (key, _) = new_token().ok_or_else(AppError::internal)?;
    let key = key.replace(['-', '_'], "0").to_lowercase();
    let sha256 = matchready_files::sha256(&file.bytes);
    let size = file.bytes.len() as i64;
    matchready_files::put(app.files.as_ref(), &key, file.bytes).await.map_err(|e| {
        tracing::error!(error = %e, "file storage failed");
        AppError::internal()
    })?;
    let new = NewDocument {
        owner_id: me.id,
        kind: f.kind,
        file_type: file.file_type,
        filename: file.filename,
        size_bytes: size,
        sha256,
        storage_key: key,
        issued_on: f.validity.issued_on,
        expires_on: f.validity.expires_on,
        immunizations: f.immunizations,
        replaces: f.replaces,
        now: app.now(),
    };
    let document = app.store.create_document(&new).await?.ok_or_else(|| {
        AppError::conflict("document_changed", "that document was replaced or removed meanwhile; reload your vault")
    })?;
    let subject = format!("document:{}", document.id);
    let detail = match f.replaces {
        Some(old) => format!("{} replacing document:{old}", f.kind.code()),
        None => f.kind.code().into(),
    };
    app.accounts.audit(Some(me.id), AuditAction::DocumentUploaded, subject, Some(&caller.ip), detail).await;
    Ok(document)
}

/// One of the caller's current documents to change, after asking the policy (someone else's is not there).
async fn mine_now<'a>(app: &App, caller: &'a Caller, raw: &str) -> AppResult<(&'a User, Document)> {
    let what = format!("document {raw}");
    let me = logged_in(caller)?;
    let missing = || AppError::not_found(format!("no {what} in your vault"));
    let id = parse_id(raw, "document").map_err(|_| missing())?;
    let document = app.store.document(id).await?.ok_or_else(missing)?;
    let relation = if document.owner_id == me.id { Relation::Own } else { Relation::Unrelated };
    allow(caller, Resource::Document, Action::Update, relation, &what)?;
    if !document.is_current() {
        return Err(AppError::not_found(format!("{what} was replaced or removed; it is no longer in your vault")));
    }
    Ok((me, document))
}

/// One of the caller's current documents, to change (the entries page reads it through this).
pub async fn to_change(app: &App, caller: &Caller, raw: &str) -> AppResult<Document> {
    mine_now(app, caller, raw).await.map(|(_, d)| d)
}

/// Changes an immunization record's entries: a new version with the same file, replacing the old one
/// (a site that read the old one still sees what it read).
pub async fn edit_entries(app: &App, caller: &Caller, raw: &str, entries: Immunizations) -> AppResult<Document> {
    let (me, old) = mine_now(app, caller, raw).await?;
    if old.kind != DocumentKind::Immunization {
        return Err(AppError::conflict("not_an_immunization_record", "only an immunization record has entries"));
    }
    let bytes = matchready_files::get(app.files.as_ref(), &old.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, document = old.id, "stored file missing");
        AppError::internal()
    })?;
    let file = Stored { file_type: old.file_type, filename: old.filename.clone(), bytes };
    let fields = Fields { kind: old.kind, validity: old.validity(), immunizations: Some(entries), replaces: Some(old.id) };
    keep(app, caller, me, file, fields).await
}

/// Removes one of the caller's documents from the vault. Its file is kept: a site that read it still
/// sees what it read; no new application counts it.
pub async fn remove(app: &App, caller: &Caller, raw: &str) -> AppResult<Document> {
    let (me, old) = mine_now(app, caller, raw).await?;
    if !app.store.remove_document(old.id, me.id, app.now()).await? {
        return Err(AppError::conflict("document_changed", "that document was replaced or removed meanwhile"));
    }
    let subject = format!("document:{}", old.id);
    app.accounts.audit(Some(me.id), AuditAction::DocumentRemoved, subject, Some(&caller.ip), old.kind.code().into()).await;
    Ok(old)
}

/// Every version of the caller's documents, replaced and removed ones too.
pub async fn history(app: &App, caller: &Caller) -> AppResult<Vec<Document>> {
    let me = member(caller, Resource::Document, Action::List)?;
    Ok(app.store.document_history(me.id).await?)
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
                &d.kind.in_sentence(),
                &matchready_core::dates::day(on),
                &app.link("/documents"),
            );
            app.store.enqueue_email(&m, now).await?;
            sent += 1;
        }
        app.store.mark_reminded(d.id, now).await?;
    }
    Ok(sent)
}
