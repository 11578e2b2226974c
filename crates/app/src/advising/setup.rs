//! An advisor's own setup and offerings, and the directory every member books from.

use matchready_core::account::{Action, Resource, Role};
use matchready_core::advising::call::{CallStatus, Offering};
use matchready_core::advising::setup::{RawSetup, Setup};
use matchready_store::StoredOffering;
use serde::Serialize;
use utoipa::ToSchema;

use crate::guard::{member, own};
use crate::{App, AppError, AppResult, Caller};

/// An advisor as the directory shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdvisorCard {
    /// Their account id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their time zone.
    pub zone: String,
    /// What they offer.
    pub offerings: Vec<OfferingView>,
}

/// An offering as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfferingView {
    /// Identifier, to book.
    pub id: i64,
    /// What it is.
    #[serde(flatten)]
    pub offering: Offering,
}

impl From<StoredOffering> for OfferingView {
    fn from(o: StoredOffering) -> Self {
        Self { id: o.id, offering: o.offering }
    }
}

/// Saves the caller's setup (an advisor), or names each field to fix; the first save also offers
/// the free introductory call.
pub async fn save(app: &App, caller: &Caller, raw: &RawSetup) -> AppResult<RawSetup> {
    let me = own(caller, Resource::AdvisorSetup, Action::Update)?;
    let setup = Setup::parse(raw).map_err(|f| AppError::invalid_fields("invalid_setup", f))?;
    let raw = setup.raw();
    app.store.save_setup(me.id, &raw, app.now()).await?;
    if !app.store.offerings(me.id).await?.iter().any(|o| o.offering.intro) {
        app.store.add_offering(me.id, &Offering::intro(), app.now()).await?;
    }
    Ok(raw)
}

/// The caller's own setup, if saved.
pub async fn mine(app: &App, caller: &Caller) -> AppResult<Option<RawSetup>> {
    let me = own(caller, Resource::AdvisorSetup, Action::Read)?;
    Ok(app.store.setup(me.id).await?.map(|s| s.setup))
}

/// Adds a paid session (or another free one) to what the caller offers.
pub async fn offer(app: &App, caller: &Caller, offering: &Offering) -> AppResult<OfferingView> {
    let me = own(caller, Resource::AdvisorSetup, Action::Update)?;
    if app.store.setup(me.id).await?.is_none() {
        return Err(AppError::conflict("no_setup", "set your hours and time zone first"));
    }
    offering.check().map_err(|f| AppError::invalid_fields("invalid_offering", f))?;
    if offering.intro {
        return Err(AppError::invalid_field("intro", "the free introductory call is offered already"));
    }
    Ok(app.store.add_offering(me.id, offering, app.now()).await?.into())
}

/// Every advisor with their hours set, and what they offer: any member may read it, to book.
pub async fn directory(app: &App, caller: &Caller) -> AppResult<Vec<AdvisorCard>> {
    member(caller, Resource::AdvisorSetup, Action::Read)?;
    let mut cards = Vec::new();
    for s in app.store.advisor_setups().await? {
        let Some(user) = app.store.user(s.advisor_id).await? else { continue };
        if user.role != Role::Advisor || user.disabled {
            continue;
        }
        let offerings = app.store.offerings(s.advisor_id).await?.into_iter().filter(|o| o.active).map(Into::into).collect();
        cards.push(AdvisorCard { id: user.id, name: user.name, zone: s.setup.zone, offerings });
    }
    Ok(cards)
}

/// How much of an advisor's time is booked, for admins.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Utilisation {
    /// The advisor's account id.
    pub advisor_id: i64,
    /// Their name.
    pub name: String,
    /// Their time zone.
    pub zone: String,
    /// Minutes of hours set over the next four weeks.
    pub offered_minutes: i64,
    /// Minutes booked over the next four weeks.
    pub booked_minutes: i64,
    /// Booked over offered, in whole percent.
    pub booked_percent: i64,
    /// Calls held over the last four weeks.
    pub held: usize,
    /// Calls cancelled over the last four weeks (by start).
    pub cancelled: usize,
}

/// Each advisor's time booked ahead and calls of the last four weeks. Admins only.
pub async fn utilisation(app: &App, caller: &Caller) -> AppResult<Vec<Utilisation>> {
    member(caller, Resource::AdvisorSetup, Action::List)?;
    let (now, weeks) = (app.now(), 28 * 86_400);
    let mut out = Vec::new();
    for s in app.store.advisor_setups().await? {
        let (Some(user), Ok(setup)) = (app.store.user(s.advisor_id).await?, Setup::parse(&s.setup)) else { continue };
        if user.role != Role::Advisor || user.disabled {
            continue;
        }
        // Hours set from now to four weeks on: the half-hour starts the advisor's hours hold.
        let today = matchready_core::advising::time::local(setup.zone, now).date();
        let offered_minutes = 30
            * matchready_core::advising::slots::open(
                &Setup { notice_minutes: 0, buffer_minutes: 0, ..setup.clone() },
                30,
                &[],
                now,
                today,
                29,
            )
            .iter()
            .filter(|slot| slot.start < now + weeks)
            .count() as i64;
        let calls = app.store.advisor_calls(s.advisor_id, now - weeks, now + weeks).await?;
        let ahead = |c: &&matchready_store::Call| c.starts_at >= now && c.status != CallStatus::Cancelled;
        let booked_minutes: i64 = calls.iter().filter(ahead).map(|c| (c.ends_at - c.starts_at) / 60).sum();
        let past = |c: &&matchready_store::Call| c.starts_at < now;
        out.push(Utilisation {
            advisor_id: user.id,
            name: user.name,
            zone: setup.zone.name().to_string(),
            offered_minutes,
            booked_minutes,
            booked_percent: if offered_minutes > 0 { booked_minutes * 100 / offered_minutes } else { 0 },
            held: calls.iter().filter(past).filter(|c| c.status == CallStatus::Held).count(),
            cancelled: calls.iter().filter(past).filter(|c| c.status == CallStatus::Cancelled).count(),
        });
    }
    Ok(out)
}
