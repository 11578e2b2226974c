//! The applicant's side of a letter: ask a preceptor of their rotation,
//! change the waiver (until the author answers) or the ERAS Letter ID,
//! withdraw, nudge once a week, answer the author's question, and send the
//! written letter to a program through a link.

use matchready_core::account::{Action, Resource, Role};
use matchready_core::application::Status;
use matchready_core::dates;
use matchready_core::letters::delivery::{self, RawDestination};
use matchready_core::letters::remind::NUDGE_DAYS;
use matchready_core::letters::request::{self, RawLetterRequest, parse_eras_id, parse_waiver};
use matchready_core::letters::{EventKind, LetterMove, LetterStatus, mail, transition};
use matchready_store::{Changed, LetterChange, NewLetter, NewSend};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{LetterView, letter_of, new_code, refused, stale, view_of};
use crate::accounts::secret::new_token;
use crate::guard::logged_in;
use crate::rotation::rotation_of;
use crate::{App, AppError, AppResult, Caller};

/// Who may be asked for a letter from a rotation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Authors {
    /// The rotation (application).
    pub application_id: i64,
    /// Its experience.
    pub experience_title: String,
    /// Its site.
    pub site_name: String,
    /// The site's preceptors.
    pub preceptors: Vec<Author>,
    /// Why no letter can be asked for yet, if not.
    pub why_not: Option<String>,
}

/// A preceptor who may be asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct Author {
    /// Their account id (the request's `author_id`).
    pub id: i64,
    /// Their name.
    pub name: String,
}

/// Changes to a request: the waiver (until the author answers) and the ERAS Letter ID.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LetterUpdate {
    /// `waive` or `keep`.
    pub waiver: Option<String>,
    /// The ERAS Letter ID (empty to remove it).
    pub eras_id: Option<String>,
}

fn may_ask(status: Status) -> Option<String> {
    match status {
        Status::InProgress | Status::Completed => None,
        _ => Some("letters are asked of a rotation's preceptors once it has started".into()),
    }
}

/// The preceptors a rotation's applicant may ask.
pub async fn authors(app: &App, caller: &Caller, raw: &str) -> AppResult<Authors> {
    let a = rotation_of(app, caller, raw, Resource::Letter, Action::Create).await?;
    let preceptors = app
        .store
        .users(Some(a.site_id))
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Preceptor && u.host_verified && !u.disabled)
        .map(|u| Author { id: u.id, name: u.name })
        .collect();
    Ok(Authors {
        application_id: a.id,
        experience_title: a.experience_title,
        site_name: a.site_name,
        preceptors,
        why_not: may_ask(a.status),
    })
}

/// The applicant asks a preceptor of their rotation for a letter.
pub async fn request(app: &App, caller: &Caller, raw: &str, body: &RawLetterRequest) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let a = rotation_of(app, caller, raw, Resource::Letter, Action::Create).await?;
    if let Some(why) = may_ask(a.status) {
        return Err(AppError::conflict("not_rotated", why));
    }
    let r = request::parse(body, app.today()).map_err(|f| AppError::invalid_fields("invalid_letter_request", f))?;
    let author = app
        .store
        .user(r.author_id)
        .await?
        .filter(|u| u.role == Role::Preceptor && u.site_id == Some(a.site_id) && u.host_verified && !u.disabled);
    let Some(author) = author else {
        return Err(AppError::invalid_field(
            "author_id",
            format!("ask a preceptor of your rotation at {}: see /api/v1/applications/{}/letter-authors", a.site_name, a.id),
        ));
    };
    let mine = app.store.letters_of_applicant(me.id).await?;
    if mine.iter().any(|l| l.application_id == a.id && l.author_id == author.id && l.status.live()) {
        return Err(AppError::conflict(
            "already_requested",
            format!("you already asked {} for a letter from this rotation", author.name),
        ));
    }
    let code = new_code()?;
    let link = app.link("/letters");
    let due = dates::day(r.due_on);
    let email = mail::requested(&author.email, &author.name, &me.name, &a.experience_title, &due, &link);
    let new = NewLetter {
        code,
        application_id: a.id,
        applicant_id: me.id,
        author_id: author.id,
        site_id: a.site_id,
        site_name: a.site_name.clone(),
        experience_title: a.experience_title.clone(),
        start_date: a.start_date,
        end_date: a.end_date,
        specialty: r.specialty,
        programs: r.programs,
        due_on: r.due_on,
        note: r.note,
        statement: r.statement,
        share_cv: r.share_cv,
        waived: r.waived,
        eras_id: r.eras_id,
        emails: vec![email],
        now: app.now(),
    };
    let Some(l) = app.store.create_letter(&new).await? else {
        return Err(AppError::conflict(
            "already_requested",
            format!("you already asked {} for a letter from this rotation", author.name),
        ));
    };
    view_of(app, caller, l).await
}

/// The applicant changes the waiver (until the author answers) or the ERAS Letter ID.
pub async fn update(app: &App, caller: &Caller, raw: &str, body: &LetterUpdate) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let mut l = letter_of(app, caller, raw, Action::Update).await?;
    // Both read before either is written: a refusal changes nothing.
    let waiver =
        body.waiver.as_deref().map(parse_waiver).transpose().map_err(|f| AppError::invalid_fields("invalid_input", vec![f]))?;
    let eras =
        body.eras_id.as_deref().map(parse_eras_id).transpose().map_err(|f| AppError::invalid_fields("invalid_input", vec![f]))?;
    if waiver.is_some_and(|w| w != l.waived) && !l.waiver_open() {
        return Err(AppError::conflict("waiver_fixed", "the waiver is fixed once the author has answered the request"));
    }
    if let Some(waived) = waiver.filter(|w| *w != l.waived) {
        let mut c = LetterChange::new(&l, l.status, EventKind::WaiverChanged, Some(me.id), app.now());
        c.waived = Some(waived);
        c.detail = if waived { "waived".into() } else { "kept".into() };
        l = done(app.store.change_letter(&c).await?)?;
    }
    if let Some(eras_id) = eras.filter(|e| *e != l.eras_id) {
        if !l.status.live() {
            return Err(ended(&l));
        }
        let mut c = LetterChange::new(&l, l.status, EventKind::ErasId, Some(me.id), app.now());
        c.detail = eras_id.clone().unwrap_or_default();
        c.eras_id = Some(eras_id);
        l = done(app.store.change_letter(&c).await?)?;
    }
    view_of(app, caller, l).await
}

/// The refusal for a letter that was declined or withdrawn.
pub(super) fn ended(l: &matchready_core::letters::Letter) -> AppError {
    AppError::conflict("letter_ended", format!("the letter was {}", l.status.name().to_lowercase()))
}

fn done(c: Changed) -> AppResult<matchready_core::letters::Letter> {
    match c {
        Changed::Done(l) => Ok(l),
        _ => Err(stale()),
    }
}

/// The applicant withdraws the request; the author is told.
pub async fn withdraw(app: &App, caller: &Caller, raw: &str) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Cancel).await?;
    let to = transition(l.status, LetterMove::Withdraw).map_err(refused)?;
    let author = app.store.user(l.author_id).await?.ok_or_else(AppError::internal)?;
    let mut c = LetterChange::new(&l, to, EventKind::Withdrawn, Some(me.id), app.now());
    c.emails.push(mail::withdrawn(&author.email, &author.name, &me.name));
    let l = done(app.store.change_letter(&c).await?)?;
    view_of(app, caller, l).await
}

/// The applicant nudges the author, at most once a week, while the letter is owed.
pub async fn nudge(app: &App, caller: &Caller, raw: &str) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Update).await?;
    if !l.status.owed() {
        return Err(AppError::conflict(
            "not_owed",
            format!("the letter is {}: there is nothing to nudge", l.status.name().to_lowercase()),
        ));
    }
    let author = app.store.user(l.author_id).await?.ok_or_else(AppError::internal)?;
    let link = app.link(&format!("/letters/{}", l.id));
    let due = dates::day(l.due_on);
    let email = mail::reminder(&author.email, &author.name, &me.name, &due, l.late(app.today()), true, &link);
    let since = app.now() - NUDGE_DAYS * 86_400 + 1;
    if !app.store.note_letter(l.id, EventKind::Nudged, Some(me.id), "", Some(since), &[email], app.now()).await? {
        return Err(AppError::conflict(
            "nudged_recently",
            "you nudged the author less than a week ago; MatchReady reminds them too",
        ));
    }
    view_of(app, caller, l).await
}

/// The applicant answers the author's question.
pub async fn answer(app: &App, caller: &Caller, raw: &str, text: &str) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Update).await?;
    let text = super::write::said(text, "answer")?;
    if !l.status.live() {
        return Err(ended(&l));
    }
    let author = app.store.user(l.author_id).await?.ok_or_else(AppError::internal)?;
    let email = mail::answer(&author.email, &author.name, &me.name, &app.link(&format!("/letters/{}", l.id)));
    app.store.note_letter(l.id, EventKind::Answer, Some(me.id), &text, None, &[email], app.now()).await?;
    view_of(app, caller, l).await
}

/// The applicant sends the written letter to a program: its contact is emailed a link that expires
/// and opens a limited number of times. At most four letters per program.
pub async fn send(app: &App, caller: &Caller, raw: &str, body: &RawDestination) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let l = letter_of(app, caller, raw, Action::Update).await?;
    if !l.status.written() || app.store.letter_versions(l.id).await?.is_empty() {
        let message = match l.status {
            LetterStatus::Withdrawn | LetterStatus::Declined => format!("the letter was {}", l.status.name().to_lowercase()),
            _ => "the letter is not written yet: it can be sent once the author uploads it".to_string(),
        };
        return Err(AppError::conflict("not_written", message));
    }
    let to = delivery::parse(body).map_err(|f| AppError::invalid_fields("invalid_destination", f))?;
    // A program's address, never a person's own on MatchReady: a waived letter must not come back.
    let plain = |e: &str| match e.split_once('@') {
        Some((local, domain)) => format!("{}@{domain}", local.split('+').next().unwrap_or(local)),
        None => e.to_string(),
    };
    if plain(&to.contact) == plain(&me.email) || app.store.user_by_email(&to.contact).await?.is_some() {
        return Err(AppError::invalid_field(
            "contact",
            "that is the address of a MatchReady account; give the program's own address (its coordinator or program director)",
        ));
    }
    let status = transition(l.status, LetterMove::Deliver).map_err(refused)?;
    let (token, token_sha) = new_token().ok_or_else(AppError::internal)?;
    let expires_at = app.now() + delivery::LINK_DAYS * 86_400;
    let link = app.link(&format!("/letters/open/{token}"));
    let until = dates::day_of(expires_at);
    let email =
        mail::to_program(&to.contact, &to.program, &me.name, &l.author_name, &l.code, (&until, delivery::MAX_OPENS), &link);
    let program = to.program.clone();
    let mut c = LetterChange::new(&l, status, EventKind::Sent, Some(me.id), app.now());
    c.detail = program.clone();
    c.send = Some(NewSend {
        kind: "program",
        to,
        token_sha: Some(token_sha),
        expires_at: Some(expires_at),
        max_opens: delivery::MAX_OPENS,
        per_program: delivery::PER_PROGRAM as i64,
    });
    c.emails.push(email);
    let l = match app.store.change_letter(&c).await? {
        Changed::Done(l) => l,
        Changed::Stale => return Err(stale()),
        Changed::AlreadySent => {
            return Err(AppError::conflict("already_sent", format!("this letter was already sent to {program}")));
        }
        Changed::ProgramFull => {
            return Err(AppError::conflict(
                "program_full",
                format!(
                    "you already sent {} letters to {program}, the most programs read; withdraw one of them first",
                    delivery::PER_PROGRAM
                ),
            ));
        }
    };
    view_of(app, caller, l).await
}
