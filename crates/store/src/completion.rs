//! What a rotation leaves when it is done: its certificates of completion
//! (each with the facts it states, fixed when issued), the key that signs
//! their credentials, and the trainee's review of the rotation. Implemented
//! for both backends in `completion_sql.rs`.

use async_trait::async_trait;
use matchready_core::rotation::certificate::{Certificate, CertificateFacts};
use matchready_core::rotation::review::ReviewText;

use crate::StoreResult;

/// What storage keeps about completed rotations.
#[async_trait]
pub trait CompletionStore: Send + Sync {
    /// A rotation's certificates, newest first (revoked ones too).
    async fn certificates(&self, application_id: i64) -> StoreResult<Vec<Certificate>>;
    /// The certificate with this code, revoked or not.
    async fn certificate(&self, code: &str) -> StoreResult<Option<Certificate>>;
    /// Issues a certificate under `code` stating `facts`, revoking the rotation's older ones as
    /// superseded, unless its newest states the same: then that one is returned, revoked or not,
    /// and nothing is written. One issue per rotation at a time (the application's row is written
    /// first), so two requests issue one.
    async fn issue_certificate(
        &self,
        application_id: i64,
        code: &str,
        facts: &CertificateFacts,
        now: i64,
    ) -> StoreResult<Certificate>;
    /// Revokes a certificate; false if there is none under the code or it was revoked before.
    async fn revoke_certificate(&self, code: &str, by: i64, reason: &str, now: i64) -> StoreResult<bool>;
    /// The organisation's signing key (32 secret bytes, base64): `fresh` is stored if there is none
    /// yet, and whichever is stored is returned.
    async fn signing_key(&self, fresh: &str, now: i64) -> StoreResult<String>;
    /// Keeps the trainee's review of a rotation; false, with nothing changed, if there is one.
    async fn save_review(&self, application_id: i64, experience_id: i64, review: &ReviewText, now: i64) -> StoreResult<bool>;
    /// The trainee's own review of a rotation.
    async fn review(&self, application_id: i64) -> StoreResult<Option<ReviewText>>;
    /// Every review's ratings of an experience's rotations, oldest first.
    async fn experience_ratings(&self, experience_id: i64) -> StoreResult<Vec<[u8; 4]>>;
    /// Every review's ratings of the rotations of each experience a catalog preceptor teaches on,
    /// by experience, oldest first.
    async fn preceptor_ratings(&self, preceptor_id: i64) -> StoreResult<Vec<(i64, [u8; 4])>>;
}
