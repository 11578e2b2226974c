//! The audit log and outbox statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use matchready_core::account::audit::AuditEntry;
use matchready_core::account::mail::{Message, OutboxEntry};

use crate::StoreResult;
use crate::outbox::{AuditRecord, OutboxStore};
use crate::sql::{PostgresStore, SqliteStore};

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    action: String,
    subject: String,
    ip: Option<String>,
    detail: String,
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: i64,
    to_address: String,
    subject: String,
    body: String,
    created_at: i64,
    sent_at: Option<i64>,
    attempts: i32,
    last_error: Option<String>,
}

impl From<OutboxRow> for OutboxEntry {
    fn from(r: OutboxRow) -> Self {
        Self {
            id: r.id,
            to: r.to_address,
            subject: r.subject,
            body: r.body,
            created_at: r.created_at,
            sent_at: r.sent_at,
            attempts: i64::from(r.attempts),
            last_error: r.last_error,
        }
    }
}

macro_rules! outbox_impl {
    ($store:ident) => {
        #[async_trait]
        impl OutboxStore for $store {
            async fn audit(&self, r: &AuditRecord) -> StoreResult<()> {
                sqlx::query("INSERT INTO audit_log (at, actor_id, action, subject, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(r.at)
                    .bind(r.actor_id)
                    .bind(r.action.code())
                    .bind(&r.subject)
                    .bind(&r.ip)
                    .bind(&r.detail)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn audit_log(&self, limit: i64, before: Option<i64>) -> StoreResult<Vec<AuditEntry>> {
                let rows = sqlx::query_as::<_, AuditRow>(
                    "SELECT id, at, actor_id, action, subject, ip, detail FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(before.unwrap_or(i64::MAX))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| AuditEntry {
                        id: r.id,
                        at: r.at,
                        actor_id: r.actor_id,
                        action: r.action,
                        subject: r.subject,
                        ip: r.ip,
                        detail: r.detail,
                    })
                    .collect())
            }

            async fn enqueue_email(&self, m: &Message, now: i64) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(&m.to)
                .bind(&m.subject)
                .bind(&m.body)
                .bind(now)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn enqueue_emails(&self, messages: &[Message], now: i64) -> StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                for m in messages {
                    sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(&m.to)
                        .bind(&m.subject)
                        .bind(&m.body)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn emails_to_since(&self, to: &str, since: i64) -> StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE to_address = $1 AND created_at > $2")
                    .bind(to)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn outbox(&self, limit: i64) -> StoreResult<Vec<OutboxEntry>> {
                let rows = sqlx::query_as::<_, OutboxRow>(
                    "SELECT id, to_address, subject, body, created_at, sent_at, attempts, last_error FROM outbox ORDER BY id DESC LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(OutboxEntry::from).collect())
            }

            async fn unsent_emails(&self, limit: i64, max_attempts: i64) -> StoreResult<Vec<OutboxEntry>> {
                let rows = sqlx::query_as::<_, OutboxRow>(
                    "SELECT id, to_address, subject, body, created_at, sent_at, attempts, last_error FROM outbox \
                     WHERE sent_at IS NULL AND attempts < $2 ORDER BY id LIMIT $1",
                )
                .bind(limit)
                .bind(max_attempts.clamp(0, i64::from(i32::MAX)) as i32)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(OutboxEntry::from).collect())
            }

            async fn mark_email(&self, id: i64, outcome: Result<i64, String>) -> StoreResult<()> {
                let (sent_at, error) = match outcome {
                    Ok(at) => (Some(at), None),
                    Err(e) => (None, Some(e)),
                };
                sqlx::query("UPDATE outbox SET sent_at = $2, last_error = $3, attempts = attempts + 1 WHERE id = $1")
                    .bind(id)
                    .bind(sent_at)
                    .bind(error)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

outbox_impl!(SqliteStore);
outbox_impl!(PostgresStore);
