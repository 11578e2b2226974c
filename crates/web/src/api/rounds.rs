//! `/api/v1/rounds`: placement rounds. A site's coordinator opens a round
//! for some of its blocks with a deadline; applicants rank the blocks they
//! may join; the site ranks its applicants per experience (or leaves the
//! order to the round's lottery); at the deadline the round runs
//! (`round_run.rs`) and everyone can read their result, explained.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::DateTime;
use matchready_core::account::{Action, AuditAction, Relation, Resource, User};
use matchready_core::round::{self, Event, Round, transition};
use matchready_store::{NewRound, RoundRefusal};

use super::body::Body;
use super::guard::{allow, member, own};
pub use super::round_types::*;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

fn closed(e: round::TransitionError) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "round_closed", e.to_string())
}

fn refused(r: RoundRefusal) -> ApiError {
    match r {
        RoundRefusal::Closed => ApiError::new(StatusCode::CONFLICT, "round_closed", "this round is no longer open for ranking"),
        RoundRefusal::BlockTaken(b) => ApiError::new(
            StatusCode::CONFLICT,
            "block_in_round",
            format!("block {b} is already in another open round; leave it out or cancel that round first"),
        ),
    }
}

/// Loads a round the caller may do `action` to (`resource`: the round, or its entries).
pub(crate) async fn target(
    state: &AppState,
    caller: &ApiCaller,
    raw: &str,
    resource: Resource,
    action: Action,
) -> Result<Round, ApiError> {
    let what = format!("round {raw}");
    if caller.user.is_none() {
        ApiError::denied(matchready_core::account::Decision::Unauthenticated, &what)?;
    }
    let id = raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let r = state.store.round(id).await?.ok_or_else(|| ApiError::not_found(format!("no {what}")))?;
    let relation = caller.user.as_ref().map_or(Relation::Unrelated, |u| Relation::of(&u.actor(), None, Some(r.site_id)));
    allow(caller, resource, action, relation, &what)?;
    Ok(r)
}

/// Open rounds (applicants: every site's open rounds and those I ranked in), or my site's (staff), or all open ones (admins).
#[utoipa::path(get, path = "/api/v1/rounds", tag = "rounds", security(("bearer" = [])),
    responses(
        (status = 200, description = "Rounds, newest first", body = [Round]),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants, site staff and admins only", body = ErrorBody)
    ))]
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<Round>>, ApiError> {
    let me = member(&caller, Resource::Round, Action::List)?;
    Ok(Json(rounds_for(&state, me).await?))
}

/// The rounds a person sees in the list.
pub(crate) async fn rounds_for(state: &AppState, me: &User) -> Result<Vec<Round>, ApiError> {
    use matchready_core::account::Role;
    Ok(match (me.role, me.site_id) {
        (Role::Applicant, _) => {
            let mut all = state.store.rounds(None).await?;
            for r in state.store.rounds_entered(me.id).await? {
                if !all.iter().any(|x| x.id == r.id) {
                    all.push(r);
                }
            }
            all.sort_by_key(|r| std::cmp::Reverse(r.id));
            all
        }
        (Role::Admin, _) => state.store.rounds(None).await?,
        (_, Some(site)) => state.store.rounds(Some(site)).await?,
        _ => Vec::new(),
    })
}

/// Open a placement round for some of the site's blocks. From then until the round ends, those
/// blocks take no direct applications: their seats go by the round.
#[utoipa::path(post, path = "/api/v1/rounds", tag = "rounds", security(("bearer" = [])), request_body = NewRoundBody,
    responses(
        (status = 201, description = "Opened", body = Round),
        (status = 400, description = "Each problem with the name, deadline or blocks", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The site's verified coordinators and admins only", body = ErrorBody),
        (status = 404, description = "The blocks belong to another site", body = ErrorBody),
        (status = 409, description = "A block is already in another open round", body = ErrorBody)
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    Body(body): Body<NewRoundBody>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    Ok((StatusCode::CREATED, Json(open_round(&state, &caller, body).await?)))
}

/// Opens a round as the caller; shared by the API and the pages.
pub(crate) async fn open_round(state: &AppState, caller: &ApiCaller, body: NewRoundBody) -> Result<Round, ApiError> {
    let Some(me) = caller.user.as_ref() else {
        return Err(ApiError::unauthenticated("log in first"));
    };
    let deadline = DateTime::parse_from_rfc3339(body.deadline.trim()).map(|d| d.timestamp()).map_err(|_| {
        ApiError::invalid_field("deadline", "give the deadline as an RFC 3339 time, e.g. 2027-01-15T17:00:00Z".into())
    })?;
    let facts = state.store.block_facts(&body.block_ids).await?;
    // The policy first, for the site the blocks belong to: another site's blocks are not the caller's to name.
    for site in facts.iter().map(|f| f.site_id) {
        allow(caller, Resource::Round, Action::Create, Relation::of(&me.actor(), None, Some(site)), "such block")?;
    }
    if facts.is_empty() {
        allow(caller, Resource::Round, Action::Create, Relation::of(&me.actor(), None, me.site_id), "such block")?;
    }
    let now = (state.accounts.now)();
    let site_id = round::check_new(&body.name, deadline, &body.block_ids, &facts, now)
        .map_err(|f| ApiError::invalid_fields("invalid_round", f))?;
    let mut seed = [0u8; 8];
    getrandom::fill(&mut seed).map_err(|e| {
        tracing::error!(error = %e, "no randomness for a round's lottery");
        ApiError::internal()
    })?;
    let new = NewRound {
        site_id,
        name: body.name.trim().to_string(),
        deadline,
        seed: i64::from_le_bytes(seed),
        block_ids: body.block_ids,
        created_by: me.id,
        now,
    };
    let r = state.store.create_round(&new).await?.map_err(refused)?;
    state
        .accounts
        .audit(Some(me.id), AuditAction::RoundOpened, format!("round:{}", r.id), Some(&caller.ip), r.name.clone())
        .await;
    Ok(r)
}

/// One round, with its blocks.
#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "The round", body = Round),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<Round>, ApiError> {
    Ok(Json(target(&state, &caller, &id, Resource::Round, Action::Read).await?))
}

/// Call off an open round: nobody is placed, and its blocks take applications again.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/cancel", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Cancelled", body = Round),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The site's verified coordinators and admins only", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "It already ran or was cancelled", body = ErrorBody)
    ))]
pub async fn cancel(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<Round>, ApiError> {
    Ok(Json(cancel_round(&state, &caller, &id).await?))
}

/// Cancels a round as the caller; shared by the API and the pages.
pub(crate) async fn cancel_round(state: &AppState, caller: &ApiCaller, raw: &str) -> Result<Round, ApiError> {
    let r = target(state, caller, raw, Resource::Round, Action::Cancel).await?;
    let now = (state.accounts.now)();
    transition(r.status, Event::Cancel, now, r.deadline.timestamp()).map_err(closed)?;
    if !state.store.cancel_round(r.id, now).await? {
        return Err(ApiError::new(StatusCode::CONFLICT, "round_closed", "this round ran or was cancelled meanwhile"));
    }
    let actor = caller.user.as_ref().map(|u| u.id);
    state.accounts.audit(actor, AuditAction::RoundCancelled, format!("round:{}", r.id), Some(&caller.ip), r.name.clone()).await;
    state.store.round(r.id).await?.ok_or_else(|| ApiError::not_found("no such round"))
}

/// My rank list in a round, which blocks I may rank (and why not), and, once it ran, my result explained.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/me", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "My entry", body = MyRound),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants only", body = ErrorBody),
        (status = 404, description = "No such round", body = ErrorBody)
    ))]
pub async fn mine(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<MyRound>, ApiError> {
    let me = own(&caller, Resource::RoundEntry, Action::Read)?;
    let r = target(&state, &caller, &id, Resource::Round, Action::Read).await?;
    Ok(Json(super::round_view::my_round(&state, me, r).await?))
}

/// Rank blocks of an open round, most wanted first (the whole list; an empty list leaves the round).
/// Each block must be one I may join: the same checks as applying.
#[utoipa::path(put, path = "/api/v1/rounds/{id}/me", tag = "rounds", security(("bearer" = [])), request_body = MyRanks,
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Saved", body = MyRound),
        (status = 400, description = "A block not in the round, ranked twice, or one I may not join (the message says why)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Applicants with a confirmed email only", body = ErrorBody),
        (status = 404, description = "No such round", body = ErrorBody),
        (status = 409, description = "The round is closed", body = ErrorBody)
    ))]
pub async fn rank_mine(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    Body(body): Body<MyRanks>,
) -> Result<Json<MyRound>, ApiError> {
    let (me, r) = save_my_ranks(&state, &caller, &id, &body.block_ids).await?;
    Ok(Json(super::round_view::my_round(&state, me, r).await?))
}

/// Saves the caller's rank list; shared by the API and the pages.
pub(crate) async fn save_my_ranks<'c>(
    state: &AppState,
    caller: &'c ApiCaller,
    raw: &str,
    block_ids: &[i64],
) -> Result<(&'c User, Round), ApiError> {
    let me = own(caller, Resource::RoundEntry, Action::Update)?;
    let r = target(state, caller, raw, Resource::Round, Action::Read).await?;
    let now = (state.accounts.now)();
    transition(r.status, Event::Rank, now, r.deadline.timestamp()).map_err(closed)?;
    let allowed: Vec<i64> = r.blocks.iter().map(|b| b.block_id).collect();
    round::check_ranks(block_ids, &allowed, "block_ids", "block")
        .map_err(|f| ApiError::invalid_fields("invalid_ranks", vec![f]))?;
    // The first ranked block the caller may not join is refused, with the reason and the block named.
    let (_, verdicts) = super::round_view::judge(state, me, &r).await?;
    let refused_block = r.blocks.iter().zip(verdicts).find(|(b, v)| v.is_some() && block_ids.contains(&b.block_id));
    if let Some((b, Some(e))) = refused_block {
        return Err(ApiError { message: format!("{} ({}): {}", b.experience_title, b.start_date, e.message), ..e });
    }
    state.store.save_entry(r.id, me.id, block_ids, now).await?.map_err(refused)?;
    Ok((me, r))
}

/// The site's view of a round: everyone who ranked its blocks, the site's order per experience, and
/// once it ran, every result.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/entries", tag = "rounds", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Entrants and the site's lists", body = SiteRound),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody)
    ))]
pub async fn entries(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<SiteRound>, ApiError> {
    let r = target(&state, &caller, &id, Resource::RoundEntry, Action::List).await?;
    Ok(Json(super::round_view::site_round(&state, r).await?))
}

/// The site ranks the applicants for one experience of an open round (the whole list, best first;
/// those left off are not placed there), or leaves the order to the round's lottery (`null`).
#[utoipa::path(put, path = "/api/v1/rounds/{id}/ranks", tag = "rounds", security(("bearer" = [])), request_body = SiteRanks,
    params(("id" = i64, Path, description = "Round id")),
    responses(
        (status = 200, description = "Saved", body = SiteRound),
        (status = 400, description = "Not an experience of the round, or an applicant who did not rank it, or ranked twice", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The site's verified staff and admins only", body = ErrorBody),
        (status = 404, description = "No such round, or not one the caller may see", body = ErrorBody),
        (status = 409, description = "The round is closed", body = ErrorBody)
    ))]
pub async fn rank_site(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    Body(body): Body<SiteRanks>,
) -> Result<Json<SiteRound>, ApiError> {
    let r = save_site_ranks(&state, &caller, &id, body).await?;
    Ok(Json(super::round_view::site_round(&state, r).await?))
}

/// Saves a site's rank list; shared by the API and the pages.
pub(crate) async fn save_site_ranks(state: &AppState, caller: &ApiCaller, raw: &str, body: SiteRanks) -> Result<Round, ApiError> {
    let r = target(state, caller, raw, Resource::Round, Action::Rank).await?;
    let me = caller.user.as_ref().ok_or_else(|| ApiError::unauthenticated("log in first"))?;
    let now = (state.accounts.now)();
    transition(r.status, Event::Rank, now, r.deadline.timestamp()).map_err(closed)?;
    let blocks: Vec<i64> = r.blocks.iter().filter(|b| b.experience_id == body.experience_id).map(|b| b.block_id).collect();
    if blocks.is_empty() {
        return Err(ApiError::invalid_field("experience_id", format!("experience {} is not in this round", body.experience_id)));
    }
    if let Some(list) = &body.applicant_ids {
        let chose: Vec<i64> = state
            .store
            .round_entries(r.id)
            .await?
            .into_iter()
            .filter(|e| e.ranks.iter().any(|b| blocks.contains(b)))
            .map(|e| e.applicant_id)
            .collect();
        round::check_ranks(list, &chose, "applicant_ids", "applicant")
            .map_err(|f| ApiError::invalid_fields("invalid_ranks", vec![f]))?;
    }
    state.store.save_site_ranks(r.id, body.experience_id, body.applicant_ids.as_deref(), me.id, now).await?.map_err(refused)?;
    Ok(r)
}
