//! Letters of recommendation: the applicant's side (`request.rs`: ask,
//! change, withdraw, nudge, answer, send to a program), the author's side
//! (`write.rs`: answer, ask, write by upload or form, confirm ERAS), reading
//! a letter's words (`text.rs`), what anyone with a link or a Letter ID sees
//! (`public.rs`), and the reminders (`remind.rs`). Here: loading a letter
//! through the policy, and the views every adapter renders.
//!
//! Nothing here puts a letter's words in a view, an email, a log line or
//! an audit detail; they leave storage only through `text.rs`, which asks
//! the policy for the letter's text resource (sealed once waived).

mod public;
mod remind;
mod request;
mod text;
mod write;

use matchready_core::account::policy::{Decision, Scope, decide, scope};
use matchready_core::account::{Action, Resource, Role, User};
use matchready_core::letters::delivery::Destination;
use matchready_core::letters::remind::next_nudge;
use matchready_core::letters::request::specialty_name;
use matchready_core::letters::{
    EventKind, Letter, LetterEvent, LetterStatus, LetterVersion, MAX_LETTERS, TARGET_IN_SPECIALTY, TARGET_LETTERS,
};
use matchready_core::rotation::HoursSummary;
use matchready_core::rotation::evaluation::Evaluation;
use serde::Serialize;
use utoipa::ToSchema;

pub use public::{LinkView, Verified, link, link_pdf, open_link, verify};
pub use remind::remind_letters;
pub use request::{Authors, LetterUpdate, answer, authors, nudge, request, send, update, withdraw};
pub use text::{pdf, shared_cv};
pub use write::{SavedForm, Upload, accept, ask, confirm_eras, decline, form, letter_too_large, may_upload, save_form, upload};

use crate::guard::{allow, logged_in, member, parse_id};
use crate::{App, AppError, AppResult, Caller};

/// What the caller may do with a letter now.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Can {
    /// Accept or decline (the author).
    pub answer: bool,
    /// Upload or fill in the form (the author).
    pub write: bool,
    /// Confirm the ERAS upload (the author, when there is an ERAS Letter ID).
    pub confirm_eras: bool,
    /// Read its words.
    pub read: bool,
    /// Change the waiver (the applicant, until the author answers).
    pub change_waiver: bool,
    /// Send it to a program (the applicant, once written).
    pub send: bool,
    /// Nudge the author (the applicant, once a week).
    pub nudge: bool,
    /// Withdraw it (the applicant).
    pub withdraw: bool,
    /// Ask the applicant a question (the author) or answer one (the applicant).
    pub talk: bool,
}

/// What the applicant shared with the author, and the rotation's record.
#[derive(Debug, Serialize, ToSchema)]
pub struct Shared {
    /// The rotation's signed hours.
    pub hours: Option<HoursSummary>,
    /// The submitted evaluations.
    pub evaluations: Vec<Evaluation>,
    /// A CV to download (`/api/v1/letters/{id}/cv`).
    pub cv: bool,
}

/// A letter as the caller may see it: never its words.
#[derive(Debug, Serialize, ToSchema)]
pub struct LetterView {
    /// The request.
    pub letter: Letter,
    /// Its status in words.
    pub status_name: &'static str,
    /// The target specialty in words.
    pub specialty_name: &'static str,
    /// Past its due day and still owed.
    pub late: bool,
    /// What happened, oldest first.
    pub history: Vec<LetterEvent>,
    /// Its file's versions (who signed them and when; never what they say).
    pub versions: Vec<LetterVersion>,
    /// Where it went, with each link's openings (times only).
    pub destinations: Vec<Destination>,
    /// When the applicant may nudge next, if not now (seconds).
    pub next_nudge_at: Option<i64>,
    /// What the author is shown (the author only).
    pub shared: Option<Shared>,
    /// What the caller may do.
    pub can: Can,
}

/// The applicant's count against the usual target.
#[derive(Debug, Serialize, ToSchema)]
pub struct Counts {
    /// Letters written (uploaded or delivered).
    pub written: usize,
    /// Letters asked for and not declined or withdrawn.
    pub live: usize,
    /// Written letters in one of the profile's target specialties (all authors are US physicians).
    pub in_specialty: usize,
    /// The usual target: three (most programs read up to four).
    pub target: usize,
    /// The most most programs read.
    pub most: usize,
    /// In the target specialty.
    pub target_in_specialty: usize,
    /// The count in words.
    pub words: String,
}

/// The caller's letters: an applicant's own with their count, an author's queue, a site's letters.
#[derive(Debug, Serialize, ToSchema)]
pub struct LettersPage {
    /// Newest first (an applicant's), or soonest due first (an author's and a site's).
    pub letters: Vec<LetterView>,
    /// The applicant's count (applicants only).
    pub counts: Option<Counts>,
}

/// The letter `raw` names, if the caller may do `action` to it.
pub(crate) async fn letter_of(app: &App, caller: &Caller, raw: &str, action: Action) -> AppResult<Letter> {
    let me = logged_in(caller)?;
    let what = format!("letter {raw}");
    let id = parse_id(raw, "letter")?;
    let l = app.store.letter(id).await?.ok_or_else(|| AppError::not_found(format!("no {what}")))?;
    allow(caller, Resource::Letter, action, l.relation(&me.actor()), &what)?;
    Ok(l)
}

/// Whether the policy lets `u` do `action` to `resource` of the letter.
pub(crate) fn may(u: &User, l: &Letter, resource: Resource, action: Action) -> bool {
    decide(Some(&u.actor()), resource, action, l.relation(&u.actor())) == Decision::Allow
}

/// The author and the applicant see the note and the statement; the site's coordinators and admins
/// follow the request without them.
fn for_reader(mut l: Letter, u: &User) -> Letter {
    if u.id != l.applicant_id && u.id != l.author_id {
        l.note.clear();
        l.statement.clear();
    }
    l
}

pub(crate) async fn view_of(app: &App, caller: &Caller, l: Letter) -> AppResult<LetterView> {
    let me = logged_in(caller)?;
    let history = app.store.letter_events(l.id).await?;
    let versions = app.store.letter_versions(l.id).await?;
    let destinations = app.store.letter_destinations(l.id).await?;
    let today = app.today();
    let author = me.id == l.author_id && may(me, &l, Resource::Letter, Action::Decide);
    let applicant = me.id == l.applicant_id && may(me, &l, Resource::Letter, Action::Update);
    let last_nudge = history.iter().rev().find(|e| e.kind == EventKind::Nudged).map(|e| e.at);
    let next_nudge_at = next_nudge(last_nudge, app.now());
    let live = l.status.live();
    let eras_done = destinations.iter().any(|d| d.kind == "eras");
    let can = Can {
        answer: author && l.status == LetterStatus::Requested,
        write: author && matches!(l.status, LetterStatus::Accepted | LetterStatus::InProgress | LetterStatus::Uploaded),
        confirm_eras: author && l.eras_id.is_some() && !eras_done && live && l.status != LetterStatus::Requested,
        read: may(me, &l, l.text_resource(), Action::Read) && !versions.is_empty() && me.role != Role::Admin,
        change_waiver: applicant && l.waiver_open(),
        send: applicant && l.status.written() && !versions.is_empty(),
        nudge: applicant && l.status.owed() && next_nudge_at.is_none(),
        withdraw: applicant && live,
        talk: (author || applicant) && live,
    };
    let shared = if author { Some(shared(app, caller, &l).await) } else { None };
    Ok(LetterView {
        status_name: l.status.name(),
        specialty_name: specialty_name(&l.specialty),
        late: l.late(today),
        letter: for_reader(l, me),
        history,
        versions,
        destinations,
        next_nudge_at,
        shared,
        can,
    })
}

/// The rotation's record as the author reads it, each part through its own use case and policy.
async fn shared(app: &App, caller: &Caller, l: &Letter) -> Shared {
    let id = l.application_id.to_string();
    let hours = crate::rotation::hours::view(app, caller, &id).await.ok().map(|h| h.summary);
    let evaluations = match crate::rotation::evaluations::view(app, caller, &id).await {
        Ok(v) => v.items.into_iter().filter_map(|i| i.evaluation.filter(|e| e.submitted)).collect(),
        Err(_) => Vec::new(),
    };
    Shared { hours, evaluations, cv: l.share_cv }
}

/// One letter, as the caller may see it.
pub async fn view(app: &App, caller: &Caller, raw: &str) -> AppResult<LetterView> {
    let l = letter_of(app, caller, raw, Action::Read).await?;
    view_of(app, caller, l).await
}

/// The caller's letters: an applicant's own (with their count), an author's queue, a site's letters, or for an
/// admin none (they open one by its id).
pub async fn list(app: &App, caller: &Caller) -> AppResult<LettersPage> {
    let me = member(caller, Resource::Letter, Action::List)?;
    let letters = match (me.role, scope(&me.actor(), Resource::Letter)) {
        (Role::Preceptor, _) => app.store.letters_of_author(me.id).await?,
        (_, Scope::Site(site)) => app.store.letters_of_site(site).await?,
        (_, Scope::Own(id)) => app.store.letters_of_applicant(id).await?,
        _ => Vec::new(),
    };
    let mut views = Vec::with_capacity(letters.len());
    for l in letters {
        views.push(view_of(app, caller, l).await?);
    }
    // An author's and a site's queue: what is still owed first, soonest due first.
    if me.role != Role::Applicant {
        views.sort_by_key(|v| (!v.letter.status.owed(), v.letter.due_on, v.letter.id));
    }
    let counts = if me.role == Role::Applicant { Some(counts(app, me.id, &views).await?) } else { None };
    Ok(LettersPage { letters: views, counts })
}

async fn counts(app: &App, applicant: i64, views: &[LetterView]) -> AppResult<Counts> {
    let targets: Vec<String> = match app.store.profile(applicant).await? {
        Some(p) => p.profile.target_specialties.clone(),
        None => Vec::new(),
    };
    let written: Vec<&Letter> = views.iter().map(|v| &v.letter).filter(|l| l.status.written()).collect();
    let live = views.iter().filter(|v| v.letter.status.live()).count();
    let in_specialty = written.iter().filter(|l| targets.contains(&l.specialty)).count();
    let words = if targets.is_empty() {
        format!(
            "{} of {TARGET_LETTERS} letters written ({live} asked for). Add your target specialties to your profile to count letters in them.",
            written.len()
        )
    } else {
        format!(
            "{} of {TARGET_LETTERS} letters written ({live} asked for); {in_specialty} of {TARGET_IN_SPECIALTY} in your target specialty.",
            written.len()
        )
    };
    Ok(Counts {
        written: written.len(),
        live,
        in_specialty,
        target: TARGET_LETTERS,
        most: MAX_LETTERS,
        target_in_specialty: TARGET_IN_SPECIALTY,
        words,
    })
}

/// A fresh Letter ID.
fn new_code() -> AppResult<String> {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a Letter ID");
        AppError::internal()
    })?;
    Ok(matchready_core::rotation::certificate::prefixed_code(matchready_core::letters::CODE_PREFIX, bytes))
}

/// The refusal for a move the letter's state machine does not allow.
fn refused(r: matchready_core::letters::Refused) -> AppError {
    AppError::conflict(r.code, r.message)
}

/// The refusal when the letter changed while the caller decided.
fn stale() -> AppError {
    AppError::conflict("changed", "this letter changed meanwhile; reload it and try again")
}
