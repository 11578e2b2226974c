//! Paying a site: each site's own instructions (bank details, a card link)
//! and the reminders of a deposit falling due. Implemented for both backends
//! in `payments_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::Application;

use crate::StoreResult;

/// What storage keeps about paying sites.
#[async_trait]
pub trait PaymentStore: Send + Sync {
    /// The site's instructions for paying it (empty if it gave none).
    async fn payment_instructions(&self, site_id: i64) -> StoreResult<String>;
    /// Replaces them (`by` is who wrote them).
    async fn set_payment_instructions(&self, site_id: i64, instructions: &str, by: i64, now: i64) -> StoreResult<()>;
    /// Held seats whose deposit falls due on or before `until` and whose applicant was not yet
    /// reminded of that deadline, oldest first.
    async fn deposits_to_remind(&self, until: NaiveDate) -> StoreResult<Vec<Application>>;
    /// Marks the reminder of the deadline `due_on` as sent and queues its email, in one
    /// transaction. False, with nothing queued, if the seat is no longer held to that deadline or
    /// its applicant was already reminded of it (by another server, say).
    async fn remind_deposit(&self, id: i64, due_on: NaiveDate, email: &Message, now: i64) -> StoreResult<bool>;
}
