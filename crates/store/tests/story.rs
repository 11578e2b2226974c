//! Every storage method, on SQLite and (when a server answers) PostgreSQL:
//! what is written reads back exactly, and a refused write changes nothing.

use chrono::NaiveDate;
use matchready_core::SearchDoc;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::TestDb;
use matchready_store::{Store, StoreError, connect};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

async fn story(store: &dyn Store) {
    let name = store.backend().name();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap(); // idempotent
    store.ping().await.unwrap();
    assert_eq!(store.count_experiences().await.unwrap(), 0);
    assert!(store.search_docs().await.unwrap().is_empty());
    let before = store.catalog_version().await.unwrap();

    let c = catalog(&DemoConfig::new(today()));
    store.insert_catalog(&c).await.unwrap();
    assert_eq!(store.count_experiences().await.unwrap(), c.experiences.len() as i64);

    // Every experience reads back exactly as written.
    for e in c.experiences.iter().step_by(37) {
        assert_eq!(store.experience(e.id).await.unwrap().as_ref(), Some(e), "{name}: experience {}", e.id);
    }
    assert_eq!(store.experience(999_999).await.unwrap(), None);

    // Search reads back exactly what the core derives from each experience.
    let docs = store.search_docs().await.unwrap();
    let expected: Vec<SearchDoc> = c.experiences.iter().map(SearchDoc::from_experience).collect();
    assert_eq!(docs.len(), expected.len(), "{name}");
    for (got, want) in docs.iter().zip(&expected) {
        assert_eq!(got, want, "{name}: search doc {}", want.listing.id);
    }
    let version = store.catalog_version().await.unwrap();
    assert!(version > before, "{name}: a catalog write moves the version");

    // A refused catalog stores nothing; a conflicting one is rolled back whole.
    let mut bad = catalog(&DemoConfig { experiences: 700, seed: 9, ..DemoConfig::new(today()) });
    bad.experiences[3].price.tuition_cents = -1;
    assert!(matches!(store.insert_catalog(&bad).await, Err(StoreError::Invalid(_))));
    let clash = catalog(&DemoConfig { experiences: 700, seed: 9, ..DemoConfig::new(today()) });
    assert!(matches!(store.insert_catalog(&clash).await, Err(StoreError::Database(_))), "{name}: ids clash");
    assert_eq!(store.count_experiences().await.unwrap(), c.experiences.len() as i64);
    assert_eq!(store.experience(c.experiences[0].id).await.unwrap().as_ref(), Some(&c.experiences[0]));
    assert_eq!(store.catalog_version().await.unwrap(), version, "{name}: a refused write leaves the version");
}

async fn storage_story_on_every_backend(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        story(store.as_ref()).await;
        eprintln!("storage story passed on {}", store.backend().name());
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(storage_story_on_every_backend);

#[tokio::test]
async fn unsupported_urls_are_refused_with_advice() {
    let err = connect("mysql://root@localhost/x").await.err().unwrap();
    assert!(err.to_string().contains("sqlite://"), "{err}");
}
