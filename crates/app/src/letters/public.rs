//! What anyone holding a letter's Letter ID or a program's link sees. The
//! Letter ID confirms who wrote the letter, when, and from which rotation,
//! never what it says. A program's link shows who it is from and how long
//! it works; opening it counts one of its openings (logged with time and
//! address) and lets its page fetch the letter's PDF for a short while.

use chrono::NaiveDate;
use matchready_core::account::{Action, AuditAction, Relation, Resource};
use matchready_core::letters::delivery::{self, Destination};
use matchready_core::letters::{CODE_PREFIX, Letter, LetterStatus};
use matchready_core::rotation::certificate::parse_prefixed;
use serde::Serialize;
use utoipa::ToSchema;

use crate::accounts::secret::token_hash;
use crate::guard::allow;
use crate::{App, AppError, AppResult, Caller};

/// What a Letter ID confirms.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verified {
    /// The Letter ID.
    pub code: String,
    /// The author.
    pub author: String,
    /// Their title.
    pub author_title: String,
    /// Their institution.
    pub institution: String,
    /// The day the letter (its newest version) was written.
    pub written_on: NaiveDate,
    /// The applicant it is about.
    pub applicant: String,
    /// The rotation it came from.
    pub experience_title: String,
    /// Its site.
    pub site_name: String,
    /// Its first day.
    pub start_date: NaiveDate,
    /// Its last day.
    pub end_date: NaiveDate,
}

/// A program's link as its page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkView {
    /// The applicant.
    pub applicant: String,
    /// The author.
    pub author: String,
    /// How the author signed it: title, specialty, institution and contact.
    pub signature: matchready_core::letters::form::Signature,
    /// The program it was sent to.
    pub program: String,
    /// The Letter ID.
    pub code: String,
    /// Where the Letter ID is checked.
    pub verify_url: String,
    /// When the link stops working, seconds since 1970.
    pub expires_at: i64,
    /// Openings left.
    pub opens_left: i64,
    /// Why it does not open now, if it does not (`link_expired`, `link_used_up`, `letter_withdrawn`).
    pub refused: Option<String>,
}

fn gone() -> AppError {
    AppError::not_found("no such letter: check the Letter ID, or ask the applicant")
}

/// Confirms a letter by its Letter ID: an unknown ID, a withdrawn letter and one not written yet answer alike.
pub async fn verify(app: &App, caller: &Caller, raw: &str) -> AppResult<Verified> {
    allow(caller, Resource::LetterLink, Action::Read, Relation::Unrelated, "letter")?;
    let code = parse_prefixed(CODE_PREFIX, raw).ok_or_else(gone)?;
    let l = app.store.letter_by_code(&code).await?.filter(|l| l.status != LetterStatus::Withdrawn).ok_or_else(gone)?;
    let newest = app.store.letter_versions(l.id).await?.pop();
    let eras = app.store.letter_destinations(l.id).await?.iter().any(|d| d.kind == "eras");
    let (title, institution, at) = match newest {
        Some(v) => (v.signature.title, v.signature.institution, v.created_at),
        // Written in ERAS only: confirmed on the day the author said so.
        None if eras => (String::new(), l.site_name.clone(), l.updated_at),
        None => return Err(gone()),
    };
    Ok(Verified {
        code: l.code,
        author: l.author_name,
        author_title: title,
        institution,
        written_on: matchready_core::dates::date_of(at),
        applicant: l.applicant_name,
        experience_title: l.experience_title,
        site_name: l.site_name,
        start_date: l.start_date,
        end_date: l.end_date,
    })
}

async fn destination(app: &App, caller: &Caller, token: &str) -> AppResult<(Destination, Letter)> {
    allow(caller, Resource::LetterLink, Action::Read, Relation::Unrelated, "link")?;
    let missing = || AppError::not_found("no such link: check that the whole address was copied from the email");
    if token.is_empty() || token.len() > 100 {
        return Err(missing());
    }
    app.store.destination_by_token(&token_hash(token)).await?.ok_or_else(missing)
}

async fn shown(app: &App, d: &Destination, l: &Letter, now: i64) -> AppResult<LinkView> {
    let signature = app.store.letter_versions(l.id).await?.pop().map(|v| v.signature).unwrap_or_default();
    Ok(view(app, d, l, now, signature))
}

fn view(app: &App, d: &Destination, l: &Letter, now: i64, signature: matchready_core::letters::form::Signature) -> LinkView {
    let refused = delivery::may_open(d, l.status == LetterStatus::Withdrawn, now).err().map(|r| r.code().to_string());
    LinkView {
        applicant: l.applicant_name.clone(),
        author: l.author_name.clone(),
        signature,
        program: d.program.clone(),
        code: l.code.clone(),
        verify_url: app.link(&format!("/letters/verify/{}", l.code)),
        expires_at: d.expires_at.unwrap_or_default(),
        opens_left: (d.max_opens - d.openings.len() as i64).max(0),
        refused,
    }
}

/// A program's link, without opening it (link checkers in mail systems fetch links; this counts nothing).
pub async fn link(app: &App, caller: &Caller, token: &str) -> AppResult<LinkView> {
    let (d, l) = destination(app, caller, token).await?;
    shown(app, &d, &l, app.now()).await
}

/// Opens a program's link: one of its openings, logged with the time and the caller's address.
pub async fn open_link(app: &App, caller: &Caller, token: &str) -> AppResult<LinkView> {
    let (d, l) = destination(app, caller, token).await?;
    let now = app.now();
    if let Err(r) = delivery::may_open(&d, l.status == LetterStatus::Withdrawn, now) {
        return Err(AppError::conflict(r.code(), r.message()));
    }
    if !app.store.open_destination(d.id, &caller.ip, now).await? {
        let r = delivery::LinkRefusal::UsedUp;
        return Err(AppError::conflict(r.code(), r.message()));
    }
    let (d, l) = destination(app, caller, token).await?;
    shown(app, &d, &l, now).await
}

/// The letter's PDF through a program's link, within minutes of an opening.
pub async fn link_pdf(app: &App, caller: &Caller, token: &str) -> AppResult<(Vec<u8>, String)> {
    let (d, l) = destination(app, caller, token).await?;
    // Only where it was opened: a copied link does not read the letter without an opening of its own.
    let here = d.openings.last().is_some_and(|o| o.address == caller.ip);
    if !here || !delivery::may_fetch(&d, l.status == LetterStatus::Withdrawn, app.now()) {
        return Err(AppError::conflict(
            "open_first",
            "open the link first: the letter is shown for 30 minutes after each opening, where it was opened",
        ));
    }
    let v = app.store.letter_versions(l.id).await?.pop().ok_or_else(AppError::internal)?;
    let bytes = matchready_files::get(app.files.as_ref(), &v.storage_key).await.map_err(|e| {
        tracing::error!(error = %e, letter = l.id, "stored letter missing");
        AppError::internal()
    })?;
    let detail = format!("version {} through the link sent to {}", v.number, d.program);
    app.accounts.audit(None, AuditAction::LetterRead, format!("letter:{}", l.id), Some(&caller.ip), detail).await;
    Ok((bytes.to_vec(), format!("letter-{}.pdf", l.code)))
}
