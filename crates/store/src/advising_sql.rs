//! The consultations' statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use matchready_core::account::mail::Message;
use matchready_core::advising::call::{CallStatus, Offering, Reminder};
use matchready_core::advising::setup::RawSetup;

use crate::advising::{AdvisingStore, BookRefusal, Call, CallChange, NewCall, StoredOffering, StoredSetup, WriteUpSave};
use crate::sql::{PostgresStore, SqliteStore, queue};
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct SetupRow {
    advisor_id: i64,
    setup: String,
    version: i64,
    updated_at: i64,
}

impl TryFrom<SetupRow> for StoredSetup {
    type Error = StoreError;

    fn try_from(r: SetupRow) -> StoreResult<Self> {
        let setup =
            serde_json::from_str(&r.setup).map_err(|e| StoreError::Corrupt(format!("advisor {}'s setup: {e}", r.advisor_id)))?;
        Ok(Self { advisor_id: r.advisor_id, setup, version: r.version, updated_at: r.updated_at })
    }
}

#[derive(sqlx::FromRow)]
struct OfferingRow {
    id: i64,
    advisor_id: i64,
    name: String,
    minutes: i64,
    price_cents: i64,
    intro: bool,
    covers: String,
    active: bool,
}

impl From<OfferingRow> for StoredOffering {
    fn from(r: OfferingRow) -> Self {
        Self {
            id: r.id,
            advisor_id: r.advisor_id,
            offering: Offering { name: r.name, minutes: r.minutes, price_cents: r.price_cents, intro: r.intro, covers: r.covers },
            active: r.active,
        }
    }
}

#[derive(sqlx::FromRow)]
struct CallRow {
    id: i64,
    advisor_id: i64,
    applicant_id: i64,
    offering_id: i64,
    name: String,
    intro: bool,
    price_cents: i64,
    starts_at: i64,
    ends_at: i64,
    applicant_zone: String,
    status: String,
    sequence: i64,
    replaces_id: Option<i64>,
    charge_cents: i64,
    buffer_minutes: i64,
    cancel_hours: i64,
    late_cancel_percent: i64,
    summary: String,
    plan: Option<String>,
    day_reminded: bool,
    hour_reminded: bool,
    version: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<CallRow> for Call {
    type Error = StoreError;

    fn try_from(r: CallRow) -> StoreResult<Self> {
        let status = CallStatus::from_code(&r.status)
            .ok_or_else(|| StoreError::Corrupt(format!("call {}'s status '{}'", r.id, r.status)))?;
        Ok(Self {
            id: r.id,
            advisor_id: r.advisor_id,
            applicant_id: r.applicant_id,
            offering_id: r.offering_id,
            name: r.name,
            intro: r.intro,
            price_cents: r.price_cents,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            applicant_zone: r.applicant_zone,
            status,
            sequence: r.sequence,
            replaces_id: r.replaces_id,
            charge_cents: r.charge_cents,
            buffer_minutes: r.buffer_minutes,
            cancel_hours: r.cancel_hours,
            late_cancel_percent: r.late_cancel_percent,
            summary: r.summary,
            plan: r.plan,
            day_reminded: r.day_reminded,
            hour_reminded: r.hour_reminded,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const SETUP_SQL: &str = "SELECT advisor_id, setup, version, updated_at FROM advisor_setups";
const OFFERING_SQL: &str = "SELECT id, advisor_id, name, minutes, price_cents, intro, covers, active FROM offerings";
const CALL_SQL: &str = "SELECT id, advisor_id, applicant_id, offering_id, name, intro, price_cents, starts_at, ends_at, \
     applicant_zone, status, sequence, replaces_id, charge_cents, buffer_minutes, cancel_hours, late_cancel_percent, summary, plan, day_reminded, hour_reminded, version, \
     created_at, updated_at FROM consultations";

fn setup_code(s: &RawSetup) -> StoreResult<String> {
    serde_json::to_string(s).map_err(|e| StoreError::Invalid(e.to_string()))
}

macro_rules! advising_impl {
    ($store:ident) => {
        impl $store {
            async fn calls_where(&self, clause: &str, values: &[i64]) -> StoreResult<Vec<Call>> {
                let mut query = sqlx::query_as::<_, CallRow>(sqlx::AssertSqlSafe(format!("{CALL_SQL} {clause}")));
                for v in values {
                    query = query.bind(*v);
                }
                query.fetch_all(&self.pool).await?.into_iter().map(Call::try_from).collect()
            }
        }

        #[async_trait]
        impl AdvisingStore for $store {
            async fn save_setup(&self, advisor_id: i64, setup: &RawSetup, now: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO advisor_setups (advisor_id, setup, version, updated_at) VALUES ($1, $2, 0, $3) \
                     ON CONFLICT (advisor_id) DO UPDATE SET setup = excluded.setup, version = advisor_setups.version + 1, \
                     updated_at = excluded.updated_at",
                )
                .bind(advisor_id)
                .bind(setup_code(setup)?)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn setup(&self, advisor_id: i64) -> StoreResult<Option<StoredSetup>> {
                let row = sqlx::query_as::<_, SetupRow>(sqlx::AssertSqlSafe(format!("{SETUP_SQL} WHERE advisor_id = $1")))
                    .bind(advisor_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(StoredSetup::try_from).transpose()
            }

            async fn advisor_setups(&self) -> StoreResult<Vec<StoredSetup>> {
                let rows = sqlx::query_as::<_, SetupRow>(sqlx::AssertSqlSafe(format!("{SETUP_SQL} ORDER BY advisor_id")))
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter().map(StoredSetup::try_from).collect()
            }

            async fn add_offering(&self, advisor_id: i64, o: &Offering, now: i64) -> StoreResult<StoredOffering> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO offerings (advisor_id, name, minutes, price_cents, intro, covers, active, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7) RETURNING id",
                )
                .bind(advisor_id)
                .bind(o.name.trim())
                .bind(o.minutes)
                .bind(o.price_cents)
                .bind(o.intro)
                .bind(o.covers.trim())
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                self.offering(id).await?.ok_or_else(|| StoreError::Corrupt(format!("offering {id} vanished")))
            }

            async fn offerings(&self, advisor_id: i64) -> StoreResult<Vec<StoredOffering>> {
                let rows = sqlx::query_as::<_, OfferingRow>(sqlx::AssertSqlSafe(format!(
                    "{OFFERING_SQL} WHERE advisor_id = $1 ORDER BY id"
                )))
                .bind(advisor_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows.into_iter().map(StoredOffering::from).collect())
            }

            async fn offering(&self, id: i64) -> StoreResult<Option<StoredOffering>> {
                let row = sqlx::query_as::<_, OfferingRow>(sqlx::AssertSqlSafe(format!("{OFFERING_SQL} WHERE id = $1")))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(StoredOffering::from))
            }

            async fn book(&self, c: &NewCall) -> StoreResult<Result<Call, BookRefusal>> {
                let mut tx = self.pool.begin().await?;
                // The advisor's row first: bookings for one advisor wait for each other here.
                let locked = sqlx::query("UPDATE advisor_setups SET version = version + 1 WHERE advisor_id = $1")
                    .bind(c.advisor_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if locked == 0 {
                    return Ok(Err(BookRefusal::NoAdvisor));
                }
                if let Some((old, version)) = c.replaces {
                    let moved = sqlx::query(
                        "UPDATE consultations SET status = 'cancelled', version = version + 1, sequence = sequence + 1, \
                         updated_at = $3 WHERE id = $1 AND version = $2 AND status = 'booked'",
                    )
                    .bind(old)
                    .bind(version)
                    .bind(c.now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if moved == 0 {
                        return Ok(Err(BookRefusal::Stale));
                    }
                }
                let buffer = c.buffer_minutes * 60;
                let near: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM consultations WHERE advisor_id = $1 AND status <> 'cancelled' \
                     AND starts_at < $3 + $4 AND ends_at + $4 > $2",
                )
                .bind(c.advisor_id)
                .bind(c.starts_at)
                .bind(c.ends_at)
                .bind(buffer)
                .fetch_one(&mut *tx)
                .await?;
                if near > 0 {
                    return Ok(Err(BookRefusal::Taken));
                }
                let o = &c.offering;
                let sequence: i64 = match c.replaces {
                    Some((old, _)) => {
                        sqlx::query_scalar("SELECT sequence FROM consultations WHERE id = $1").bind(old).fetch_one(&mut *tx).await?
                    }
                    None => 0,
                };
                let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
                    "INSERT INTO consultations (advisor_id, applicant_id, offering_id, name, intro, price_cents, starts_at, \
                     ends_at, applicant_zone, status, sequence, replaces_id, buffer_minutes, cancel_hours, late_cancel_percent, \
                     created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10, $11, $12, $13, $14, $15, $15) RETURNING id",
                )
                .bind(c.advisor_id)
                .bind(c.applicant_id)
                .bind(o.id)
                .bind(&o.offering.name)
                .bind(o.offering.intro)
                .bind(o.offering.price_cents)
                .bind(c.starts_at)
                .bind(c.ends_at)
                .bind(&c.applicant_zone)
                .bind(sequence)
                .bind(c.replaces.map(|r| r.0))
                .bind(c.buffer_minutes)
                .bind(c.cancel_hours)
                .bind(c.late_cancel_percent)
                .bind(c.now)
                .fetch_one(&mut *tx)
                .await;
                let id = match inserted {
                    Ok(id) => id,
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(Err(BookRefusal::IntroUsed)),
                    Err(e) => return Err(e.into()),
                };
                queue!(tx, &c.emails, c.now);
                let row = sqlx::query_as::<_, CallRow>(sqlx::AssertSqlSafe(format!("{CALL_SQL} WHERE id = $1")))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Call::try_from(row).map(Ok)
            }

            async fn call(&self, id: i64) -> StoreResult<Option<Call>> {
                Ok(self.calls_where("WHERE id = $1", &[id]).await?.pop())
            }

            async fn advisor_calls(&self, advisor_id: i64, from: i64, to: i64) -> StoreResult<Vec<Call>> {
                self.calls_where("WHERE advisor_id = $1 AND starts_at >= $2 AND starts_at < $3 ORDER BY starts_at, id", &[advisor_id, from, to])
                    .await
            }

            async fn applicant_calls(&self, applicant_id: i64) -> StoreResult<Vec<Call>> {
                self.calls_where("WHERE applicant_id = $1 ORDER BY starts_at, id", &[applicant_id]).await
            }

            async fn change_call(&self, c: &CallChange) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let changed = sqlx::query(
                    "UPDATE consultations SET status = $3, charge_cents = $4, version = version + 1, \
                     sequence = sequence + 1, updated_at = $5 WHERE id = $1 AND version = $2",
                )
                .bind(c.id)
                .bind(c.version)
                .bind(c.status.code())
                .bind(c.charge_cents)
                .bind(c.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(false);
                }
                queue!(tx, &c.emails, c.now);
                tx.commit().await?;
                Ok(true)
            }

            async fn write_up(&self, w: &WriteUpSave) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let changed = sqlx::query(
                    "UPDATE consultations SET notes = $3, summary = $4, plan = $5, version = version + 1, updated_at = $6 \
                     WHERE id = $1 AND version = $2 AND status = 'held'",
                )
                .bind(w.id)
                .bind(w.version)
                .bind(&w.notes)
                .bind(&w.summary)
                .bind(&w.plan)
                .bind(w.now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(false);
                }
                queue!(tx, &w.emails, w.now);
                tx.commit().await?;
                Ok(true)
            }

            async fn call_notes(&self, id: i64) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar("SELECT notes FROM consultations WHERE id = $1").bind(id).fetch_optional(&self.pool).await?)
            }

            async fn calls_to_remind(&self, after: i64, before: i64) -> StoreResult<Vec<Call>> {
                self.calls_where(
                    "WHERE status = 'booked' AND starts_at > $1 AND starts_at <= $2 \
                     AND (NOT day_reminded OR NOT hour_reminded) ORDER BY starts_at, id",
                    &[after, before],
                )
                .await
            }

            async fn mark_call_reminded(&self, id: i64, which: Reminder, emails: &[Message], now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let sql = match which {
                    Reminder::Day => "UPDATE consultations SET day_reminded = TRUE, updated_at = $2 WHERE id = $1 AND NOT day_reminded AND status = 'booked'",
                    Reminder::Hour => "UPDATE consultations SET hour_reminded = TRUE, day_reminded = TRUE, updated_at = $2 WHERE id = $1 AND NOT hour_reminded AND status = 'booked'",
                };
                let marked = sqlx::query(sql).bind(id).bind(now).execute(&mut *tx).await?.rows_affected();
                if marked == 0 {
                    return Ok(false);
                }
                queue!(tx, emails, now);
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

advising_impl!(SqliteStore);
advising_impl!(PostgresStore);
