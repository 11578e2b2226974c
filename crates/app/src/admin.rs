//! The audit log and the outbox, for admins. Reading either is audited;
//! the outbox is shown with every emailed link redacted, so no working
//! link or token ever reaches an admin.

use matchready_core::account::audit::AuditEntry;
use matchready_core::account::mail::OutboxEntry;
use matchready_core::account::{Action, AuditAction, Resource};

use crate::guard::member;
use crate::{App, AppResult, Caller};

/// Most audit lines one page shows.
pub const MAX_AUDIT_LINES: i64 = 500;

/// Audit lines before `before` (newest first), at most `limit` (1 to 500, default 100).
pub async fn audit(app: &App, caller: &Caller, limit: Option<i64>, before: Option<i64>) -> AppResult<Vec<AuditEntry>> {
    let admin = member(caller, Resource::AuditLog, Action::List)?;
    let limit = limit.unwrap_or(100).clamp(1, MAX_AUDIT_LINES);
    let lines = app.store.audit_log(limit, before).await?;
    app.accounts.audit(Some(admin.id), AuditAction::AuditRead, "audit_log".into(), Some(&caller.ip), String::new()).await;
    Ok(lines)
}

/// How many emails the outbox view shows.
pub const OUTBOX_SHOWN: i64 = 200;

/// The newest emails, sent or not, with their links redacted.
pub async fn outbox(app: &App, caller: &Caller) -> AppResult<Vec<OutboxEntry>> {
    let admin = member(caller, Resource::Outbox, Action::List)?;
    let mails = app.store.outbox(OUTBOX_SHOWN).await?;
    app.accounts.audit(Some(admin.id), AuditAction::OutboxRead, "outbox".into(), Some(&caller.ip), String::new()).await;
    Ok(mails.into_iter().map(OutboxEntry::redacted).collect())
}
