//! Applications and their ledger, one body for both backends (see `sql.rs`):
//! a move with every effect it causes in one transaction, and ledger entries.

use async_trait::async_trait;
use chrono::{Days, NaiveDate};
use matchready_core::account::mail::Message;
use matchready_core::application::{Application, Status};
use matchready_core::ledger::{Cancellation, Entry, EntryKind};

use crate::applications::{ApplicationStore, Effects, Move, MoveError, Recording};
use crate::sql::{PostgresStore, SqliteStore, queue};
use crate::{StoreError, StoreResult};

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    kind: String,
    amount_cents: i64,
    fee: bool,
    description: String,
    source: String,
    external_id: Option<String>,
    at: i64,
}

impl EntryRow {
    fn into_entry(self) -> StoreResult<Entry> {
        let kind =
            EntryKind::from_code(&self.kind).ok_or_else(|| StoreError::Corrupt(format!("ledger entry {}: kind", self.id)))?;
        Ok(Entry {
            id: self.id,
            kind,
            amount_cents: self.amount_cents,
            fee: self.fee,
            description: self.description,
            source: self.source,
            external_id: self.external_id,
            at: self.at,
        })
    }
}

fn end_date(start: NaiveDate, weeks: i32) -> NaiveDate {
    start.checked_add_days(Days::new(u64::try_from(weeks.max(1)).unwrap_or(1) * 7 - 1)).unwrap_or(start)
}

/// One ledger entry's insert; an entry whose `external_id` is already recorded adds nothing.
macro_rules! insert_entry {
    ($e:expr) => {
        sqlx::query_as::<_, EntryRow>(
            "INSERT INTO ledger_entries (application_id, kind, amount_cents, description, source, external_id, recorded_by, at, fee) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (external_id) DO NOTHING \
             RETURNING id, kind, amount_cents, fee, description, source, external_id, at",
        )
        .bind($e.application_id)
        .bind($e.kind.code())
        .bind($e.amount_cents)
        .bind(&$e.description)
        .bind($e.source)
        .bind(&$e.external_id)
        .bind($e.recorded_by)
        .bind($e.now)
        .bind($e.fee)
    };
}

/// The guarded update of one move and its timeline line, in the transaction `$tx`: true if it
/// applied (the application still stood at the status and version it was read in; with
/// `by_status`, at the status alone).
macro_rules! step {
    ($tx:ident, $m:expr) => {
        step!($tx, $m, false)
    };
    ($tx:ident, $m:expr, $by_status:expr) => {{
        let m = $m;
        let waitlisted_at = (m.to == Status::Waitlisted).then_some(m.now);
        let moved = sqlx::query(
            "UPDATE applications SET status = $3, version = version + 1, updated_at = $4, \
             offer_expires_on = $5, deposit_due_on = $6, waitlisted_at = COALESCE($7, waitlisted_at) \
             WHERE id = $1 AND status = $2 AND (version = $8 OR $9)",
        )
        .bind(m.id)
        .bind(m.from.code())
        .bind(m.to.code())
        .bind(m.now)
        .bind(m.offer_expires_on)
        .bind(m.deposit_due_on)
        .bind(waitlisted_at)
        .bind(m.version)
        .bind($by_status)
        .execute(&mut *$tx)
        .await?
        .rows_affected()
            == 1;
        if moved {
            sqlx::query(
                "INSERT INTO application_events (application_id, at, actor_id, from_status, to_status, note) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(m.id)
            .bind(m.now)
            .bind(m.actor_id)
            .bind(m.from.code())
            .bind(m.to.code())
            .bind(&m.note)
            .execute(&mut *$tx)
            .await?;
            if let Some(c) = &m.cancellation {
                sqlx::query(
                    "INSERT INTO cancellations (application_id, days_before, visa_denied, after_entry) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (application_id) DO NOTHING",
                )
                .bind(m.id)
                .bind(c.days_before)
                .bind(c.visa_denied)
                .bind(c.after_entry)
                .execute(&mut *$tx)
                .await?;
            }
        }
        moved
    }};
}

macro_rules! applications_impl {
    ($store:ident) => {
        #[async_trait]
        impl ApplicationStore for $store {
            async fn move_application(&self, m: &Move, effects: &Effects) -> StoreResult<Result<Application, MoveError>> {
                let Some(current) = crate::ApplicantStore::application(self, m.id).await? else {
                    return Ok(Err(MoveError::Stale));
                };
                let taking = !m.from.holds_seat() && m.to.holds_seat();
                let releasing = m.from.releases_seat_to(m.to);
                let mut tx = self.pool.begin().await?;
                // First a write, so the transaction holds the write lock (SQLite) or the applicant's row
                // (PostgreSQL) before it reads: two moves for one applicant run one after the other.
                sqlx::query("UPDATE users SET created_at = created_at WHERE id = $1")
                    .bind(current.applicant_id)
                    .execute(&mut *tx)
                    .await?;
                if taking {
                    // Which statuses hold a seat is the core's rule, asked of each of the applicant's applications.
                    let held: Vec<(i64, NaiveDate, i32, String)> = sqlx::query_as(
                        "SELECT a.id, b.start_date, b.weeks, a.status FROM applications a JOIN blocks b ON b.id = a.block_id \
                         WHERE a.applicant_id = $1 AND a.id <> $2",
                    )
                    .bind(current.applicant_id)
                    .bind(m.id)
                    .fetch_all(&mut *tx)
                    .await?;
                    if let Some((other, _, _, _)) = held.iter().find(|(_, s, w, code)| {
                        Status::from_code(code).is_some_and(Status::holds_seat)
                            && *s <= current.end_date
                            && end_date(*s, *w) >= current.start_date
                    }) {
                        return Ok(Err(MoveError::Overlap(*other)));
                    }
                    let seat = sqlx::query("UPDATE blocks SET seats_left = seats_left - 1 WHERE id = $1 AND seats_left > 0")
                        .bind(current.block_id)
                        .execute(&mut *tx)
                        .await?;
                    if seat.rows_affected() != 1 {
                        return Ok(Err(MoveError::Full));
                    }
                    // Seats left show in search: the index follows the catalog version.
                    sqlx::query(crate::sql::BUMP_VERSION_SQL).execute(&mut *tx).await?;
                }
                if releasing {
                    sqlx::query("UPDATE blocks SET seats_left = seats_left + 1 WHERE id = $1 AND seats_left < seats")
                        .bind(current.block_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(crate::sql::BUMP_VERSION_SQL).execute(&mut *tx).await?;
                }
                if !step!(tx, m) {
                    return Ok(Err(MoveError::Stale));
                }
                for e in &effects.entries {
                    insert_entry!(e).fetch_optional(&mut *tx).await?;
                }
                let mut emails: Vec<&Message> = effects.emails.iter().collect();
                // The first follow-up (the waitlist's offer) that still stands where it was read;
                // someone else moving one first is fine: then it is no longer waiting.
                for (next, next_emails) in &effects.then {
                    // Follow-ups are decided on the status alone, so they are guarded by it alone, in
                    // one statement: a waitlisted application is offered the freed seat whatever it
                    // paid ahead (a payment bumps its version; nothing moves back into Waitlisted),
                    // and a seat confirmed as it is accepted is this transaction's own row.
                    if step!(tx, next, true) {
                        emails.extend(next_emails);
                        break;
                    }
                }
                queue!(tx, emails, m.now);
                tx.commit().await?;
                match crate::ApplicantStore::application(self, m.id).await? {
                    Some(a) => Ok(Ok(a)),
                    None => Err(StoreError::Corrupt(format!("application {} vanished", m.id))),
                }
            }

            async fn record_entry(&self, r: &Recording) -> StoreResult<Result<Option<Entry>, MoveError>> {
                let mut tx = self.pool.begin().await?;
                let current =
                    sqlx::query("UPDATE applications SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2")
                        .bind(r.entry.application_id)
                        .bind(r.version)
                        .bind(r.entry.now)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected()
                        == 1;
                if !current {
                    return Ok(Err(MoveError::Stale));
                }
                let Some(row) = insert_entry!(&r.entry).fetch_optional(&mut *tx).await? else {
                    // A replay: already recorded, nothing changes (the rollback undoes the version bump).
                    return Ok(Ok(None));
                };
                if let Some((m, emails)) = &r.then {
                    if !step!(tx, m) {
                        return Ok(Err(MoveError::Stale));
                    }
                    queue!(tx, emails, m.now);
                }
                tx.commit().await?;
                row.into_entry().map(Some).map(Ok)
            }

            async fn cancellation(&self, application_id: i64) -> StoreResult<Option<Cancellation>> {
                let row: Option<(i64, bool, i64)> =
                    sqlx::query_as("SELECT days_before, visa_denied, after_entry FROM cancellations WHERE application_id = $1")
                        .bind(application_id)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(row.map(|(days_before, visa_denied, after_entry)| Cancellation { days_before, visa_denied, after_entry }))
            }

            async fn entries(&self, application_id: i64) -> StoreResult<Vec<Entry>> {
                let rows = sqlx::query_as::<_, EntryRow>(
                    "SELECT id, kind, amount_cents, fee, description, source, external_id, at FROM ledger_entries \
                     WHERE application_id = $1 ORDER BY id",
                )
                .bind(application_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(EntryRow::into_entry).collect()
            }
        }
    };
}

applications_impl!(SqliteStore);
applications_impl!(PostgresStore);
