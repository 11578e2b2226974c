//! Around the call: what the advisor may read of the applicant before it, marking it held, and
//! the write-up after it: private notes (the advisor's alone), a summary with next steps the
//! applicant sees, and a rotation plan the advisor made for them, with its weights as set.

use matchready_core::RawProfile;
use matchready_core::account::mail::Message;
use matchready_core::account::{Action, Relation, Resource, Role};
use matchready_core::advising::call::{CallEvent, CallStatus, Offering, transition};
use matchready_core::advising::ics::{Invite, ics};
use matchready_core::application::Application;
use matchready_core::plan::{Plan, RawPlanOptions};
use matchready_store::{Call, CallChange, WriteUpSave};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::book::{CallView, call_for, view};
use crate::guard::allow;
use crate::{App, AppError, AppResult, Caller};

/// The most characters of notes and of a summary.
pub const MAX_TEXT: usize = 10_000;

/// What the advisor writes after a call.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct WriteUp {
    /// Private notes: no one but the advisor reads them.
    #[serde(default)]
    pub notes: String,
    /// The summary and next steps the applicant reads.
    #[serde(default)]
    pub summary: String,
    /// A rotation plan to attach, made with these options (the advisor's budget, dates, weights).
    #[serde(default)]
    pub plan: Option<RawPlanOptions>,
}

/// A call with what it left: the summary and the plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallDetail {
    /// The call.
    #[serde(flatten)]
    pub call: CallView,
    /// The applicant's account id.
    pub applicant_id: i64,
    /// The advisor's account id.
    pub advisor_id: i64,
    /// The kind of call, to book another time of it.
    pub offering_id: i64,
    /// The applicant's time zone as they booked.
    pub applicant_zone: String,
    /// The applicant's name.
    pub applicant_name: String,
    /// The advisor's name.
    pub advisor_name: String,
    /// The plan attached to the summary.
    pub plan: Option<Plan>,
}

/// An applicant's file as the advisor of a call they booked sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdvisedFile {
    /// Their name.
    pub name: String,
    /// Their profile.
    pub profile: RawProfile,
    /// Their applications and rotations.
    #[schema(value_type = Vec<Object>)]
    pub applications: Vec<Application>,
}

/// One call with its summary and plan, for its applicant or advisor.
pub async fn detail(app: &App, caller: &Caller, raw: &str) -> AppResult<CallDetail> {
    let (call, _) = call_for(app, caller, raw, Action::Read).await?;
    detail_of(app, caller, &call).await
}

async fn detail_of(app: &App, caller: &Caller, call: &Call) -> AppResult<CallDetail> {
    let name = |u: Option<matchready_core::account::User>| u.map(|u| u.name).unwrap_or_default();
    let plan = match &call.plan {
        Some(json) => Some(serde_json::from_str::<Plan>(json).map_err(|e| {
            tracing::error!(call = call.id, error = %e, "a stored plan cannot be read");
            AppError::internal()
        })?),
        None => None,
    };
    Ok(CallDetail {
        call: view(app, caller, call).await?,
        applicant_id: call.applicant_id,
        advisor_id: call.advisor_id,
        offering_id: call.offering_id,
        applicant_zone: call.applicant_zone.clone(),
        applicant_name: name(app.store.user(call.applicant_id).await?),
        advisor_name: name(app.store.user(call.advisor_id).await?),
        plan,
    })
}

/// The advisor says the call took place (from its start on).
pub async fn hold(app: &App, caller: &Caller, raw: &str) -> AppResult<CallDetail> {
    let (call, _) = call_for(app, caller, raw, Action::Update).await?;
    let any = Offering { price_cents: call.price_cents, ..Offering::intro() };
    let (status, _) = transition(call.status, CallEvent::Hold, app.now(), call.starts_at, &any, 0, 0)
        .map_err(|e| AppError::conflict("call_not_open", e.to_string()))?;
    let change = CallChange { id: call.id, version: call.version, status, charge_cents: 0, emails: Vec::new(), now: app.now() };
    if !app.store.change_call(&change).await? {
        return Err(AppError::conflict("stale", "the call changed meanwhile: read it again"));
    }
    let held = app.store.call(call.id).await?.ok_or_else(AppError::internal)?;
    detail_of(app, caller, &held).await
}

/// The advisor's write-up of a held call; with plan options, the plan made for the applicant is
/// attached. The applicant is emailed that it is there, never the notes.
pub async fn write_up(app: &App, caller: &Caller, raw: &str, w: &WriteUp) -> AppResult<CallDetail> {
    let (call, _) = call_for(app, caller, raw, Action::Update).await?;
    allow(caller, Resource::ConsultationNotes, Action::Update, Relation::Own, "consultation")?;
    if call.status != CallStatus::Held {
        return Err(AppError::conflict("not_held", "mark the call as held first: a write-up follows the call"));
    }
    for (field, text) in [("notes", &w.notes), ("summary", &w.summary)] {
        if text.chars().count() > MAX_TEXT {
            return Err(AppError::invalid_field(field, format!("keep it to {MAX_TEXT} characters")));
        }
    }
    let plan = match &w.plan {
        Some(options) => {
            let plan = crate::plans::for_applicant(app, call.applicant_id, options).await?;
            Some(serde_json::to_string(&plan).map_err(|_| AppError::internal())?)
        }
        None => call.plan.clone(),
    };
    let now = app.now();
    let link = app.link(&format!("/consultations/{}", call.id));
    let with_plan = if plan.is_some() { ", with a rotation plan" } else { "" };
    let emails: Vec<Message> = app
        .store
        .user(call.applicant_id)
        .await?
        .into_iter()
        .map(|applicant| Message {
            to: applicant.email,
            subject: format!("Your advisor's summary of your {}", call.name),
            body: format!("Your advisor has written a summary and next steps{with_plan}. Read it here: {link}"),
        })
        .collect();
    let save = WriteUpSave {
        id: call.id,
        version: call.version,
        notes: w.notes.trim().to_string(),
        summary: w.summary.trim().to_string(),
        plan,
        emails,
        now,
    };
    if !app.store.write_up(&save).await? {
        return Err(AppError::conflict("stale", "the call changed meanwhile: read it again"));
    }
    let written = app.store.call(call.id).await?.ok_or_else(AppError::internal)?;
    detail_of(app, caller, &written).await
}

/// The advisor's private notes on a call.
pub async fn notes(app: &App, caller: &Caller, raw: &str) -> AppResult<String> {
    let (call, _) = call_for(app, caller, raw, Action::Read).await?;
    allow(caller, Resource::ConsultationNotes, Action::Read, Relation::Own, "consultation")?;
    Ok(app.store.call_notes(call.id).await?.unwrap_or_default())
}

/// How long after a call its advisor may still read the applicant's file.
pub const FILE_OPEN_DAYS: i64 = 90;

/// An applicant's file for the advisor of a call they booked: from the booking until
/// [`FILE_OPEN_DAYS`] after the call (not once cancelled); anyone else: not found. Their passport's
/// facts stay out: an advisor needs where they stand, not who they are on paper.
pub async fn advised_file(app: &App, caller: &Caller, raw: &str) -> AppResult<AdvisedFile> {
    crate::guard::logged_in(caller)?;
    let applicant = raw.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| AppError::not_found("no applicant"))?;
    let me = caller.user.as_ref();
    let booked = match me.filter(|u| u.role == Role::Advisor) {
        Some(u) => {
            let until = app.now() - FILE_OPEN_DAYS * 86_400;
            let calls = app.store.applicant_calls(applicant).await?;
            calls.iter().any(|c| c.advisor_id == u.id && c.status != CallStatus::Cancelled && c.ends_at >= until)
        }
        None => false,
    };
    let relation = if booked { Relation::Own } else { Relation::Unrelated };
    allow(caller, Resource::AdvisedFile, Action::Read, relation, "applicant")?;
    let user = app.store.user(applicant).await?.ok_or_else(|| AppError::not_found("no applicant"))?;
    Ok(AdvisedFile {
        name: user.name,
        profile: app
            .store
            .profile(applicant)
            .await?
            .map(|s| RawProfile { date_of_birth: None, citizenship: None, passport_number: None, ..s.profile })
            .unwrap_or_default(),
        applications: app.store.applications_of(applicant).await?,
    })
}

/// The call's calendar invitation (RFC 5545), for its applicant or advisor: the same UID with a
/// higher sequence after each change, and a cancellation once cancelled.
pub async fn invitation(app: &App, caller: &Caller, raw: &str) -> AppResult<String> {
    let (call, _) = call_for(app, caller, raw, Action::Read).await?;
    let (Some(applicant), Some(advisor)) = (app.store.user(call.applicant_id).await?, app.store.user(call.advisor_id).await?)
    else {
        return Err(AppError::not_found("no consultation"));
    };
    let link = app.store.setup(call.advisor_id).await?.map(|s| s.setup.video_link).unwrap_or_default();
    // One event however often it moves: the UID of the first call of the chain.
    let mut first = call.id;
    let mut before = call.replaces_id;
    for _ in 0..100 {
        let Some(id) = before else { break };
        first = id;
        before = app.store.call(id).await?.and_then(|c| c.replaces_id);
    }
    let public = app.link("");
    let host =
        public.split("://").nth(1).unwrap_or("").split(['/', ':']).next().filter(|h| !h.is_empty()).unwrap_or("matchready");
    let uid = format!("consultation-{first}@{host}");
    let summary = format!("{} with {}", call.name, advisor.name);
    let description = format!("{} between {} and {}, booked on MatchReady.", call.name, applicant.name, advisor.name);
    Ok(ics(&Invite {
        uid: &uid,
        sequence: call.sequence,
        cancelled: call.status == CallStatus::Cancelled,
        stamp: call.updated_at,
        start: call.starts_at,
        end: call.ends_at,
        summary: &summary,
        description: &description,
        video_link: &link,
        organizer: (&advisor.name, &advisor.email),
        attendee: (&applicant.name, &applicant.email),
    }))
}
