//! `/api/v1/admin/*`: the audit log and the outbox (links redacted), for admins.

use axum::Json;
use axum::extract::{Query, State};
use matchready_app::admin;
use matchready_core::account::audit::AuditEntry;
use matchready_core::account::mail::OutboxEntry;
use serde::Deserialize;
use utoipa::IntoParams;

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
        (status = 400, description = "before or limit is not a whole number", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody)
    ))]
pub async fn audit(
    State(state): State<AppState>,
    caller: ApiCaller,
    page: Result<Query<AuditPage>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    // Who may read it is decided before the query is read.
    matchready_app::guard::member(&caller, matchready_core::account::Resource::AuditLog, matchready_core::account::Action::List)?;
    let Query(page) = page
        .map_err(|e| ApiError::bad_request("invalid_query", format!("before and limit are whole numbers: {}", e.body_text())))?;
    Ok(Json(admin::audit(&state, &caller, page.limit, page.before).await?))
}

/// The newest 200 emails, sent or not, with every link redacted (with no SMTP server configured, none are sent and this is where they wait).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "Emails, newest first", body = [OutboxEntry]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody)
    ))]
pub async fn outbox(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<OutboxEntry>>, ApiError> {
    Ok(Json(admin::outbox(&state, &caller).await?))
}
