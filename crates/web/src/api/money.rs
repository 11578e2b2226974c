//! Money on applications: charges when a seat is held, payments recorded by
//! the site or received from the payment provider's signed webhook (each
//! provider event recorded once, in any order), refunds owed by the
//! published refund policy when a seat is cancelled (or the visa is denied),
//! and the seat confirmed once the deposit is in.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use matchready_core::account::Action;
use matchready_core::application::{Application, Event, Party, Status, transition};
use matchready_core::ledger::{Entry, EntryKind, Totals, charges, refund_on_cancel};
use matchready_store::{Move, NewEntry};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use super::applications::target;
use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// An application's ledger.
#[derive(Serialize, ToSchema)]
pub struct Ledger {
    /// Every entry, oldest first.
    pub entries: Vec<Entry>,
    /// The totals.
    pub totals: Totals,
    /// The deposit that confirms the seat.
    pub deposit_cents: i64,
}

pub(crate) async fn ledger_of(state: &AppState, a: &Application) -> Result<Ledger, ApiError> {
    let entries = state.store.entries(a.id).await?;
    let deposit_cents = state.store.experience(a.experience_id).await?.map_or(0, |e| e.price.deposit_cents);
    Ok(Ledger { totals: Totals::of(&entries), entries, deposit_cents })
}

/// Charges the fixed items of the price when a seat is first held (once, whatever happens after).
pub(crate) async fn charge_on_hold(state: &AppState, a: &Application) -> Result<(), ApiError> {
    let Some(experience) = state.store.experience(a.experience_id).await? else { return Ok(()) };
    for (n, (description, cents)) in charges(&experience.price).into_iter().enumerate() {
        let entry = NewEntry {
            application_id: a.id,
            kind: EntryKind::Charge,
            amount_cents: cents,
            description,
            source: "system",
            external_id: Some(format!("charge:{}:{n}", a.id)),
            recorded_by: None,
            now: (state.accounts.now)(),
        };
        state.store.add_entry(&entry).await?;
    }
    Ok(())
}

/// Records what the refund policy owes back when a held seat is cancelled on `today`.
pub(crate) async fn refund_on_cancellation(
    state: &AppState,
    a: &Application,
    today: NaiveDate,
    visa_denied: bool,
) -> Result<(), ApiError> {
    let Some(experience) = state.store.experience(a.experience_id).await? else { return Ok(()) };
    let totals = Totals::of(&state.store.entries(a.id).await?);
    let days_before = (a.start_date - today).num_days();
    let due = refund_on_cancel(&experience.refund_policy, totals.net_paid_cents(), days_before, visa_denied);
    if due > 0 {
        let why = if visa_denied { "visa denied".to_string() } else { format!("cancelled {days_before} days before the start") };
        let entry = NewEntry {
            application_id: a.id,
            kind: EntryKind::RefundDue,
            amount_cents: due,
            description: format!("Refund by the published policy: {why}"),
            source: "system",
            external_id: Some(format!("refund_due:{}", a.id)),
            recorded_by: None,
            now: (state.accounts.now)(),
        };
        state.store.add_entry(&entry).await?;
    }
    Ok(())
}

/// Confirms a held seat once the deposit is in.
async fn confirm_if_paid(state: &AppState, a: &Application, party: Party, actor: Option<i64>) -> Result<(), ApiError> {
    if a.status != Status::Accepted {
        return Ok(());
    }
    let ledger = ledger_of(state, a).await?;
    if ledger.totals.net_paid_cents() < ledger.deposit_cents {
        return Ok(());
    }
    let Ok(to) = transition(a.status, Event::ConfirmDeposit, party) else { return Ok(()) };
    let m = Move {
        id: a.id,
        from: a.status,
        version: a.version,
        to,
        actor_id: actor,
        now: (state.accounts.now)(),
        note: "deposit received".into(),
        offer_expires_on: a.offer_expires_on,
        deposit_due_on: a.deposit_due_on,
    };
    if let Ok(confirmed) = state.store.move_application(&m).await? {
        super::applications::notify_site_step(state, &confirmed).await;
    }
    Ok(())
}

/// An application's ledger: charges, payments, refunds and totals. For the site and the applicant.
#[utoipa::path(get, path = "/api/v1/applications/{id}/ledger", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The ledger", body = Ledger),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn ledger(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<Ledger>, ApiError> {
    let a = target(&state, &caller, &id, Action::Read).await?;
    Ok(Json(ledger_of(&state, &a).await?))
}

/// Money the site received or paid back.
#[derive(Deserialize, ToSchema)]
pub struct Recorded {
    /// `payment` (received from the applicant) or `refund` (paid back to them).
    pub kind: String,
    /// Amount in US cents, positive.
    pub amount_cents: i64,
    /// In words, e.g. "Wire transfer 2026-11-20".
    #[serde(default)]
    pub description: String,
}

/// Record a payment received or a refund paid, by the site. A held seat is confirmed once the deposit is in.
#[utoipa::path(post, path = "/api/v1/applications/{id}/payments", tag = "payments", security(("bearer" = [])), request_body = Recorded,
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Recorded; the ledger now", body = Ledger),
        (status = 400, description = "Not a payment or refund, or not a positive amount", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to record", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn record(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    Body(body): Body<Recorded>,
) -> Result<Json<Ledger>, ApiError> {
    Ok(Json(record_entry(&state, &caller, &id, body).await?))
}

/// Records money the site received or paid back; shared by the API and the pages.
pub(crate) async fn record_entry(state: &AppState, caller: &ApiCaller, id: &str, body: Recorded) -> Result<Ledger, ApiError> {
    let a = target(state, caller, id, Action::Confirm).await?;
    let kind = match body.kind.as_str() {
        "payment" => EntryKind::Payment,
        "refund" => EntryKind::Refund,
        _ => return Err(ApiError::invalid_field("kind", "record a payment or a refund".into())),
    };
    if !(1..=100_000_000).contains(&body.amount_cents) {
        return Err(ApiError::invalid_field("amount_cents", "a positive amount in cents, at most $1,000,000".into()));
    }
    let me = caller.user.as_ref().map(|u| u.id);
    let description = if body.description.trim().is_empty() {
        kind.code().replace('_', " ")
    } else {
        body.description.trim().chars().take(200).collect()
    };
    let entry = NewEntry {
        application_id: a.id,
        kind,
        amount_cents: body.amount_cents,
        description,
        source: "site",
        external_id: None,
        recorded_by: me,
        now: (state.accounts.now)(),
    };
    state.store.add_entry(&entry).await?;
    confirm_if_paid(state, &a, Party::Site, me).await?;
    let a = state.store.application(a.id).await?.unwrap_or(a);
    ledger_of(state, &a).await
}

/// An event from the payment provider.
#[derive(Deserialize, ToSchema)]
pub struct ProviderEvent {
    /// The provider's unique id of the event: an event already recorded is not recorded again.
    pub event_id: String,
    /// `payment.succeeded` or `refund.succeeded`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The application paid for.
    pub application_id: i64,
    /// Amount in US cents, positive.
    pub amount_cents: i64,
}

/// What the webhook did.
#[derive(Serialize, ToSchema)]
pub struct Received {
    /// False when this event was recorded before (a replay): nothing changed.
    pub recorded: bool,
}

type HmacSha256 = Hmac<Sha256>;

/// The payment provider's webhook. The body must be signed: `X-MatchReady-Signature: sha256=<hex HMAC-SHA256 of the
/// body with the shared secret>`. Replays and events out of order never count twice.
#[utoipa::path(post, path = "/api/v1/payments/webhook", tag = "payments", request_body = ProviderEvent,
    responses(
        (status = 200, description = "Received", body = Received),
        (status = 400, description = "Not an event we understand", body = ErrorBody),
        (status = 401, description = "Missing or wrong signature", body = ErrorBody),
        (status = 404, description = "No such application", body = ErrorBody),
        (status = 503, description = "No webhook secret is configured", body = ErrorBody)
    ))]
pub async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Result<Json<Received>, ApiError> {
    let secret = state.webhook_secret.as_deref().filter(|s| !s.is_empty()).ok_or_else(|| {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "not_configured", "payments are not set up on this server")
    })?;
    let bad_signature =
        || ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", "the signature is missing or does not match the body");
    let signature = headers
        .get("x-matchready-signature")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("sha256="))
        .and_then(|hex| {
            (0..hex.len())
                .step_by(2)
                .map(|i| hex.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
                .collect::<Option<Vec<u8>>>()
        })
        .ok_or_else(bad_signature)?;
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| ApiError::internal())?;
    mac.update(&body);
    mac.verify_slice(&signature).map_err(|_| bad_signature())?;
    let event: ProviderEvent = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request("invalid_body", format!("the event could not be read: {e}")))?;
    let kind = match event.kind.as_str() {
        "payment.succeeded" => EntryKind::Payment,
        "refund.succeeded" => EntryKind::Refund,
        other => return Err(ApiError::bad_request("unknown_event", format!("'{other}' is not an event we take"))),
    };
    if event.amount_cents <= 0 || event.event_id.trim().is_empty() || event.event_id.len() > 200 {
        return Err(ApiError::bad_request("invalid_body", "an event needs an id and a positive amount"));
    }
    let a = state
        .store
        .application(event.application_id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no application {}", event.application_id)))?;
    let entry = NewEntry {
        application_id: a.id,
        kind,
        amount_cents: event.amount_cents,
        description: format!("{} (provider)", kind.code()),
        source: "provider",
        external_id: Some(format!("provider:{}", event.event_id.trim())),
        recorded_by: None,
        now: (state.accounts.now)(),
    };
    let recorded = state.store.add_entry(&entry).await?.is_some();
    if recorded {
        confirm_if_paid(&state, &a, Party::System, None).await?;
    }
    Ok(Json(Received { recorded }))
}
