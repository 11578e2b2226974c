//! MatchReady's storage layer: the only crate that writes SQL.
//!
//! One [`Store`] trait, two implementations generated from one body in
//! [`sql`]: SQLite (the default, a file) and PostgreSQL, chosen at run time
//! from the database URL by [`connect`]. Each backend has its own migration
//! folder under `migrations/`. Search runs in memory (see
//! `matchready_core::CatalogIndex`) over [`Store::search_docs`], rebuilt
//! when [`Store::catalog_version`] changes.

pub mod accounts;
mod accounts_sql;
pub mod advising;
mod advising_sql;
pub mod applicants;
mod applicants_sql;
pub mod applications;
mod applications_sql;
pub mod completion;
mod completion_sql;
pub mod documents;
mod documents_sql;
pub mod evaluations;
mod evaluations_sql;
pub mod hours;
mod hours_sql;
pub mod letters;
mod letters_rows;
mod letters_sql;
pub mod notes;
mod notes_sql;
pub mod outbox;
mod outbox_sql;
pub mod payments;
mod payments_sql;
pub mod rounds;
mod rounds_rows;
mod rounds_sql;
mod rows;
mod sql;
pub mod testing;

use std::sync::Arc;

use async_trait::async_trait;
use matchready_core::{Catalog, Experience, SearchDoc};

pub use accounts::{AccountStore, NewSession, NewUser, SessionKind};
pub use advising::{AdvisingStore, BookRefusal, Call, CallChange, NewCall, StoredOffering, StoredSetup, WriteUpSave};
pub use applicants::{ApplicantStore, ApplyError, StoredProfile};
pub use applications::{ApplicationStore, Effects, Move, MoveError, NewEntry, Recording};
pub use completion::CompletionStore;
pub use documents::{DocumentStore, NewDocument};
pub use evaluations::{EvaluationSave, EvaluationStore};
pub use hours::{HoursDecision, HoursStore, NewHours};
pub use letters::{Changed, LetterChange, LetterStore, NewLetter, NewSend, NewVersion};
pub use notes::{NewComment, NoteDecision, NoteFile, NoteSave, NoteStore};
pub use outbox::{AuditRecord, OutboxStore};
pub use payments::PaymentStore;
pub use rounds::{Finished, NewRound, RoundEntry, RoundRefusal, RoundStore};
pub use sql::{PostgresStore, SqliteStore};

/// What can go wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names no backend we have.
    #[error("unsupported database URL '{0}': use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value the code cannot read (written by another version?).
    #[error("stored data cannot be read: {0}")]
    Corrupt(String),
    /// Data refused before anything was written.
    #[error("{0}")]
    Invalid(String),
}

/// Result of a storage call.
pub type StoreResult<T> = Result<T, StoreError>;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Lower-case name for logs and tests.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// Everything MatchReady keeps, behind one interface.
#[async_trait]
pub trait Store:
    AccountStore
    + OutboxStore
    + ApplicantStore
    + ApplicationStore
    + DocumentStore
    + HoursStore
    + NoteStore
    + EvaluationStore
    + CompletionStore
    + LetterStore
    + PaymentStore
    + RoundStore
    + AdvisingStore
    + Send
    + Sync
    + 'static
{
    /// Which backend this is.
    fn backend(&self) -> Backend;

    /// Applies pending migrations.
    async fn migrate(&self) -> StoreResult<()>;

    /// Checks the database answers.
    async fn ping(&self) -> StoreResult<()>;

    /// Loads a whole catalog in one transaction: all of it or none of it.
    async fn insert_catalog(&self, catalog: &Catalog) -> StoreResult<()>;

    /// How many experiences there are.
    async fn count_experiences(&self) -> StoreResult<i64>;

    /// What search needs of every experience, by id.
    async fn search_docs(&self) -> StoreResult<Vec<SearchDoc>>;

    /// A number that changes whenever the catalog does.
    async fn catalog_version(&self) -> StoreResult<i64>;

    /// One experience with everything about it, or `None`.
    async fn experience(&self, id: i64) -> StoreResult<Option<Experience>>;
}

/// Opens the store a URL names (`sqlite://...` or `postgres://...`), without migrating.
pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(redact(url)))
    }
}

/// A URL fit for logs: any password replaced.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &userinfo[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://app:s3cret@db/x"), "postgres://app:***@db/x");
        assert_eq!(super::redact("postgres://app@db/x"), "postgres://app@db/x");
        assert_eq!(super::redact("sqlite://m.db"), "sqlite://m.db");
    }
}
