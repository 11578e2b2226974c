//! The document vault: files' facts (the bytes live in `matchready-files`),
//! expiry reminders. Implemented for both backends in `documents_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::document::{Document, DocumentKind, FileType};
use matchready_core::immunization::Immunizations;

use crate::StoreResult;

/// A document to add to the vault (its file already stored under `storage_key`).
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Whose.
    pub owner_id: i64,
    /// What it is.
    pub kind: DocumentKind,
    /// Its type by content.
    pub file_type: FileType,
    /// Safe download name.
    pub filename: String,
    /// Size.
    pub size_bytes: i64,
    /// SHA-256, hex.
    pub sha256: String,
    /// Where the bytes are.
    pub storage_key: String,
    /// Issued.
    pub issued_on: Option<NaiveDate>,
    /// Runs out.
    pub expires_on: Option<NaiveDate>,
    /// For an immunization record.
    pub immunizations: Option<Immunizations>,
    /// The current document of the same owner that this one replaces, if any.
    pub replaces: Option<i64>,
    /// Now.
    pub now: i64,
}

/// What the vault keeps.
#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Adds a document to the vault; with `replaces`, the replaced one (which must be the owner's and
    /// current) is marked replaced in the same transaction, else nothing is written and `None` returned.
    async fn create_document(&self, d: &NewDocument) -> StoreResult<Option<Document>>;
    /// Removes a current document of `owner_id` from the vault (its row and file are kept); false if
    /// there is no such current document.
    async fn remove_document(&self, id: i64, owner_id: i64, now: i64) -> StoreResult<bool>;
    /// Notes that a site read a document through an application (the first read counts).
    async fn note_document_read(&self, document_id: i64, application_id: i64, now: i64) -> StoreResult<()>;
    /// The documents of `owner_id` read through `application_id`, current or not, newest first.
    async fn documents_read_through(&self, application_id: i64, owner_id: i64) -> StoreResult<Vec<Document>>;
    /// Every version of someone's documents, replaced and removed ones too, newest first.
    async fn document_history(&self, owner_id: i64) -> StoreResult<Vec<Document>>;
    /// One document.
    async fn document(&self, id: i64) -> StoreResult<Option<Document>>;
    /// Current documents that run out on or before `until` and whose owner has not been told yet.
    async fn documents_to_remind(&self, until: NaiveDate) -> StoreResult<Vec<Document>>;
    /// Notes that a document's owner was told it runs out soon.
    async fn mark_reminded(&self, id: i64, now: i64) -> StoreResult<()>;
    /// Someone's current documents, newest first.
    async fn documents_of(&self, owner_id: i64) -> StoreResult<Vec<Document>>;
}
