//! The applicant statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use matchready_core::RawProfile;

use crate::applicants::{ApplicantStore, StoredProfile};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

macro_rules! applicants_impl {
    ($store:ident) => {
        #[async_trait]
        impl ApplicantStore for $store {
            async fn profile(&self, user_id: i64) -> StoreResult<Option<StoredProfile>> {
                let row: Option<(String, i64)> = sqlx::query_as("SELECT data, updated_at FROM profiles WHERE user_id = $1")
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|(data, updated_at)| {
                    let profile: RawProfile = serde_json::from_str(&data)
                        .map_err(|e| StoreError::Corrupt(format!("profile of user {user_id}: {e}")))?;
                    Ok(StoredProfile { profile, updated_at })
                })
                .transpose()
            }

            async fn save_profile(&self, user_id: i64, profile: &RawProfile, now: i64) -> StoreResult<()> {
                let data = serde_json::to_string(profile).map_err(|e| StoreError::Invalid(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO profiles (user_id, data, updated_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                )
                .bind(user_id)
                .bind(data)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }
        }
    };
}

applicants_impl!(SqliteStore);
applicants_impl!(PostgresStore);
