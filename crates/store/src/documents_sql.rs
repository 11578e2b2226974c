//! The document vault's statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::document::{Document, DocumentKind, FileType};

use crate::documents::{DocumentStore, NewDocument};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

const DOCUMENT_SQL: &str = "SELECT id, owner_id, kind, file_type, filename, size_bytes, sha256, storage_key, issued_on, expires_on, \
     immunizations, uploaded_at FROM documents";

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: i64,
    owner_id: i64,
    kind: String,
    file_type: String,
    filename: String,
    size_bytes: i64,
    sha256: String,
    storage_key: String,
    issued_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    immunizations: Option<String>,
    uploaded_at: i64,
}

impl DocumentRow {
    fn into_document(self) -> StoreResult<Document> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("document {}: {what}", self.id));
        Ok(Document {
            id: self.id,
            owner_id: self.owner_id,
            kind: DocumentKind::from_code(&self.kind).ok_or_else(|| corrupt("kind"))?,
            file_type: FileType::from_code(&self.file_type).ok_or_else(|| corrupt("file type"))?,
            immunizations: match &self.immunizations {
                Some(j) => Some(serde_json::from_str(j).map_err(|_| corrupt("immunizations"))?),
                None => None,
            },
            filename: self.filename,
            size_bytes: self.size_bytes,
            sha256: self.sha256,
            storage_key: self.storage_key,
            issued_on: self.issued_on,
            expires_on: self.expires_on,
            uploaded_at: self.uploaded_at,
        })
    }
}

macro_rules! documents_impl {
    ($store:ident) => {
        #[async_trait]
        impl DocumentStore for $store {
            async fn create_document(&self, d: &NewDocument) -> StoreResult<Document> {
                let immunizations = match &d.immunizations {
                    Some(i) => Some(serde_json::to_string(i).map_err(|e| StoreError::Invalid(e.to_string()))?),
                    None => None,
                };
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO documents (owner_id, kind, file_type, filename, size_bytes, sha256, storage_key, issued_on, expires_on, \
                     immunizations, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(d.owner_id)
                .bind(d.kind.code())
                .bind(d.file_type.extension())
                .bind(&d.filename)
                .bind(d.size_bytes)
                .bind(&d.sha256)
                .bind(&d.storage_key)
                .bind(d.issued_on)
                .bind(d.expires_on)
                .bind(immunizations)
                .bind(d.now)
                .fetch_one(&self.pool)
                .await?;
                self.document(id).await?.ok_or_else(|| StoreError::Corrupt(format!("document {id} vanished")))
            }

            async fn document(&self, id: i64) -> StoreResult<Option<Document>> {
                let row = sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(format!("{DOCUMENT_SQL} WHERE id = $1")))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(DocumentRow::into_document).transpose()
            }

            async fn documents_to_remind(&self, until: NaiveDate) -> StoreResult<Vec<Document>> {
                let rows = sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(format!(
                    "{DOCUMENT_SQL} WHERE expires_on <= $1 AND reminded_at IS NULL ORDER BY id"
                )))
                .bind(until)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(DocumentRow::into_document).collect()
            }

            async fn mark_reminded(&self, id: i64, now: i64) -> StoreResult<()> {
                sqlx::query("UPDATE documents SET reminded_at = $2 WHERE id = $1").bind(id).bind(now).execute(&self.pool).await?;
                Ok(())
            }

            async fn documents_of(&self, owner_id: i64) -> StoreResult<Vec<Document>> {
                let rows = sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(format!(
                    "{DOCUMENT_SQL} WHERE owner_id = $1 ORDER BY id DESC"
                )))
                .bind(owner_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(DocumentRow::into_document).collect()
            }
        }
    };
}

documents_impl!(SqliteStore);
documents_impl!(PostgresStore);
