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
    /// Now.
    pub now: i64,
}

/// What the vault keeps.
#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// Adds a document to the vault.
    async fn create_document(&self, d: &NewDocument) -> StoreResult<Document>;
    /// One document.
    async fn document(&self, id: i64) -> StoreResult<Option<Document>>;
    /// Documents that run out on or before `until` and whose owner has not been told yet.
    async fn documents_to_remind(&self, until: NaiveDate) -> StoreResult<Vec<Document>>;
    /// Notes that a document's owner was told it runs out soon.
    async fn mark_reminded(&self, id: i64, now: i64) -> StoreResult<()>;
    /// Someone's documents, newest first.
    async fn documents_of(&self, owner_id: i64) -> StoreResult<Vec<Document>>;
}
