//! The payment statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::application::Application;

use crate::StoreResult;
use crate::applicants_sql::{APPLICATION_SQL, ApplicationRow, applications};
use crate::payments::PaymentStore;
use crate::sql::{PostgresStore, SqliteStore};

macro_rules! payments_impl {
    ($store:ident) => {
        #[async_trait]
        impl PaymentStore for $store {
            async fn payment_instructions(&self, site_id: i64) -> StoreResult<String> {
                let text: Option<String> =
                    sqlx::query_scalar("SELECT instructions FROM site_payment_instructions WHERE site_id = $1")
                        .bind(site_id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(text.unwrap_or_default())
            }

            async fn set_payment_instructions(&self, site_id: i64, instructions: &str, by: i64, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO site_payment_instructions (site_id, instructions, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (site_id) DO UPDATE SET instructions = excluded.instructions, \
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                )
                .bind(site_id)
                .bind(instructions)
                .bind(by)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn deposits_to_remind(&self, until: NaiveDate) -> StoreResult<Vec<Application>> {
                let rows = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(format!(
                    "{APPLICATION_SQL} WHERE a.status = 'accepted' AND a.deposit_due_on <= $1 \
                     AND (a.deposit_reminded_for IS NULL OR a.deposit_reminded_for <> a.deposit_due_on) ORDER BY a.id"
                )))
                .bind(until)
                .fetch_all(&self.pool)
                .await?;
                applications(rows)
            }

            async fn remind_deposit(&self, id: i64, due_on: NaiveDate, email: &Message, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let marked = sqlx::query(
                    "UPDATE applications SET deposit_reminded_for = $2 WHERE id = $1 AND status = 'accepted' \
                     AND deposit_due_on = $2 AND (deposit_reminded_for IS NULL OR deposit_reminded_for <> $2)",
                )
                .bind(id)
                .bind(due_on)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if marked != 1 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(&email.to)
                    .bind(&email.subject)
                    .bind(&email.body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

payments_impl!(SqliteStore);
payments_impl!(PostgresStore);
