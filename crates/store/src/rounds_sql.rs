//! The placement-round statements, one body for both backends (see `sql.rs`).

use async_trait::async_trait;
use chrono::NaiveDate;
use matchready_core::RawProfile;
use matchready_core::round::{BlockFacts, Round};
use sqlx::QueryBuilder;

use crate::rounds::{Finished, NewRound, RoundEntry, RoundRefusal, RoundStore};
use crate::sql::{PostgresStore, SqliteStore};
use crate::{StoreError, StoreResult};

use crate::rounds_rows::*;

macro_rules! rounds_impl {
    ($store:ident, $db:ty) => {
        impl $store {
            async fn with_blocks(&self, rows: Vec<RoundRow>) -> StoreResult<Vec<Round>> {
                let mut out = Vec::with_capacity(rows.len());
                for r in rows {
                    let blocks = sqlx::query_as::<_, BlockRow>(BLOCKS_SQL).bind(r.id).fetch_all(&self.pool).await?;
                    out.push(round(r, blocks)?);
                }
                Ok(out)
            }
        }

        #[async_trait]
        impl RoundStore for $store {
            async fn block_facts(&self, block_ids: &[i64]) -> StoreResult<Vec<BlockFacts>> {
                if block_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = QueryBuilder::<$db>::new(
                    "SELECT b.id, e.site_id, e.published, b.start_date, b.seats_left FROM blocks b \
                     JOIN experiences e ON e.id = b.experience_id WHERE b.id IN (",
                );
                let mut list = q.separated(", ");
                for id in block_ids {
                    list.push_bind(*id);
                }
                q.push(")");
                let rows: Vec<(i64, i64, bool, NaiveDate, i32)> = q.build_query_as().fetch_all(&self.pool).await?;
                Ok(rows
                    .into_iter()
                    .map(|(block_id, site_id, published, start_date, seats_left)| BlockFacts {
                        block_id,
                        site_id,
                        published,
                        start_date,
                        seats_left,
                    })
                    .collect())
            }

            async fn create_round(&self, r: &NewRound) -> StoreResult<Result<Round, RoundRefusal>> {
                let mut tx = self.pool.begin().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO rounds (site_id, name, deadline, status, seed, created_by, created_at) \
                     VALUES ($1, $2, $3, 'open', $4, $5, $6) RETURNING id",
                )
                .bind(r.site_id)
                .bind(&r.name)
                .bind(r.deadline)
                .bind(r.seed)
                .bind(r.created_by)
                .bind(r.now)
                .fetch_one(&mut *tx)
                .await?;
                for block in &r.block_ids {
                    let added = sqlx::query("INSERT INTO round_blocks (round_id, block_id, live) VALUES ($1, $2, TRUE)")
                        .bind(id)
                        .bind(*block)
                        .execute(&mut *tx)
                        .await;
                    match added {
                        Ok(_) => {}
                        Err(e) if is_unique_violation(&e) => return Ok(Err(RoundRefusal::BlockTaken(*block))),
                        Err(e) => return Err(e.into()),
                    }
                }
                tx.commit().await?;
                self.round(id).await?.map(Ok).ok_or_else(|| StoreError::Corrupt(format!("round {id} vanished")))
            }

            async fn round_seed(&self, id: i64) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT seed FROM rounds WHERE id = $1").bind(id).fetch_optional(&self.pool).await?)
            }

            async fn round(&self, id: i64) -> StoreResult<Option<Round>> {
                let row = sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(format!("{ROUND_SQL} WHERE r.id = $1")))
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(self.with_blocks(row.into_iter().collect()).await?.pop())
            }

            async fn rounds(&self, site_id: Option<i64>) -> StoreResult<Vec<Round>> {
                let rows = match site_id {
                    Some(site) => {
                        sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(format!("{ROUND_SQL} WHERE r.site_id = $1 ORDER BY r.id DESC")))
                            .bind(site)
                            .fetch_all(&self.pool)
                            .await?
                    }
                    None => {
                        sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(format!("{ROUND_SQL} WHERE r.status = 'open' ORDER BY r.id DESC")))
                            .fetch_all(&self.pool)
                            .await?
                    }
                };
                self.with_blocks(rows).await
            }

            async fn rounds_entered(&self, applicant_id: i64) -> StoreResult<Vec<Round>> {
                let rows = sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(format!(
                    "{ROUND_SQL} JOIN round_entries re ON re.round_id = r.id WHERE re.applicant_id = $1 ORDER BY r.id DESC"
                )))
                .bind(applicant_id)
                .fetch_all(&self.pool)
                .await?;
                self.with_blocks(rows).await
            }

            async fn live_round_of_block(&self, block_id: i64) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT round_id FROM round_blocks WHERE block_id = $1 AND live")
                    .bind(block_id)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn live_rounds_of_blocks(&self, block_ids: &[i64]) -> StoreResult<Vec<(i64, i64)>> {
                if block_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut q = QueryBuilder::<$db>::new("SELECT block_id, round_id FROM round_blocks WHERE live AND block_id IN (");
                let mut list = q.separated(", ");
                for id in block_ids {
                    list.push_bind(*id);
                }
                q.push(") ORDER BY block_id");
                Ok(q.build_query_as().fetch_all(&self.pool).await?)
            }

            async fn save_entry(
                &self,
                round_id: i64,
                applicant_id: i64,
                ranks: &[i64],
                now: i64,
            ) -> StoreResult<Result<(), RoundRefusal>> {
                let mut tx = self.pool.begin().await?;
                if sqlx::query(LOCK_OPEN_SQL).bind(round_id).bind(now).execute(&mut *tx).await?.rows_affected() != 1 {
                    return Ok(Err(RoundRefusal::Closed));
                }
                if ranks.is_empty() {
                    sqlx::query("DELETE FROM round_entries WHERE round_id = $1 AND applicant_id = $2")
                        .bind(round_id)
                        .bind(applicant_id)
                        .execute(&mut *tx)
                        .await?;
                } else {
                    sqlx::query(
                        "INSERT INTO round_entries (round_id, applicant_id, ranks, updated_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (round_id, applicant_id) DO UPDATE SET ranks = excluded.ranks, updated_at = excluded.updated_at",
                    )
                    .bind(round_id)
                    .bind(applicant_id)
                    .bind(json(&ranks)?)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn round_entry(&self, round_id: i64, applicant_id: i64) -> StoreResult<Option<RoundEntry>> {
                let row = sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(format!(
                    "{ENTRY_SQL} WHERE re.round_id = $1 AND re.applicant_id = $2"
                )))
                .bind(round_id)
                .bind(applicant_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(entry).transpose()
            }

            async fn round_entries(&self, round_id: i64) -> StoreResult<Vec<RoundEntry>> {
                let rows = sqlx::query_as::<_, EntryRow>(sqlx::AssertSqlSafe(format!(
                    "{ENTRY_SQL} WHERE re.round_id = $1 ORDER BY re.applicant_id"
                )))
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(entry).collect()
            }

            async fn entrant_profiles(&self, round_id: i64) -> StoreResult<Vec<(i64, RawProfile)>> {
                let rows: Vec<(i64, String)> = sqlx::query_as(
                    "SELECT p.user_id, p.data FROM profiles p JOIN round_entries re ON re.applicant_id = p.user_id \
                     WHERE re.round_id = $1 ORDER BY p.user_id",
                )
                .bind(round_id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(id, data)| {
                        serde_json::from_str(&data)
                            .map(|p| (id, p))
                            .map_err(|e| StoreError::Corrupt(format!("profile of user {id}: {e}")))
                    })
                    .collect()
            }

            async fn save_site_ranks(
                &self,
                round_id: i64,
                experience_id: i64,
                ranks: Option<&[i64]>,
                by: i64,
                now: i64,
            ) -> StoreResult<Result<(), RoundRefusal>> {
                let mut tx = self.pool.begin().await?;
                if sqlx::query(LOCK_OPEN_SQL).bind(round_id).bind(now).execute(&mut *tx).await?.rows_affected() != 1 {
                    return Ok(Err(RoundRefusal::Closed));
                }
                match ranks {
                    None => {
                        sqlx::query("DELETE FROM round_site_ranks WHERE round_id = $1 AND experience_id = $2")
                            .bind(round_id)
                            .bind(experience_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    Some(list) => {
                        sqlx::query(
                            "INSERT INTO round_site_ranks (round_id, experience_id, ranks, ranked_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
                             ON CONFLICT (round_id, experience_id) DO UPDATE SET ranks = excluded.ranks, \
                             ranked_by = excluded.ranked_by, updated_at = excluded.updated_at",
                        )
                        .bind(round_id)
                        .bind(experience_id)
                        .bind(json(&list)?)
                        .bind(by)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn site_ranks(&self, round_id: i64) -> StoreResult<Vec<(i64, Vec<i64>)>> {
                let rows: Vec<(i64, String)> =
                    sqlx::query_as("SELECT experience_id, ranks FROM round_site_ranks WHERE round_id = $1 ORDER BY experience_id")
                        .bind(round_id)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter().map(|(e, r)| Ok((e, ids(&r, "site ranks")?))).collect()
            }

            async fn rounds_due(&self, now: i64) -> StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT id FROM rounds WHERE status = 'open' AND deadline <= $1 ORDER BY deadline, id")
                    .bind(now)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn finish_round(&self, f: &Finished) -> StoreResult<Result<Vec<(i64, Option<i64>)>, RoundRefusal>> {
                let mut tx = self.pool.begin().await?;
                let placed = f.results.iter().filter(|(r, _)| r.block_id.is_some()).count() as i64;
                let ended = sqlx::query(
                    "UPDATE rounds SET status = 'matched', ended_at = $2, stable = $3, positions = $4, placed = $5 \
                     WHERE id = $1 AND status = 'open'",
                )
                .bind(f.round_id)
                .bind(f.now)
                .bind(f.stable)
                .bind(f.positions)
                .bind(placed)
                .execute(&mut *tx)
                .await?;
                if ended.rows_affected() != 1 {
                    return Ok(Err(RoundRefusal::Closed));
                }
                for (block, capacity) in &f.capacities {
                    sqlx::query("UPDATE round_blocks SET live = FALSE, capacity = $3 WHERE round_id = $1 AND block_id = $2")
                        .bind(f.round_id)
                        .bind(*block)
                        .bind(i64::from(*capacity))
                        .execute(&mut *tx)
                        .await?;
                }
                let note = format!("placed by the round \"{}\"", f.name);
                let mut offers = Vec::with_capacity(f.results.len());
                for (r, expires) in &f.results {
                    let mut application = None;
                    if let Some(block) = r.block_id {
                        // An applicant who already has a live application for the block keeps it.
                        application = sqlx::query_scalar::<_, i64>(
                            "INSERT INTO applications (applicant_id, block_id, status, offer_expires_on, created_at, updated_at) \
                             SELECT $1, $2, 'offered', $3, $4, $4 WHERE NOT EXISTS (SELECT 1 FROM applications \
                             WHERE applicant_id = $1 AND block_id = $2 AND status NOT IN ('rejected', 'completed', 'cancelled', 'withdrawn')) \
                             RETURNING id",
                        )
                        .bind(r.applicant_id)
                        .bind(block)
                        .bind(*expires)
                        .bind(f.now)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if let Some(id) = application {
                            sqlx::query(
                                "INSERT INTO application_events (application_id, at, actor_id, from_status, to_status, note) \
                                 VALUES ($1, $2, NULL, NULL, 'offered', $3)",
                            )
                            .bind(id)
                            .bind(f.now)
                            .bind(&note)
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                    sqlx::query(
                        "UPDATE round_entries SET block_id = $3, application_id = $4, result = $5 WHERE round_id = $1 AND applicant_id = $2",
                    )
                    .bind(f.round_id)
                    .bind(r.applicant_id)
                    .bind(r.block_id)
                    .bind(application)
                    .bind(json(r)?)
                    .execute(&mut *tx)
                    .await?;
                    offers.push((r.applicant_id, application));
                }
                for m in &f.emails {
                    sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(&m.to)
                        .bind(&m.subject)
                        .bind(&m.body)
                        .bind(f.now)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(Ok(offers))
            }

            async fn cancel_round(&self, id: i64, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("UPDATE rounds SET status = 'cancelled', ended_at = $2 WHERE id = $1 AND status = 'open'")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                sqlx::query("UPDATE round_blocks SET live = FALSE WHERE round_id = $1").bind(id).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

rounds_impl!(SqliteStore, sqlx::Sqlite);
rounds_impl!(PostgresStore, sqlx::Postgres);
