//! `/api/v1/applications`: apply for a block, follow the application, and
//! the steps of the site (offer, waitlist, reject, confirm the deposit) and
//! of the applicant (accept, withdraw), and cancelling a held seat. Every
//! step goes through the core's `transition` and is stored only if the
//! application has not changed meanwhile; seats are taken and given back in
//! the same transaction.

use axum::Json;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{Days, NaiveDate};
use matchready_core::RawProfile;
use matchready_core::account::{Action, Decision, Relation, Resource, Role, User};
use matchready_core::application::{Application, Event, Party, Status, TimelineEntry, transition};
use matchready_core::document::Document;
use matchready_core::readiness::Readiness;
use matchready_core::{ApplicantFacts, Block, Experience, Profile};
use matchready_store::{ApplyError, Move, MoveError};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa::ToSchema;

use super::body::{Body, MaybeBody};
use super::guard::{allow, member, own};
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// Days an offer stays open, and days to pay the deposit once a seat is held.
const OFFER_DAYS: u64 = 7;
const DEPOSIT_DAYS: u64 = 7;

/// An application with its timeline.
#[derive(Serialize, ToSchema)]
pub struct ApplicationView {
    /// The application.
    pub application: Application,
    /// Every step, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// What to apply for.
#[derive(Deserialize, ToSchema)]
pub struct NewApplication {
    /// The block (a start date of an experience), from the experience's `blocks`.
    pub block_id: i64,
}

/// A step, optionally naming the version it was decided on (refused with 409 if the application moved since).
#[derive(Deserialize, ToSchema, Default)]
pub struct StepBody {
    /// The application's `version` when the decision was made.
    #[serde(default)]
    pub version: Option<i64>,
    /// Why, in words (kept on the timeline; at most 300 characters). `visa_denied` on a cancellation
    /// means the applicant's visa was refused, and the refund policy's visa rule applies.
    #[serde(default)]
    pub reason: Option<String>,
}

fn conflict(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, message)
}

async fn view(state: &AppState, application: Application) -> Result<Json<ApplicationView>, ApiError> {
    Ok(Json(with_timeline(state, application).await?))
}

/// An application with its timeline.
pub(crate) async fn with_timeline(state: &AppState, application: Application) -> Result<ApplicationView, ApiError> {
    let timeline = state.store.timeline(application.id).await?;
    Ok(ApplicationView { application, timeline })
}

fn plus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

/// The experience and block a block id names, if published.
pub(crate) async fn published_block(state: &AppState, block_id: i64) -> Result<(Experience, Block), ApiError> {
    let no_block = || ApiError::not_found(format!("no block {block_id}; take a block id from the experience's blocks"));
    let experience_id = state.store.block_experience(block_id).await?.ok_or_else(no_block)?;
    if state.store.experience_site(experience_id).await?.is_some_and(|(_, published)| !published) {
        return Err(no_block());
    }
    let experience = state.store.experience(experience_id).await?.ok_or_else(no_block)?;
    let block = experience.blocks.iter().find(|b| b.id == block_id).cloned().ok_or_else(no_block)?;
    Ok((experience, block))
}

/// The applicant's readiness for a block: eligibility from the profile, and the document checklist.
pub(crate) async fn readiness_for(
    state: &AppState,
    me: &User,
    experience: &Experience,
    block: &Block,
) -> Result<(ApplicantFacts, Readiness), ApiError> {
    let profile = state.store.profile(me.id).await?.map(|p| p.profile);
    let documents = state.store.documents_of(me.id).await?;
    Ok(assess(profile.as_ref(), &documents, experience, block))
}

/// Readiness from a stored profile (as codes) and the documents on file.
fn assess(
    profile: Option<&RawProfile>,
    documents: &[Document],
    experience: &Experience,
    block: &Block,
) -> (ApplicantFacts, Readiness) {
    let facts = profile.and_then(|p| Profile::parse(p, None).ok()).map(|p| p.facts()).unwrap_or_default();
    (facts, Readiness::assess(experience, &facts, documents, block.start_date, block.end_date()))
}

/// The block to check readiness for.
#[derive(Deserialize, IntoParams)]
pub struct ReadinessQuery {
    /// The block, from the experience's `blocks`.
    pub block_id: i64,
}

/// Before applying: am I eligible for this block's experience (and if not, why, in words), and which
/// documents will the site need: on file, missing, or running out before the rotation ends.
#[utoipa::path(get, path = "/api/v1/readiness", tag = "applications", security(("bearer" = [])), params(ReadinessQuery),
    responses(
        (status = 200, description = "Eligibility and the document checklist", body = Readiness),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody),
        (status = 404, description = "No such block", body = ErrorBody)
    ))]
pub async fn readiness(
    State(state): State<AppState>,
    caller: ApiCaller,
    query: Result<Query<ReadinessQuery>, QueryRejection>,
) -> Result<Json<Readiness>, ApiError> {
    let me = own(&caller, Resource::Profile, Action::Read)?;
    let Query(q) =
        query.map_err(|e| ApiError::invalid_field("block_id", format!("give the block as ?block_id=N ({})", e.body_text())))?;
    let (experience, block) = published_block(&state, q.block_id).await?;
    Ok(Json(readiness_for(&state, me, &experience, &block).await?.1))
}

/// Apply for a block. The applicant must have confirmed their email, the block must not have
/// started and must have a seat left, and the profile must meet the experience's eligibility
/// (the refusal says why, in words).
#[utoipa::path(post, path = "/api/v1/applications", tag = "applications", security(("bearer" = [])), request_body = NewApplication,
    responses(
        (status = 201, description = "Applied", body = ApplicationView),
        (status = 400, description = "The block has started, or the applicant is not eligible (the message says why)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only, with a confirmed email", body = ErrorBody),
        (status = 404, description = "No such block", body = ErrorBody),
        (status = 409, description = "Already applied, or the block is full", body = ErrorBody)
    ))]
pub async fn apply(
    State(state): State<AppState>,
    caller: ApiCaller,
    Body(body): Body<NewApplication>,
) -> Result<(StatusCode, Json<ApplicationView>), ApiError> {
    let a = submit(&state, &caller, body.block_id).await?;
    Ok((StatusCode::CREATED, view(&state, a).await?))
}

/// Applies for a block as the caller; shared by the API and the pages.
pub(crate) async fn submit(state: &AppState, caller: &ApiCaller, block_id: i64) -> Result<Application, ApiError> {
    let me = own(caller, Resource::Application, Action::Create)?;
    let (experience, block) = published_block(state, block_id).await?;
    let today = (state.today)();
    if block.start_date <= today {
        return Err(ApiError::bad_request(
            "block_started",
            format!("this block started on {}; choose a later one", block.start_date),
        ));
    }
    if let Some(round) = state.store.live_round_of_block(block.id).await? {
        return Err(conflict(
            "in_round",
            format!(
                "this block's seats are placed by a placement round at its deadline: rank it in round {round} (/rounds/{round})"
            ),
        ));
    }
    if state.store.block_seats(block.id).await?.is_some_and(|(_, left)| left <= 0) {
        return Err(conflict("block_full", "this block is full; choose another block or experience"));
    }
    may_join(state, me, &experience, &block).await?;
    let draft = match state.store.create_application(me.id, block.id, (state.accounts.now)()).await? {
        Ok(a) => a,
        Err(ApplyError::AlreadyApplied) => {
            return Err(conflict("already_applied", "you already have an application for this block"));
        }
        Err(ApplyError::NoSuchBlock) => return Err(ApiError::not_found(format!("no block {block_id}"))),
    };
    // Send it: to the site's review, or ("book now") straight to a held seat.
    let instant = state.store.instant_booking(experience.id).await?;
    let to = transition(Status::Draft, Event::Submit { instant }, Party::Applicant)
        .map_err(|e| conflict("invalid_step", e.to_string()))?;
    let m = Move {
        id: draft.id,
        from: Status::Draft,
        version: draft.version,
        to,
        actor_id: Some(me.id),
        now: (state.accounts.now)(),
        note: if instant { "booked: the seat is held at once" } else { "applied" }.into(),
        offer_expires_on: None,
        deposit_due_on: instant.then(|| plus_days(today, DEPOSIT_DAYS).min(block.start_date)),
    };
    let refused = match state.store.move_application(&m).await? {
        Ok(sent) => {
            money_after(state, &draft, &sent, today, false).await?;
            notify(state, &sent, By::Applicant).await;
            return Ok(sent);
        }
        Err(MoveError::Full) => conflict("block_full", "this block is full; choose another block or experience"),
        Err(MoveError::Overlap(other)) => {
            conflict("overlapping_seat", format!("you hold a seat whose dates overlap (application {other}); cancel it first"))
        }
        Err(MoveError::Stale) => conflict("changed", "the application changed meanwhile; try again"),
    };
    // Nothing was sent: close the draft, so the applicant may try again later.
    let close = Move { from: Status::Draft, to: Status::Withdrawn, note: "could not be sent".into(), deposit_due_on: None, ..m };
    let _ = state.store.move_application(&close).await?;
    Err(refused)
}

/// Refuses, in words, an applicant who may not take a seat in this block: an unconfirmed email, an
/// incomplete profile, not eligible, or a document that runs out before the rotation ends. Applying
/// and ranking in a placement round ask the same.
pub(crate) async fn may_join(state: &AppState, me: &User, experience: &Experience, block: &Block) -> Result<(), ApiError> {
    let (facts, ready) = readiness_for(state, me, experience, block).await?;
    refusal(me, &facts, &ready).map_or(Ok(()), Err)
}

/// Why `me`, with these facts and this readiness, may not join a block (see [`may_join`]).
pub(crate) fn refusal(me: &User, facts: &ApplicantFacts, ready: &Readiness) -> Option<ApiError> {
    if !me.email_verified {
        return Some(ApiError::forbidden(
            "email_not_verified",
            "confirm your email first: use the link we sent, or ask for a new one",
        ));
    }
    if facts.applicant_type.is_none() || facts.visa.is_none() {
        return Some(ApiError::bad_request(
            "profile_incomplete",
            "first say in your profile whether you are a student or a graduate, and your visa status",
        ));
    }
    if !ready.eligible {
        return Some(ApiError::bad_request(
            "not_eligible",
            format!("you cannot join this experience: {}", ready.reasons.join("; ")),
        ));
    }
    ready.expiring().first().map(|item| ApiError::bad_request("document_expires", format!("{}: {}", item.name, item.note)))
}

/// My applications (applicants), or my site's (coordinators and preceptors), newest first for applicants.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", security(("bearer" = [])),
    responses(
        (status = 200, description = "Applications", body = [Application]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants and site staff only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<Application>>, ApiError> {
    let me = member(&caller, Resource::Application, Action::List)?;
    let list = match (me.role, me.site_id) {
        (Role::Applicant, _) => state.store.applications_of(me.id).await?,
        (_, Some(site)) => state.store.site_applications(site).await?,
        _ => Vec::new(),
    };
    Ok(Json(list))
}

/// Loads an application the caller may do `action` to.
pub(crate) async fn target(state: &AppState, caller: &ApiCaller, raw: &str, action: Action) -> Result<Application, ApiError> {
    let what = format!("application {raw}");
    if caller.user.is_none() {
        ApiError::denied(Decision::Unauthenticated, &what)?;
    }
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let a = state.store.application(id).await?.ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let relation =
        caller.user.as_ref().map_or(Relation::Unrelated, |u| Relation::of(&u.actor(), Some(a.applicant_id), Some(a.site_id)));
    allow(caller, Resource::Application, action, relation, &what)?;
    Ok(a)
}

/// One application with its timeline.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The application", body = ApplicationView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ApplicationView>, ApiError> {
    let a = target(&state, &caller, &id, Action::Read).await?;
    view(&state, a).await
}

/// What a site sees of an application: the applicant, their profile, their readiness and their documents.
#[derive(Serialize, ToSchema)]
pub struct ApplicationFile {
    /// The application and its timeline.
    #[serde(flatten)]
    pub view: ApplicationView,
    /// The applicant's name.
    pub applicant_name: String,
    /// The applicant's email.
    pub applicant_email: String,
    /// Their profile.
    pub profile: RawProfile,
    /// Eligibility and the document checklist for this block.
    pub readiness: Readiness,
    /// Every document in their vault (download each through this application; each download is audited).
    pub documents: Vec<Document>,
}

/// Builds an application's file for someone who may read the application.
pub(crate) async fn application_file(state: &AppState, a: Application) -> Result<ApplicationFile, ApiError> {
    let applicant = state.store.user(a.applicant_id).await?.ok_or_else(|| ApiError::not_found("no such applicant"))?;
    let profile = state.store.profile(a.applicant_id).await?.map(|p| p.profile).unwrap_or_default();
    let experience = state.store.experience(a.experience_id).await?.ok_or_else(|| ApiError::not_found("no such experience"))?;
    let block =
        experience.blocks.iter().find(|b| b.id == a.block_id).cloned().ok_or_else(|| ApiError::not_found("no such block"))?;
    let documents = state.store.documents_of(a.applicant_id).await?;
    let (_, readiness) = assess(Some(&profile), &documents, &experience, &block);
    Ok(ApplicationFile {
        view: with_timeline(state, a).await?,
        applicant_name: applicant.name,
        applicant_email: applicant.email,
        profile,
        readiness,
        documents,
    })
}

/// The application's file: the applicant, their profile, readiness for the block and documents. For the site and the applicant.
#[utoipa::path(get, path = "/api/v1/applications/{id}/file", tag = "applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The file", body = ApplicationFile),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn file(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ApplicationFile>, ApiError> {
    let a = target(&state, &caller, &id, Action::Read).await?;
    Ok(Json(application_file(&state, a).await?))
}

/// Download one of the applicant's documents through their application (for the site reviewing it). Audited.
#[utoipa::path(get, path = "/api/v1/applications/{id}/documents/{document_id}", tag = "applications", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id"), ("document_id" = i64, Path, description = "Document id")),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application or document, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn document(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, document_id)): Path<(String, String)>,
) -> Result<axum::response::Response, ApiError> {
    let a = target(&state, &caller, &id, Action::Read).await?;
    crate::api::documents::send_for_application(&state, &caller, &a, &document_id).await
}

/// Money that follows a move: charges when a seat is first held, the refund owed when one is given up.
async fn money_after(
    state: &AppState,
    before: &Application,
    after: &Application,
    today: NaiveDate,
    visa_denied: bool,
) -> Result<(), ApiError> {
    if after.status == Status::Accepted && before.status != Status::Accepted {
        super::money::charge_on_hold(state, after).await?;
    }
    if before.status.holds_seat() && after.status == Status::Cancelled {
        super::money::refund_on_cancellation(state, after, today, visa_denied).await?;
    }
    Ok(())
}

/// Tells the applicant of a step the site (or the system) took.
pub(crate) async fn notify_site_step(state: &AppState, a: &Application) {
    notify(state, a, By::Site).await;
}

/// One decision for several applications.
#[derive(Deserialize, ToSchema)]
pub struct Decisions {
    /// The applications.
    pub ids: Vec<i64>,
    /// `offer`, `waitlist` or `reject`.
    pub decision: String,
}

/// What happened to each application of a bulk decision.
#[derive(Serialize, ToSchema)]
pub struct DecisionResult {
    /// The application.
    pub id: i64,
    /// Whether the decision was applied.
    pub done: bool,
    /// Why not, in words (empty when done).
    pub message: String,
}

/// The site's decision for several applications at once (at most 200); each is taken or refused on its own.
#[utoipa::path(post, path = "/api/v1/applications/decisions", tag = "applications", security(("bearer" = [])), request_body = Decisions,
    responses(
        (status = 200, description = "One result per application", body = [DecisionResult]),
        (status = 400, description = "Not a decision, or too many applications", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Site staff only", body = ErrorBody)
    ))]
pub async fn decide_many(
    State(state): State<AppState>,
    caller: ApiCaller,
    Body(body): Body<Decisions>,
) -> Result<Json<Vec<DecisionResult>>, ApiError> {
    member(&caller, Resource::Application, Action::List)?;
    let event = match body.decision.as_str() {
        "offer" => Event::Offer,
        "waitlist" => Event::Waitlist,
        "reject" => Event::Reject,
        _ => return Err(ApiError::invalid_field("decision", "offer, waitlist or reject".into())),
    };
    if body.ids.len() > 200 {
        return Err(ApiError::invalid_field("ids", "at most 200 applications at a time".into()));
    }
    let mut results = Vec::with_capacity(body.ids.len());
    for id in body.ids {
        let outcome = step(&state, &caller, &id.to_string(), event, Action::Decide, StepBody::default()).await;
        results.push(match outcome {
            Ok(_) => DecisionResult { id, done: true, message: String::new() },
            Err(e) => DecisionResult { id, done: false, message: e.message },
        });
    }
    Ok(Json(results))
}

/// Who acted on an application.
#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    Applicant,
    Site,
}

/// Emails the people concerned by an application's new status: the applicant when the site (or the
/// system) moved it, the site's coordinators when the applicant did. A failure is logged, not shown.
async fn notify(state: &AppState, a: &Application, by: By) {
    if let Err(e) = try_notify(state, a, by).await {
        tracing::error!(error = %e, application = a.id, "could not queue the emails of a transition");
    }
}

async fn try_notify(state: &AppState, a: &Application, by: By) -> Result<(), matchready_store::StoreError> {
    use matchready_core::account::mail;
    let now = (state.accounts.now)();
    let link = format!("{}/applications/{}", state.accounts.config.public_url, a.id);
    let dates = format!("{} to {}", a.start_date, a.end_date);
    let Some(applicant) = state.store.user(a.applicant_id).await? else {
        return Ok(());
    };
    match by {
        By::Site if a.status == Status::Confirmed => {
            let experience = state.store.experience(a.experience_id).await?;
            let (place, bring) = match &experience {
                Some(e) => {
                    let who = state
                        .store
                        .profile(a.applicant_id)
                        .await?
                        .and_then(|p| Profile::parse(&p.profile, None).ok())
                        .and_then(|p| p.applicant_type);
                    let docs = matchready_core::readiness::required_documents(e.kind, who, e.eligibility.step1_pass_required);
                    (
                        format!("{}, {}, {}", e.site.name, e.site.city, e.site.state.code()),
                        docs.iter().map(|d| d.name()).collect::<Vec<_>>(),
                    )
                }
                None => (String::new(), Vec::new()),
            };
            let m = mail::confirmation(&applicant.email, &applicant.name, &a.experience_title, &dates, &place, &bring, &link);
            state.store.enqueue_email(&m, now).await?;
        }
        By::Site => {
            let m = mail::application_update(&applicant.email, &applicant.name, &a.experience_title, &dates, a.status, &link);
            state.store.enqueue_email(&m, now).await?;
        }
        By::Applicant => {
            let what = match a.status {
                Status::Submitted => "a new application to review",
                Status::Accepted => "the offered seat was accepted",
                Status::Withdrawn => "withdrawn by the applicant",
                Status::Cancelled => "the held seat was cancelled by the applicant",
                _ => a.status.name(),
            };
            for staff in state.store.users(Some(a.site_id)).await? {
                if staff.role == Role::Coordinator && !staff.disabled {
                    let m = mail::site_update(&staff.email, &applicant.name, &a.experience_title, &dates, what, &link);
                    state.store.enqueue_email(&m, now).await?;
                }
            }
        }
    }
    Ok(())
}

/// Takes one step; shared by the API and the pages.
pub(crate) async fn step(
    state: &AppState,
    caller: &ApiCaller,
    raw: &str,
    event: Event,
    action: Action,
    body: StepBody,
) -> Result<Application, ApiError> {
    let a = target(state, caller, raw, action).await?;
    let me: &User = caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))?;
    let party = if me.id == a.applicant_id { Party::Applicant } else { Party::Site };
    let to = transition(a.status, event, party).map_err(|e| conflict("invalid_step", e.to_string()))?;
    let reason = body.reason.as_deref().map(str::trim).unwrap_or_default();
    if reason.chars().count() > 300 || reason.chars().any(char::is_control) {
        return Err(ApiError::invalid_field("reason", "say why in at most 300 characters, on one line".into()));
    }
    let visa_denied = reason == "visa_denied";
    let who = if party == Party::Applicant { "by the applicant" } else { "by the site" };
    let note = match (event, visa_denied, reason.is_empty()) {
        (Event::Cancel, true, _) => format!("cancelled {who}: visa denied"),
        (Event::Cancel, false, true) => format!("cancelled {who}"),
        (Event::Cancel, false, false) => format!("cancelled {who}: {reason}"),
        (_, _, true) => String::new(),
        (_, _, false) => reason.to_string(),
    };
    if body.version.is_some_and(|v| v != a.version) {
        return Err(conflict("changed", "the application changed since you read it; reload it and decide again"));
    }
    let today = (state.today)();
    if event == Event::Accept && a.offer_expires_on.is_some_and(|d| d < today) {
        return Err(conflict("offer_expired", "this offer has expired; ask the site whether a seat is still open"));
    }
    let m = Move {
        id: a.id,
        from: a.status,
        version: a.version,
        to,
        actor_id: Some(me.id),
        now: (state.accounts.now)(),
        note,
        offer_expires_on: (to == Status::Offered).then(|| plus_days(today, OFFER_DAYS).min(a.start_date)),
        deposit_due_on: (to == Status::Accepted).then(|| plus_days(today, DEPOSIT_DAYS).min(a.start_date)),
    };
    let moved = match state.store.move_application(&m).await? {
        Ok(moved) => moved,
        Err(MoveError::Stale) => {
            return Err(conflict("changed", "the application changed meanwhile; reload it and decide again"));
        }
        Err(MoveError::Full) => return Err(conflict("block_full", "no seat is left in this block")),
        Err(MoveError::Overlap(other)) => {
            return Err(conflict(
                "overlapping_seat",
                format!("you hold a seat whose dates overlap (application {other}); cancel it first"),
            ));
        }
    };
    money_after(state, &a, &moved, today, visa_denied).await?;
    notify(state, &moved, if party == Party::Applicant { By::Applicant } else { By::Site }).await;
    // A seat given back goes to the longest-waiting applicant on the waitlist.
    if a.status.holds_seat() && !moved.status.holds_seat() {
        offer_to_waitlist(state, a.block_id, today).await?;
    }
    Ok(moved)
}

/// Moves what the calendar moves on `today`: lapsed offers are withdrawn, held seats without a
/// deposit by the deadline are cancelled (and offered to the waitlist), confirmed seats start, and
/// rotations past their last day complete. Returns how many moved. Runs in the background every minute.
pub async fn sweep(state: &AppState, today: NaiveDate) -> Result<usize, ApiError> {
    let mut moved = 0;
    for a in state.store.applications_due(today).await? {
        let (event, note) = match a.status {
            Status::Offered => (Event::Expire, "the offer lapsed"),
            Status::Accepted => (Event::Expire, "no deposit by the deadline: the seat was released"),
            Status::Confirmed => (Event::Start, "the rotation started"),
            Status::InProgress if a.end_date < today => (Event::Complete, "the rotation ended"),
            _ => continue,
        };
        let Ok(to) = transition(a.status, event, Party::System) else { continue };
        let m = Move {
            id: a.id,
            from: a.status,
            version: a.version,
            to,
            actor_id: None,
            now: (state.accounts.now)(),
            note: note.into(),
            offer_expires_on: a.offer_expires_on,
            deposit_due_on: a.deposit_due_on,
        };
        if let Ok(done) = state.store.move_application(&m).await? {
            moved += 1;
            money_after(state, &a, &done, today, false).await?;
            notify(state, &done, By::Site).await;
            if a.status.holds_seat() && !done.status.holds_seat() && done.status == Status::Cancelled {
                offer_to_waitlist(state, a.block_id, today).await?;
            }
        }
    }
    Ok(moved)
}

async fn offer_to_waitlist(state: &AppState, block_id: i64, today: NaiveDate) -> Result<(), ApiError> {
    if let Some(next) = state.store.first_waitlisted(block_id).await? {
        let m = Move {
            id: next.id,
            from: Status::Waitlisted,
            version: next.version,
            to: Status::Offered,
            actor_id: None,
            now: (state.accounts.now)(),
            note: "a seat freed up: offered from the waitlist".into(),
            offer_expires_on: Some(plus_days(today, OFFER_DAYS).min(next.start_date)),
            deposit_due_on: None,
        };
        // Someone else moving it first is fine: then it is no longer waiting.
        if let Ok(offered) = state.store.move_application(&m).await? {
            notify(state, &offered, By::Site).await;
        }
    }
    Ok(())
}

macro_rules! step_route {
    ($name:ident, $path:literal, $event:expr, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "applications", security(("bearer" = [])), request_body = Option<StepBody>,
            params(("id" = i64, Path, description = "Application id")),
            responses(
                (status = 200, description = "Done", body = ApplicationView),
                (status = 401, description = "Not logged in", body = ErrorBody),
                (status = 403, description = "Not the caller's step to take", body = ErrorBody),
                (status = 404, description = "No such application, or not one the caller may see", body = ErrorBody),
                (status = 409, description = "Not possible from where the application stands, it changed meanwhile, the block is full, or dates overlap", body = ErrorBody)
            ))]
        pub async fn $name(
            State(state): State<AppState>,
            caller: ApiCaller,
            Path(id): Path<String>,
            MaybeBody(body): MaybeBody<StepBody>,
        ) -> Result<Json<ApplicationView>, ApiError> {
            let moved = step(&state, &caller, &id, $event, $action, body.unwrap_or_default()).await?;
            view(&state, moved).await
        }
    };
}

step_route!(offer, "/api/v1/applications/{id}/offer", Event::Offer, Action::Decide, "The site offers a seat (open for 7 days).");
step_route!(
    waitlist,
    "/api/v1/applications/{id}/waitlist",
    Event::Waitlist,
    Action::Decide,
    "The site waitlists the application; it is offered in turn when a seat frees up."
);
step_route!(reject, "/api/v1/applications/{id}/reject", Event::Reject, Action::Decide, "The site says no.");
step_route!(
    accept,
    "/api/v1/applications/{id}/accept",
    Event::Accept,
    Action::Respond,
    "The applicant takes the offered seat; it is held until the deposit is due (7 days)."
);
step_route!(
    withdraw,
    "/api/v1/applications/{id}/withdraw",
    Event::Withdraw,
    Action::Respond,
    "The applicant withdraws (or declines an offer)."
);
step_route!(
    confirm,
    "/api/v1/applications/{id}/confirm",
    Event::ConfirmDeposit,
    Action::Confirm,
    "The site records the deposit: the seat is confirmed."
);
step_route!(
    cancel,
    "/api/v1/applications/{id}/cancel",
    Event::Cancel,
    Action::Cancel,
    "A held seat is given up; the waitlist is offered it in order."
);
