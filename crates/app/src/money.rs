//! Money on applications. The ledger and its account (the core's one rule,
//! `Account::of`); payments and refunds, whether the site records them or
//! the payment provider's signed webhook reports them, taken by one use case
//! ([`take`]): checked against the account, recorded once, and recorded
//! with the move the money calls for (a held seat confirmed, or held again
//! when its deposit is paid back) and its email, in one transaction.

use hmac::{Hmac, Mac};
use matchready_core::account::Action;
use matchready_core::account::mail::Message;
use matchready_core::application::{Application, Event, Party, Status, transition};
use matchready_core::ledger::{Account, Cancellation, Entry, EntryKind, LedgerError, Terms, money_event};
use matchready_core::{Experience, RefundPolicy, VisaDenialRefund};
use matchready_store::{Effects, Move, MoveError, NewEntry, Recording};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::applications::effects::{By, emails, refused_move};
use crate::applications::{DEPOSIT_DAYS, plus_days, target};
use crate::{App, AppError, AppResult, Caller, Kind};

pub use matchready_core::ledger::MAX_ENTRY_CENTS;

/// An application's money, for the applicant and the site.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ledger {
    /// Every entry, oldest first.
    pub entries: Vec<Entry>,
    /// What is owed, by when, what was paid, what is owed back and why.
    pub account: Account,
    /// The experience's refund policy, in sentences.
    pub policy: Vec<String>,
    /// What the applicant pays next, by when, to whom and how (none when nothing is due).
    pub pay: Option<matchready_core::ledger::PayNext>,
}

/// An application's stored money: entries, the cancellation's facts, and the terms it follows.
pub(crate) struct Books {
    pub entries: Vec<Entry>,
    pub cancellation: Option<Cancellation>,
    pub deposit_cents: i64,
    pub policy: RefundPolicy,
    pub experience: Option<Experience>,
}

impl Books {
    pub(crate) async fn of(app: &App, a: &Application) -> AppResult<Self> {
        let entries = app.store.entries(a.id).await?;
        let cancellation = app.store.cancellation(a.id).await?;
        let experience = app.store.experience(a.experience_id).await?;
        let (deposit_cents, policy) = match &experience {
            Some(e) => (e.price.deposit_cents, e.refund_policy.clone()),
            // Experiences are never deleted; without one, nothing is refundable and no deposit is asked.
            None => (
                0,
                RefundPolicy {
                    tiers: Vec::new(),
                    application_fee_refundable: false,
                    visa_denial: VisaDenialRefund { percent: 0, fee_kept_cents: 0 },
                },
            ),
        };
        Ok(Self { entries, cancellation, deposit_cents, policy, experience })
    }

    /// The account with these entries and one more (not yet recorded, so it counts as the latest).
    pub(crate) fn account(&self, a: &Application, extra: Option<Entry>) -> AppResult<Account> {
        self.account_with(a, extra.as_slice())
    }

    /// The account with these entries and `extra` (not yet recorded, so they count as the latest).
    pub(crate) fn account_with(&self, a: &Application, extra: &[Entry]) -> AppResult<Account> {
        let terms = Terms { deposit_cents: self.deposit_cents, policy: &self.policy };
        let result = if extra.is_empty() {
            Account::of(a, terms, self.cancellation.as_ref(), &self.entries)
        } else {
            let all: Vec<Entry> = self.entries.iter().chain(extra).cloned().collect();
            Account::of(a, terms, self.cancellation.as_ref(), &all)
        };
        result.map_err(|e| {
            if e == LedgerError::Overflow {
                tracing::error!(application = a.id, "the ledger's entries do not add up within range");
            }
            refusal(e)
        })
    }
}

/// The refusal for an entry the account does not admit.
fn refusal(e: LedgerError) -> AppError {
    match e {
        LedgerError::RefundBeyondPaid { .. } => AppError::conflict(e.code(), e.to_string()),
        LedgerError::Overflow => AppError::internal(),
        LedgerError::AmountOutOfRange | LedgerError::TooMuch => AppError::invalid_field("amount_cents", e.to_string()),
    }
}

/// An application's ledger, for the applicant and the site.
pub async fn ledger(app: &App, caller: &Caller, raw: &str) -> AppResult<Ledger> {
    let a = target(app, caller, raw, Action::Read).await?;
    ledger_of(app, &a).await
}

async fn ledger_of(app: &App, a: &Application) -> AppResult<Ledger> {
    let books = Books::of(app, a).await?;
    let account = books.account(a, None)?;
    let pay = crate::paying::next_payment(app, a, &account).await?;
    Ok(Ledger { account, policy: books.policy.in_words(), entries: books.entries, pay })
}

/// The move the money calls for on `a` as it stands (read at `version`), with its emails: a held
/// seat whose deposit is met is confirmed; a confirmed one whose deposit was paid back is held again.
pub(crate) async fn money_move(
    app: &App,
    a: &Application,
    version: i64,
    account: &Account,
    experience: Option<&Experience>,
    party: Party,
    actor: Option<i64>,
) -> AppResult<Option<(Move, Vec<Message>)>> {
    let Some(event) = money_event(a.status, account) else { return Ok(None) };
    let Ok(to) = transition(a.status, event, party) else { return Ok(None) };
    let today = app.today();
    let (note, deposit_due_on) = match event {
        Event::DepositReturned => (
            "the deposit was paid back: the seat is held again until it is paid",
            Some(plus_days(today, DEPOSIT_DAYS).min(a.start_date)),
        ),
        _ => ("deposit received: the seat is confirmed", a.deposit_due_on),
    };
    let m = Move {
        id: a.id,
        from: a.status,
        version,
        to,
        actor_id: actor,
        now: app.now(),
        note: note.into(),
        offer_expires_on: a.offer_expires_on,
        deposit_due_on,
        cancellation: None,
    };
    let after = Application { status: to, deposit_due_on, ..a.clone() };
    Ok(Some((m, emails(app, &after, By::Site, experience).await?)))
}

/// Makes the status agree with the money, if it does not (a move that stands alone: the calendar
/// asks before it lets a held seat lapse, and the site's "confirm"). Returns whether it moved.
pub(crate) async fn settle(app: &App, a: &Application, party: Party, actor: Option<i64>) -> AppResult<bool> {
    let books = Books::of(app, a).await?;
    let account = books.account(a, None)?;
    let Some((m, emails)) = money_move(app, a, a.version, &account, books.experience.as_ref(), party, actor).await? else {
        return Ok(false);
    };
    // Moved meanwhile: whoever moved it saw the money too.
    Ok(app.store.move_application(&m, &Effects { emails, ..Effects::default() }).await?.is_ok())
}

/// A payment or refund to take.
pub(crate) struct Taking {
    pub kind: EntryKind,
    pub amount_cents: i64,
    pub description: String,
    pub source: &'static str,
    pub external_id: Option<String>,
    pub recorded_by: Option<i64>,
}

/// How many times an entry is tried again when the application moved under it.
const ATTEMPTS: usize = 8;

/// Takes a payment or a refund, by the site or from the provider: checked against the account
/// (positive and bounded; a refund no more than is paid in; a payment beyond what is owed is a
/// credit, owed back), recorded once (a replayed event changes nothing), and recorded with the move
/// the money calls for. Returns the entry, or `None` for a replay.
pub(crate) async fn take(app: &App, id: i64, t: Taking, party: Party) -> AppResult<Option<Entry>> {
    for _ in 0..ATTEMPTS {
        let a = app.store.application(id).await?.ok_or_else(|| AppError::not_found(format!("no application {id}")))?;
        let books = Books::of(app, &a).await?;
        if t.external_id.is_some() && books.entries.iter().any(|e| e.external_id == t.external_id) {
            return Ok(None);
        }
        books.account(&a, None)?.admit(t.kind, t.amount_cents).map_err(refusal)?;
        let entry = NewEntry {
            application_id: a.id,
            kind: t.kind,
            amount_cents: t.amount_cents,
            fee: false,
            description: t.description.clone(),
            source: t.source,
            external_id: t.external_id.clone(),
            recorded_by: t.recorded_by,
            now: app.now(),
        };
        let pending = Entry {
            id: i64::MAX,
            kind: t.kind,
            amount_cents: t.amount_cents,
            fee: false,
            description: String::new(),
            source: t.source.to_string(),
            external_id: None,
            at: entry.now,
        };
        let after = books.account(&a, Some(pending))?;
        let then = money_move(app, &a, a.version + 1, &after, books.experience.as_ref(), party, t.recorded_by).await?;
        match app.store.record_entry(&Recording { entry, version: a.version, then }).await? {
            Ok(recorded) => return Ok(recorded),
            Err(MoveError::Stale) => continue,
            Err(e) => return Err(refused_move(e)),
        }
    }
    Err(AppError::conflict("busy", "the application kept changing while this was recorded; send it again"))
}

/// Money the site records.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Recorded {
    /// `payment` (received from the applicant) or `refund` (paid back).
    pub kind: String,
    /// Amount in cents, positive, at most 100,000,000 ($1,000,000).
    pub amount_cents: i64,
    /// In words (optional).
    #[serde(default)]
    pub description: String,
}

/// The site records a payment received or a refund paid back, by the same rule as the provider's.
pub async fn record(app: &App, caller: &Caller, raw: &str, body: Recorded) -> AppResult<Ledger> {
    let a = target(app, caller, raw, Action::Confirm).await?;
    let kind = match body.kind.as_str() {
        "payment" => EntryKind::Payment,
        "refund" => EntryKind::Refund,
        _ => return Err(AppError::invalid_field("kind", "record a payment or a refund")),
    };
    let description = if body.description.trim().is_empty() {
        kind.name().to_string()
    } else {
        body.description.trim().chars().filter(|c| !c.is_control()).take(200).collect()
    };
    let taking = Taking {
        kind,
        amount_cents: body.amount_cents,
        description,
        source: "site",
        external_id: None,
        recorded_by: caller.id(),
    };
    take(app, a.id, taking, Party::Site).await?;
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
    /// Amount in cents, positive, at most 100,000,000 ($1,000,000).
    pub amount_cents: i64,
}

/// Whether the event was new.
#[derive(Debug, Serialize, ToSchema)]
pub struct Received {
    /// False when this event was already recorded (a replay).
    pub recorded: bool,
}

type HmacSha256 = Hmac<Sha256>;

/// The provider's webhook: `signature` is the `sha256=HEX` it sent, the HMAC-SHA256 of `body` with
/// the shared secret. A refund that arrives before the payment it returns is refused as a conflict,
/// so the provider delivers it again later.
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
    let event_id = event.event_id.trim();
    if event_id.is_empty() || event_id.len() > 200 {
        return Err(AppError::bad_request("invalid_body", "an event needs an id of at most 200 characters"));
    }
    let taking = Taking {
        kind,
        amount_cents: event.amount_cents,
        description: format!("{} (provider)", kind.name()),
        source: "provider",
        external_id: Some(format!("provider:{event_id}")),
        recorded_by: None,
    };
    let recorded = take(app, event.application_id, taking, Party::System).await.map_err(|e| match e.kind {
        Kind::Invalid => AppError::bad_request("invalid_body", e.message),
        _ => e,
    })?;
    Ok(Received { recorded: recorded.is_some() })
}

/// The site's "confirm": a held seat is confirmed by its deposit, so this only confirms one whose
/// deposit is in (one already confirmed is left as it is); otherwise it says what is missing.
pub(crate) async fn confirm(app: &App, a: &Application, actor: Option<i64>) -> AppResult<()> {
    if a.status == Status::Confirmed {
        return Ok(());
    }
    if a.status != Status::Accepted {
        return Err(AppError::conflict(
            "invalid_step",
            format!("an application that is {} cannot be confirmed", a.status.name().to_lowercase()),
        ));
    }
    if settle(app, a, Party::Site, actor).await? {
        return Ok(());
    }
    // Not moved: the deposit is not in, or the application moved meanwhile (then it is read again).
    let now = app.store.application(a.id).await?.ok_or_else(|| AppError::not_found(format!("no application {}", a.id)))?;
    if now.version != a.version {
        return Err(refused_move(MoveError::Stale));
    }
    let account = Books::of(app, &now).await?.account(&now, None)?;
    Err(AppError::conflict(
        "deposit_unpaid",
        format!(
            "the seat is confirmed by its deposit: {} of {} is in; record the payment and the seat is confirmed",
            matchready_core::money::usd(account.net_paid_cents),
            matchready_core::money::usd(account.deposit_cents)
        ),
    ))
}
