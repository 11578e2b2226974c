//! `/api/v1/admin/*`: the audit log and the outbox, for admins.

use axum::Json;
use axum::extract::{Query, State};
use matchready_core::account::audit::AuditEntry;
use matchready_core::account::mail::OutboxEntry;
use matchready_core::account::{Action, AuditAction, Resource};
use serde::Deserialize;
use utoipa::IntoParams;

use super::guard::member;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Paging through the audit log.
#[derive(Deserialize, IntoParams)]
pub struct AuditPage {
    /// Lines before this id (the `id` of the last line of the previous page).
    pub before: Option<i64>,
    /// At most this many lines (1 to 500, default 100).
    pub limit: Option<i64>,
}

/// The audit log, newest first. Reading it is itself audited.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", security(("bearer" = [])), params(AuditPage),
    responses(
        (status = 200, description = "Audit lines", body = [AuditEntry]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody)
    ))]
pub async fn audit(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(page): Query<AuditPage>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let admin = member(&caller, Resource::AuditLog, Action::List)?;
    let limit = page.limit.unwrap_or(100).clamp(1, 500);
    let lines = state.store.audit_log(limit, page.before).await?;
    state.accounts.audit(Some(admin.id), AuditAction::AuditRead, "audit_log".into(), Some(&caller.ip), String::new()).await;
    Ok(Json(lines))
}

/// The newest 200 emails, sent or not (with no SMTP server configured, none are sent and this is where they wait).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "Emails, newest first", body = [OutboxEntry]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody)
    ))]
pub async fn outbox(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<OutboxEntry>>, ApiError> {
    let admin = member(&caller, Resource::Outbox, Action::List)?;
    let mails = state.store.outbox(200).await?;
    state.accounts.audit(Some(admin.id), AuditAction::OutboxRead, "outbox".into(), Some(&caller.ip), String::new()).await;
    Ok(Json(mails))
}
