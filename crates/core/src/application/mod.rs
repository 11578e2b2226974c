//! The application workflow as a state machine: [`Status`], the [`Event`]s
//! that move it, and the pure [`transition`] that says where an event leads
//! from a status, or why it cannot. Storage applies a transition only if
//! the row is still in the status it was read in, so two racing requests
//! cannot both move it.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Started, not sent.
    Draft,
    /// Sent to the site.
    Submitted,
    /// The site is looking at it.
    UnderReview,
    /// The site offers a seat until the offer expires.
    Offered,
    /// The site would offer a seat if one frees up.
    Waitlisted,
    /// The site said no.
    Rejected,
    /// The applicant took the seat; it is held until the deposit deadline.
    Accepted,
    /// The deposit is recorded: the seat is theirs.
    Confirmed,
    /// The rotation has started.
    InProgress,
    /// The rotation is over.
    Completed,
    /// Called off after a seat was held (by the applicant, the site or an admin).
    Cancelled,
    /// The applicant stepped back before holding a seat.
    Withdrawn,
}

impl Status {
    /// Every status.
    pub const ALL: [Self; 12] = [
        Self::Draft,
        Self::Submitted,
        Self::UnderReview,
        Self::Offered,
        Self::Waitlisted,
        Self::Rejected,
        Self::Accepted,
        Self::Confirmed,
        Self::InProgress,
        Self::Completed,
        Self::Cancelled,
        Self::Withdrawn,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::UnderReview => "under_review",
            Self::Offered => "offered",
            Self::Waitlisted => "waitlisted",
            Self::Rejected => "rejected",
            Self::Accepted => "accepted",
            Self::Confirmed => "confirmed",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted",
            Self::UnderReview => "Under review",
            Self::Offered => "Offered",
            Self::Waitlisted => "Waitlisted",
            Self::Rejected => "Not accepted",
            Self::Accepted => "Seat held",
            Self::Confirmed => "Confirmed",
            Self::InProgress => "In progress",
            Self::Completed => "Completed",
            Self::Cancelled => "Cancelled",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// Whether the application holds one of the block's seats.
    pub fn holds_seat(self) -> bool {
        matches!(self, Self::Accepted | Self::Confirmed | Self::InProgress)
    }

    /// Whether moving from this status to `to` gives a seat back to the block (a held seat cancelled,
    /// or lapsed for want of a deposit); then it is offered to the waitlist.
    pub fn releases_seat_to(self, to: Self) -> bool {
        self.holds_seat() && to == Self::Cancelled
    }

    /// Whether it is still going: an applicant may have one live application per block.
    pub fn is_live(self) -> bool {
        !matches!(self, Self::Rejected | Self::Completed | Self::Cancelled | Self::Withdrawn)
    }
}

/// An application as the applicant and the site see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Application {
    /// Identifier.
    pub id: i64,
    /// Who applied.
    pub applicant_id: i64,
    /// The block applied for.
    pub block_id: i64,
    /// Its experience.
    pub experience_id: i64,
    /// The experience's title.
    pub experience_title: String,
    /// The site's name (several sites run an experience of the same title).
    pub site_name: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The site (tenant) that decides.
    pub site_id: i64,
    /// First day of the block.
    pub start_date: NaiveDate,
    /// Last day of the block.
    pub end_date: NaiveDate,
    /// Where it stands.
    pub status: Status,
    /// Bumped by every change; a change names the version it saw.
    pub version: i64,
    /// When an offer lapses.
    pub offer_expires_on: Option<NaiveDate>,
    /// When a held seat lapses without a deposit.
    pub deposit_due_on: Option<NaiveDate>,
    /// When it was made, seconds since 1970.
    pub created_at: i64,
    /// When it last changed.
    pub updated_at: i64,
}

/// Days after a rotation ends during which its site may still read the trainee's file
/// (profile and the documents it asked for): time for the evaluation, the certificate and letters.
pub const FILE_OPEN_DAYS_AFTER_END: u64 = 180;

impl Application {
    /// Whether the site may read the applicant's file through this application on `today`: from
    /// submission until the seat is confirmed and through the rotation, and for
    /// [`FILE_OPEN_DAYS_AFTER_END`] days after a completed one. Never after a rejection, a
    /// withdrawal or a cancellation, and never for a draft.
    pub fn file_open(&self, today: NaiveDate) -> bool {
        match self.status {
            Status::Submitted
            | Status::UnderReview
            | Status::Waitlisted
            | Status::Offered
            | Status::Accepted
            | Status::Confirmed
            | Status::InProgress => true,
            Status::Completed => {
                self.end_date.checked_add_days(chrono::Days::new(FILE_OPEN_DAYS_AFTER_END)).is_some_and(|last| today <= last)
            }
            Status::Draft | Status::Rejected | Status::Withdrawn | Status::Cancelled => false,
        }
    }
}

/// One step of an application's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TimelineEntry {
    /// When, seconds since 1970.
    pub at: i64,
    /// Who acted (`None`: the system).
    pub actor_id: Option<i64>,
    /// From which status (`None` when it was made).
    pub from: Option<Status>,
    /// To which.
    pub to: Status,
    /// In words.
    pub note: String,
}

/// Who is acting on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The applicant.
    Applicant,
    /// The site's coordinator or preceptor (or an admin acting for it).
    Site,
    /// The system: expiries, payments from the provider, the calendar.
    System,
}

/// What happens to an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The applicant sends it. `instant` experiences hold a seat at once.
    Submit {
        /// "Book now": no review.
        instant: bool,
    },
    /// The site starts looking at it.
    Review,
    /// The site offers a seat.
    Offer,
    /// The site puts it on the waitlist.
    Waitlist,
    /// The site says no.
    Reject,
    /// The applicant takes an offered seat.
    Accept,
    /// The deposit is in: the money confirms the held seat.
    ConfirmDeposit,
    /// The deposit was paid back without a cancellation: the seat is held again, the deposit due.
    DepositReturned,
    /// The rotation starts.
    Start,
    /// The rotation ends.
    Complete,
    /// The applicant steps back before holding a seat (or declines an offer).
    Withdraw,
    /// A held seat is given up.
    Cancel,
    /// An offer or a held seat ran out of time.
    Expire,
}

/// Why an event cannot happen now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// Not from this status.
    #[error("an application that is {} cannot be {}", .from.name().to_lowercase(), event_words(*.event))]
    NotNow {
        /// Where it stands.
        from: Status,
        /// What was tried.
        event: Event,
    },
    /// Not by this party.
    #[error("this step is not yours to take")]
    NotYours,
}

fn event_words(e: Event) -> &'static str {
    match e {
        Event::Submit { .. } => "submitted",
        Event::Review => "put under review",
        Event::Offer => "offered a seat",
        Event::Waitlist => "waitlisted",
        Event::Reject => "rejected",
        Event::Accept => "accepted",
        Event::ConfirmDeposit => "confirmed",
        Event::DepositReturned => "held again for its deposit",
        Event::Start => "started",
        Event::Complete => "completed",
        Event::Withdraw => "withdrawn",
        Event::Cancel => "cancelled",
        Event::Expire => "expired",
    }
}

/// Where `event` by `party` leads from `from`.
pub fn transition(from: Status, event: Event, party: Party) -> Result<Status, TransitionError> {
    use Event as E;
    use Party as P;
    use Status as S;
    let allowed = match event {
        E::Submit { .. } | E::Accept | E::Withdraw => party == P::Applicant,
        E::Review | E::Offer | E::Waitlist | E::Reject => party == P::Site,
        E::ConfirmDeposit | E::DepositReturned => matches!(party, P::Site | P::System),
        E::Start | E::Complete => matches!(party, P::Site | P::System),
        E::Cancel => true,
        E::Expire => party == P::System,
    };
    if !allowed {
        return Err(TransitionError::NotYours);
    }
    let to = match (from, event) {
        (S::Draft, E::Submit { instant: false }) => S::Submitted,
        (S::Draft, E::Submit { instant: true }) => S::Accepted,
        (S::Submitted, E::Review) => S::UnderReview,
        (S::Submitted | S::UnderReview | S::Waitlisted, E::Offer) => S::Offered,
        (S::Submitted | S::UnderReview, E::Waitlist) => S::Waitlisted,
        (S::Submitted | S::UnderReview | S::Waitlisted | S::Offered, E::Reject) => S::Rejected,
        (S::Offered, E::Accept) => S::Accepted,
        (S::Accepted, E::ConfirmDeposit) => S::Confirmed,
        (S::Confirmed, E::DepositReturned) => S::Accepted,
        (S::Confirmed, E::Start) => S::InProgress,
        (S::InProgress, E::Complete) => S::Completed,
        (S::Draft | S::Submitted | S::UnderReview | S::Offered | S::Waitlisted, E::Withdraw) => S::Withdrawn,
        (S::Accepted | S::Confirmed, E::Cancel) => S::Cancelled,
        (S::Offered, E::Expire) => S::Withdrawn,
        (S::Accepted, E::Expire) => S::Cancelled,
        _ => return Err(TransitionError::NotNow { from, event }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests;
