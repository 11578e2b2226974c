//! Booking a consultation: the open times in the applicant's own zone, the booking itself (the
//! slot checked against the advisor's hours, notice and every call they have, then written with
//! its emails in one step that a racing booking cannot slip past), cancelling by the stated
//! policy, and each side's list of calls.

use chrono::{DateTime, NaiveDateTime};

use matchready_core::account::mail::Message;
use matchready_core::account::{Action, Relation, Resource, Role, User};
use matchready_core::advising::call::{CallEvent, CallStatus, Who, transition};
use matchready_core::advising::setup::Setup;
use matchready_core::advising::slots::{self, Slot, SlotError};
use matchready_core::advising::time::{Tz, instant, local, shown, zone};
use matchready_core::money::usd;
use matchready_store::{BookRefusal, Call, CallChange, NewCall, StoredOffering};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::guard::{allow, logged_in, member, own, parse_id};
use crate::{App, AppError, AppResult, Caller};

/// Days of open times shown at once.
pub const DAYS_SHOWN: u64 = 28;

/// An open time, in the reader's zone and the advisor's.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlotView {
    /// Start, seconds since 1970.
    pub starts_at: i64,
    /// End.
    pub ends_at: i64,
    /// The start in the reader's zone, e.g. "Mon 15 Mar 2027, 19:30 WAT".
    pub yours: String,
    /// The start in the advisor's zone.
    pub advisors: String,
}

/// A booking as sent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BookInput {
    /// The advisor's account id.
    pub advisor_id: i64,
    /// The kind of call.
    pub offering_id: i64,
    /// The start: an instant (`2027-03-15T14:00:00Z`, or seconds since 1970) or a wall-clock time
    /// in `zone` (`2027-03-15T09:00`).
    pub start: String,
    /// The applicant's IANA time zone, e.g. Africa/Lagos.
    pub zone: String,
}

/// A call as its applicant or advisor sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallView {
    /// Identifier.
    pub id: i64,
    /// The kind of call.
    pub name: String,
    /// The free introductory call.
    pub intro: bool,
    /// Its price, in cents.
    pub price_cents: i64,
    /// Start, seconds since 1970.
    pub starts_at: i64,
    /// End.
    pub ends_at: i64,
    /// Booked, cancelled or held.
    pub status: CallStatus,
    /// The start in the reader's zone.
    pub when: String,
    /// Who it is with: the advisor, for the applicant; the applicant, for the advisor.
    pub with: String,
    /// What a late cancellation left owed to the advisor, in cents.
    pub charge_cents: i64,
    /// The summary and next steps, once the advisor writes them.
    pub summary: String,
}

/// A call as `caller` reads it: the time in their own zone (the applicant's as they booked, the
/// advisor's as they set it), with the other side's name.
pub(crate) async fn view(app: &App, caller: &Caller, c: &Call) -> AppResult<CallView> {
    let advisor = caller.user.as_ref().is_some_and(|u| u.id == c.advisor_id);
    let tz = if advisor {
        let setup = app.store.setup(c.advisor_id).await?.and_then(|s| Setup::parse(&s.setup).ok());
        setup.map_or(Tz::UTC, |s| s.zone)
    } else {
        zone(&c.applicant_zone).unwrap_or(Tz::UTC)
    };
    let other = app.store.user(if advisor { c.applicant_id } else { c.advisor_id }).await?;
    Ok(CallView {
        with: other.map(|u| u.name).unwrap_or_default(),
        id: c.id,
        name: c.name.clone(),
        intro: c.intro,
        price_cents: c.price_cents,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        status: c.status,
        when: shown(tz, c.starts_at),
        charge_cents: c.charge_cents,
        summary: c.summary.clone(),
    })
}

/// The advisor's setup and one of their active offerings, or "not found".
async fn offering_of(app: &App, advisor_id: i64, offering_id: i64) -> AppResult<(Setup, StoredOffering)> {
    let missing = || AppError::not_found(format!("no consultation {offering_id} with advisor {advisor_id}"));
    let advisor = app.store.user(advisor_id).await?.filter(|u| u.role == Role::Advisor && !u.disabled);
    advisor.ok_or_else(missing)?;
    let stored = app.store.setup(advisor_id).await?.ok_or_else(missing)?;
    let setup = Setup::parse(&stored.setup).map_err(|_| AppError::internal())?;
    let o = app.store.offering(offering_id).await?.filter(|o| o.advisor_id == advisor_id).ok_or_else(missing)?;
    Ok((setup, o))
}

/// The advisor's calls from a day ago on, booked or held, as slots taken.
async fn taken(app: &App, advisor_id: i64, except: Option<i64>) -> AppResult<Vec<Slot>> {
    let now = app.now();
    let calls = app.store.advisor_calls(advisor_id, now - 86_400, now + 100 * 86_400).await?;
    let live = calls.iter().filter(|c| c.status != CallStatus::Cancelled && Some(c.id) != except);
    Ok(live.map(|c| Slot { start: c.starts_at, end: c.ends_at }).collect())
}

fn zone_field(name: &str) -> AppResult<Tz> {
    zone(name).map_err(|e| AppError::invalid_field("zone", e.to_string()))
}

/// The open times of an offering over the next four weeks, in `zone` (the reader's).
pub async fn open(app: &App, caller: &Caller, advisor: &str, offering: &str, zone_name: &str) -> AppResult<Vec<SlotView>> {
    member(caller, Resource::AdvisorSetup, Action::Read)?;
    let reader = zone_field(zone_name)?;
    let (advisor, offering) = (parse_id(advisor, "advisor")?, parse_id(offering, "consultation")?);
    let (setup, o) = offering_of(app, advisor, offering).await?;
    if !o.active {
        return Err(AppError::not_found(format!("no consultation {offering} with advisor {advisor}")));
    }
    let now = app.now();
    let from = local(setup.zone, now).date();
    let free = slots::open(&setup, o.offering.minutes, &taken(app, advisor, None).await?, now, from, DAYS_SHOWN);
    Ok(free
        .into_iter()
        .map(|s| SlotView {
            starts_at: s.start,
            ends_at: s.end,
            yours: shown(reader, s.start),
            advisors: shown(setup.zone, s.start),
        })
        .collect())
}

/// Reads a start: an instant with its offset, or a wall-clock time in the applicant's zone.
fn start_of(text: &str, tz: Tz) -> AppResult<i64> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.timestamp());
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    let wall = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").map_err(|_| {
        AppError::invalid_field("start", "give the start as 2027-03-15T09:00 in your zone, or as an instant with its offset")
    })?;
    instant(tz, wall.date(), wall.time()).map_err(|e| AppError::invalid_field("start", e.to_string()))
}

/// Books a call for the caller, an applicant: the slot must be open, the free call not yet had.
pub async fn book(app: &App, caller: &Caller, input: &BookInput) -> AppResult<CallView> {
    let me = own(caller, Resource::Consultation, Action::Create)?;
    place(app, caller, me, input, None).await
}

/// A new time for the caller's booked call, to a slot open now: the old call is cancelled and the
/// new one booked together (the invitation's sequence goes up). A paid call inside its
/// cancellation window, or one begun, cannot be moved.
pub async fn reschedule(app: &App, caller: &Caller, raw: &str, start: &str, zone_name: &str) -> AppResult<CallView> {
    let (old, _) = call_for(app, caller, raw, Action::Cancel).await?;
    let me = own(caller, Resource::Consultation, Action::Create)?;
    let now = app.now();
    if old.status != CallStatus::Booked || now >= old.starts_at {
        return Err(AppError::conflict("call_not_open", "only a booked call that has not begun can be moved"));
    }
    if old.price_cents > 0 && old.starts_at - now < old.cancel_hours * 3600 {
        return Err(AppError::conflict(
            "too_late_to_move",
            format!(
                "a paid call cannot be moved within {} hours of it: cancel it instead, by the stated policy",
                old.cancel_hours
            ),
        ));
    }
    let input =
        BookInput { advisor_id: old.advisor_id, offering_id: old.offering_id, start: start.into(), zone: zone_name.into() };
    place(app, caller, me, &input, Some(&old)).await
}

/// Books `input` for `me`, replacing `old` if given, in one write with its emails.
async fn place(app: &App, caller: &Caller, me: &User, input: &BookInput, old: Option<&Call>) -> AppResult<CallView> {
    let tz = zone_field(&input.zone)?;
    let start = start_of(&input.start, tz)?;
    let (setup, mut o) = offering_of(app, input.advisor_id, input.offering_id).await?;
    // A moved call keeps its price and terms; a new one needs an offering still offered.
    let (cancel_hours, late_cancel_percent) = match old {
        Some(old) => {
            o.offering.price_cents = old.price_cents;
            (old.cancel_hours, old.late_cancel_percent)
        }
        None if !o.active => return Err(AppError::not_found("no such consultation offered")),
        None => (setup.cancel_hours, setup.late_cancel_percent),
    };
    if o.offering.intro {
        let mine = app.store.applicant_calls(me.id).await?;
        let had = mine.into_iter().find(|c| c.intro && c.status != CallStatus::Cancelled && Some(c.id) != old.map(|o| o.id));
        if let Some(c) = had {
            return Err(intro_used(&c));
        }
    }
    let now = app.now();
    let busy = taken(app, input.advisor_id, old.map(|o| o.id)).await?;
    let slot = slots::check(&setup, o.offering.minutes, &busy, now, start).map_err(slot_error)?;
    let advisor = app.store.user(input.advisor_id).await?.ok_or_else(|| AppError::not_found("no such advisor"))?;
    let emails = booked_emails(me, &advisor, &o, slot, tz, &setup);
    let new = NewCall {
        advisor_id: advisor.id,
        applicant_id: me.id,
        offering: o,
        starts_at: slot.start,
        ends_at: slot.end,
        buffer_minutes: setup.buffer_minutes,
        cancel_hours,
        late_cancel_percent,
        applicant_zone: tz.name().to_string(),
        replaces: old.map(|c| (c.id, c.version)),
        emails,
        now,
    };
    match app.store.book(&new).await? {
        Ok(call) => view(app, caller, &call).await,
        Err(BookRefusal::Taken) => Err(slot_error(SlotError::Taken)),
        Err(BookRefusal::IntroUsed) => {
            Err(AppError::conflict("intro_used", "you have booked your free introductory call already"))
        }
        Err(BookRefusal::Stale) => Err(AppError::conflict("stale", "the call changed meanwhile: read it again")),
        Err(BookRefusal::NoAdvisor) => Err(AppError::not_found("no such advisor")),
    }
}

fn intro_used(c: &Call) -> AppError {
    let tz = zone(&c.applicant_zone).unwrap_or(Tz::UTC);
    AppError::conflict(
        "intro_used",
        format!(
            "the free introductory call is once per applicant: yours is on {}; book a paid session instead",
            shown(tz, c.starts_at)
        ),
    )
}

fn slot_error(e: SlotError) -> AppError {
    match e {
        SlotError::Taken => AppError::conflict("slot_taken", e.to_string()),
        e => AppError::invalid_field("start", e.to_string()),
    }
}

fn booked_emails(me: &User, advisor: &User, o: &StoredOffering, slot: Slot, tz: Tz, setup: &Setup) -> Vec<Message> {
    let price = if o.offering.price_cents == 0 { "free".to_string() } else { usd(o.offering.price_cents) };
    vec![
        Message {
            to: me.email.clone(),
            subject: format!("Booked: {} with {}", o.offering.name, advisor.name),
            body: format!(
                "Your {} with {} is booked for {} ({price}).\n\nJoin: {}\n\nYou will be reminded a day and an hour before. \
                 To cancel it, open Consultations in MatchReady.{}",
                o.offering.name,
                advisor.name,
                shown(tz, slot.start),
                setup.video_link,
                terms(o, setup)
            ),
        },
        Message {
            to: advisor.email.clone(),
            subject: format!("New call: {} with {}", o.offering.name, me.name),
            body: format!("{} booked a {} for {}.", me.name, o.offering.name, shown(setup.zone, slot.start)),
        },
    ]
}

/// The cancellation terms of a paid call, in a sentence.
fn terms(o: &StoredOffering, setup: &Setup) -> String {
    if o.offering.price_cents == 0 || setup.late_cancel_percent == 0 {
        return String::new();
    }
    format!(
        " Cancelling fewer than {} hours before it costs {}% of its price ({}).",
        setup.cancel_hours,
        setup.late_cancel_percent,
        usd(o.offering.price_cents * setup.late_cancel_percent / 100)
    )
}

/// A call the caller stands to as its applicant or advisor (anyone else: not found).
pub(crate) async fn call_for(app: &App, caller: &Caller, raw: &str, action: Action) -> AppResult<(Call, Who)> {
    logged_in(caller)?;
    let missing = || AppError::not_found("no consultation");
    let id = raw.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(missing)?;
    let call = app.store.call(id).await?.ok_or_else(missing)?;
    let me = caller.user.as_ref().map(|u| u.id);
    let relation = if me == Some(call.applicant_id) || me == Some(call.advisor_id) { Relation::Own } else { Relation::Unrelated };
    allow(caller, Resource::Consultation, action, relation, "consultation")?;
    let who = if caller.user.as_ref().is_some_and(|u| u.role == Role::Advisor) { Who::Advisor } else { Who::Applicant };
    Ok((call, who))
}

/// Cancels a booked call: inside the window a paid call costs the applicant the stated share.
pub async fn cancel(app: &App, caller: &Caller, raw: &str) -> AppResult<CallView> {
    let (call, who) = call_for(app, caller, raw, Action::Cancel).await?;
    let now = app.now();
    // The terms it was booked under, not the advisor's current ones.
    let offering = matchready_core::advising::call::Offering {
        name: call.name.clone(),
        minutes: (call.ends_at - call.starts_at) / 60,
        price_cents: call.price_cents,
        intro: call.intro,
        covers: String::new(),
    };
    let (status, cancellation) = transition(
        call.status,
        CallEvent::Cancel(who),
        now,
        call.starts_at,
        &offering,
        call.cancel_hours,
        call.late_cancel_percent,
    )
    .map_err(|e| AppError::conflict("call_not_open", e.to_string()))?;
    let charge_cents = cancellation.map_or(0, |c| c.charge_cents);
    let (applicant, advisor) = (app.store.user(call.applicant_id).await?, app.store.user(call.advisor_id).await?);
    let tz = zone(&call.applicant_zone).unwrap_or(Tz::UTC);
    let charged = if charge_cents > 0 {
        format!(
            " Cancelled inside {} hours of the call, {} is owed to the advisor by their stated policy.",
            call.cancel_hours,
            usd(charge_cents)
        )
    } else {
        String::new()
    };
    let emails = [applicant, advisor]
        .into_iter()
        .flatten()
        .map(|u| Message {
            to: u.email,
            subject: format!("Cancelled: {} on {}", call.name, shown(tz, call.starts_at)),
            body: format!("The {} on {} is cancelled.{charged}", call.name, shown(tz, call.starts_at)),
        })
        .collect();
    let change = CallChange { id: call.id, version: call.version, status, charge_cents, emails, now };
    if !app.store.change_call(&change).await? {
        return Err(AppError::conflict("stale", "the call changed meanwhile: read it again"));
    }
    let moved = app.store.call(call.id).await?.ok_or_else(AppError::internal)?;
    view(app, caller, &moved).await
}

/// The caller's calls: an applicant's own, or an advisor's, by start.
pub async fn mine(app: &App, caller: &Caller) -> AppResult<Vec<CallView>> {
    let me = member(caller, Resource::Consultation, Action::List)?;
    let calls = match me.role {
        Role::Advisor => app.store.advisor_calls(me.id, 0, i64::MAX).await?,
        Role::Applicant => app.store.applicant_calls(me.id).await?,
        _ => Vec::new(),
    };
    let mut out = Vec::with_capacity(calls.len());
    for c in &calls {
        out.push(view(app, caller, c).await?);
    }
    Ok(out)
}
