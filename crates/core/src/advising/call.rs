//! A consultation: the kinds an advisor offers, the call's states and the pure `transition`
//! between them, what a late cancellation costs, and which reminder is due.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::FieldError;

/// The free introductory call: 30 minutes, once per applicant.
pub const INTRO_MINUTES: i64 = 30;

/// A kind of consultation an advisor offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Offering {
    /// Its name, e.g. "Match strategy".
    pub name: String,
    /// Length in minutes: 15 to 180, on a quarter hour.
    pub minutes: i64,
    /// Price in cents; 0 is free.
    pub price_cents: i64,
    /// The free introductory call, once per applicant (30 minutes, no price).
    pub intro: bool,
    /// What it covers.
    pub covers: String,
}

impl Offering {
    /// The free introductory call every advisor offers.
    pub fn intro() -> Self {
        Self {
            name: "Free introductory call".into(),
            minutes: INTRO_MINUTES,
            price_cents: 0,
            intro: true,
            covers: "Where you stand, what you aim for, and whether working with this advisor would help.".into(),
        }
    }

    /// Checks an offering: every mistake by its field.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
            e.push(FieldError { field: "name", message: "give a name of 1 to 80 characters".into() });
        }
        if !(15..=180).contains(&self.minutes) || self.minutes % 15 != 0 {
            e.push(FieldError { field: "minutes", message: "a call is 15 to 180 minutes, on a quarter hour".into() });
        }
        if !(0..=500_000).contains(&self.price_cents) {
            e.push(FieldError { field: "price_cents", message: "a price is $0 to $5,000, in cents".into() });
        }
        if self.intro && (self.price_cents != 0 || self.minutes != INTRO_MINUTES) {
            e.push(FieldError { field: "intro", message: "the introductory call is free and 30 minutes".into() });
        }
        if self.covers.chars().count() > 1000 {
            e.push(FieldError { field: "covers", message: "say what it covers in at most 1,000 characters".into() });
        }
        if e.is_empty() { Ok(()) } else { Err(e) }
    }
}

/// Where a call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    /// Booked and to come.
    Booked,
    /// Cancelled (or moved: a new call took its place).
    Cancelled,
    /// Held: the advisor may write notes and a summary.
    Held,
}

impl CallStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Cancelled => "cancelled",
            Self::Held => "held",
        }
    }

    /// The status a stored code names.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Booked, Self::Cancelled, Self::Held].into_iter().find(|s| s.code() == code)
    }
}

/// Who acts on a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The applicant who booked it.
    Applicant,
    /// The advisor.
    Advisor,
}

/// A move on a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallEvent {
    /// Called off (a reschedule cancels the old call and books the new one together).
    Cancel(Who),
    /// The advisor says it took place (only once it has started).
    Hold,
}

/// Why a move cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// Not from this status.
    #[error("a {} call cannot be {what}", .from.code())]
    Status { from: CallStatus, what: &'static str },
    /// Cancelling a call that has begun.
    #[error("the call has begun: it can no longer be cancelled or moved")]
    Begun,
    /// Holding a call before it starts.
    #[error("the call has not started yet")]
    NotYet,
}

/// What a cancellation costs the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancellation {
    /// Inside the cancellation window.
    pub late: bool,
    /// Charged through the ledger, in cents.
    pub charge_cents: i64,
}

/// The pure transition: the new status, and for a cancellation what it costs.
pub fn transition(
    from: CallStatus,
    event: CallEvent,
    now: i64,
    starts_at: i64,
    offering: &Offering,
    cancel_hours: i64,
    late_percent: i64,
) -> Result<(CallStatus, Option<Cancellation>), CallError> {
    match (from, event) {
        (CallStatus::Booked, CallEvent::Cancel(_)) if now >= starts_at => Err(CallError::Begun),
        (CallStatus::Booked, CallEvent::Cancel(who)) => {
            let late = starts_at - now < cancel_hours * 3600;
            let charged = late && who == Who::Applicant && offering.price_cents > 0;
            let charge_cents = if charged { offering.price_cents * late_percent / 100 } else { 0 };
            Ok((CallStatus::Cancelled, Some(Cancellation { late, charge_cents })))
        }
        (CallStatus::Booked, CallEvent::Hold) if now < starts_at => Err(CallError::NotYet),
        (CallStatus::Booked, CallEvent::Hold) => Ok((CallStatus::Held, None)),
        (from, CallEvent::Cancel(_)) => Err(CallError::Status { from, what: "cancelled" }),
        (from, CallEvent::Hold) => Err(CallError::Status { from, what: "marked as held" }),
    }
}

/// A reminder before a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// 24 hours before.
    Day,
    /// 1 hour before.
    Hour,
}

/// The reminder due now for a booked call, given those already sent: the hour's once within the
/// last hour, the day's once within the last day (not when the hour's is due: one email, not two);
/// neither for a call booked inside its window, whose booking email just said when it is.
pub fn reminder_due(starts_at: i64, booked_at: i64, now: i64, day_sent: bool, hour_sent: bool) -> Option<Reminder> {
    let left = starts_at - now;
    let ahead = starts_at - booked_at;
    if left <= 0 {
        None
    } else if left <= 3600 {
        (!hour_sent && ahead > 3600).then_some(Reminder::Hour)
    } else if left <= 24 * 3600 {
        (!day_sent && ahead > 24 * 3600).then_some(Reminder::Day)
    } else {
        None
    }
}
