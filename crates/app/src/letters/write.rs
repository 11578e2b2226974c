//! The author's side of a letter: accept or decline (with a reason the
//! applicant reads), ask the applicant a question, write the letter by
//! uploading a PDF or by the standardised form (laid out on letterhead),
//! replace it until it is first delivered, and confirm the ERAS upload.

use bytes::Bytes;
use matchready_core::account::{Action, AuditAction};
use matchready_core::letters::form::{self, RawLetterForm, Signature};
use matchready_core::letters::request::specialty_name;
use matchready_core::letters::{EventKind, Letter, LetterMove, LetterStatus, mail, transition};
use matchready_store::{Changed, LetterChange, NewSend, NewVersion};
use serde::Serialize;
use utoipa::ToSchema;

use super::{LetterView, letter_of, refused, stale, view_of};
use crate::accounts::secret::new_token;
use crate::guard::{allow, logged_in};
use crate::{App, AppError, AppResult, Caller, Kind};

/// A PDF the author uploads, and how it is signed (the name is the author's account's).
#[derive(Debug, Default)]
pub struct Upload {
    /// The file's bytes.
    pub file: Vec<u8>,
    /// Title, specialty, institution, contact.
    pub signature: Signature,
}

/// The author's saved form, to edit.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedForm {
    /// The form as last saved (empty fields when never saved).
    pub form: RawLetterForm,
}

/// A short text someone typed: trimmed, 1 to 2,000 characters.
pub(crate) fn said(text: &str, field: &'static str) -> AppResult<String> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 2000 {
        return Err(AppError::invalid_field(field, "write 1 to 2,000 characters"));
    }
    Ok(t.to_string())
}

async fn applicant_email(app: &App, l: &Letter) -> AppResult<(String, String)> {
    let u = app.store.user(l.applicant_id).await?.ok_or_else(AppError::internal)?;
    Ok((u.email, u.name))
}

async fn changed(app: &App, caller: &Caller, c: &LetterChange) -> AppResult<LetterView> {
    match app.store.change_letter(c).await? {
        Changed::Done(l) => view_of(app, caller, l).await,
        _ => Err(stale()),
    }
}

/// The author accepts the request.
pub async fn accept(app: &App, caller: &Caller, raw: &str) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Decide).await?;
    let to = transition(l.status, LetterMove::Accept).map_err(refused)?;
    let (email, name) = applicant_email(app, &l).await?;
    let mut c = LetterChange::new(&l, to, EventKind::Accepted, Some(me.id), app.now());
    c.emails.push(mail::answered(&email, &name, &me.name, None, &app.link(&format!("/letters/{}", l.id))));
    changed(app, caller, &c).await
}

/// The author declines, with an optional reason the applicant reads.
pub async fn decline(app: &App, caller: &Caller, raw: &str, reason: &str) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Decide).await?;
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::invalid_field("reason", "at most 500 characters"));
    }
    let to = transition(l.status, LetterMove::Decline).map_err(refused)?;
    let (email, name) = applicant_email(app, &l).await?;
    let mut c = LetterChange::new(&l, to, EventKind::Declined, Some(me.id), app.now());
    c.detail = reason.to_string();
    c.decline_reason = Some(reason.to_string());
    c.emails.push(mail::answered(&email, &name, &me.name, Some(reason), &app.link(&format!("/letters/{}", l.id))));
    changed(app, caller, &c).await
}

/// The author asks the applicant a question.
pub async fn ask(app: &App, caller: &Caller, raw: &str, question: &str) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Decide).await?;
    let question = said(question, "question")?;
    if !l.status.live() {
        return Err(super::request::ended(&l));
    }
    let (email, name) = applicant_email(app, &l).await?;
    let link = app.link(&format!("/letters/{}", l.id));
    let mail = mail::question(&email, &name, &me.name, &question, &link);
    app.store.note_letter(l.id, EventKind::Question, Some(me.id), &question, None, &[mail], app.now()).await?;
    view_of(app, caller, l).await
}

/// Refuses, before an upload's bytes are read, a caller who may not upload to this letter now.
pub async fn may_upload(app: &App, caller: &Caller, raw: &str) -> AppResult<()> {
    to_write(app, caller, raw, LetterMove::Upload).await.map(|_| ())
}

/// The letter the author may write now: loaded, its text's policy asked, and the move allowed.
async fn to_write(app: &App, caller: &Caller, raw: &str, mv: LetterMove) -> AppResult<(Letter, LetterStatus)> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Read).await?;
    allow(caller, l.text_resource(), Action::Create, l.relation(&me.actor()), &format!("letter {raw}"))?;
    // Confirmed in ERAS before any copy was kept here: the first copy may still come.
    if mv == LetterMove::Upload && l.status == LetterStatus::Delivered && app.store.letter_versions(l.id).await?.is_empty() {
        return Ok((l, LetterStatus::Delivered));
    }
    let to = transition(l.status, mv).map_err(refused)?;
    Ok((l, to))
}

/// The author's saved form (the letter's words: the author's alone).
pub async fn form(app: &App, caller: &Caller, raw: &str) -> AppResult<SavedForm> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Read).await?;
    allow(caller, l.text_resource(), Action::Create, l.relation(&me.actor()), &format!("letter {raw}"))?;
    let form = match app.store.letter_draft(l.id).await? {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => RawLetterForm::default(),
    };
    Ok(SavedForm { form })
}

/// The author saves the standardised form: a draft (in progress), or, with `finish`, the letter
/// itself, laid out as a PDF on the site's letterhead.
pub async fn save_form(app: &App, caller: &Caller, raw: &str, raw_form: &RawLetterForm, finish: bool) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let json = serde_json::to_string(raw_form).map_err(|_| AppError::internal())?;
    if json.len() > 40_000 {
        return Err(AppError::invalid_field("narrative", "the form is too long"));
    }
    if !finish {
        let (l, to) = to_write(app, caller, raw, LetterMove::Start).await?;
        let mut c = LetterChange::new(&l, to, EventKind::Started, Some(me.id), app.now());
        c.draft_form = Some(json);
        // One line in the history however many drafts are saved.
        if l.status == LetterStatus::InProgress {
            c.event = None;
        }
        return changed(app, caller, &c).await;
    }
    let (l, to) = to_write(app, caller, raw, LetterMove::Upload).await?;
    let f = form::parse(raw_form, &me.name).map_err(|f| AppError::invalid_fields("invalid_letter_form", f))?;
    let a = app.store.application(l.application_id).await?.ok_or_else(AppError::internal)?;
    let e = app.store.experience(a.experience_id).await?.ok_or_else(|| AppError::not_found("no such experience"))?;
    let s = &f.signature;
    let data = matchready_pdf::RecommendationData {
        date: app.today(),
        code: l.code.clone(),
        verify_url: app.link(&format!("/letters/verify/{}", l.code)),
        site: crate::letter::site_head(&e.site),
        applicant: l.applicant_name.clone(),
        rotation: (l.experience_title.clone(), l.start_date, l.end_date),
        specialty: specialty_name(&l.specialty).to_string(),
        compared_with: f.compared_with,
        overall: f.overall.to_string(),
        competencies: f.competencies.iter().map(|(c, w)| (c.to_string(), w.to_string())).collect(),
        narrative: f.narrative.clone(),
        author: [s.name.clone(), s.title.clone(), s.specialty.clone(), s.institution.clone(), s.contact.clone()],
    };
    let id = l.id;
    // The layout's error is not logged: its message could quote the letter.
    let pdf = match tokio::task::spawn_blocking(move || matchready_pdf::recommendation(&data)).await {
        Ok(Ok(pdf)) => pdf,
        _ => {
            tracing::error!(letter = id, "letter layout failed");
            return Err(AppError::internal());
        }
    };
    keep(app, caller, l, to, pdf, "form", f.signature, Some(json)).await
}

/// The author uploads the letter as a PDF (at most 1 MB, US letter, not encrypted), or a new version of it
/// until it is first delivered.
pub async fn upload(app: &App, caller: &Caller, raw: &str, up: Upload) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let (l, to) = to_write(app, caller, raw, LetterMove::Upload).await?;
    let signature = Signature { name: me.name.clone(), ..up.signature };
    let signature = form::check_signature(&signature).map_err(|f| AppError::invalid_fields("invalid_signature", f))?;
    // The parse is CPU work on someone's bytes: on the blocking pool, a panic in it a refusal.
    let file = up.file;
    let checked = tokio::task::spawn_blocking(move || {
        let problem = std::panic::catch_unwind(|| matchready_files::inspect_letter(&file))
            .unwrap_or(Err(matchready_files::LetterProblem::Broken));
        (file, problem)
    })
    .await;
    let Ok((file, checked)) = checked else { return Err(AppError::internal()) };
    if let Err(problem) = checked {
        let kind = if matches!(problem, matchready_files::LetterProblem::TooLarge(_)) { Kind::TooLarge } else { Kind::Invalid };
        return Err(AppError::new(kind, "invalid_letter_file", problem.to_string()));
    }
    keep(app, caller, l, to, file, "upload", signature, None).await
}

/// The refusal for a letter larger than it may be, before its bytes are read.
pub fn letter_too_large() -> AppError {
    AppError::new(
        Kind::TooLarge,
        "invalid_letter_file",
        "the letter is over 1 MB (1,000,000 bytes); export it again without images, or at a lower resolution",
    )
}

#[allow(clippy::too_many_arguments)]
async fn keep(
    app: &App,
    caller: &Caller,
    l: Letter,
    to: LetterStatus,
    pdf: Vec<u8>,
    source: &'static str,
    signature: Signature,
    draft: Option<String>,
) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let (key, _) = new_token().ok_or_else(AppError::internal)?;
    let key = key.replace(['-', '_'], "0").to_lowercase();
    let sha256 = matchready_files::sha256(&pdf);
    let size_bytes = pdf.len() as i64;
    matchready_files::put(app.files.as_ref(), &key, Bytes::from(pdf)).await.map_err(|e| {
        tracing::error!(error = %e, "file storage failed");
        AppError::internal()
    })?;
    let (email, name) = applicant_email(app, &l).await?;
    let mut c = LetterChange::new(&l, to, EventKind::Uploaded, Some(me.id), app.now());
    c.file = Some(NewVersion { source, storage_key: key, sha256, size_bytes, signature });
    c.draft_form = draft;
    c.emails.push(mail::uploaded(&email, &name, &me.name, &app.link(&format!("/letters/{}", l.id))));
    let view = changed(app, caller, &c).await?;
    let subject = format!("letter:{}", l.id);
    app.accounts.audit(Some(me.id), AuditAction::LetterWritten, subject, Some(&caller.ip), source.into()).await;
    Ok(view)
}

/// The author confirms uploading the letter to ERAS under the applicant's ERAS Letter ID.
pub async fn confirm_eras(app: &App, caller: &Caller, raw: &str) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Decide).await?;
    let Some(eras_id) = l.eras_id.clone() else {
        return Err(AppError::conflict("no_eras_id", "the applicant has not recorded an ERAS Letter ID for this letter"));
    };
    let to = transition(l.status, LetterMove::Deliver).map_err(refused)?;
    let (email, name) = applicant_email(app, &l).await?;
    let mut c = LetterChange::new(&l, to, EventKind::ErasConfirmed, Some(me.id), app.now());
    c.detail = eras_id.clone();
    let to = matchready_core::letters::delivery::NewDestination {
        program: "ERAS".into(),
        program_key: "eras".into(),
        contact: String::new(),
    };
    c.send = Some(NewSend { kind: "eras", to, token_sha: None, expires_at: None, max_opens: 0, per_program: i64::MAX });
    c.emails.push(mail::eras_confirmed(&email, &name, &me.name, &eras_id, &app.link(&format!("/letters/{}", l.id))));
    match app.store.change_letter(&c).await? {
        Changed::Done(l) => view_of(app, caller, l).await,
        Changed::AlreadySent => Err(AppError::conflict("already_sent", "the ERAS upload was already confirmed")),
        _ => Err(stale()),
    }
}
