//! The preceptor's evaluations of a trainee: one midpoint and one final per
//! rotation, drafts saved over, locked once submitted. Implemented for both
//! backends in `evaluations_sql.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::Application;
use matchready_core::rotation::evaluation::{EvalKind, Evaluation, EvaluationText, Reminder};

use crate::StoreResult;

/// An evaluation saved by a preceptor.
#[derive(Debug, Clone)]
pub struct EvaluationSave {
    /// The rotation (application).
    pub application_id: i64,
    /// Midpoint or final.
    pub kind: EvalKind,
    /// What it says.
    pub text: EvaluationText,
    /// Whether it is submitted (and locked) now.
    pub submit: bool,
    /// The preceptor.
    pub by: i64,
    /// Emails it causes, queued in the same transaction.
    pub emails: Vec<Message>,
    /// Now, seconds since 1970.
    pub now: i64,
}

/// What storage keeps about evaluations.
#[async_trait]
pub trait EvaluationStore: Send + Sync {
    /// A rotation's evaluations (at most one of each kind), midpoint first.
    async fn evaluations(&self, application_id: i64) -> StoreResult<Vec<Evaluation>>;
    /// Saves an evaluation (with its emails) if none of its kind was submitted; false otherwise,
    /// with nothing changed.
    async fn save_evaluation(&self, save: &EvaluationSave) -> StoreResult<bool>;
    /// Rotations under way, or done and started since `started_since`: those whose evaluations may
    /// still be due.
    async fn rotations_to_evaluate(&self, started_since: NaiveDate) -> StoreResult<Vec<Application>>;
    /// Marks the reminder sent and queues its emails, in one transaction; false if it was sent before.
    async fn remind_evaluation(
        &self,
        application_id: i64,
        kind: EvalKind,
        stage: Reminder,
        emails: &[Message],
        now: i64,
    ) -> StoreResult<bool>;
}
