//! The applicant's own profile.

use matchready_core::account::{Action, Resource, User};
use matchready_core::search::profile_facts_in_words;
use matchready_core::{Profile, RawProfile, RawSearch};
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

/// "Only what I can join", answered from the caller's saved profile.
#[derive(Debug, Clone)]
pub struct LikeMe {
    /// What to search: `raw`, with the profile's answers when they were used.
    pub searched: RawSearch,
    /// The saved profile's answers in words (empty: not a signed-in applicant, or nothing saved).
    pub words: Vec<String>,
    /// Whether the profile answered (asked for, and the search gave no answers of its own).
    pub used: bool,
}

/// The search `raw` with the "someone like me" answers of the caller's saved profile, when `mine`
/// asks for them and `raw` gives none of its own (answers given win). Anyone else, or a caller
/// with nothing saved, searches `raw` as it is.
pub async fn like_me(app: &App, caller: &Caller, raw: RawSearch, mine: bool) -> LikeMe {
    let applicant = caller.user.as_ref().is_some_and(|u| u.role == matchready_core::account::Role::Applicant);
    let saved = if applicant { get(app, caller).await.ok().map(|a| a.profile) } else { None };
    let words = saved.as_ref().map(profile_facts_in_words).unwrap_or_default();
    match saved {
        Some(p) if mine && !words.is_empty() && !raw.has_facts() => {
            LikeMe { searched: raw.with_profile_facts(&p), words, used: true }
        }
        _ => LikeMe { searched: raw, words, used: false },
    }
}
