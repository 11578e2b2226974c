//! An advisor's own setup and offerings, and the directory every member books from.

use matchready_core::account::{Action, Resource, Role};
use matchready_core::advising::call::Offering;
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
