//! `/api/v1/sites/{id}`: a site's own view (its people, and its experiences published or not),
//! and publishing. Only the site's coordinators and admins see it; to anyone else it does not exist.

use axum::Json;
use axum::extract::{Path, State};
use matchready_core::account::{Action, AuditAction, Decision, Resource, User};
use matchready_core::application::Status;
use matchready_core::{Site, SiteExperience};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::guard::{allow, relation_to_site};
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A site as its staff see it.
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
}

/// Loads a site view, if the caller may see it.
pub async fn site_view(state: &AppState, caller: &ApiCaller, raw: &str) -> Result<SiteView, ApiError> {
    let what = format!("site {raw}");
    if caller.user.is_none() {
        ApiError::denied(Decision::Unauthenticated, &what)?;
    }
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    allow(caller, Resource::Site, Action::Read, relation_to_site(caller, id), &what)?;
    let site = state.store.site(id).await?.ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let staff = state.store.users(Some(id)).await?;
    let experiences = state.store.site_experiences(id).await?;
    let mut roster: Vec<RosterBlock> = Vec::new();
    for a in state.store.site_applications(id).await?.into_iter().filter(|a| a.status.holds_seat()) {
        let name = state.store.user(a.applicant_id).await?.map(|u| u.name).unwrap_or_default();
        let trainee = Trainee { application_id: a.id, applicant_id: a.applicant_id, name, status: a.status };
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

/// A site's own view: staff and experiences, published or not.
#[utoipa::path(get, path = "/api/v1/sites/{id}", tag = "sites", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Site id")),
    responses(
        (status = 200, description = "The site", body = SiteView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such site, or not the caller's", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<SiteView>, ApiError> {
    Ok(Json(site_view(&state, &caller, &id).await?))
}

/// Publishes or withdraws an experience, if the caller may.
pub async fn publish(state: &AppState, caller: &ApiCaller, raw: &str, published: bool) -> Result<SiteExperience, ApiError> {
    let what = format!("experience {raw}");
    if caller.user.is_none() {
        ApiError::denied(Decision::Unauthenticated, &what)?;
    }
    let id = crate::experience_id(raw).ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let (site, now_published) =
        state.store.experience_site(id).await?.ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let resource = if now_published { Resource::Experience } else { Resource::Draft };
    allow(caller, resource, Action::Publish, relation_to_site(caller, site), &what)?;
    state.store.set_published(id, published).await?;
    let action = if published { AuditAction::ExperiencePublished } else { AuditAction::ExperienceUnpublished };
    let actor = caller.user.as_ref().map(|u| u.id);
    state.accounts.audit(actor, action, format!("experience:{id}"), Some(&caller.ip), String::new()).await;
    let experiences = state.store.site_experiences(site).await?;
    experiences.into_iter().find(|e| e.id == id).ok_or_else(|| ApiError::not_found(format!("no {what}")))
}

/// Publish an experience: it shows in the catalog within about a second. Verified coordinators of its site, and admins.
#[utoipa::path(post, path = "/api/v1/experiences/{id}/publish", tag = "sites", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "Published", body = SiteExperience),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to publish, or the caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience", body = ErrorBody)
    ))]
pub async fn publish_experience(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SiteExperience>, ApiError> {
    Ok(Json(publish(&state, &caller, &id, true).await?))
}

/// Withdraw an experience from the catalog (its page answers 404 to the public).
#[utoipa::path(post, path = "/api/v1/experiences/{id}/unpublish", tag = "sites", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "Withdrawn", body = SiteExperience),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to withdraw, or the caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience", body = ErrorBody)
    ))]
pub async fn unpublish_experience(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SiteExperience>, ApiError> {
    Ok(Json(publish(&state, &caller, &id, false).await?))
}

/// "Book now" on or off.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Booking {
    /// True: applying holds a seat at once, without review.
    pub instant: bool,
}

/// Turn "book now" on or off for an experience. Verified coordinators of its site, and admins.
#[utoipa::path(post, path = "/api/v1/experiences/{id}/booking", tag = "sites", security(("bearer" = [])), request_body = Booking,
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "Changed", body = Booking),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the caller's to change, or the caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience", body = ErrorBody)
    ))]
pub async fn booking(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(raw): Path<String>,
    super::body::Body(body): super::body::Body<Booking>,
) -> Result<Json<Booking>, ApiError> {
    let what = format!("experience {raw}");
    if caller.user.is_none() {
        ApiError::denied(Decision::Unauthenticated, &what)?;
    }
    let id = crate::experience_id(&raw).ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let (site, published) = state.store.experience_site(id).await?.ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let resource = if published { Resource::Experience } else { Resource::Draft };
    allow(&caller, resource, Action::Publish, relation_to_site(&caller, site), &what)?;
    state.store.set_instant_booking(id, body.instant).await?;
    Ok(Json(Booking { instant: body.instant }))
}
