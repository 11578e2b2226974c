//! The applicant half of storage: profiles, and applications as they are
//! read and started (their moves and ledger are in `applications.rs`, the
//! vault in `documents.rs`). Implemented for both backends in `applicants_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::RawProfile;
use matchready_core::application::{Application, TimelineEntry};

use crate::StoreResult;

/// A stored profile and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProfile {
    /// The profile, as codes.
    pub profile: RawProfile,
    /// Seconds since 1970.
    pub updated_at: i64,
}

/// Why a new application was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyError {
    /// No such block.
    NoSuchBlock,
    /// The applicant already has a live application for this block.
    AlreadyApplied,
}

/// What applicants keep.
#[async_trait]
pub trait ApplicantStore: Send + Sync {
    /// An applicant's profile, if they saved one.
    async fn profile(&self, user_id: i64) -> StoreResult<Option<StoredProfile>>;
    /// Saves (creates or replaces) an applicant's profile.
    async fn save_profile(&self, user_id: i64, profile: &RawProfile, now: i64) -> StoreResult<()>;

    /// Starts an application (a draft) for a block; one live application per applicant and block.
    async fn create_application(
        &self,
        applicant_id: i64,
        block_id: i64,
        now: i64,
    ) -> StoreResult<Result<Application, ApplyError>>;
    /// One application.
    async fn application(&self, id: i64) -> StoreResult<Option<Application>>;
    /// An applicant's applications, newest first.
    async fn applications_of(&self, applicant_id: i64) -> StoreResult<Vec<Application>>;
    /// A site's applications, oldest first.
    async fn site_applications(&self, site_id: i64) -> StoreResult<Vec<Application>>;
    /// The newest `limit` applications of every site, newest first.
    async fn all_applications(&self, limit: i64) -> StoreResult<Vec<Application>>;
    /// The timeline of an application, oldest first.
    async fn timeline(&self, id: i64) -> StoreResult<Vec<TimelineEntry>>;
    /// Applications the calendar may move on `today`: offers and held seats past their deadline,
    /// confirmed seats whose block has started, and rotations in progress whose final evaluation is in (the
    /// caller checks end dates).
    async fn applications_due(&self, today: NaiveDate) -> StoreResult<Vec<Application>>;
    /// The block's waitlist, longest-waiting first, at most `limit`.
    async fn waitlist(&self, block_id: i64, limit: i64) -> StoreResult<Vec<Application>>;
    /// Whether an experience is "book now": applying holds a seat at once.
    async fn instant_booking(&self, experience_id: i64) -> StoreResult<bool>;
    /// Turns "book now" on or off. False if no such experience.
    async fn set_instant_booking(&self, experience_id: i64, instant: bool) -> StoreResult<bool>;
    /// The experience a block belongs to.
    async fn block_experience(&self, block_id: i64) -> StoreResult<Option<i64>>;
    /// A block's seats in all and seats left.
    async fn block_seats(&self, block_id: i64) -> StoreResult<Option<(i32, i32)>>;
}
