//! `/api/v1/me/profile`: the applicant's own profile.

use axum::Json;
use axum::extract::State;
use matchready_core::account::{Action, Resource};
use matchready_core::{Profile, RawProfile};
use serde::Serialize;
use utoipa::ToSchema;

use super::body::Body;
use super::guard::own;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A profile and when it last changed.
#[derive(Serialize, ToSchema)]
pub struct ProfileAnswer {
    /// The profile (every field empty until first saved).
    pub profile: RawProfile,
    /// When it was last saved, seconds since 1970; `null` if never.
    pub updated_at: Option<i64>,
}

/// My profile. Applicants only.
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "applicants", security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = ProfileAnswer),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Only applicants have a profile", body = ErrorBody)
    ))]
pub async fn get(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<ProfileAnswer>, ApiError> {
    let me = own(&caller, Resource::Profile, Action::Read)?;
    let stored = state.store.profile(me.id).await?;
    Ok(Json(match stored {
        Some(s) => ProfileAnswer { profile: s.profile, updated_at: Some(s.updated_at) },
        None => ProfileAnswer { profile: RawProfile::default(), updated_at: None },
    }))
}

/// Save my profile (the whole of it: fields left out are cleared). Every field that cannot be used is
/// named in `fields` and nothing is saved.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "applicants", security(("bearer" = [])), request_body = RawProfile,
    responses(
        (status = 200, description = "Saved", body = ProfileAnswer),
        (status = 400, description = "Fields that cannot be used, each with what to send", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Only applicants have a profile", body = ErrorBody)
    ))]
pub async fn put(
    State(state): State<AppState>,
    caller: ApiCaller,
    Body(raw): Body<RawProfile>,
) -> Result<Json<ProfileAnswer>, ApiError> {
    let me = own(&caller, Resource::Profile, Action::Update)?;
    let profile = Profile::parse(&raw, Some((state.today)())).map_err(|f| ApiError::invalid_fields("invalid_profile", f))?;
    let now = (state.accounts.now)();
    let raw = profile.raw();
    state.store.save_profile(me.id, &raw, now).await?;
    Ok(Json(ProfileAnswer { profile: raw, updated_at: Some(now) }))
}
