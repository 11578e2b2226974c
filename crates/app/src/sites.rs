//! A site's own view (its people, its experiences published or not, and
//! its roster), publishing, and "book now". Only the site's verified
//! coordinators and admins see it; to anyone else it does not exist.

use matchready_core::account::policy::{Decision, decide};
use matchready_core::account::{Action, AuditAction, Resource, User};
use matchready_core::application::Status;
use matchready_core::rotation::HoursSummary;
use matchready_core::{Site, SiteExperience};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::guard::{allow, logged_in, parse_id, relation_to_site};
use crate::{App, AppError, AppResult, Caller};

#[derive(Serialize, ToSchema)]
pub struct SiteView {
    /// The site.
    pub site: Site,
    /// Its preceptors and coordinators.
    pub staff: Vec<User>,
    /// Its experiences, published or not.
    pub experiences: Vec<SiteExperience>,
    /// Who holds a seat, block by block (seat held, confirmed or in progress).
    pub roster: Vec<RosterBlock>,
}

/// One block's trainees.
#[derive(Serialize, ToSchema)]
pub struct RosterBlock {
    /// The block.
    pub block_id: i64,
    /// The experience.
    pub experience_title: String,
    /// First day.
    pub start_date: chrono::NaiveDate,
    /// Last day.
    pub end_date: chrono::NaiveDate,
    /// Its trainees.
    pub trainees: Vec<Trainee>,
}

/// A trainee on a roster.
#[derive(Serialize, ToSchema)]
pub struct Trainee {
    /// Their application.
    pub application_id: i64,
    /// Their account.
    pub applicant_id: i64,
    /// Their name.
    pub name: String,
    /// Seat held, confirmed or in progress.
    pub status: Status,
    /// Their hours so far, for those who may read them (the site's staff).
    pub hours: Option<HoursSummary>,
}

/// Loads a site view, if the caller may see it.
pub async fn site_view(app: &App, caller: &Caller, raw: &str) -> AppResult<SiteView> {
    let what = format!("site {raw}");
    logged_in(caller)?;
    let id = parse_id(raw, "site")?;
    allow(caller, Resource::Site, Action::Read, relation_to_site(caller, id), &what)?;
    let site = app.store.site(id).await?.ok_or_else(|| AppError::not_found(format!("no {what}")))?;
    let staff = app.store.users(Some(id)).await?;
    let experiences = app.store.site_experiences(id).await?;
    let mut roster: Vec<RosterBlock> = Vec::new();
    // Hours are the trainee's and the site's: the policy says whether the caller reads them here.
    let actor = caller.actor();
    let reads_hours = decide(actor.as_ref(), Resource::Hours, Action::Read, relation_to_site(caller, id)) == Decision::Allow;
    let mut hours: std::collections::HashMap<i64, Vec<_>> = std::collections::HashMap::new();
    if reads_hours {
        for h in app.store.site_hours(id).await? {
            hours.entry(h.application_id).or_default().push(h);
        }
    }
    for a in app.store.site_applications(id).await?.into_iter().filter(|a| a.status.holds_seat()) {
        let mine = hours.get(&a.id).map(Vec::as_slice).unwrap_or_default();
        let hours = reads_hours.then(|| HoursSummary::of(mine));
        let name = a.applicant_name.clone();
        let trainee = Trainee { application_id: a.id, applicant_id: a.applicant_id, name, status: a.status, hours };
        match roster.iter_mut().find(|r| r.block_id == a.block_id) {
            Some(r) => r.trainees.push(trainee),
            None => roster.push(RosterBlock {
                block_id: a.block_id,
                experience_title: a.experience_title,
                start_date: a.start_date,
                end_date: a.end_date,
                trainees: vec![trainee],
            }),
        }
    }
    roster.sort_by_key(|r| (r.start_date, r.block_id));
    Ok(SiteView { site, staff, experiences, roster })
}

/// Publishes or withdraws an experience, if the caller may.
pub async fn publish(app: &App, caller: &Caller, raw: &str, published: bool) -> AppResult<SiteExperience> {
    let what = format!("experience {raw}");
    logged_in(caller)?;
    let id = parse_id(raw, "experience")?;
    let (site, now_published) = app.store.experience_site(id).await?.ok_or_else(|| AppError::not_found(format!("no {what}")))?;
    let resource = if now_published { Resource::Experience } else { Resource::Draft };
    allow(caller, resource, Action::Publish, relation_to_site(caller, site), &what)?;
    app.store.set_published(id, published).await?;
    let action = if published { AuditAction::ExperiencePublished } else { AuditAction::ExperienceUnpublished };
    let actor = caller.id();
    app.accounts.audit(actor, action, format!("experience:{id}"), Some(&caller.ip), String::new()).await;
    let experiences = app.store.site_experiences(site).await?;
    experiences.into_iter().find(|e| e.id == id).ok_or_else(|| AppError::not_found(format!("no {what}")))
}

/// "Book now" on or off.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Booking {
    /// True: applying holds a seat at once, without review.
    pub instant: bool,
}

/// Turns "book now" on or off for an experience of the caller's site.
pub async fn set_booking(app: &App, caller: &Caller, raw: &str, booking: Booking) -> AppResult<Booking> {
    let what = format!("experience {raw}");
    logged_in(caller)?;
    let id = parse_id(raw, "experience")?;
    let (site, published) = app.store.experience_site(id).await?.ok_or_else(|| AppError::not_found(format!("no {what}")))?;
    let resource = if published { Resource::Experience } else { Resource::Draft };
    allow(caller, resource, Action::Publish, relation_to_site(caller, site), &what)?;
    app.store.set_instant_booking(id, booking.instant).await?;
    Ok(booking)
}
