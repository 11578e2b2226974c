//! The in-memory search index, kept in step with storage.
//!
//! Storage stays the source of truth. The index is built at start-up and
//! rebuilt whenever the stored catalog version moves; a background task
//! checks every [`REFRESH_EVERY`], so several servers sharing one database
//! agree within about that long. Readers never wait for a rebuild: they take
//! the current index and the new one replaces it when ready.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use matchready_core::CatalogIndex;
use matchready_store::{Store, StoreResult};

/// How often the stored catalog version is checked.
pub const REFRESH_EVERY: Duration = Duration::from_secs(1);

struct Loaded {
    version: i64,
    index: Arc<CatalogIndex>,
}

/// The searchable catalog.
pub struct SearchCatalog {
    store: Arc<dyn Store>,
    loaded: RwLock<Loaded>,
}

impl SearchCatalog {
    /// Builds the index from storage.
    pub async fn load(store: Arc<dyn Store>) -> StoreResult<Self> {
        let catalog = Self { store, loaded: RwLock::new(Loaded { version: i64::MIN, index: Arc::default() }) };
        catalog.refresh().await?;
        Ok(catalog)
    }

    /// The current index.
    pub fn index(&self) -> Arc<CatalogIndex> {
        match self.loaded.read() {
            Ok(l) => l.index.clone(),
            Err(poisoned) => poisoned.into_inner().index.clone(),
        }
    }

    fn version(&self) -> i64 {
        match self.loaded.read() {
            Ok(l) => l.version,
            Err(poisoned) => poisoned.into_inner().version,
        }
    }

    /// Rebuilds the index if the stored catalog changed; says whether it did.
    pub async fn refresh(&self) -> StoreResult<bool> {
        // Read the version first: docs loaded after it are at least that new.
        let version = self.store.catalog_version().await?;
        if version == self.version() {
            return Ok(false);
        }
        let started = std::time::Instant::now();
        let docs = self.store.search_docs().await?;
        let index = Arc::new(CatalogIndex::new(docs));
        tracing::info!(version, experiences = index.len(), millis = started.elapsed().as_millis() as u64, "search index built");
        let mut l = match self.loaded.write() {
            Ok(l) => l,
            Err(poisoned) => poisoned.into_inner(),
        };
        if version > l.version {
            *l = Loaded { version, index };
        }
        Ok(true)
    }

    /// Keeps the index fresh until the process ends.
    pub fn keep_fresh(self: Arc<Self>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(REFRESH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = self.refresh().await {
                    tracing::warn!(error = %e, "search index refresh failed; serving the previous one");
                }
            }
        })
    }
}
