//! A rotation's hours: the entries the trainee logs and the preceptor's
//! sign-off, each change guarded by the application's `hours_version` so a
//! day judged against the others lands only if they did not change meanwhile.
//! Implemented for both backends in `hours_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::Application;
use matchready_core::rotation::hours::Day;
use matchready_core::rotation::{HoursEntry, HoursStatus};

use crate::StoreResult;

/// An entry to add.
#[derive(Debug, Clone)]
pub struct NewHours {
    /// The rotation (application).
    pub application_id: i64,
    /// The day as logged, checked by the core.
    pub day: Day,
    /// The entry it corrects (for a correction of a correction not yet signed, the signed entry
    /// at the root, which is replaced when this one is signed).
    pub corrects: Option<i64>,
    /// Entries not yet signed (pending or returned) that it replaces at once.
    pub replace_now: Vec<i64>,
    /// Now, seconds since 1970.
    pub now: i64,
}

/// The preceptor's decision on some pending entries of one rotation.
#[derive(Debug, Clone)]
pub struct HoursDecision {
    /// The rotation.
    pub application_id: i64,
    /// The entries; each must still be pending.
    pub ids: Vec<i64>,
    /// Signed or returned.
    pub to: HoursStatus,
    /// Why, when returned.
    pub comment: String,
    /// Signed entries that corrections among `ids` replace.
    pub replaced: Vec<i64>,
    /// Emails it causes, queued in the same transaction.
    pub emails: Vec<Message>,
    /// The preceptor.
    pub by: i64,
    /// Now, seconds since 1970.
    pub now: i64,
}

/// What storage keeps about hours.
#[async_trait]
pub trait HoursStore: Send + Sync {
    /// A rotation's entries, oldest day first, and its `hours_version`.
    async fn hours(&self, application_id: i64) -> StoreResult<(i64, Vec<HoursEntry>)>;
    /// Every entry of the site's applications that hold a seat (its roster's sums).
    async fn site_hours(&self, site_id: i64) -> StoreResult<Vec<HoursEntry>>;
    /// Adds an entry if the rotation's hours are still at `version` (`None`: they changed).
    async fn log_hours(&self, new: &NewHours, version: i64) -> StoreResult<Option<HoursEntry>>;
    /// Signs or returns entries, all or none, if the hours are still at `version` and every entry is
    /// still pending; false otherwise, with nothing changed.
    async fn decide_hours(&self, decision: &HoursDecision, version: i64) -> StoreResult<bool>;
    /// Rotations with an entry pending since `pending_since` or before, whose site was last reminded
    /// on or before `reminded_after` (or never).
    async fn hours_to_remind(&self, pending_since: NaiveDate, reminded_after: NaiveDate) -> StoreResult<Vec<Application>>;
    /// Marks the rotation reminded on `today` and queues the emails, in one transaction; false if
    /// another server reminded it first.
    async fn remind_hours(
        &self,
        application_id: i64,
        today: NaiveDate,
        reminded_after: NaiveDate,
        emails: &[Message],
        now: i64,
    ) -> StoreResult<bool>;
}
