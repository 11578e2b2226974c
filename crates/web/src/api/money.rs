//! Money on applications: the ledger, payments recorded by the site, and
//! the payment provider's signed webhook, through `matchready_app::money`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use matchready_app::money::{self, Ledger, ProviderEvent, Received, Recorded};

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// An application's ledger: charges, payments, refunds and totals. For the site and the applicant.
#[utoipa::path(get, path = "/api/v1/applications/{id}/ledger", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The ledger", body = Ledger),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn ledger(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<Ledger>, ApiError> {
    Ok(Json(money::ledger(&state, &caller, &id).await?))
}

/// Record a payment received or a refund paid, by the site, by the same rule as the provider's webhook. A held seat
/// is confirmed once the deposit is in (and held again if its deposit is paid back); a payment beyond what is owed is
/// recorded as a credit, owed back; a refund may not exceed what is paid in.
#[utoipa::path(post, path = "/api/v1/applications/{id}/payments", tag = "payments", security(("bearer" = [])), request_body = Recorded,
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Recorded; the ledger now", body = Ledger),
        (status = 400, description = "Not a payment or refund, or not a positive amount of at most $1,000,000", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to record", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "A refund of more than is paid in, or the application kept changing", body = ErrorBody)
    ))]
pub async fn record(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<Recorded>,
) -> Result<Json<Ledger>, ApiError> {
    Ok(Json(money::record(&state, &caller, &id, body.for_member(&caller)?).await?))
}

/// The payment provider's webhook. The body must be signed: `X-MatchReady-Signature: sha256=<hex HMAC-SHA256 of the
/// body with the shared secret>`. Replays never count twice; a refund that arrives before the payment it returns is
/// refused with 409, so the provider delivers it again later.
#[utoipa::path(post, path = "/api/v1/payments/webhook", tag = "payments", request_body = ProviderEvent,
    responses(
        (status = 200, description = "Received", body = Received),
        (status = 400, description = "Not an event we understand", body = ErrorBody),
        (status = 401, description = "Missing or wrong signature", body = ErrorBody),
        (status = 404, description = "No such application", body = ErrorBody),
        (status = 409, description = "A refund of more than is paid in (deliver it again after its payment), or the application kept changing (deliver it again)", body = ErrorBody),
        (status = 503, description = "No webhook secret is configured", body = ErrorBody)
    ))]
pub async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<Received>, ApiError> {
    let signature = headers.get("x-matchready-signature").and_then(|v| v.to_str().ok());
    Ok(Json(money::webhook(&state, signature, &body).await?))
}
