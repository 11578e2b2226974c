//! The applicant half of storage: profiles (and, next, documents and
//! applications). Implemented for both backends in `applicants_sql.rs`.

use async_trait::async_trait;
use matchready_core::RawProfile;

use crate::StoreResult;

/// A stored profile and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProfile {
    /// The profile, as codes.
    pub profile: RawProfile,
    /// Seconds since 1970.
    pub updated_at: i64,
}

/// What applicants keep.
#[async_trait]
pub trait ApplicantStore: Send + Sync {
    /// An applicant's profile, if they saved one.
    async fn profile(&self, user_id: i64) -> StoreResult<Option<StoredProfile>>;
    /// Saves (creates or replaces) an applicant's profile.
    async fn save_profile(&self, user_id: i64, profile: &RawProfile, now: i64) -> StoreResult<()>;
}
