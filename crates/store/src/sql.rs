//! The SQLite and PostgreSQL stores. Both run the same statements; the
//! [`store_impl!`] macro writes the one body for each pool type, and the few
//! backend differences live in the migration folders and the statements run
//! after a bulk load.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use matchready_core::index::Slot;
use matchready_core::{Block, Catalog, Experience, Preceptor, SearchDoc};
use sqlx::QueryBuilder;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::rows::{BlockRow, DocRow, ExperienceRow, PreceptorRow, SlotRow};
use crate::{Backend, Store, StoreError, StoreResult};

/// Rows per multi-row INSERT when loading a catalog (well under both backends' bind limits).
const CHUNK: usize = 500;

const EXPERIENCE_SQL: &str = "SELECT e.id, e.title, e.kind, e.specialty, e.setting, e.emr, e.description, e.price, e.refund_policy, \
     e.applicant_types, e.max_years_since_graduation, e.step1_pass_required, e.ecfmg_required, e.visas, \
     e.letter_possible, e.one_on_one, e.verified_by, e.last_verified_on, \
     s.id AS site_id, s.name AS site_name, s.kind AS site_kind, s.city, s.state, \
     s.address AS site_address, s.postal_code AS site_postal_code, s.phone AS site_phone, s.email AS site_email \
     FROM experiences e JOIN sites s ON s.id = e.site_id WHERE e.id = $1";
const PRECEPTORS_SQL: &str = "SELECT p.id, p.name, p.specialty, p.board_certification, p.years_teaching, p.teaching_affiliation, p.languages \
     FROM experience_preceptors ep JOIN preceptors p ON p.id = ep.preceptor_id WHERE ep.experience_id = $1 ORDER BY ep.position";
const BLOCKS_SQL: &str =
    "SELECT id, start_date, weeks, seats, seats_left, observers FROM blocks WHERE experience_id = $1 ORDER BY start_date, id";
const COUNT_SQL: &str = "SELECT COUNT(*) FROM experiences";
const DOCS_SQL: &str = "SELECT e.id, e.title, e.kind, e.specialty, s.name AS site_name, s.city, s.state, s.kind AS site_kind, \
     (SELECT p.name FROM experience_preceptors ep JOIN preceptors p ON p.id = ep.preceptor_id \
      WHERE ep.experience_id = e.id ORDER BY ep.position LIMIT 1) AS preceptor_name, \
     e.search_text, e.total_cents, e.letter_possible, e.last_verified_on, e.applicant_types, e.max_years_since_graduation, \
     e.step1_pass_required, e.ecfmg_required, e.visas \
     FROM experiences e JOIN sites s ON s.id = e.site_id WHERE e.published ORDER BY e.id";
const SLOTS_SQL: &str = "SELECT b.experience_id, b.id, b.start_date, b.weeks, b.seats_left FROM blocks b \
     JOIN experiences e ON e.id = b.experience_id WHERE e.published ORDER BY b.experience_id, b.start_date, b.id";
const VERSION_SQL: &str = "SELECT version FROM catalog_state WHERE id = 1";
pub(crate) const BUMP_VERSION_SQL: &str = "UPDATE catalog_state SET version = version + 1 WHERE id = 1";

/// SQLite: a file, WAL, `synchronous=FULL`, foreign keys on.
pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database a `sqlite:` URL names.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(if memory { SqliteJournalMode::Memory } else { SqliteJournalMode::Wal })
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // An in-memory database lives in one connection.
        let max = if memory { 1 } else { 8 };
        let pool = SqlitePoolOptions::new().max_connections(max).min_connections(1).connect_with(options).await?;
        Ok(Self { pool })
    }
}

/// PostgreSQL.
pub struct PostgresStore {
    pub(crate) pool: PgPool,
}

impl PostgresStore {
    /// Connects to the server a `postgres://` URL names.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Self { pool })
    }
}

fn catalog_error(e: String) -> StoreError {
    StoreError::Invalid(format!("catalog refused, nothing stored: {e}"))
}

fn encode_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Invalid(e.to_string()))
}

macro_rules! store_impl {
    ($store:ident, $db:ty, $backend:expr, $migrator:expr, $after_import:expr) => {
        #[async_trait]
        impl Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            async fn migrate(&self) -> StoreResult<()> {
                $migrator.run(&self.pool).await?;
                Ok(())
            }

            async fn ping(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn insert_catalog(&self, catalog: &Catalog) -> StoreResult<()> {
                catalog.validate().map_err(catalog_error)?;
                let mut tx = self.pool.begin().await?;
                for chunk in catalog.sites.chunks(CHUNK) {
                    QueryBuilder::<$db>::new("INSERT INTO sites (id, name, kind, city, state, address, postal_code, phone, email) ")
                        .push_values(chunk, |mut b, s| {
                            b.push_bind(s.id)
                                .push_bind(s.name.clone())
                                .push_bind(s.kind.clone())
                                .push_bind(s.city.clone())
                                .push_bind(s.state.code())
                                .push_bind(s.address.clone())
                                .push_bind(s.postal_code.clone())
                                .push_bind(s.phone.clone())
                                .push_bind(s.email.clone());
                        })
                        .build()
                        .execute(&mut *tx)
                        .await?;
                }
                for chunk in catalog.preceptors.chunks(CHUNK) {
                    let mut rows = Vec::with_capacity(chunk.len());
                    for sp in chunk {
                        rows.push((sp, encode_json(&sp.preceptor.languages)?));
                    }
                    QueryBuilder::<$db>::new(
                        "INSERT INTO preceptors (id, site_id, name, specialty, board_certification, years_teaching, teaching_affiliation, languages) ",
                    )
                    .push_values(rows, |mut b, (sp, languages)| {
                        let p = &sp.preceptor;
                        b.push_bind(p.id)
                            .push_bind(sp.site_id)
                            .push_bind(p.name.clone())
                            .push_bind(p.specialty.code())
                            .push_bind(p.board_certification.clone())
                            .push_bind(p.years_teaching)
                            .push_bind(p.teaching_affiliation.clone())
                            .push_bind(languages);
                    })
                    .build()
                    .execute(&mut *tx)
                    .await?;
                }
                for chunk in catalog.experiences.chunks(CHUNK) {
                    let mut rows = Vec::with_capacity(chunk.len());
                    for e in chunk {
                        rows.push((e, encode_json(&e.price)?, encode_json(&e.refund_policy)?));
                    }
                    QueryBuilder::<$db>::new(
                        "INSERT INTO experiences (id, site_id, title, kind, hands_on, specialty, setting, emr, description, price, \
                         total_cents, refund_policy, applicant_types, max_years_since_graduation, step1_pass_required, ecfmg_required, \
                         visas, letter_possible, one_on_one, verified_by, last_verified_on, search_text) ",
                    )
                    .push_values(rows, |mut b, (e, price, refund)| {
                        b.push_bind(e.id)
                            .push_bind(e.site.id)
                            .push_bind(e.title.clone())
                            .push_bind(e.kind.code())
                            .push_bind(e.kind.is_hands_on())
                            .push_bind(e.specialty.code())
                            .push_bind(e.setting.code())
                            .push_bind(e.emr.clone())
                            .push_bind(e.description.clone())
                            .push_bind(price)
                            .push_bind(e.price.total_cents())
                            .push_bind(refund)
                            .push_bind(e.eligibility.applicant_types.bits())
                            .push_bind(e.eligibility.max_years_since_graduation)
                            .push_bind(e.eligibility.step1_pass_required)
                            .push_bind(e.eligibility.ecfmg_required)
                            .push_bind(e.eligibility.visas.bits())
                            .push_bind(e.letters.letter_possible)
                            .push_bind(e.letters.one_on_one)
                            .push_bind(e.verification.verified_by.clone())
                            .push_bind(e.verification.last_verified_on)
                            .push_bind(e.search_text());
                    })
                    .build()
                    .execute(&mut *tx)
                    .await?;
                }
                let links: Vec<(i64, i64, i32)> = catalog
                    .experiences
                    .iter()
                    .flat_map(|e| e.preceptors.iter().enumerate().map(|(i, p)| (e.id, p.id, i as i32)))
                    .collect();
                for chunk in links.chunks(CHUNK) {
                    QueryBuilder::<$db>::new("INSERT INTO experience_preceptors (experience_id, preceptor_id, position) ")
                        .push_values(chunk, |mut b, (e, p, i)| {
                            b.push_bind(*e).push_bind(*p).push_bind(*i);
                        })
                        .build()
                        .execute(&mut *tx)
                        .await?;
                }
                let blocks: Vec<(i64, &Block)> =
                    catalog.experiences.iter().flat_map(|e| e.blocks.iter().map(move |b| (e.id, b))).collect();
                for chunk in blocks.chunks(CHUNK) {
                    QueryBuilder::<$db>::new("INSERT INTO blocks (id, experience_id, start_date, weeks, seats, seats_left, observers) ")
                        .push_values(chunk, |mut b, (e, bl)| {
                            b.push_bind(bl.id)
                                .push_bind(*e)
                                .push_bind(bl.start_date)
                                .push_bind(bl.weeks)
                                .push_bind(bl.seats)
                                .push_bind(bl.seats_left)
                                .push_bind(bl.observers);
                        })
                        .build()
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query(BUMP_VERSION_SQL).execute(&mut *tx).await?;
                for statement in $after_import {
                    sqlx::query(*statement).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn count_experiences(&self) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(COUNT_SQL).fetch_one(&self.pool).await?)
            }

            async fn search_docs(&self) -> StoreResult<Vec<SearchDoc>> {
                let rows = sqlx::query_as::<_, DocRow>(DOCS_SQL).fetch_all(&self.pool).await?;
                let slots = sqlx::query_as::<_, SlotRow>(SLOTS_SQL).fetch_all(&self.pool).await?;
                // Both are ordered by experience id: walk them together.
                let mut slots = slots.into_iter().peekable();
                let mut docs = Vec::with_capacity(rows.len());
                for row in rows {
                    let mut own: Vec<Slot> = Vec::new();
                    while let Some(s) = slots.next_if(|s| s.experience_id <= row.id) {
                        if s.experience_id == row.id {
                            own.push(s.into());
                        }
                    }
                    docs.push(row.into_doc(own)?);
                }
                Ok(docs)
            }

            async fn catalog_version(&self) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(VERSION_SQL).fetch_one(&self.pool).await?)
            }

            async fn experience(&self, id: i64) -> StoreResult<Option<Experience>> {
                let Some(row) = sqlx::query_as::<_, ExperienceRow>(EXPERIENCE_SQL).bind(id).fetch_optional(&self.pool).await? else {
                    return Ok(None);
                };
                let preceptors = sqlx::query_as::<_, PreceptorRow>(PRECEPTORS_SQL)
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(PreceptorRow::into_preceptor)
                    .collect::<StoreResult<Vec<Preceptor>>>()?;
                let blocks = sqlx::query_as::<_, BlockRow>(BLOCKS_SQL).bind(id).fetch_all(&self.pool).await?;
                row.into_experience(preceptors, blocks.into_iter().map(Block::from).collect()).map(Some)
            }
        }
    };
}

const SQLITE_AFTER_IMPORT: &[&str] = &["ANALYZE"];
const POSTGRES_AFTER_IMPORT: &[&str] = &[
    "SELECT setval(pg_get_serial_sequence('sites', 'id'), GREATEST((SELECT MAX(id) FROM sites), 1))",
    "SELECT setval(pg_get_serial_sequence('preceptors', 'id'), GREATEST((SELECT MAX(id) FROM preceptors), 1))",
    "SELECT setval(pg_get_serial_sequence('experiences', 'id'), GREATEST((SELECT MAX(id) FROM experiences), 1))",
    "SELECT setval(pg_get_serial_sequence('blocks', 'id'), GREATEST((SELECT MAX(id) FROM blocks), 1))",
    "ANALYZE",
];

store_impl!(SqliteStore, sqlx::Sqlite, Backend::Sqlite, sqlx::migrate!("migrations/sqlite"), SQLITE_AFTER_IMPORT);
store_impl!(PostgresStore, sqlx::Postgres, Backend::Postgres, sqlx::migrate!("migrations/postgres"), POSTGRES_AFTER_IMPORT);

/// Queues emails in the transaction `$tx`.
macro_rules! queue {
    ($tx:ident, $emails:expr, $now:expr) => {
        for mail in $emails {
            sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                .bind(&mail.to)
                .bind(&mail.subject)
                .bind(&mail.body)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

pub(crate) use queue;
