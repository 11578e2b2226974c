//! SOAP notes: the trainee's working copy, the revisions submitted and the
//! preceptor's decisions and comments. Each change is guarded by the note's
//! `version`, so a change judged on one reading lands only on that reading.
//! Implemented for both backends in `notes_sql.rs`.

use async_trait::async_trait;
use matchready_core::account::mail::Message;
use matchready_core::rotation::{Note, NoteComment, NoteStatus, NoteText, Revision, Rubric, Section};

use crate::StoreResult;

/// A note saved by the trainee: a new one, or the working copy changed.
#[derive(Debug, Clone)]
pub struct NoteSave {
    /// The rotation (application).
    pub application_id: i64,
    /// The note changed, with the version it was read at; `None` starts a new one.
    pub note: Option<(i64, i64)>,
    /// Its words, checked by the core and the PHI guard.
    pub text: NoteText,
    /// Whether it goes to the preceptor as a new revision.
    pub submit: bool,
    /// The trainee.
    pub by: i64,
    /// The address the request came from.
    pub ip: Option<String>,
    /// The guard's findings the trainee said are not PHI, each written to the audit log with the
    /// save (`phi_overridden` on `note:{id}`): which field, what was found and why it is not PHI.
    pub overrides: Vec<String>,
    /// Now, seconds since 1970.
    pub now: i64,
}

/// A comment to add.
#[derive(Debug, Clone)]
pub struct NewComment {
    /// The section, or none for the whole note.
    pub section: Option<Section>,
    /// The passage commented on.
    pub quote: String,
    /// The comment.
    pub body: String,
}

/// The preceptor's feedback on the revision under review: comments, and perhaps a decision.
#[derive(Debug, Clone)]
pub struct NoteDecision {
    /// The note.
    pub note_id: i64,
    /// The revision under review.
    pub revision: i32,
    /// Returned or accepted; `None` for comments alone.
    pub to: Option<NoteStatus>,
    /// The ratings, with a decision.
    pub rubric: Option<Rubric>,
    /// Comments to add.
    pub comments: Vec<NewComment>,
    /// Emails it causes, queued in the same transaction.
    pub emails: Vec<Message>,
    /// The preceptor.
    pub by: i64,
    /// Now, seconds since 1970.
    pub now: i64,
}

/// A note with everything kept about it.
#[derive(Debug, Clone)]
pub struct NoteFile {
    /// The working copy.
    pub note: Note,
    /// Every revision, oldest first.
    pub revisions: Vec<Revision>,
    /// Every comment, oldest first.
    pub comments: Vec<NoteComment>,
}

/// What storage keeps about notes.
#[async_trait]
pub trait NoteStore: Send + Sync {
    /// A rotation's notes (working copies), oldest first.
    async fn notes(&self, application_id: i64) -> StoreResult<Vec<Note>>;
    /// A note with its revisions and comments.
    async fn note_file(&self, id: i64) -> StoreResult<Option<NoteFile>>;
    /// Starts or changes a note (and submits it, if asked), with its audit lines, in one
    /// transaction; `None` if the note moved since it was read, or is not the trainee's to edit.
    async fn save_note(&self, save: &NoteSave) -> StoreResult<Option<Note>>;
    /// Records the preceptor's feedback if the note is still at `version` and under review; false
    /// otherwise, with nothing changed.
    async fn decide_note(&self, decision: &NoteDecision, version: i64) -> StoreResult<bool>;
}
