//! The document vault's statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::document::{Document, DocumentKind, FileType};

use crate::documents::{DocumentStore, NewDocument};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

const DOCUMENT_SQL: &str = "SELECT id, owner_id, kind, file_type, filename, size_bytes, sha256, storage_key, issued_on, expires_on, \
     immunizations, uploaded_at, replaces_id, replaced_at, removed_at FROM documents";
const CURRENT: &str = "replaced_at IS NULL AND removed_at IS NULL";

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
    replaces_id: Option<i64>,
    replaced_at: Option<i64>,
    removed_at: Option<i64>,
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
            replaces_id: self.replaces_id,
            replaced_at: self.replaced_at,
            removed_at: self.removed_at,
        })
    }
}

macro_rules! documents_impl {
    ($store:ident) => {
        #[async_trait]
        impl DocumentStore for $store {
            async fn create_document(&self, d: &NewDocument) -> StoreResult<Option<Document>> {
                let immunizations = match &d.immunizations {
                    Some(i) => Some(serde_json::to_string(i).map_err(|e| StoreError::Invalid(e.to_string()))?),
                    None => None,
                };
                let mut tx = self.pool.begin().await?;
                if let Some(old) = d.replaces {
                    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "UPDATE documents SET replaced_at = $3 WHERE id = $1 AND owner_id = $2 AND {CURRENT}"
                    )))
                    .bind(old)
                    .bind(d.owner_id)
                    .bind(d.now)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() != 1 {
                        return Ok(None);
                    }
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO documents (owner_id, kind, file_type, filename, size_bytes, sha256, storage_key, issued_on, expires_on, \
                     immunizations, uploaded_at, replaces_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
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
                .bind(d.replaces)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                self.document(id).await?.ok_or_else(|| StoreError::Corrupt(format!("document {id} vanished"))).map(Some)
            }

            async fn remove_document(&self, id: i64, owner_id: i64, now: i64) -> StoreResult<bool> {
                let done = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE documents SET removed_at = $3 WHERE id = $1 AND owner_id = $2 AND {CURRENT}"
                )))
                .bind(id)
                .bind(owner_id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn note_document_read(&self, document_id: i64, application_id: i64, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO document_reads (document_id, application_id, first_read_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (application_id, document_id) DO NOTHING",
                )
                .bind(document_id)
                .bind(application_id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn documents_read_through(&self, application_id: i64, owner_id: i64) -> StoreResult<Vec<Document>> {
                let rows = sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(format!(
                    "{DOCUMENT_SQL} WHERE owner_id = $2 \
                     AND id IN (SELECT document_id FROM document_reads WHERE application_id = $1) ORDER BY id DESC"
                )))
                .bind(application_id)
                .bind(owner_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(DocumentRow::into_document).collect()
            }

            async fn document_history(&self, owner_id: i64) -> StoreResult<Vec<Document>> {
                let rows = sqlx::query_as::<_, DocumentRow>(sqlx::AssertSqlSafe(format!(
                    "{DOCUMENT_SQL} WHERE owner_id = $1 ORDER BY id DESC"
                )))
                .bind(owner_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(DocumentRow::into_document).collect()
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
                    "{DOCUMENT_SQL} WHERE expires_on <= $1 AND reminded_at IS NULL AND {CURRENT} ORDER BY id"
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
                    "{DOCUMENT_SQL} WHERE owner_id = $1 AND {CURRENT} ORDER BY id DESC"
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
