//! Advisors' consultations: each advisor's setup, the kinds of call they offer, and the calls
//! booked. A booking first bumps the advisor's setup row, so bookings for one advisor run one at a
//! time on both databases and a call near another (within the buffer) is refused however many
//! press at once; the free introductory call is once per applicant by a partial unique index.
//! Implemented for both backends in `advising_sql.rs`.

use async_trait::async_trait;
use matchready_core::account::mail::Message;
use matchready_core::advising::call::{CallStatus, Offering, Reminder};
use matchready_core::advising::setup::RawSetup;

use crate::StoreResult;

/// An advisor's stored setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSetup {
    /// The advisor.
    pub advisor_id: i64,
    /// As checked when saved.
    pub setup: RawSetup,
    /// Bumped by every save and booking.
    pub version: i64,
    /// When it was last saved.
    pub updated_at: i64,
}

/// An offering as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOffering {
    /// Identifier.
    pub id: i64,
    /// Whose.
    pub advisor_id: i64,
    /// What it is.
    pub offering: Offering,
    /// Still bookable.
    pub active: bool,
}

/// A call as stored (never its private notes: see [`AdvisingStore::call_notes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// Identifier.
    pub id: i64,
    /// The advisor.
    pub advisor_id: i64,
    /// The applicant who booked it.
    pub applicant_id: i64,
    /// What kind of call.
    pub offering_id: i64,
    /// Its name, as booked.
    pub name: String,
    /// The free introductory call.
    pub intro: bool,
    /// Its price as booked, in cents.
    pub price_cents: i64,
    /// Start, seconds since 1970.
    pub starts_at: i64,
    /// End.
    pub ends_at: i64,
    /// The applicant's time zone when they booked.
    pub applicant_zone: String,
    /// Where it stands.
    pub status: CallStatus,
    /// The invitation's sequence: one more at each change.
    pub sequence: i64,
    /// The call this one was moved from.
    pub replaces_id: Option<i64>,
    /// What a late cancellation left owed to the advisor, in cents.
    pub charge_cents: i64,
    /// Minutes kept free around it, as booked.
    pub buffer_minutes: i64,
    /// The cancellation window it was booked under, in hours.
    pub cancel_hours: i64,
    /// A late cancellation's charge it was booked under, in percent.
    pub late_cancel_percent: i64,
    /// The summary and next steps the applicant sees.
    pub summary: String,
    /// A rotation plan attached to the summary (JSON).
    pub plan: Option<String>,
    /// The 24-hour reminder was sent.
    pub day_reminded: bool,
    /// The 1-hour reminder was sent.
    pub hour_reminded: bool,
    /// Bumped by every change.
    pub version: i64,
    /// When it was booked.
    pub created_at: i64,
    /// When it last changed.
    pub updated_at: i64,
}

/// A call to book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCall {
    /// The advisor.
    pub advisor_id: i64,
    /// The applicant.
    pub applicant_id: i64,
    /// The offering booked, as it is now.
    pub offering: StoredOffering,
    /// Start.
    pub starts_at: i64,
    /// End.
    pub ends_at: i64,
    /// Minutes kept free around it and every other call of the advisor.
    pub buffer_minutes: i64,
    /// The cancellation window it is booked under, in hours.
    pub cancel_hours: i64,
    /// A late cancellation's charge it is booked under, in percent.
    pub late_cancel_percent: i64,
    /// The applicant's time zone.
    pub applicant_zone: String,
    /// A booked call this one replaces (a reschedule): cancelled in the same transaction, if still
    /// at this version.
    pub replaces: Option<(i64, i64)>,
    /// Sent with it.
    pub emails: Vec<Message>,
    /// Now.
    pub now: i64,
}

/// Why a booking was refused; nothing was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookRefusal {
    /// The advisor has no setup.
    NoAdvisor,
    /// Another call of the advisor's (booked or held) is at, or within the buffer of, that time.
    Taken,
    /// The applicant has had, or has booked, the free introductory call.
    IntroUsed,
    /// The call to replace changed meanwhile.
    Stale,
}

/// A move of a call: its new status and what it costs, guarded by its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallChange {
    /// The call.
    pub id: i64,
    /// The version the move was decided on.
    pub version: i64,
    /// Where it goes.
    pub status: CallStatus,
    /// What a late cancellation leaves owed, in cents.
    pub charge_cents: i64,
    /// Sent with it.
    pub emails: Vec<Message>,
    /// Now.
    pub now: i64,
}

/// The advisor's write-up of a held call, guarded by the call's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteUpSave {
    /// The call.
    pub id: i64,
    /// The version it was written on.
    pub version: i64,
    /// Private notes.
    pub notes: String,
    /// The summary the applicant reads.
    pub summary: String,
    /// The plan attached (JSON).
    pub plan: Option<String>,
    /// Sent with it.
    pub emails: Vec<Message>,
    /// Now.
    pub now: i64,
}

/// What storage keeps about consultations.
#[async_trait]
pub trait AdvisingStore: Send + Sync {
    /// Saves an advisor's setup (checked by the caller), bumping its version.
    async fn save_setup(&self, advisor_id: i64, setup: &RawSetup, now: i64) -> StoreResult<()>;
    /// An advisor's setup.
    async fn setup(&self, advisor_id: i64) -> StoreResult<Option<StoredSetup>>;
    /// Every advisor with a setup, by id.
    async fn advisor_setups(&self) -> StoreResult<Vec<StoredSetup>>;
    /// Adds an offering (checked by the caller).
    async fn add_offering(&self, advisor_id: i64, offering: &Offering, now: i64) -> StoreResult<StoredOffering>;
    /// An advisor's offerings, oldest first.
    async fn offerings(&self, advisor_id: i64) -> StoreResult<Vec<StoredOffering>>;
    /// One offering.
    async fn offering(&self, id: i64) -> StoreResult<Option<StoredOffering>>;
    /// Books a call, its emails and (for a reschedule) the old call's cancellation in one
    /// transaction, or refuses and writes nothing.
    async fn book(&self, call: &NewCall) -> StoreResult<Result<Call, BookRefusal>>;
    /// One call.
    async fn call(&self, id: i64) -> StoreResult<Option<Call>>;
    /// An advisor's calls starting from `from` to before `to`, by start.
    async fn advisor_calls(&self, advisor_id: i64, from: i64, to: i64) -> StoreResult<Vec<Call>>;
    /// An applicant's calls, by start.
    async fn applicant_calls(&self, applicant_id: i64) -> StoreResult<Vec<Call>>;
    /// Moves a call and writes its emails, if it is still at the version; false if not.
    async fn change_call(&self, change: &CallChange) -> StoreResult<bool>;
    /// The advisor's write-up of a held call: private notes, the shared summary and plan, with its
    /// emails; false, with nothing written, if the call moved meanwhile.
    async fn write_up(&self, w: &WriteUpSave) -> StoreResult<bool>;
    /// A call's private notes: the advisor's alone.
    async fn call_notes(&self, id: i64) -> StoreResult<Option<String>>;
    /// Booked calls starting before `before` and after `after` with a reminder not yet marked.
    async fn calls_to_remind(&self, after: i64, before: i64) -> StoreResult<Vec<Call>>;
    /// Marks a reminder sent with its emails, once: false if it was marked already.
    async fn mark_call_reminded(&self, id: i64, which: Reminder, emails: &[Message], now: i64) -> StoreResult<bool>;
}
