//! What is kept of a SOAP note: the working copy, each submitted revision
//! with the preceptor's decision and rubric, and the comments.

use serde::Serialize;
use utoipa::ToSchema;

use super::note::{NoteStatus, NoteText, Rubric, Section};

/// A note's working copy: what the trainee edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Note {
    /// Identifier.
    pub id: i64,
    /// The rotation (application) it belongs to.
    pub application_id: i64,
    /// Where it stands.
    pub status: NoteStatus,
    /// Its words as last saved.
    pub text: NoteText,
    /// How many times it was submitted (0 for a draft never sent).
    pub revision: i32,
    /// Moves on every change, so a change judged on one reading lands only on that reading.
    pub version: i64,
    /// When it was started, seconds since 1970.
    pub created_at: i64,
    /// When it last changed, seconds since 1970.
    pub updated_at: i64,
    /// The title of its last submission and when it was submitted (what the site sees of it).
    pub submitted: Option<(String, i64)>,
}

/// One submission of a note, as the preceptor read it, with what they decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Revision {
    /// 1 for the first submission.
    pub revision: i32,
    /// Its words.
    pub text: NoteText,
    /// When it was submitted, seconds since 1970.
    pub submitted_at: i64,
    /// Returned or accepted, once decided.
    pub decision: Option<NoteStatus>,
    /// The ratings given with the decision.
    pub rubric: Option<Rubric>,
    /// Who decided.
    pub decided_by: Option<i64>,
    /// When, seconds since 1970.
    pub decided_at: Option<i64>,
}

/// A preceptor's comment on a revision: on a passage of a section, or on the note as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NoteComment {
    /// Identifier.
    pub id: i64,
    /// The revision commented on.
    pub revision: i32,
    /// The section, or none for the note as a whole.
    pub section: Option<Section>,
    /// The passage commented on, as it stands in the section (empty for a whole section or note).
    pub quote: String,
    /// The comment.
    pub body: String,
    /// Who wrote it.
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// When, seconds since 1970.
    pub created_at: i64,
}
