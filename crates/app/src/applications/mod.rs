//! Applications: apply for a block, follow it, the steps of the site and
//! of the applicant, bulk decisions, the applicant's file for the site,
//! and the calendar. Every step goes through the core's `transition`; the
//! move and everything it causes (ledger entries, emails, the waitlist's
//! offer) are stored in one transaction (see `effects.rs`).

mod calendar;
pub(crate) mod effects;
mod file;
mod queue;
mod step;
mod submit;

pub(crate) use calendar::complete_if_due;
pub use calendar::sweep;
pub use file::{ApplicationFile, application_file, document};
pub use queue::{Listed, list_with_readiness};
pub use step::{DecisionResult, Decisions, MAX_DECISIONS, StepBody, decide_many, step, step_named};
pub use submit::{may_join, refusal, submit};

use chrono::{Days, NaiveDate};
use matchready_core::RawProfile;
use matchready_core::account::policy::{Scope, scope};
use matchready_core::account::{Action, Relation, Resource, User};
use matchready_core::application::{Application, TimelineEntry};
use matchready_core::document::Document;
use matchready_core::readiness::Readiness;
use matchready_core::{ApplicantFacts, Block, Experience, Profile};
use serde::Serialize;
use utoipa::ToSchema;

use crate::guard::{allow, logged_in, member, own, parse_id};
use crate::{App, AppError, AppResult, Caller};

/// Days an offer stays open (or until the block starts, if sooner).
pub const OFFER_DAYS: u64 = 7;
/// Days to pay the deposit once a seat is held.
pub const DEPOSIT_DAYS: u64 = 7;

/// An application with its timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationView {
    /// The application.
    pub application: Application,
    /// Every step, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

pub(crate) fn plus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

/// An application with its timeline.
pub async fn with_timeline(app: &App, application: Application) -> AppResult<ApplicationView> {
    let timeline = app.store.timeline(application.id).await?;
    Ok(ApplicationView { application, timeline })
}

/// The experience and block a block id names, if published.
pub async fn published_block(app: &App, block_id: i64) -> AppResult<(Experience, Block)> {
    let no_block = || AppError::not_found(format!("no block {block_id}; take a block id from the experience's blocks"));
    let experience_id = app.store.block_experience(block_id).await?.ok_or_else(no_block)?;
    if app.store.experience_site(experience_id).await?.is_some_and(|(_, published)| !published) {
        return Err(no_block());
    }
    let experience = app.store.experience(experience_id).await?.ok_or_else(no_block)?;
    let block = experience.blocks.iter().find(|b| b.id == block_id).cloned().ok_or_else(no_block)?;
    Ok((experience, block))
}

/// Readiness from a stored profile (as codes) and the documents on file.
pub(crate) fn assess(
    profile: Option<&RawProfile>,
    documents: &[Document],
    experience: &Experience,
    block: &Block,
) -> (ApplicantFacts, Readiness) {
    let facts = profile.and_then(|p| Profile::parse(p, None).ok()).map(|p| p.facts()).unwrap_or_default();
    (facts, Readiness::assess(experience, &facts, documents, block.start_date, block.end_date()))
}

/// The applicant's own readiness for a block: eligibility from the profile, and the document checklist.
pub(crate) async fn readiness_of(
    app: &App,
    me: &User,
    experience: &Experience,
    block: &Block,
) -> AppResult<(ApplicantFacts, Readiness)> {
    let profile = app.store.profile(me.id).await?.map(|p| p.profile);
    let documents = app.store.documents_of(me.id).await?;
    Ok(assess(profile.as_ref(), &documents, experience, block))
}

/// What applying for a block would take, for the caller (an applicant).
pub struct Check {
    /// The experience.
    pub experience: Experience,
    /// The block.
    pub block: Block,
    /// Eligibility in words and the document checklist.
    pub readiness: Readiness,
    /// Everything that stops the caller applying now: the block's own (started, placed by a round,
    /// full, already applied for), then the caller's in the order to fix them (the refusals
    /// applying would give, each with its code).
    pub blockers: Vec<AppError>,
    /// The live placement round that places this block, if any (then it is ranked there, not applied for).
    pub round_id: Option<i64>,
}

impl Check {
    /// Whether the apply button may be offered.
    pub fn can_apply(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// Before applying: am I eligible for this block's experience (and if not, why, in words), and which
/// documents will the site need.
pub async fn readiness(app: &App, caller: &Caller, block_id: i64) -> AppResult<Check> {
    let me = own(caller, Resource::Profile, Action::Read)?;
    let (experience, block) = published_block(app, block_id).await?;
    let (facts, readiness) = readiness_of(app, me, &experience, &block).await?;
    let mut blockers = submit::block_refusals(app, me, &block, true).await?;
    blockers.extend(submit::refusals(me, &facts, &readiness));
    let round_id = app.store.live_round_of_block(block_id).await?;
    Ok(Check { experience, block, readiness, blockers, round_id })
}

/// The applications the caller may see: their own (applicants), their site's (staff), or all (admins).
pub async fn list(app: &App, caller: &Caller) -> AppResult<Vec<Application>> {
    let me = member(caller, Resource::Application, Action::List)?;
    Ok(match scope(&me.actor(), Resource::Application) {
        Scope::Own(id) => app.store.applications_of(id).await?,
        Scope::Site(site) => {
            let today = app.today();
            app.store.site_applications(site).await?.into_iter().map(|a| named_while_open(a, today)).collect()
        }
        Scope::All => app.store.all_applications(1000).await?,
        Scope::Nothing => Vec::new(),
    })
}

/// What a site sees of who applied: the name while the applicant's file is open to it, and
/// afterwards only the applicant's number (as with the rest of the file).
pub(crate) fn named_while_open(a: Application, today: NaiveDate) -> Application {
    if a.file_open(today) { a } else { Application { applicant_name: format!("Applicant {}", a.applicant_id), ..a } }
}

/// Loads the application `raw` names, if the caller may do `action` to it.
pub async fn target(app: &App, caller: &Caller, raw: &str, action: Action) -> AppResult<Application> {
    let what = format!("application {raw}");
    let me = logged_in(caller)?;
    let id = parse_id(raw, "application")?;
    let a = app.store.application(id).await?.ok_or_else(|| AppError::not_found(format!("no {what}")))?;
    let relation = Relation::of(&me.actor(), Some(a.applicant_id), Some(a.site_id));
    allow(caller, Resource::Application, action, relation, &what)?;
    Ok(a)
}

/// One application with its timeline.
pub async fn get(app: &App, caller: &Caller, raw: &str) -> AppResult<ApplicationView> {
    let a = target(app, caller, raw, Action::Read).await?;
    let site_staff = logged_in(caller)?.site_id.is_some();
    let a = if site_staff { named_while_open(a, app.today()) } else { a };
    with_timeline(app, a).await
}
