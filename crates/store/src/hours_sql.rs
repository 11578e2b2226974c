//! The hours statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::Application;
use matchready_core::rotation::{HoursEntry, HoursStatus, WorkSetting};

use crate::applicants_sql::{APPLICATION_SQL, ApplicationRow, applications};
use crate::hours::{HoursDecision, HoursStore, NewHours};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

const HOURS_SQL: &str = "SELECT h.id, h.application_id, h.day, h.start_minute, h.end_minute, h.minutes, h.setting, \
     h.hands_on, h.activity, h.status, h.comment, h.corrects, h.created_at, h.decided_by, h.decided_at FROM rotation_hours h";

#[derive(sqlx::FromRow)]
struct HoursRow {
    id: i64,
    application_id: i64,
    day: NaiveDate,
    start_minute: Option<i32>,
    end_minute: Option<i32>,
    minutes: i32,
    setting: String,
    hands_on: bool,
    activity: String,
    status: String,
    comment: String,
    corrects: Option<i64>,
    created_at: i64,
    decided_by: Option<i64>,
    decided_at: Option<i64>,
}

impl TryFrom<HoursRow> for HoursEntry {
    type Error = StoreError;

    fn try_from(r: HoursRow) -> StoreResult<Self> {
        let corrupt = |what: &str, code: &str| StoreError::Corrupt(format!("unknown hours {what} '{code}'"));
        Ok(HoursEntry {
            id: r.id,
            application_id: r.application_id,
            date: r.day,
            span: r.start_minute.zip(r.end_minute),
            minutes: r.minutes,
            setting: WorkSetting::from_code(&r.setting).ok_or_else(|| corrupt("setting", &r.setting))?,
            hands_on: r.hands_on,
            activity: r.activity,
            status: HoursStatus::from_code(&r.status).ok_or_else(|| corrupt("status", &r.status))?,
            comment: r.comment,
            corrects: r.corrects,
            created_at: r.created_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
        })
    }
}

fn entries(rows: Vec<HoursRow>) -> StoreResult<Vec<HoursEntry>> {
    rows.into_iter().map(HoursEntry::try_from).collect()
}

macro_rules! hours_impl {
    ($store:ident, $db:ty) => {
        impl $store {
            /// Moves the rotation's hours from `version` to the next, inside `tx`; false if they moved.
            async fn bump_hours<'t>(
                tx: &mut sqlx::Transaction<'t, $db>,
                application_id: i64,
                version: i64,
            ) -> StoreResult<bool> {
                let moved = sqlx::query("UPDATE applications SET hours_version = hours_version + 1 WHERE id = $1 AND hours_version = $2")
                    .bind(application_id)
                    .bind(version)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                Ok(moved == 1)
            }

            pub(crate) async fn queue<'t>(
                tx: &mut sqlx::Transaction<'t, $db>,
                emails: &[Message],
                now: i64,
            ) -> StoreResult<()> {
                for m in emails {
                    sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(&m.to)
                        .bind(&m.subject)
                        .bind(&m.body)
                        .bind(now)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }
        }

        #[async_trait]
        impl HoursStore for $store {
            async fn hours(&self, application_id: i64) -> StoreResult<(i64, Vec<HoursEntry>)> {
                let version: Option<i64> = sqlx::query_scalar("SELECT hours_version FROM applications WHERE id = $1")
                    .bind(application_id)
                    .fetch_optional(&self.pool)
                    .await?;
                let rows = sqlx::query_as::<_, HoursRow>(sqlx::AssertSqlSafe(format!(
                    "{HOURS_SQL} WHERE h.application_id = $1 ORDER BY h.day, COALESCE(h.start_minute, -1), h.id"
                )))
                .bind(application_id)
                .fetch_all(&self.pool)
                .await?;
                Ok((version.unwrap_or_default(), entries(rows)?))
            }

            async fn site_hours(&self, site_id: i64) -> StoreResult<Vec<HoursEntry>> {
                let rows = sqlx::query_as::<_, HoursRow>(sqlx::AssertSqlSafe(format!(
                    "{HOURS_SQL} JOIN applications a ON a.id = h.application_id JOIN blocks b ON b.id = a.block_id \
                     JOIN experiences e ON e.id = b.experience_id WHERE e.site_id = $1 \
                     AND a.status IN ('accepted', 'confirmed', 'in_progress') ORDER BY h.application_id, h.day, h.id"
                )))
                .bind(site_id)
                .fetch_all(&self.pool)
                .await?;
                entries(rows)
            }

            async fn log_hours(&self, new: &NewHours, version: i64) -> StoreResult<Option<HoursEntry>> {
                let mut tx = self.pool.begin().await?;
                if !Self::bump_hours(&mut tx, new.application_id, version).await? {
                    return Ok(None);
                }
                for old in &new.replace_now {
                    let replaced = sqlx::query(
                        "UPDATE rotation_hours SET status = 'replaced' WHERE id = $1 AND application_id = $2 \
                         AND status IN ('pending', 'returned')",
                    )
                    .bind(old)
                    .bind(new.application_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if replaced != 1 {
                        return Ok(None);
                    }
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO rotation_hours (application_id, day, start_minute, end_minute, minutes, setting, hands_on, \
                     activity, status, corrects, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id",
                )
                .bind(new.application_id)
                .bind(new.day.date)
                .bind(new.day.span.map(|s| s.0))
                .bind(new.day.span.map(|s| s.1))
                .bind(new.day.minutes)
                .bind(new.day.setting.code())
                .bind(new.day.hands_on)
                .bind(&new.day.activity)
                .bind(new.corrects)
                .bind(new.now)
                .fetch_one(&mut *tx)
                .await?;
                let row = sqlx::query_as::<_, HoursRow>(sqlx::AssertSqlSafe(format!("{HOURS_SQL} WHERE h.id = $1")))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Some(row.try_into()?))
            }

            async fn decide_hours(&self, d: &HoursDecision, version: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                if !Self::bump_hours(&mut tx, d.application_id, version).await? {
                    return Ok(false);
                }
                for id in &d.ids {
                    let moved = sqlx::query(
                        "UPDATE rotation_hours SET status = $3, comment = $4, decided_by = $5, decided_at = $6 \
                         WHERE id = $1 AND application_id = $2 AND status = 'pending'",
                    )
                    .bind(id)
                    .bind(d.application_id)
                    .bind(d.to.code())
                    .bind(&d.comment)
                    .bind(d.by)
                    .bind(d.now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if moved != 1 {
                        return Ok(false);
                    }
                }
                for id in &d.replaced {
                    let moved = sqlx::query(
                        "UPDATE rotation_hours SET status = 'replaced' WHERE id = $1 AND application_id = $2 AND status = 'signed'",
                    )
                    .bind(id)
                    .bind(d.application_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if moved != 1 {
                        return Ok(false);
                    }
                }
                Self::queue(&mut tx, &d.emails, d.now).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn hours_to_remind(&self, pending_since: NaiveDate, reminded_after: NaiveDate) -> StoreResult<Vec<Application>> {
                let rows = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!(
                    "{APPLICATION_SQL} WHERE EXISTS (SELECT 1 FROM rotation_hours h WHERE h.application_id = a.id \
                     AND h.status = 'pending' AND h.day <= $1) \
                     AND (a.hours_reminded_on IS NULL OR a.hours_reminded_on <= $2) ORDER BY a.id"
                )))
                .bind(pending_since)
                .bind(reminded_after)
                .fetch_all(&self.pool)
                .await?;
                applications(rows)
            }

            async fn remind_hours(
                &self,
                application_id: i64,
                today: NaiveDate,
                reminded_after: NaiveDate,
                emails: &[Message],
                now: i64,
            ) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let marked = sqlx::query(
                    "UPDATE applications SET hours_reminded_on = $2 WHERE id = $1 \
                     AND (hours_reminded_on IS NULL OR hours_reminded_on <= $3)",
                )
                .bind(application_id)
                .bind(today)
                .bind(reminded_after)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if marked != 1 {
                    return Ok(false);
                }
                Self::queue(&mut tx, emails, now).await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

hours_impl!(SqliteStore, sqlx::Sqlite);
hours_impl!(PostgresStore, sqlx::Postgres);
