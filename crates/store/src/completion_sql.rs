//! The completion statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use matchready_core::rotation::certificate::{Certificate, CertificateFacts};
use matchready_core::rotation::review::ReviewText;

use crate::completion::CompletionStore;
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct CertificateRow {
    code: String,
    application_id: i64,
    facts: String,
    issued_at: i64,
    revoked_at: Option<i64>,
    revoked_reason: Option<String>,
}

impl TryFrom<CertificateRow> for Certificate {
    type Error = StoreError;

    fn try_from(r: CertificateRow) -> StoreResult<Self> {
        let facts =
            serde_json::from_str(&r.facts).map_err(|e| StoreError::Corrupt(format!("certificate {}'s facts: {e}", r.code)))?;
        Ok(Certificate {
            code: r.code,
            application_id: r.application_id,
            facts,
            issued_at: r.issued_at,
            revoked_at: r.revoked_at,
            revoked_reason: r.revoked_reason,
        })
    }
}

const CERTIFICATE_SQL: &str = "SELECT code, application_id, facts, issued_at, revoked_at, revoked_reason FROM certificates";

fn ratings_code(r: &[u8; 4]) -> String {
    r.map(|v| v.to_string()).join(",")
}

fn ratings_of(code: &str) -> StoreResult<[u8; 4]> {
    let parts: Vec<u8> = code.split(',').filter_map(|p| p.parse().ok()).collect();
    <[u8; 4]>::try_from(parts).map_err(|_| StoreError::Corrupt(format!("review ratings '{code}'")))
}

fn facts_code(f: &CertificateFacts) -> StoreResult<String> {
    serde_json::to_string(f).map_err(|e| StoreError::Invalid(e.to_string()))
}

macro_rules! completion_impl {
    ($store:ident) => {
        #[async_trait]
        impl CompletionStore for $store {
            async fn certificates(&self, application_id: i64) -> StoreResult<Vec<Certificate>> {
                let rows = sqlx::query_as::<_, CertificateRow>(sqlx::AssertSqlSafe(format!(
                    "{CERTIFICATE_SQL} WHERE application_id = $1 ORDER BY id DESC"
                )))
                .bind(application_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(Certificate::try_from).collect()
            }

            async fn certificate(&self, code: &str) -> StoreResult<Option<Certificate>> {
                let row = sqlx::query_as::<_, CertificateRow>(sqlx::AssertSqlSafe(format!("{CERTIFICATE_SQL} WHERE code = $1")))
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(Certificate::try_from).transpose()
            }

            async fn issue_certificate(
                &self,
                application_id: i64,
                code: &str,
                facts: &CertificateFacts,
                now: i64,
            ) -> StoreResult<Certificate> {
                let mut tx = self.pool.begin().await?;
                // The application's row first: one issue per rotation at a time, on both databases.
                sqlx::query("UPDATE applications SET updated_at = updated_at WHERE id = $1")
                    .bind(application_id)
                    .execute(&mut *tx)
                    .await?;
                let newest = sqlx::query_as::<_, CertificateRow>(sqlx::AssertSqlSafe(format!(
                    "{CERTIFICATE_SQL} WHERE application_id = $1 ORDER BY id DESC LIMIT 1"
                )))
                .bind(application_id)
                .fetch_optional(&mut *tx)
                .await?
                .map(Certificate::try_from)
                .transpose()?;
                // The same facts: the same certificate, revoked or not (a revocation sticks until
                // what it would say changes).
                if let Some(c) = newest.filter(|c| &c.facts == facts) {
                    return Ok(c);
                }
                // What an older one says is no longer so: it stops verifying.
                sqlx::query(
                    "UPDATE certificates SET revoked_at = $2, revoked_reason = $3 WHERE application_id = $1 AND revoked_at IS NULL",
                )
                .bind(application_id)
                .bind(now)
                .bind(format!("superseded by {code}"))
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO certificates (code, application_id, facts, issued_at) VALUES ($1, $2, $3, $4)")
                    .bind(code)
                    .bind(application_id)
                    .bind(facts_code(facts)?)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Certificate {
                    code: code.to_string(),
                    application_id,
                    facts: facts.clone(),
                    issued_at: now,
                    revoked_at: None,
                    revoked_reason: None,
                })
            }

            async fn revoke_certificate(&self, code: &str, by: i64, reason: &str, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                // The application's row first, as an issue takes it: a revocation and an issue run one at a time.
                sqlx::query(
                    "UPDATE applications SET updated_at = updated_at WHERE id = (SELECT application_id FROM certificates WHERE code = $1)",
                )
                .bind(code)
                .execute(&mut *tx)
                .await?;
                let done = sqlx::query(
                    "UPDATE certificates SET revoked_at = $2, revoked_by = $3, revoked_reason = $4 \
                     WHERE code = $1 AND revoked_at IS NULL",
                )
                .bind(code)
                .bind(now)
                .bind(by)
                .bind(reason)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                tx.commit().await?;
                Ok(done == 1)
            }

            async fn signing_key(&self, fresh: &str, now: i64) -> StoreResult<String> {
                let select = "SELECT secret FROM signing_keys WHERE id = 1";
                if let Some(kept) = sqlx::query_scalar(select).fetch_optional(&self.pool).await? {
                    return Ok(kept);
                }
                sqlx::query("INSERT INTO signing_keys (id, secret, created_at) VALUES (1, $1, $2) ON CONFLICT DO NOTHING")
                    .bind(fresh)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(sqlx::query_scalar(select).fetch_one(&self.pool).await?)
            }

            async fn save_review(
                &self,
                application_id: i64,
                experience_id: i64,
                review: &ReviewText,
                now: i64,
            ) -> StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO rotation_reviews (application_id, experience_id, ratings, comment, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                )
                .bind(application_id)
                .bind(experience_id)
                .bind(ratings_code(&review.ratings))
                .bind(&review.comment)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                Ok(done == 1)
            }

            async fn review(&self, application_id: i64) -> StoreResult<Option<ReviewText>> {
                let row: Option<(String, String)> =
                    sqlx::query_as("SELECT ratings, comment FROM rotation_reviews WHERE application_id = $1")
                        .bind(application_id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(|(r, comment)| Ok(ReviewText { ratings: ratings_of(&r)?, comment })).transpose()
            }

            async fn experience_ratings(&self, experience_id: i64) -> StoreResult<Vec<[u8; 4]>> {
                let rows: Vec<String> = sqlx::query_scalar(
                    "SELECT ratings FROM rotation_reviews WHERE experience_id = $1 ORDER BY created_at, application_id",
                )
                .bind(experience_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| ratings_of(r)).collect()
            }

            async fn preceptor_ratings(&self, preceptor_id: i64) -> StoreResult<Vec<(i64, [u8; 4])>> {
                let rows: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT r.experience_id, r.ratings FROM rotation_reviews r \
                     JOIN experience_preceptors ep ON ep.experience_id = r.experience_id WHERE ep.preceptor_id = $1 \
                     ORDER BY r.experience_id, r.created_at, r.application_id",
                )
                .bind(preceptor_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|(e, r)| Ok((*e, ratings_of(r)?))).collect()
            }
        }
    };
}

completion_impl!(SqliteStore);
completion_impl!(PostgresStore);
