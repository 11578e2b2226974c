//! Applications and their money: a move of an application together with
//! every effect it causes (ledger entries, emails, the waitlist's offer),
//! committed in one transaction or not at all; and the ledger itself.
//! Implemented for both backends in `applications_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::{Application, Status};
use matchready_core::ledger::{Cancellation, Entry, EntryKind};

use crate::StoreResult;

/// A change of status, applied only if the application still stands where it was read.
#[derive(Debug, Clone)]
pub struct Move {
    /// Which application.
    pub id: i64,
    /// The status it was read in.
    pub from: Status,
    /// The version it was read at.
    pub version: i64,
    /// The status it goes to.
    pub to: Status,
    /// Who did it.
    pub actor_id: Option<i64>,
    /// When.
    pub now: i64,
    /// For the timeline.
    pub note: String,
    /// For an offer: when it lapses.
    pub offer_expires_on: Option<NaiveDate>,
    /// For a held seat: when the deposit is due.
    pub deposit_due_on: Option<NaiveDate>,
    /// For a cancelled seat: what the refund policy needs, kept with it.
    pub cancellation: Option<Cancellation>,
}

/// Why a change was not applied; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveError {
    /// Someone changed the application first.
    Stale,
    /// No seat is left in the block.
    Full,
    /// The applicant holds a seat whose dates overlap (that application's id).
    Overlap(i64),
}

/// A ledger entry to add.
#[derive(Debug, Clone)]
pub struct NewEntry {
    /// The application.
    pub application_id: i64,
    /// What it is.
    pub kind: EntryKind,
    /// Amount, positive.
    pub amount_cents: i64,
    /// Whether this charge is the application fee.
    pub fee: bool,
    /// In words.
    pub description: String,
    /// `site`, `provider` or `system`.
    pub source: &'static str,
    /// The provider's event id or the system's key: an entry with one already recorded is not added again.
    pub external_id: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When.
    pub now: i64,
}

/// What a move causes, written in the move's transaction: if any of it fails, the move is undone too.
#[derive(Debug, Clone, Default)]
pub struct Effects {
    /// Ledger entries (charges, refunds owed).
    pub entries: Vec<NewEntry>,
    /// Emails to queue.
    pub emails: Vec<Message>,
    /// Follow-up moves (the waitlist's offer when a seat is given back), best first, each with its
    /// emails: the first still in the status it was read in is applied (guarded by the status alone:
    /// its version may have moved with a payment), the rest are skipped.
    /// Several candidates, so that one taken meanwhile (by another freed seat) passes to the next.
    pub then: Vec<(Move, Vec<Message>)>,
}

/// A ledger entry to record, guarded by the version its application was read at, and the move
/// the money then calls for (a held seat confirmed, or held again), with its emails.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The entry.
    pub entry: NewEntry,
    /// The application's version when the entry was checked.
    pub version: i64,
    /// The move it causes (read at `version + 1`), with its emails.
    pub then: Option<(Move, Vec<Message>)>,
}

/// What applications keep.
#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Applies a change of status and its effects in one transaction, guarded by the status and
    /// version it was read in. Taking a seat (into a status that holds one) needs one left in the
    /// block and no overlapping held seat of the same applicant; cancelling a held seat gives it back.
    async fn move_application(&self, m: &Move, effects: &Effects) -> StoreResult<Result<Application, MoveError>>;
    /// Records a ledger entry and the move it causes (if any, with its emails) in one transaction,
    /// guarded by the application's version (which every entry bumps, so an entry and a move read
    /// at the same version cannot both be applied). `Ok(None)` when its `external_id` was already
    /// recorded (a replayed event): then nothing is written.
    async fn record_entry(&self, r: &Recording) -> StoreResult<Result<Option<Entry>, MoveError>>;
    /// An application's ledger, oldest first.
    async fn entries(&self, application_id: i64) -> StoreResult<Vec<Entry>>;
    /// What its cancellation kept for the refund policy, if it was cancelled.
    async fn cancellation(&self, application_id: i64) -> StoreResult<Option<Cancellation>>;
}
