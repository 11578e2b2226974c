//! Letters of recommendation: requests, their history, the versions of
//! their files, where they went and each opening of a program's link.
//! Every change of a letter is one call guarded by its `version`, writing
//! the letter, its history line, its new file or destination and its emails
//! in one transaction. Implemented for both backends in `letters_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::letters::delivery::{Destination, NewDestination};
use matchready_core::letters::form::Signature;
use matchready_core::letters::{EventKind, Letter, LetterEvent, LetterStatus, LetterVersion};

use crate::StoreResult;

/// A request to keep.
#[derive(Debug, Clone)]
pub struct NewLetter {
    /// Its Letter ID.
    pub code: String,
    /// The rotation.
    pub application_id: i64,
    /// Who asks.
    pub applicant_id: i64,
    /// Who writes.
    pub author_id: i64,
    /// The rotation's site, its name, its experience's title and its dates.
    pub site_id: i64,
    /// See `site_id`.
    pub site_name: String,
    /// See `site_id`.
    pub experience_title: String,
    /// See `site_id`.
    pub start_date: NaiveDate,
    /// See `site_id`.
    pub end_date: NaiveDate,
    /// A specialty's code, or `general`.
    pub specialty: String,
    /// The programs (empty: all).
    pub programs: String,
    /// When it is needed.
    pub due_on: NaiveDate,
    /// The note to the author.
    pub note: String,
    /// The statement draft shared.
    pub statement: String,
    /// CV shared.
    pub share_cv: bool,
    /// Waived.
    pub waived: bool,
    /// The ERAS Letter ID.
    pub eras_id: Option<String>,
    /// The email to the author.
    pub emails: Vec<Message>,
    /// When.
    pub now: i64,
}

/// A new version of a letter's file.
#[derive(Debug, Clone)]
pub struct NewVersion {
    /// `upload` or `form`.
    pub source: &'static str,
    /// Where the file is kept.
    pub storage_key: String,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Its size.
    pub size_bytes: i64,
    /// How it is signed.
    pub signature: Signature,
}

/// A new destination: to ERAS (no token) or to a program (with its link's token hash).
#[derive(Debug, Clone)]
pub struct NewSend {
    /// `eras` or `program`.
    pub kind: &'static str,
    /// The program.
    pub to: NewDestination,
    /// SHA-256 of the link's token (programs only).
    pub token_sha: Option<String>,
    /// When the link stops working (programs only).
    pub expires_at: Option<i64>,
    /// Openings it allows.
    pub max_opens: i64,
    /// At most this many live letters of the applicant may go to one program.
    pub per_program: i64,
}

/// One change of a letter, guarded by the version it was decided on.
#[derive(Debug, Clone)]
pub struct LetterChange {
    /// The letter.
    pub letter_id: i64,
    /// The version the change was decided on.
    pub version: i64,
    /// Where it stands after.
    pub status: LetterStatus,
    /// The history line (none: a draft saved again).
    pub event: Option<EventKind>,
    /// Who.
    pub by: Option<i64>,
    /// The line's detail (never the letter's words).
    pub detail: String,
    /// A new waiver.
    pub waived: Option<bool>,
    /// A new ERAS Letter ID.
    pub eras_id: Option<Option<String>>,
    /// The author's reason for declining.
    pub decline_reason: Option<String>,
    /// The author's form as saved (JSON).
    pub draft_form: Option<String>,
    /// A new version of the file.
    pub file: Option<NewVersion>,
    /// A new destination.
    pub send: Option<NewSend>,
    /// Emails it causes.
    pub emails: Vec<Message>,
    /// When.
    pub now: i64,
}

impl LetterChange {
    /// A change to `status` recorded as `event`, by `by`, with nothing else.
    pub fn new(l: &Letter, status: LetterStatus, event: EventKind, by: Option<i64>, now: i64) -> Self {
        Self {
            letter_id: l.id,
            version: l.version,
            status,
            event: Some(event),
            by,
            detail: String::new(),
            waived: None,
            eras_id: None,
            decline_reason: None,
            draft_form: None,
            file: None,
            send: None,
            emails: Vec::new(),
            now,
        }
    }
}

/// How a change went.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    /// Written.
    Done(Letter),
    /// The letter changed meanwhile: nothing written.
    Stale,
    /// The applicant already sent as many letters to that program as it reads.
    ProgramFull,
    /// This letter already went there.
    AlreadySent,
}

/// What storage keeps about letters.
#[allow(clippy::too_many_arguments)]
#[async_trait]
pub trait LetterStore: Send + Sync {
    /// Keeps a request with its first history line and its email; `None`, with nothing written, if
    /// the applicant already has a live request to this author from this rotation.
    async fn create_letter(&self, new: &NewLetter) -> StoreResult<Option<Letter>>;
    /// One letter.
    async fn letter(&self, id: i64) -> StoreResult<Option<Letter>>;
    /// The letter with this Letter ID.
    async fn letter_by_code(&self, code: &str) -> StoreResult<Option<Letter>>;
    /// An applicant's letters, newest first.
    async fn letters_of_applicant(&self, applicant_id: i64) -> StoreResult<Vec<Letter>>;
    /// An author's letters, soonest due first.
    async fn letters_of_author(&self, author_id: i64) -> StoreResult<Vec<Letter>>;
    /// A site's letters, soonest due first.
    async fn letters_of_site(&self, site_id: i64) -> StoreResult<Vec<Letter>>;
    /// Letters still owed by their authors (for reminders).
    async fn letters_owed(&self) -> StoreResult<Vec<Letter>>;
    /// A letter's history, oldest first.
    async fn letter_events(&self, letter_id: i64) -> StoreResult<Vec<LetterEvent>>;
    /// A letter's file versions, oldest first.
    async fn letter_versions(&self, letter_id: i64) -> StoreResult<Vec<LetterVersion>>;
    /// Where a letter went, oldest first, with each link's openings.
    async fn letter_destinations(&self, letter_id: i64) -> StoreResult<Vec<Destination>>;
    /// The author's saved form (JSON), if any.
    async fn letter_draft(&self, letter_id: i64) -> StoreResult<Option<String>>;
    /// Writes a change, its history line, file, destination and emails, or nothing.
    async fn change_letter(&self, change: &LetterChange) -> StoreResult<Changed>;
    /// Writes a history line and its emails without changing the letter (a reminder, a nudge, a
    /// question); with `unless_since`, only if the letter has no line of that kind at or after that
    /// time (0: ever). False if not written.
    async fn note_letter(
        &self,
        letter_id: i64,
        event: EventKind,
        by: Option<i64>,
        detail: &str,
        unless_since: Option<i64>,
        emails: &[Message],
        now: i64,
    ) -> StoreResult<bool>;
    /// The program destination whose link's token hashes to `token_sha`, with its letter.
    async fn destination_by_token(&self, token_sha: &str) -> StoreResult<Option<(Destination, Letter)>>;
    /// Counts one opening of a link, if it has openings left and has not expired at `now`; false if not.
    async fn open_destination(&self, destination_id: i64, address: &str, now: i64) -> StoreResult<bool>;
}
