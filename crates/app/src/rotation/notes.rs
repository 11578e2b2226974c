//! A rotation's SOAP notes as the caller may read them: the trainee sees
//! their working copies (drafts included); the site's preceptors and
//! coordinators see only what was submitted, revision by revision. Writing
//! is in `note_save.rs`, feedback in `note_review.rs`.

use matchready_core::account::{Action, Resource};
use matchready_core::application::Application;
use matchready_core::rotation::note::{SectionDiff, compare};
use matchready_core::rotation::{Note, NoteComment, NoteStatus, NoteText, Revision};
use matchready_store::NoteFile;
use serde::Serialize;
use utoipa::ToSchema;

pub use super::note_review::{Commenting, Reviewing, comment, review};
pub use super::note_save::{NotPhi, NoteInput, findings, save, waivable};
use super::{loggable, may, rotation_of, signable};
use crate::guard::parse_id;
use crate::{App, AppError, AppResult, Caller};

/// A note in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteSummary {
    /// Identifier.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Where it stands.
    pub status: NoteStatus,
    /// How many times it was submitted.
    pub revision: i32,
    /// When it last changed, seconds since 1970 (for the site: when it was last submitted).
    pub updated_at: i64,
}

/// A rotation's notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotesView {
    /// The rotation (application).
    pub application_id: i64,
    /// The experience.
    pub experience_title: String,
    /// The trainee.
    pub trainee_name: String,
    /// The notes, newest first.
    pub notes: Vec<NoteSummary>,
    /// How many await the preceptor's feedback.
    pub awaiting_feedback: usize,
    /// Whether the caller may start a note now.
    pub can_write: bool,
}

/// One note with its revisions and feedback.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteView {
    /// The rotation (application).
    pub application_id: i64,
    /// The experience.
    pub experience_title: String,
    /// The trainee.
    pub trainee_name: String,
    /// The note.
    pub id: i64,
    /// Where it stands.
    pub status: NoteStatus,
    /// Its words: the working copy for the trainee, the last revision submitted for the site.
    pub text: NoteText,
    /// Moves on every change; send it back when saving, so nothing is overwritten unseen.
    pub version: i64,
    /// Every revision submitted, oldest first.
    pub revisions: Vec<Revision>,
    /// Every comment, oldest first.
    pub comments: Vec<NoteComment>,
    /// The last revision compared with the one before, when there are two.
    pub changes: Option<Vec<SectionDiff>>,
    /// Whether the caller may edit and submit it now.
    pub can_edit: bool,
    /// Whether the caller may comment, rate, return or accept it now.
    pub can_review: bool,
}

/// Site staff read what was submitted, never a draft.
fn staff(caller: &Caller) -> bool {
    caller.user.as_ref().is_some_and(|u| u.site_id.is_some())
}

fn named(app: &App, caller: &Caller, a: Application) -> Application {
    if staff(caller) { crate::applications::named_while_open(a, app.today()) } else { a }
}

/// A rotation's notes as the caller may see them.
pub async fn list(app: &App, caller: &Caller, raw: &str) -> AppResult<NotesView> {
    let a = rotation_of(app, caller, raw, Resource::Note, Action::Read).await?;
    let a = named(app, caller, a);
    let site = staff(caller);
    let mut notes: Vec<NoteSummary> = app
        .store
        .notes(a.id)
        .await?
        .into_iter()
        .filter_map(|n| match (site, n.submitted) {
            // The site sees the last submission only: not a draft, nor a revision being written.
            (true, None) => None,
            (true, Some((title, at))) => {
                Some(NoteSummary { id: n.id, title, status: n.status, revision: n.revision, updated_at: at })
            }
            (false, _) => Some(NoteSummary {
                id: n.id,
                title: n.text.title,
                status: n.status,
                revision: n.revision,
                updated_at: n.updated_at,
            }),
        })
        .collect();
    notes.reverse();
    let awaiting_feedback = notes.iter().filter(|n| n.status == NoteStatus::Submitted).count();
    let can_write = may(caller, &a, Resource::Note, Action::Create) && loggable(&a, app.today());
    Ok(NotesView {
        application_id: a.id,
        experience_title: a.experience_title,
        trainee_name: a.applicant_name,
        notes,
        awaiting_feedback,
        can_write,
    })
}

/// The note `raw_note` of the rotation, if the caller may do `action` to it: its rotation and file.
pub(crate) async fn note_of(
    app: &App,
    caller: &Caller,
    raw: &str,
    raw_note: &str,
    action: Action,
) -> AppResult<(Application, NoteFile)> {
    let a = rotation_of(app, caller, raw, Resource::Note, action).await?;
    let id = parse_id(raw_note, "note")?;
    let missing = || AppError::not_found(format!("no note {raw_note} in application {raw}"));
    let file = app.store.note_file(id).await?.filter(|f| f.note.application_id == a.id).ok_or_else(missing)?;
    // The site never sees a note before it is submitted.
    if staff(caller) && file.note.revision == 0 {
        return Err(missing());
    }
    Ok((a, file))
}

/// The note's version as the caller read it: needed to change a note, so nothing they have not seen
/// is overwritten or decided on.
pub(crate) fn read_at(version: Option<i64>) -> AppResult<i64> {
    version.ok_or_else(|| AppError::invalid_field("version", "send the note's version as you read it (GET the note first)"))
}

/// One note, as the caller may see it.
pub async fn open(app: &App, caller: &Caller, raw: &str, raw_note: &str) -> AppResult<NoteView> {
    let (a, file) = note_of(app, caller, raw, raw_note, Action::Read).await?;
    Ok(view(app, caller, a, file))
}

pub(crate) fn view(app: &App, caller: &Caller, a: Application, file: NoteFile) -> NoteView {
    let NoteFile { note, revisions, comments } = file;
    let Note { id, status, text, version, .. } = note;
    let text = match revisions.last() {
        Some(last) if staff(caller) => last.text.clone(),
        _ => text,
    };
    let changes = match revisions.as_slice() {
        [.., before, last] => Some(compare(&before.text, &last.text)),
        _ => None,
    };
    let can_edit = may(caller, &a, Resource::Note, Action::Create)
        && loggable(&a, app.today())
        && matches!(status, NoteStatus::Draft | NoteStatus::Returned);
    let can_review = may(caller, &a, Resource::Note, Action::Decide) && signable(&a) && status == NoteStatus::Submitted;
    let a = named(app, caller, a);
    NoteView {
        application_id: a.id,
        experience_title: a.experience_title,
        trainee_name: a.applicant_name,
        id,
        status,
        text,
        version,
        revisions,
        comments,
        changes,
        can_edit,
        can_review,
    }
}
