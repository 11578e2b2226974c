//! The search index follows writes made by anyone sharing the database.

use chrono::NaiveDate;
use matchready_core::SearchQuery;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::TestDb;
use matchready_web::SearchCatalog;

async fn index_follows_the_stored_catalog_on_every_backend(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    {
        let reader = matchready_store::connect(&db.url).await.unwrap();
        reader.migrate().await.unwrap();
        let search = SearchCatalog::load(reader.clone()).await.unwrap();
        assert!(search.index().index.is_empty());
        assert!(!search.refresh().await.unwrap(), "nothing changed yet");

        // Another connection (think: another server) writes the catalog.
        let writer = matchready_store::connect(&db.url).await.unwrap();
        let c = catalog(&DemoConfig::new(today));
        writer.insert_catalog(&c).await.unwrap();

        let before = search.index();
        assert!(search.refresh().await.unwrap(), "{}: the new version is seen", db.url);
        assert!(before.index.is_empty(), "an index already handed out does not change under its reader");
        assert_eq!(search.index().index.len(), c.experiences.len());
        assert_eq!(search.index().index.search(&SearchQuery::default(), today).total, c.experiences.len() as i64);
        assert!(!search.refresh().await.unwrap(), "no rebuild without a change");
        drop((reader, writer));
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(index_follows_the_stored_catalog_on_every_backend);
