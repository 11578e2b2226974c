//! Catalog search and experience detail.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use matchready_core::{Experience, RawSearch, SearchPage, SearchQuery};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};
use matchready_app::guard::{allow, relation_to_site};
use matchready_core::account::{Action, Resource};

/// An experience with the figures derived from it.
#[derive(Serialize, ToSchema)]
pub struct ExperienceDetail {
    /// The experience.
    #[serde(flatten)]
    pub experience: Experience,
    /// Hands-on (counts as USCE).
    pub hands_on: bool,
    /// The all-in price of a block, in cents.
    pub total_cents: i64,
    /// Whether the total includes estimates (insurance or housing the trainee arranges).
    pub total_includes_estimates: bool,
    /// The refund policy in sentences.
    pub refund_policy_in_words: Vec<String>,
    /// The first upcoming start date.
    pub next_start: Option<NaiveDate>,
}

impl ExperienceDetail {
    /// Derives the figures from `experience` as of `today`.
    pub fn new(experience: Experience, today: NaiveDate) -> Self {
        Self {
            hands_on: experience.kind.is_hands_on(),
            total_cents: experience.price.total_cents(),
            total_includes_estimates: experience.price.has_estimates(),
            refund_policy_in_words: experience.refund_policy.in_words(),
            next_start: experience.next_block(today).map(|b| b.start_date),
            experience,
        }
    }
}

/// Parses search parameters, or says what is wrong with them.
pub fn parse_search(query: Result<Query<RawSearch>, QueryRejection>, today: NaiveDate) -> Result<SearchQuery, ApiError> {
    let Query(raw) = query.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    SearchQuery::parse(&raw, today.year()).map_err(ApiError::invalid_query)
}

/// Parses an experience id from the path; anything else is simply not found.
pub fn parse_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(format!("no experience with id '{raw}'")))
}

/// Search the catalog: free text, filters, eligibility, sorting and paging.
#[utoipa::path(
    get,
    path = "/api/v1/experiences",
    tag = "catalog",
    params(RawSearch),
    responses(
        (status = 200, description = "One page of matching experiences", body = SearchPage),
        (status = 400, description = "A parameter could not be used; the message says how to fix it", body = ErrorBody)
    )
)]
pub async fn search(
    State(state): State<AppState>,
    query: Result<Query<RawSearch>, QueryRejection>,
) -> Result<Response, ApiError> {
    let today = state.today();
    let q = parse_search(query, today)?;
    let body = state.catalog.index().search_json(&q, today);
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// One experience with its site, preceptors, blocks, itemised price, refund policy and eligibility.
#[utoipa::path(
    get,
    path = "/api/v1/experiences/{id}",
    tag = "catalog",
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "The experience", body = ExperienceDetail),
        (status = 403, description = "A withdrawn experience of the caller's own site, and the caller is a host not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience (or one withdrawn from the catalog, unless it is the caller's site's)", body = ErrorBody)
    )
)]
pub async fn get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ExperienceDetail>, ApiError> {
    let id = parse_id(&id)?;
    if let Some((site, false)) = state.store.experience_site(id).await? {
        let relation = relation_to_site(&caller, site);
        allow(&caller, Resource::Draft, Action::Read, relation, &format!("experience with id {id}"))?;
    }
    let experience =
        state.store.experience(id).await?.ok_or_else(|| ApiError::not_found(format!("no experience with id {id}")))?;
    Ok(Json(ExperienceDetail::new(experience, state.today())))
}
