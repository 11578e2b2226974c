//! MatchReady's use cases: every operation that the API, the pages and the
//! background jobs perform is one function here. Each takes the [`App`],
//! the [`Caller`] and typed input, asks the one policy itself, and returns
//! a typed answer or an [`AppError`]. No HTTP (the web crate adapts these
//! to JSON and HTML) and no SQL (storage does that, behind its traits).
//! The clock is read once, through [`App::now`], so tests move it.

// Use cases return a ready error value made at most once per call.
#![allow(clippy::result_large_err)]

pub mod accounts;
pub mod admin;
pub mod advising;
pub mod applications;
pub mod caller;
pub mod catalog;
pub mod clock;
pub mod documents;
pub mod error;
pub mod guard;
pub mod letter;
pub mod letters;
pub mod money;
pub mod paying;
pub mod phi;
pub mod plans;
pub mod profile;
pub mod rotation;
pub mod rounds;
pub mod sites;
pub mod users;

use std::sync::Arc;

use chrono::NaiveDate;
use matchready_store::{Store, StoreResult};

pub use accounts::{Accounts, AuthConfig, AuthError};
pub use caller::Caller;
pub use catalog::SearchCatalog;
pub use clock::Clock;
pub use error::{AppError, AppResult, Kind};

/// What every use case can reach.
#[derive(Clone)]
pub struct App {
    /// Storage.
    pub store: Arc<dyn Store>,
    /// The in-memory search index.
    pub catalog: Arc<SearchCatalog>,
    /// Account operations (sign-up, login, sessions, links); shares the app's clock.
    pub accounts: Arc<Accounts>,
    /// Where uploaded files are kept.
    pub files: Arc<dyn object_store::ObjectStore>,
    /// The payment provider's webhook secret (no webhook without one).
    pub webhook_secret: Option<String>,
    clock: Clock,
    /// The organisation's signing key, once read from storage.
    signing: Arc<std::sync::OnceLock<ed25519_dalek::SigningKey>>,
}

impl App {
    /// The app over a store with the real clock; builds the search index.
    pub async fn new(store: Arc<dyn Store>, config: AuthConfig, files: Arc<dyn object_store::ObjectStore>) -> StoreResult<Self> {
        Self::with_clock(store, config, files, Clock::system()).await
    }

    /// The app with a clock of the caller's (tests move it).
    pub async fn with_clock(
        store: Arc<dyn Store>,
        config: AuthConfig,
        files: Arc<dyn object_store::ObjectStore>,
        clock: Clock,
    ) -> StoreResult<Self> {
        let catalog = Arc::new(SearchCatalog::load(store.clone()).await?);
        let accounts = Arc::new(Accounts::new(store.clone(), config, clock.clone()));
        Ok(Self { store, catalog, accounts, files, webhook_secret: None, clock, signing: Arc::default() })
    }

    /// The app's storage, index and files on another clock, with account operations of its own
    /// (their own login throttle) on that clock: the demo replays its history on a clock it moves
    /// through the past.
    pub fn on_clock(&self, clock: Clock) -> Self {
        let accounts = Arc::new(Accounts::new(self.store.clone(), self.accounts.config.clone(), clock.clone()));
        Self { accounts, clock, ..self.clone() }
    }

    /// Seconds since 1970, now.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Today's date (UTC).
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The public address of a path, for links in emails.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.accounts.config.public_url)
    }
}
