//! The applicant statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use chrono::{Days, NaiveDate};
use matchready_core::RawProfile;
use matchready_core::application::{Application, Status, TimelineEntry};

use crate::applicants::{ApplicantStore, ApplyError, StoredProfile};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

pub(crate) const APPLICATION_SQL: &str = "SELECT a.id, a.applicant_id, a.block_id, b.experience_id, e.title, e.site_id, b.start_date, b.weeks, \
     a.status, a.version, a.offer_expires_on, a.deposit_due_on, a.created_at, a.updated_at, s.name AS site_name, \
     u.name AS applicant_name \
     FROM applications a JOIN blocks b ON b.id = a.block_id JOIN experiences e ON e.id = b.experience_id \
     JOIN sites s ON s.id = e.site_id JOIN users u ON u.id = a.applicant_id";

#[derive(sqlx::FromRow)]
pub(crate) struct ApplicationRow {
    id: i64,
    applicant_id: i64,
    block_id: i64,
    experience_id: i64,
    title: String,
    site_id: i64,
    start_date: NaiveDate,
    weeks: i32,
    status: String,
    version: i64,
    offer_expires_on: Option<NaiveDate>,
    deposit_due_on: Option<NaiveDate>,
    created_at: i64,
    updated_at: i64,
    site_name: String,
    applicant_name: String,
}

fn end_date(start: NaiveDate, weeks: i32) -> NaiveDate {
    start.checked_add_days(Days::new(u64::try_from(weeks.max(1)).unwrap_or(1) * 7 - 1)).unwrap_or(start)
}

fn status(code: &str) -> StoreResult<Status> {
    Status::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("unknown application status '{code}'")))
}

impl ApplicationRow {
    fn into_application(self) -> StoreResult<Application> {
        Ok(Application {
            id: self.id,
            applicant_id: self.applicant_id,
            block_id: self.block_id,
            experience_id: self.experience_id,
            experience_title: self.title,
            site_name: self.site_name,
            applicant_name: self.applicant_name,
            site_id: self.site_id,
            start_date: self.start_date,
            end_date: end_date(self.start_date, self.weeks),
            status: status(&self.status)?,
            version: self.version,
            offer_expires_on: self.offer_expires_on,
            deposit_due_on: self.deposit_due_on,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

pub(crate) fn applications(rows: Vec<ApplicationRow>) -> StoreResult<Vec<Application>> {
    rows.into_iter().map(ApplicationRow::into_application).collect()
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

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

            async fn create_application(
                &self,
                applicant_id: i64,
                block_id: i64,
                now: i64,
            ) -> StoreResult<Result<Application, ApplyError>> {
                let mut tx = self.pool.begin().await?;
                let inserted = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO applications (applicant_id, block_id, status, created_at, updated_at) \
                     SELECT $1, id, 'draft', $3, $3 FROM blocks WHERE id = $2 RETURNING id",
                )
                .bind(applicant_id)
                .bind(block_id)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await;
                let id = match inserted {
                    Ok(Some(id)) => id,
                    Ok(None) => return Ok(Err(ApplyError::NoSuchBlock)),
                    Err(e) if is_unique_violation(&e) => return Ok(Err(ApplyError::AlreadyApplied)),
                    Err(e) => return Err(e.into()),
                };
                sqlx::query(
                    "INSERT INTO application_events (application_id, at, actor_id, from_status, to_status, note) \
                     VALUES ($1, $2, $3, NULL, 'draft', 'started')",
                )
                .bind(id)
                .bind(now)
                .bind(applicant_id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                match self.application(id).await? {
                    Some(a) => Ok(Ok(a)),
                    None => Err(StoreError::Corrupt(format!("application {id} vanished"))),
                }
            }

            async fn application(&self, id: i64) -> StoreResult<Option<Application>> {
                let row = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!("{APPLICATION_SQL} WHERE a.id = $1")))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(ApplicationRow::into_application).transpose()
            }

            async fn applications_of(&self, applicant_id: i64) -> StoreResult<Vec<Application>> {
                let rows = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!(
                    "{APPLICATION_SQL} WHERE a.applicant_id = $1 ORDER BY a.id DESC"
                )))
                .bind(applicant_id)
                .fetch_all(&self.pool)
                .await?;
                applications(rows)
            }

            async fn site_applications(&self, site_id: i64) -> StoreResult<Vec<Application>> {
                let rows =
                    sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!("{APPLICATION_SQL} WHERE e.site_id = $1 ORDER BY a.id")))
                        .bind(site_id)
                        .fetch_all(&self.pool)
                        .await?;
                applications(rows)
            }

            async fn all_applications(&self, limit: i64) -> StoreResult<Vec<Application>> {
                let rows =
                    sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!("{APPLICATION_SQL} ORDER BY a.id DESC LIMIT $1")))
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?;
                applications(rows)
            }

            async fn timeline(&self, id: i64) -> StoreResult<Vec<TimelineEntry>> {
                let rows: Vec<(i64, Option<i64>, Option<String>, String, String)> = sqlx::query_as(
                    "SELECT at, actor_id, from_status, to_status, note FROM application_events WHERE application_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(at, actor_id, from, to, note)| {
                        Ok(TimelineEntry { at, actor_id, from: from.as_deref().map(status).transpose()?, to: status(&to)?, note })
                    })
                    .collect()
            }

            async fn applications_due(&self, today: NaiveDate) -> StoreResult<Vec<Application>> {
                let rows = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!(
                    "{APPLICATION_SQL} WHERE (a.status = 'offered' AND a.offer_expires_on < $1) \
                     OR (a.status = 'accepted' AND a.deposit_due_on < $1) \
                     OR (a.status = 'confirmed' AND b.start_date <= $1) \
                     OR (a.status = 'in_progress' AND EXISTS (SELECT 1 FROM evaluations e \
                     WHERE e.application_id = a.id AND e.kind = 'final' AND e.submitted)) ORDER BY a.id"
                )))
                .bind(today)
                .fetch_all(&self.pool)
                .await?;
                applications(rows)
            }

            async fn waitlist(&self, block_id: i64, limit: i64) -> StoreResult<Vec<Application>> {
                let rows = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!(
                    "{APPLICATION_SQL} WHERE a.block_id = $1 AND a.status = 'waitlisted' ORDER BY a.waitlisted_at, a.id LIMIT $2"
                )))
                .bind(block_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                applications(rows)
            }

            async fn instant_booking(&self, experience_id: i64) -> StoreResult<bool> {
                let instant: Option<bool> = sqlx::query_scalar("SELECT instant_booking FROM experiences WHERE id = $1")
                    .bind(experience_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(instant.unwrap_or(false))
            }

            async fn set_instant_booking(&self, experience_id: i64, instant: bool) -> StoreResult<bool> {
                let r = sqlx::query("UPDATE experiences SET instant_booking = $2 WHERE id = $1")
                    .bind(experience_id)
                    .bind(instant)
                    .execute(&self.pool)
                    .await?;
                Ok(r.rows_affected() == 1)
            }

            async fn block_experience(&self, block_id: i64) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT experience_id FROM blocks WHERE id = $1").bind(block_id).fetch_optional(&self.pool).await?)
            }


            async fn block_seats(&self, block_id: i64) -> StoreResult<Option<(i32, i32)>> {
                Ok(sqlx::query_as("SELECT seats, seats_left FROM blocks WHERE id = $1").bind(block_id).fetch_optional(&self.pool).await?)
            }
        }
    };
}

applicants_impl!(SqliteStore);
applicants_impl!(PostgresStore);
