//! Money on applications: the ledger, payments recorded by the site or
//! received from the payment provider's signed webhook (each provider
//! event recorded once, in any order), and the seat confirmed, with its
//! email, once the deposit is in. Charges and refunds owed follow moves
//! (see `applications/effects.rs`).

use hmac::{Hmac, Mac};
use matchready_core::account::Action;
use matchready_core::application::{Application, Event, Party, Status, transition};
use matchready_core::ledger::{Entry, EntryKind, Totals};
use matchready_store::{Move, NewEntry};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::applications::target;
use crate::{App, AppError, AppResult, Caller, Kind};

/// An application's money.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ledger {
    /// Every entry, oldest first.
    pub entries: Vec<Entry>,
    /// Sums.
    pub totals: Totals,
    /// The deposit that confirms the seat.
    pub deposit_cents: i64,
}

/// The ledger of an application, as stored.
pub(crate) async fn ledger_of(app: &App, a: &Application) -> AppResult<Ledger> {
    let entries = app.store.entries(a.id).await?;
    let deposit_cents = app.store.experience(a.experience_id).await?.map_or(0, |e| e.price.deposit_cents);
    Ok(Ledger { totals: Totals::of(&entries), entries, deposit_cents })
}

/// An application's ledger, for the applicant and the site.
pub async fn ledger(app: &App, caller: &Caller, raw: &str) -> AppResult<Ledger> {
    let a = target(app, caller, raw, Action::Read).await?;
    ledger_of(app, &a).await
}

/// Confirms a held seat once the deposit is in; the applicant gets the confirmation email in the same step.
/// Asked after every entry, and by the calendar before it lets a held seat lapse.
/// Returns whether it confirmed the seat.
pub(crate) async fn confirm_if_paid(app: &App, a: &Application, party: Party, actor: Option<i64>) -> AppResult<bool> {
    if a.status != Status::Accepted {
        return Ok(false);
    }
    let ledger = ledger_of(app, a).await?;
    if ledger.totals.net_paid_cents() < ledger.deposit_cents {
        return Ok(false);
    }
    let Ok(to) = transition(a.status, Event::ConfirmDeposit, party) else { return Ok(false) };
    let m = Move {
        id: a.id,
        from: a.status,
        version: a.version,
        to,
        actor_id: actor,
        now: app.now(),
        note: "deposit received".into(),
        offer_expires_on: a.offer_expires_on,
        deposit_due_on: a.deposit_due_on,
    };
    let effects = crate::applications::effects_of_deposit(app, a, to).await?;
    // Moved meanwhile: the next entry or move sees where it stands.
    Ok(app.store.move_application(&m, &effects).await?.is_ok())
}

/// Money the site records.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Recorded {
    /// `payment` (received from the applicant) or `refund` (paid back).
    pub kind: String,
    /// Amount in cents, positive.
    pub amount_cents: i64,
    /// In words (optional).
    #[serde(default)]
    pub description: String,
}

/// Most one entry may record, in cents ($1,000,000).
pub const MAX_ENTRY_CENTS: i64 = 100_000_000;

/// The site records a payment received or a refund paid back; a deposit that arrives confirms the seat.
pub async fn record(app: &App, caller: &Caller, raw: &str, body: Recorded) -> AppResult<Ledger> {
    let a = target(app, caller, raw, Action::Confirm).await?;
    let kind = match body.kind.as_str() {
        "payment" => EntryKind::Payment,
        "refund" => EntryKind::Refund,
        _ => return Err(AppError::invalid_field("kind", "record a payment or a refund")),
    };
    if !(1..=MAX_ENTRY_CENTS).contains(&body.amount_cents) {
        return Err(AppError::invalid_field("amount_cents", "a positive amount in cents, at most $1,000,000"));
    }
    let me = caller.id();
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
        now: app.now(),
    };
    app.store.add_entry(&entry).await?;
    confirm_if_paid(app, &a, Party::Site, me).await?;
    let a = app.store.application(a.id).await?.unwrap_or(a);
    ledger_of(app, &a).await
}

/// An event from the payment provider.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProviderEvent {
    /// The provider's id of the event (each is recorded once).
    pub event_id: String,
    /// `payment.succeeded` or `refund.succeeded`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The application paid for.
    pub application_id: i64,
    /// Amount in cents.
    pub amount_cents: i64,
}

/// Whether the event was new.
#[derive(Debug, Serialize, ToSchema)]
pub struct Received {
    /// False when this event was already recorded (a replay).
    pub recorded: bool,
}

type HmacSha256 = Hmac<Sha256>;

/// The provider's webhook: `signature` is the `sha256=HEX` it sent, the HMAC-SHA256 of `body` with the shared secret.
pub async fn webhook(app: &App, signature: Option<&str>, body: &[u8]) -> AppResult<Received> {
    let secret = app
        .webhook_secret
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AppError::new(Kind::NotConfigured, "not_configured", "payments are not set up on this server"))?;
    let bad_signature =
        || AppError::new(Kind::BadCredentials, "bad_signature", "the signature is missing or does not match the body");
    let signature = signature
        .and_then(|v| v.strip_prefix("sha256="))
        .and_then(|hex| {
            (0..hex.len())
                .step_by(2)
                .map(|i| hex.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
                .collect::<Option<Vec<u8>>>()
        })
        .ok_or_else(bad_signature)?;
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| AppError::internal())?;
    mac.update(body);
    mac.verify_slice(&signature).map_err(|_| bad_signature())?;
    let event: ProviderEvent = serde_json::from_slice(body)
        .map_err(|e| AppError::bad_request("invalid_body", format!("the event could not be read: {e}")))?;
    let kind = match event.kind.as_str() {
        "payment.succeeded" => EntryKind::Payment,
        "refund.succeeded" => EntryKind::Refund,
        other => return Err(AppError::bad_request("unknown_event", format!("'{other}' is not an event we take"))),
    };
    if !(1..=MAX_ENTRY_CENTS).contains(&event.amount_cents) || event.event_id.trim().is_empty() || event.event_id.len() > 200 {
        return Err(AppError::bad_request("invalid_body", "an event needs an id and a positive amount, at most $1,000,000"));
    }
    let a = app
        .store
        .application(event.application_id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no application {}", event.application_id)))?;
    let entry = NewEntry {
        application_id: a.id,
        kind,
        amount_cents: event.amount_cents,
        description: format!("{} (provider)", kind.code()),
        source: "provider",
        external_id: Some(format!("provider:{}", event.event_id.trim())),
        recorded_by: None,
        now: app.now(),
    };
    let recorded = app.store.add_entry(&entry).await?.is_some();
    // A replay confirms too: if the first delivery's confirmation failed, its retry finishes it.
    confirm_if_paid(app, &a, Party::System, None).await?;
    Ok(Received { recorded })
}
