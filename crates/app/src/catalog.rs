//! The in-memory search index, kept in step with storage.
//!
//! Storage stays the source of truth. The index is built at start-up and
//! rebuilt whenever the stored catalog version moves; a background task
//! checks every [`REFRESH_EVERY`], so several servers sharing one database
//! agree within about that long. Readers never wait for a rebuild: they take
//! the current index and the new one replaces it when ready.

use std::io::Write;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::NaiveDate;
use matchready_core::date_json::iso;
use matchready_core::{CatalogIndex, SearchDoc, SearchQuery};
use matchready_store::{Store, StoreResult};

/// How often the stored catalog version is checked.
pub const REFRESH_EVERY: Duration = Duration::from_secs(1);

struct Loaded {
    version: i64,
    index: Arc<Searchable>,
}

/// The index, and each listing's JSON rendered once when it is built: a
/// search response then only adds the block shown, instead of escaping
/// every string again on every request.
#[derive(Default)]
pub struct Searchable {
    /// The index.
    pub index: CatalogIndex,
    /// By position in the index: the listing's JSON object without its closing brace.
    listing_json: Vec<Box<str>>,
}

impl Searchable {
    fn new(docs: Vec<SearchDoc>) -> Self {
        let listing_json = docs
            .iter()
            .map(|d| {
                let mut json = serde_json::to_string(&d.listing).unwrap_or_else(|_| "{".to_string());
                // An object always ends with its brace; the block's fields go before it.
                json.pop();
                json.into_boxed_str()
            })
            .collect();
        Self { index: CatalogIndex::new(docs), listing_json }
    }

    /// The search response body: the same JSON as serialising
    /// `index.search(q, today)`, written from the rendered listings.
    pub fn search_json(&self, q: &SearchQuery, today: NaiveDate) -> Vec<u8> {
        let page = self.index.find(q, today);
        let mut num = itoa::Buffer::new();
        let mut out = Vec::with_capacity(64 + 512 * page.found.len());
        out.extend_from_slice(b"{\"items\":[");
        for (n, f) in page.found.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(self.listing_json[f.position].as_bytes());
            match f.shown {
                Some(s) => {
                    out.extend_from_slice(b",\"next_start\":\"");
                    out.extend_from_slice(iso(s.start_date, &mut [0; 10]).as_bytes());
                    out.extend_from_slice(b"\",\"weeks\":");
                    out.extend_from_slice(num.format(s.weeks).as_bytes());
                    out.extend_from_slice(b",\"seats_left\":");
                    out.extend_from_slice(num.format(s.seats_left).as_bytes());
                    match f.later_open() {
                        Some(later) => {
                            out.extend_from_slice(b",\"later_open_start\":\"");
                            out.extend_from_slice(iso(later.start_date, &mut [0; 10]).as_bytes());
                            out.extend_from_slice(b"\"}");
                        }
                        None => out.extend_from_slice(b",\"later_open_start\":null}"),
                    }
                }
                None => {
                    out.extend_from_slice(b",\"next_start\":null,\"weeks\":null,\"seats_left\":null,\"later_open_start\":null}")
                }
            }
        }
        let _ = write!(out, "],\"total\":{},\"page\":{},\"per_page\":{}}}", page.total, q.page, q.per_page);
        out
    }
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
    pub fn index(&self) -> Arc<Searchable> {
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
        // Indexing is CPU work (about 70 ms at 10,000 experiences): keep it
        // off the workers that answer requests.
        let index = match tokio::task::spawn_blocking(move || Searchable::new(docs)).await {
            Ok(built) => Arc::new(built),
            Err(e) => {
                tracing::error!(error = %e, "search index build failed; keeping the previous one");
                return Ok(false);
            }
        };
        tracing::info!(
            version,
            experiences = index.index.len(),
            millis = started.elapsed().as_millis() as u64,
            "search index built"
        );
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

#[cfg(test)]
mod tests {
    use chrono::Datelike;
    use matchready_core::{RawSearch, SearchDoc, SearchQuery};
    use matchready_demo::{DemoConfig, catalog};

    use super::*;

    #[test]
    fn rendered_json_equals_serialised_json() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let c = catalog(&DemoConfig::new(today));
        let s = Searchable::new(c.experiences.iter().map(SearchDoc::from_experience).collect());
        let queries = [
            "per_page=100",
            "per_page=100&page=7&sort=price",
            "q=chicago&hands_on=true",
            "start_from=2027-02-01&start_to=2027-02-10",
            "start_to=2026-11-20",
            "q=nothingmatches",
            "page=999",
        ];
        for raw in queries {
            let raw: RawSearch = serde_urlencoded::from_str(raw).unwrap();
            let q = SearchQuery::parse(&raw, today.year()).unwrap();
            let fast: serde_json::Value = serde_json::from_slice(&s.search_json(&q, today)).unwrap();
            let slow = serde_json::to_value(s.index.search(&q, today)).unwrap();
            assert_eq!(fast, slow, "{raw:?}");
        }
        // Titles with quotes and non-ASCII letters survive.
        let mut doc = SearchDoc::from_experience(&c.experiences[0]);
        doc.listing.title = "Médecine \"interne\" \\ 内科".into();
        let s = Searchable::new(vec![doc]);
        let q = SearchQuery::default();
        let fast: serde_json::Value = serde_json::from_slice(&s.search_json(&q, today)).unwrap();
        assert_eq!(fast, serde_json::to_value(s.index.search(&q, today)).unwrap());
    }
}
