//! Letters of recommendation, pure: the request (`request.rs`), the
//! standardised letter form (`form.rs`), delivery to ERAS and to other
//! programs (`delivery.rs`), reminders and nudges (`remind.rs`), and here the
//! letter's state machine, its history and how a person stands to it.
//!
//! A letter has two parties: the applicant who asked and the preceptor who
//! writes it. Both stand to it as [`Relation::Own`]; the policy's rules tell
//! them apart by role. What the letter says is a resource of its own
//! (`LetterText`, or `SealedLetterText` once the applicant waived the right
//! to read it), so the waiver is a line of the policy, not an `if`.

pub mod delivery;
pub mod form;
pub mod mail;
pub mod remind;
pub mod request;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::account::policy::{Actor, Relation, Resource};

/// The Letter ID's prefix: `LR-XXXX-XXXX-XXXX-XXXX`, 80 random bits.
pub const CODE_PREFIX: &str = "LR";

/// The usual target: three to four letters, at least two in the target specialty from US physicians.
pub const TARGET_LETTERS: usize = 3;
/// Most programs read at most this many.
pub const MAX_LETTERS: usize = 4;
/// Letters in the target specialty the count asks for.
pub const TARGET_IN_SPECIALTY: usize = 2;

/// Where a letter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LetterStatus {
    /// Asked for; the author has not answered.
    Requested,
    /// The author agreed to write it.
    Accepted,
    /// The author said no.
    Declined,
    /// The author started the letter form.
    InProgress,
    /// The letter is written and kept here.
    Uploaded,
    /// Sent to at least one destination.
    Delivered,
    /// The applicant called it off.
    Withdrawn,
}

impl LetterStatus {
    /// Every status, in the order a letter moves.
    pub const ALL: [Self; 7] =
        [Self::Requested, Self::Accepted, Self::InProgress, Self::Uploaded, Self::Delivered, Self::Declined, Self::Withdrawn];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::InProgress => "in_progress",
            Self::Uploaded => "uploaded",
            Self::Delivered => "delivered",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Requested => "Requested",
            Self::Accepted => "Accepted",
            Self::Declined => "Declined",
            Self::InProgress => "In progress",
            Self::Uploaded => "Uploaded",
            Self::Delivered => "Delivered",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// The author still owes the letter: reminders and nudges apply.
    pub fn owed(self) -> bool {
        matches!(self, Self::Requested | Self::Accepted | Self::InProgress)
    }

    /// Written and not withdrawn: it can be sent.
    pub fn written(self) -> bool {
        matches!(self, Self::Uploaded | Self::Delivered)
    }

    /// Counts toward the applicant's letters (not declined, not withdrawn).
    pub fn live(self) -> bool {
        !matches!(self, Self::Declined | Self::Withdrawn)
    }
}

/// What moves a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterMove {
    /// The author agrees.
    Accept,
    /// The author says no.
    Decline,
    /// The author saves a draft of the letter form.
    Start,
    /// The author uploads a PDF or finishes the form (a replacement too, until first delivered).
    Upload,
    /// Sent to a destination: a program's link, or the author confirms the ERAS upload.
    Deliver,
    /// The applicant calls it off.
    Withdraw,
}

/// Why a move is not possible now: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Stable code.
    pub code: &'static str,
    /// What to do instead.
    pub message: String,
}

fn refused(code: &'static str, message: impl Into<String>) -> Refused {
    Refused { code, message: message.into() }
}

/// The pure transition: where `mv` takes a letter standing at `from`.
pub fn transition(from: LetterStatus, mv: LetterMove) -> Result<LetterStatus, Refused> {
    use LetterMove as M;
    use LetterStatus as S;
    match (from, mv) {
        (S::Withdrawn, _) => Err(refused("letter_withdrawn", "the applicant withdrew this request")),
        (S::Declined, _) => Err(refused("letter_declined", "the author declined this request")),
        (S::Requested, M::Accept) => Ok(S::Accepted),
        (S::Requested | S::Accepted | S::InProgress, M::Decline) => Ok(S::Declined),
        (S::Accepted | S::InProgress, M::Start) => Ok(S::InProgress),
        (S::Accepted | S::InProgress | S::Uploaded, M::Upload) => Ok(S::Uploaded),
        (S::Delivered, M::Upload | M::Start) => {
            Err(refused("letter_delivered", "this letter was already delivered; what was sent cannot change"))
        }
        (S::Requested, M::Start | M::Upload) => Err(refused("not_accepted", "accept the request first")),
        (S::Uploaded | S::Delivered, M::Deliver) => Ok(S::Delivered),
        // The author may have uploaded to ERAS only.
        (S::Accepted | S::InProgress, M::Deliver) => Ok(S::Delivered),
        (S::Requested, M::Deliver) => Err(refused("not_accepted", "the author has not accepted this request yet")),
        (_, M::Withdraw) => Ok(S::Withdrawn),
        (S::Accepted | S::InProgress | S::Uploaded | S::Delivered, M::Accept) => {
            Err(refused("already_accepted", "this request was already accepted"))
        }
        (S::Uploaded | S::Delivered, M::Decline) => {
            Err(refused("letter_written", "the letter is written; the applicant may withdraw it instead"))
        }
        (S::Uploaded, M::Start) => Err(refused("letter_written", "the letter is written; upload a new version instead")),
    }
}

/// A request for a letter, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Letter {
    /// Identifier.
    pub id: i64,
    /// The Letter ID (`LR-…`), which also verifies it.
    pub code: String,
    /// The rotation (application) it comes from.
    pub application_id: i64,
    /// Who asked.
    pub applicant_id: i64,
    /// Their name.
    pub applicant_name: String,
    /// Who writes it (a preceptor of the rotation's site).
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// The rotation's site.
    pub site_id: i64,
    /// Its name.
    pub site_name: String,
    /// The rotation's experience.
    pub experience_title: String,
    /// The rotation's first day.
    pub start_date: NaiveDate,
    /// Its last day.
    pub end_date: NaiveDate,
    /// The target specialty's code, or `general`.
    pub specialty: String,
    /// The programs it is for, in the applicant's words (empty: all).
    pub programs: String,
    /// When the applicant needs it.
    pub due_on: NaiveDate,
    /// The applicant's note to the author.
    pub note: String,
    /// A personal statement draft shared with the author (may be empty).
    pub statement: String,
    /// Whether the applicant shares their current CV with the author.
    pub share_cv: bool,
    /// The applicant waived the right to read the letter.
    pub waived: bool,
    /// The ERAS Letter ID, if the applicant has one for it.
    pub eras_id: Option<String>,
    /// Where it stands.
    pub status: LetterStatus,
    /// The author's reason, if they declined.
    pub decline_reason: Option<String>,
    /// Bumped by every change; a change names the version it saw.
    pub version: i64,
    /// When it was asked for.
    pub created_at: i64,
    /// When it last changed.
    pub updated_at: i64,
}

impl Letter {
    /// How `actor` stands to this letter: its applicant and its author as their own, others by site.
    pub fn relation(&self, actor: &Actor) -> Relation {
        if actor.user_id == self.applicant_id || actor.user_id == self.author_id {
            Relation::Own
        } else {
            Relation::of(actor, None, Some(self.site_id))
        }
    }

    /// What its words are, for the policy: sealed once the applicant waived the right to read them.
    pub fn text_resource(&self) -> Resource {
        if self.waived { Resource::SealedLetterText } else { Resource::LetterText }
    }

    /// Past its due day and still owed.
    pub fn late(&self, today: NaiveDate) -> bool {
        self.status.owed() && today > self.due_on
    }

    /// The waiver may change until the author answers.
    pub fn waiver_open(&self) -> bool {
        self.status == LetterStatus::Requested
    }
}

/// What happened to a letter, for its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Asked for.
    Requested,
    /// The author agreed.
    Accepted,
    /// The author said no.
    Declined,
    /// The author started the letter form.
    Started,
    /// A version was uploaded or the form finished.
    Uploaded,
    /// Sent to a program (its link emailed).
    Sent,
    /// The author confirmed the ERAS upload.
    ErasConfirmed,
    /// A program opened its link.
    Opened,
    /// The applicant withdrew it.
    Withdrawn,
    /// The applicant changed the waiver (before the author answered).
    WaiverChanged,
    /// The applicant recorded the ERAS Letter ID.
    ErasId,
    /// The author was reminded before the due day.
    RemindedBefore,
    /// The author was reminded after the due day.
    RemindedAfter,
    /// The site's coordinator was asked to help.
    Escalated,
    /// The applicant nudged the author.
    Nudged,
    /// The author asked the applicant a question.
    Question,
    /// The applicant answered.
    Answer,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [Self; 17] = [
        Self::Requested,
        Self::Accepted,
        Self::Declined,
        Self::Started,
        Self::Uploaded,
        Self::Sent,
        Self::ErasConfirmed,
        Self::Opened,
        Self::Withdrawn,
        Self::WaiverChanged,
        Self::ErasId,
        Self::RemindedBefore,
        Self::RemindedAfter,
        Self::Escalated,
        Self::Nudged,
        Self::Question,
        Self::Answer,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Started => "started",
            Self::Uploaded => "uploaded",
            Self::Sent => "sent",
            Self::ErasConfirmed => "eras_confirmed",
            Self::Opened => "opened",
            Self::Withdrawn => "withdrawn",
            Self::WaiverChanged => "waiver_changed",
            Self::ErasId => "eras_id",
            Self::RemindedBefore => "reminded_before",
            Self::RemindedAfter => "reminded_after",
            Self::Escalated => "escalated",
            Self::Nudged => "nudged",
            Self::Question => "question",
            Self::Answer => "answer",
        }
    }

    /// From its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Requested => "Requested",
            Self::Accepted => "Accepted by the author",
            Self::Declined => "Declined by the author",
            Self::Started => "The author started writing",
            Self::Uploaded => "Letter uploaded",
            Self::Sent => "Sent to a program",
            Self::ErasConfirmed => "The author confirmed the ERAS upload",
            Self::Opened => "Opened by a program",
            Self::Withdrawn => "Withdrawn",
            Self::WaiverChanged => "Waiver changed",
            Self::ErasId => "ERAS Letter ID recorded",
            Self::RemindedBefore => "Reminder sent to the author",
            Self::RemindedAfter => "Reminder sent to the author (past due)",
            Self::Escalated => "The site's coordinator was asked to help",
            Self::Nudged => "You nudged the author",
            Self::Question => "The author asked a question",
            Self::Answer => "You answered",
        }
    }
}

/// One line of a letter's history. `detail` is never the letter's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LetterEvent {
    /// When, seconds since 1970.
    pub at: i64,
    /// What happened.
    pub kind: EventKind,
    /// Who did it (none: the system).
    pub by: Option<i64>,
    /// A reason, a question, a program's name.
    pub detail: String,
}

/// One kept version of a letter's file. What it says is only in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LetterVersion {
    /// Identifier.
    pub id: i64,
    /// 1, 2, …
    pub number: i64,
    /// `upload` or `form`.
    pub source: String,
    /// Its size.
    pub size_bytes: i64,
    /// The author's name, title, specialty, institution and contact as the letter carries them.
    pub signature: form::Signature,
    /// When it was made.
    pub created_at: i64,
    /// Where the file is kept (never shown).
    #[serde(skip)]
    pub storage_key: String,
    /// SHA-256 of the file.
    #[serde(skip)]
    pub sha256: String,
}

#[cfg(test)]
mod tests;
