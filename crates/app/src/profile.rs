//! The applicant's own profile.

use matchready_core::account::{Action, Resource, User};
use matchready_core::{Profile, RawProfile};
use serde::Serialize;
use utoipa::ToSchema;

use crate::guard::own;
use crate::{App, AppError, AppResult, Caller};

/// A profile and when it last changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileAnswer {
    /// The profile, as codes.
    pub profile: RawProfile,
    /// When it was last saved, seconds since 1970; `None` if never.
    pub updated_at: Option<i64>,
}

/// The caller's profile (empty if never saved).
pub async fn get(app: &App, caller: &Caller) -> AppResult<ProfileAnswer> {
    let me = own(caller, Resource::Profile, Action::Read)?;
    Ok(match app.store.profile(me.id).await? {
        Some(s) => ProfileAnswer { profile: s.profile, updated_at: Some(s.updated_at) },
        None => ProfileAnswer { profile: RawProfile::default(), updated_at: None },
    })
}

/// Whether the caller may save a profile: asked first by a form, before its fields are read.
pub fn may_save(caller: &Caller) -> AppResult<&User> {
    own(caller, Resource::Profile, Action::Update)
}

/// Saves the caller's profile, or names each field that cannot be used (nothing is saved then).
pub async fn save(app: &App, caller: &Caller, raw: &RawProfile) -> AppResult<ProfileAnswer> {
    let me = may_save(caller)?;
    let profile = Profile::parse(raw, Some(app.today())).map_err(|f| AppError::invalid_fields("invalid_profile", f))?;
    let now = app.now();
    let raw = profile.raw();
    app.store.save_profile(me.id, &raw, now).await?;
    Ok(ProfileAnswer { profile: raw, updated_at: Some(now) })
}
