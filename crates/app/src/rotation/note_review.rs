//! The preceptor's feedback on a submitted SOAP note: comments on a passage
//! or on the whole note, a rating on the rubric, and the decision to return
//! it for revision or accept it. The trainee is emailed a decision, never the
//! note's words.

use matchready_core::account::{Action, mail};
use matchready_core::rotation::note::{self, NoteEvent, transition};
use matchready_core::rotation::{NoteStatus, RawRubric, Rubric, Section};
use matchready_store::{NewComment, NoteDecision, NoteFile};
use serde::Deserialize;
use utoipa::ToSchema;

use super::notes::{NoteView, note_of, read_at, view};
use crate::guard::logged_in;
use crate::{App, AppError, AppResult, Caller};

/// A comment on the revision under review.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct Commenting {
    /// `subjective`, `objective`, `assessment` or `plan`; none for the note as a whole.
    pub section: Option<String>,
    /// A passage of that section, exactly as it stands, to comment on it alone.
    pub quote: String,
    /// The comment (at most 1,000 characters).
    pub body: String,
    /// The note's `version` as read (required).
    pub version: Option<i64>,
}

/// The preceptor's decision on the revision under review.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct Reviewing {
    /// `return` (for revision) or `accept`.
    pub decision: String,
    /// Ratings from 1 to 5: needed to accept, optional to return.
    pub rubric: RawRubric,
    /// A comment on the note as a whole: needed to return.
    pub comment: String,
    /// The note's `version` as read (required).
    pub version: Option<i64>,
}

/// A comment's words: plain, short, and free of identifiers.
fn body(raw: &str, field: &'static str) -> AppResult<String> {
    let body = note::tidy(raw);
    let n = body.chars().count();
    if n > note::MAX_COMMENT {
        return Err(AppError::invalid_field(field, format!("{n} characters; keep it to {}", note::MAX_COMMENT)));
    }
    if body.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(AppError::invalid_field(field, "remove the control characters; write plain text"));
    }
    if let Some(s) = crate::phi::checked(&body).spans.first() {
        let message = format!("'{}' looks like an identifier ({}): comments must not identify anyone", s.text, s.kind);
        return Err(AppError::invalid_field(field, message));
    }
    Ok(body)
}

fn under_review(file: &NoteFile, event: NoteEvent) -> AppResult<i32> {
    match transition(file.note.status, event) {
        Some(_) => Ok(file.note.revision),
        None if file.note.status == NoteStatus::Accepted => {
            Err(AppError::conflict("not_under_review", "this note was accepted and is frozen"))
        }
        None => Err(AppError::conflict("not_under_review", "this note is with the trainee; it is reviewed once submitted")),
    }
}

async fn decide(app: &App, d: &NoteDecision, version: i64) -> AppResult<()> {
    if app.store.decide_note(d, version).await? {
        Ok(())
    } else {
        Err(AppError::conflict("changed", "the note changed since you opened it; reload it and try again"))
    }
}

/// Comments on the revision under review, on a passage of a section or on the whole note.
pub async fn comment(app: &App, caller: &Caller, raw: &str, raw_note: &str, input: &Commenting) -> AppResult<NoteView> {
    let me = logged_in(caller)?;
    let (_, file) = note_of(app, caller, raw, raw_note, Action::Decide).await?;
    let revision = under_review(&file, NoteEvent::Comment)?;
    let section = match input.section.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => Some(Section::from_code(code).ok_or_else(|| {
            AppError::invalid_field("section", format!("'{code}' is not a section: subjective, objective, assessment or plan"))
        })?),
    };
    let quote = input.quote.trim().to_string();
    if !quote.is_empty() {
        let last = file.revisions.last().ok_or_else(AppError::internal)?;
        let within = section.is_some_and(|s| last.text.section(s).contains(&quote));
        if !within {
            return Err(AppError::invalid_field("quote", "quote a passage exactly as it stands in the section chosen"));
        }
    }
    let body = body(&input.body, "body")?;
    if body.is_empty() {
        return Err(AppError::invalid_field("body", "write the comment"));
    }
    let d = NoteDecision {
        note_id: file.note.id,
        revision,
        to: None,
        rubric: None,
        comments: vec![NewComment { section, quote, body }],
        emails: Vec::new(),
        by: me.id,
        now: app.now(),
    };
    decide(app, &d, read_at(input.version)?).await?;
    reread(app, caller, raw, raw_note).await
}

/// Returns the revision under review for another, or accepts it, with ratings; the trainee is emailed.
pub async fn review(app: &App, caller: &Caller, raw: &str, raw_note: &str, input: &Reviewing) -> AppResult<NoteView> {
    let me = logged_in(caller)?;
    let (a, file) = note_of(app, caller, raw, raw_note, Action::Decide).await?;
    let (event, to) = match input.decision.trim() {
        "return" => (NoteEvent::Return, NoteStatus::Returned),
        "accept" => (NoteEvent::Accept, NoteStatus::Accepted),
        other => return Err(AppError::invalid_field("decision", format!("'{other}' is not a decision: return or accept"))),
    };
    let revision = under_review(&file, event)?;
    let r = &input.rubric;
    let rated = [r.history, r.reasoning, r.plan, r.concision, r.english].iter().any(Option::is_some);
    let rubric = if rated || to == NoteStatus::Accepted {
        Some(Rubric::parse(r).map_err(|f| AppError::invalid_fields("invalid_rubric", f))?)
    } else {
        None
    };
    let comment = body(&input.comment, "comment")?;
    if comment.is_empty() && to == NoteStatus::Returned {
        return Err(AppError::invalid_field("comment", "say what to revise"));
    }
    let trainee = app.store.user(a.applicant_id).await?.ok_or_else(AppError::internal)?;
    let link = app.link(&format!("/applications/{}/notes/{}", a.id, file.note.id));
    let started = matchready_core::dates::day_of(file.note.created_at);
    let email = mail::note_decided(&trainee.email, &trainee.name, &started, to == NoteStatus::Accepted, &link);
    let comments =
        if comment.is_empty() { Vec::new() } else { vec![NewComment { section: None, quote: String::new(), body: comment }] };
    let d = NoteDecision {
        note_id: file.note.id,
        revision,
        to: Some(to),
        rubric,
        comments,
        emails: vec![email],
        by: me.id,
        now: app.now(),
    };
    decide(app, &d, read_at(input.version)?).await?;
    reread(app, caller, raw, raw_note).await
}

async fn reread(app: &App, caller: &Caller, raw: &str, raw_note: &str) -> AppResult<NoteView> {
    let (a, file) = note_of(app, caller, raw, raw_note, Action::Read).await?;
    Ok(view(app, caller, a, file))
}
