//! What the organisation keeps of its own acts and words: the append-only
//! audit log and the outbox of emails (delivered by `matchready-mail`).
//! Implemented for both backends in `outbox_sql.rs`.

use async_trait::async_trait;
use matchready_core::account::AuditAction;
use matchready_core::account::audit::AuditEntry;
use matchready_core::account::mail::{Message, OutboxEntry};

use crate::StoreResult;

/// A line to add to the audit log.
#[derive(Debug, Clone)]
pub struct AuditRecord {
    /// When.
    pub at: i64,
    /// Who acted.
    pub actor_id: Option<i64>,
    /// What.
    pub action: AuditAction,
    /// To what.
    pub subject: String,
    /// From where.
    pub ip: Option<String>,
    /// More, in words.
    pub detail: String,
}

/// The audit log and the outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Appends to the audit log.
    async fn audit(&self, record: &AuditRecord) -> StoreResult<()>;
    /// The newest audit lines, newest first, before the line `before` when given.
    async fn audit_log(&self, limit: i64, before: Option<i64>) -> StoreResult<Vec<AuditEntry>>;

    /// Queues an email.
    async fn enqueue_email(&self, message: &Message, now: i64) -> StoreResult<i64>;
    /// Queues several emails in one transaction: all of them or none.
    async fn enqueue_emails(&self, messages: &[Message], now: i64) -> StoreResult<()>;
    /// How many emails to `to` were queued after `since`.
    async fn emails_to_since(&self, to: &str, since: i64) -> StoreResult<i64>;
    /// The newest emails, newest first.
    async fn outbox(&self, limit: i64) -> StoreResult<Vec<OutboxEntry>>;
    /// Emails not yet sent, oldest first, tried fewer than `max_attempts` times.
    async fn unsent_emails(&self, limit: i64, max_attempts: i64) -> StoreResult<Vec<OutboxEntry>>;
    /// Notes a delivery: sent at a time, or failed with an error.
    async fn mark_email(&self, id: i64, outcome: Result<i64, String>) -> StoreResult<()>;
}
