//! The trainee starts, edits and submits SOAP notes. Before anything is
//! kept, the PHI guard reads every field; what looks like one of HIPAA's
//! identifiers stops the save, unless the trainee says it is not PHI and
//! why, which is written to the audit log in the same transaction.

use matchready_core::FieldError;
use matchready_core::account::{Action, Resource};
use matchready_core::rotation::note::{self, NoteEvent, transition};
use matchready_core::rotation::{NoteStatus, NoteText, RawNote};
use matchready_store::NoteSave;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::notes::{NoteView, note_of, view};
use super::{loggable, not_loggable, rotation_of};
use crate::guard::logged_in;
use crate::phi::SpanView;
use crate::{App, AppError, AppResult, Caller};

/// Most notes one rotation may hold.
pub const MAX_NOTES: usize = 200;
/// How long a reason for an override may be, in characters.
const MAX_REASON: usize = 300;

/// A finding of the guard the trainee says is not PHI, by where it stands: its field and its span in
/// code points of the field as saved (trimmed, line ends as `\n`), as `POST /api/v1/phi/check` and
/// the `phi_found` refusal give them. Only names, places, dates and other numbers may be waived.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NotPhi {
    /// `title`, `subjective`, `objective`, `assessment` or `plan`.
    pub field: String,
    /// The span's first character.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

/// The kinds the guard finds that can be mistaken (an eponym, a drug named after a place, a
/// number); a phone number, an email address or a record number is never waived.
const WAIVABLE: [&str; 4] = ["NAME", "LOCATION", "DATE", "OTHER_ID"];

/// Whether a finding of this kind may be marked as not PHI.
pub fn waivable(kind: &str) -> bool {
    WAIVABLE.contains(&kind)
}

/// A note to save: its fields, whether to submit it, and any override of the guard.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NoteInput {
    /// The note's fields.
    #[serde(flatten)]
    pub note: RawNote,
    /// Send it to the preceptor now (every section must be written).
    pub submit: bool,
    /// The note's `version` as read, so a save never overwrites a change not seen (required to
    /// change a note).
    pub version: Option<i64>,
    /// Findings of the guard that are not PHI (e.g. an eponym such as "Murphy's sign"), one each.
    pub not_phi: Vec<NotPhi>,
    /// Why they are not PHI; needed with `not_phi`, and kept in the audit log.
    pub not_phi_reason: String,
}

/// What the guard finds in each field of a note, field by field in the order of the note.
pub fn findings(text: &NoteText) -> Vec<(&'static str, SpanView)> {
    text.texts().into_iter().flat_map(|(field, t)| crate::phi::checked(t).spans.into_iter().map(move |s| (field, s))).collect()
}

fn kind_words(kind: &str) -> &'static str {
    match kind {
        "NAME" => "a name",
        "LOCATION" => "a place smaller than a state",
        "DATE" => "a date",
        "AGE_OVER_89" => "an age over 89",
        "PHONE_FAX" => "a phone or fax number",
        "EMAIL" => "an email address",
        "SSN" => "a social security number",
        "MRN" => "a medical record number",
        "URL" => "a web address",
        "IP" => "an IP address",
        _ => "an identifier",
    }
}

/// The guard's verdict: the audit lines for overridden findings, or every finding left.
fn guarded(text: &NoteText, input: &NoteInput) -> AppResult<Vec<String>> {
    let mut left = Vec::new();
    let mut overridden = Vec::new();
    for (field, s) in findings(text) {
        let waivable = waivable(s.kind);
        let waived = input.not_phi.iter().any(|n| n.field.trim() == field && (n.start, n.end) == (s.start, s.end));
        if waived && waivable {
            // Where it stands and what kind, never the words themselves: the audit log is kept for good.
            overridden.push(format!("{field} {} at {}–{}", s.kind, s.start, s.end));
        } else {
            let how = if waivable { "remove it, or mark it as not PHI and say why" } else { "remove it" };
            let message =
                format!("'{}' (characters {}–{}) looks like {} ({}): {how}", s.text, s.start, s.end, kind_words(s.kind), s.kind);
            left.push(FieldError { field, message });
        }
    }
    if !left.is_empty() {
        return Err(AppError::invalid_fields("phi_found", left));
    }
    if overridden.is_empty() {
        return Ok(overridden);
    }
    // Refused under the guard's code too, so the page keeps the findings to tick.
    let refuse = |message: String| AppError::invalid_fields("phi_found", vec![FieldError { field: "not_phi_reason", message }]);
    let reason = note::tidy(&input.not_phi_reason);
    let n = reason.chars().count();
    if !(10..=MAX_REASON).contains(&n) || reason.contains('\n') || reason.chars().any(char::is_control) {
        return Err(refuse(format!("say on one line, in 10 to {MAX_REASON} characters, why what was found is not PHI")));
    }
    if let Some(s) = crate::phi::checked(&reason).spans.first() {
        return Err(refuse(format!("'{}' looks like {} itself; explain without it", s.text, kind_words(s.kind))));
    }
    Ok(overridden.into_iter().map(|o| format!("{o}; the trainee's reason: {reason}")).collect())
}

/// Starts a note (`raw_note` none) or saves the trainee's changes to one, submitting it if asked.
pub async fn save(app: &App, caller: &Caller, raw: &str, raw_note: Option<&str>, input: &NoteInput) -> AppResult<NoteView> {
    let me = logged_in(caller)?;
    let (a, existing) = match raw_note {
        None => (rotation_of(app, caller, raw, Resource::Note, Action::Create).await?, None),
        Some(n) => {
            let (a, file) = note_of(app, caller, raw, n, Action::Create).await?;
            (a, Some(file.note))
        }
    };
    if !loggable(&a, app.today()) {
        return Err(not_loggable(&a));
    }
    let text = note::parse(&input.note).map_err(|f| AppError::invalid_fields("invalid_note", f))?;
    if input.submit {
        note::submittable(&text).map_err(|f| AppError::invalid_fields("incomplete_note", f))?;
    }
    let overrides = guarded(&text, input)?;
    let event = if input.submit { NoteEvent::Submit } else { NoteEvent::Edit };
    let at = match &existing {
        None => {
            if app.store.notes(a.id).await?.len() >= MAX_NOTES {
                return Err(AppError::conflict("too_many_notes", format!("a rotation holds at most {MAX_NOTES} notes")));
            }
            None
        }
        Some(n) if transition(n.status, event).is_none() => {
            let message = match n.status {
                NoteStatus::Accepted => "this note was accepted and is frozen; start a new one".to_string(),
                _ => "this note is with your preceptor; you can revise it once they return it".to_string(),
            };
            return Err(AppError::conflict("not_editable", message));
        }
        Some(n) => Some((n.id, super::notes::read_at(input.version)?)),
    };
    let save = NoteSave {
        application_id: a.id,
        note: at,
        text,
        submit: input.submit,
        by: me.id,
        ip: Some(caller.ip.clone()),
        overrides,
        now: app.now(),
    };
    let saved = app.store.save_note(&save).await?.ok_or_else(|| {
        AppError::conflict("changed", "the note changed since you opened it (in another tab?); reload it and try again")
    })?;
    let (a, file) = note_of(app, caller, raw, &saved.id.to_string(), Action::Read).await?;
    Ok(view(app, caller, a, file))
}
