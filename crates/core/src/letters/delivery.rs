//! Where a letter goes: to ERAS (the author uploads there and confirms it
//! here), or to any other program through a link that expires and opens a
//! limited number of times, every opening logged. At most four letters per
//! program per applicant, as in ERAS.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::FieldError;
use crate::account::Email;

/// Days a program's link works.
pub const LINK_DAYS: i64 = 30;
/// Openings a program's link allows.
pub const MAX_OPENS: i64 = 5;
/// Minutes after an opening during which its page may fetch the letter's PDF.
pub const PDF_MINUTES: i64 = 30;
/// Letters one applicant may send one program.
pub const PER_PROGRAM: usize = 4;

/// A destination of a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Destination {
    /// Identifier.
    pub id: i64,
    /// The letter.
    pub letter_id: i64,
    /// `eras` or `program`.
    pub kind: String,
    /// The program's name (ERAS: "ERAS").
    pub program: String,
    /// Who at the program received the link (empty for ERAS).
    pub contact: String,
    /// When it was sent (or the ERAS upload confirmed), seconds since 1970.
    pub delivered_at: i64,
    /// When the link stops working (none for ERAS).
    pub expires_at: Option<i64>,
    /// How many openings it allows.
    pub max_opens: i64,
    /// Its openings, oldest first.
    pub openings: Vec<Opening>,
}

/// One opening of a program's link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Opening {
    /// When, seconds since 1970.
    pub at: i64,
    /// From which address (kept for the log; the applicant sees only the time).
    #[serde(skip)]
    pub address: String,
}

/// A program and its contact as the applicant names them.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawDestination {
    /// The program's name.
    pub program: String,
    /// The email address the link goes to.
    pub contact: String,
}

/// A destination to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDestination {
    /// The program's name as given.
    pub program: String,
    /// The same, folded for counting (case, spaces and punctuation do not matter).
    pub program_key: String,
    /// Its contact.
    pub contact: String,
}

/// A program's name folded so "Mount Sinai — Internal Medicine" and "mount sinai internal medicine" count as one.
pub fn program_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Checks a program and its contact.
pub fn parse(raw: &RawDestination) -> Result<NewDestination, Vec<FieldError>> {
    let mut errors = Vec::new();
    let program = raw.program.trim().to_string();
    let key = program_key(&program);
    if key.is_empty() || program.chars().count() > 200 || program.chars().any(char::is_control) {
        errors.push(FieldError { field: "program", message: "the program's name, at most 200 characters".into() });
    }
    let contact = match Email::parse(&raw.contact) {
        Ok(e) => e.as_str().to_string(),
        Err(_) => {
            errors
                .push(FieldError { field: "contact", message: "the email address at the program that receives the link".into() });
            String::new()
        }
    };
    if errors.is_empty() { Ok(NewDestination { program, program_key: key, contact }) } else { Err(errors) }
}

/// Why a program's link does not open the letter now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// Past its day.
    Expired,
    /// Opened as many times as it allows.
    UsedUp,
    /// The applicant withdrew the letter.
    Withdrawn,
}

impl LinkRefusal {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Expired => "link_expired",
            Self::UsedUp => "link_used_up",
            Self::Withdrawn => "letter_withdrawn",
        }
    }

    /// What the program reads.
    pub fn message(self) -> &'static str {
        match self {
            Self::Expired => "This link has expired. Ask the applicant to send the letter again.",
            Self::UsedUp => "This link was opened as many times as it allows. Ask the applicant to send the letter again.",
            Self::Withdrawn => "The applicant withdrew this letter.",
        }
    }
}

/// Whether a link may be opened once more at `now`.
pub fn may_open(d: &Destination, withdrawn: bool, now: i64) -> Result<(), LinkRefusal> {
    if withdrawn {
        Err(LinkRefusal::Withdrawn)
    } else if d.expires_at.is_some_and(|e| now >= e) {
        Err(LinkRefusal::Expired)
    } else if d.openings.len() as i64 >= d.max_opens {
        Err(LinkRefusal::UsedUp)
    } else {
        Ok(())
    }
}

/// Whether the PDF may be fetched at `now`: within [`PDF_MINUTES`] of the link's last opening, before it expires.
pub fn may_fetch(d: &Destination, withdrawn: bool, now: i64) -> bool {
    !withdrawn
        && d.expires_at.is_none_or(|e| now < e)
        && d.openings.last().is_some_and(|o| now >= o.at && now - o.at <= PDF_MINUTES * 60)
}
