//! Filling an empty database with the demo catalog.

use anyhow::Context;
use matchready_demo::DemoConfig;
use matchready_store::Store;

use crate::cli::DemoArgs;

/// Loads the demo catalog unless the database already has experiences.
pub async fn fill(store: &dyn Store, args: DemoArgs) -> anyhow::Result<()> {
    let existing = store.count_experiences().await?;
    if existing > 0 {
        tracing::info!(existing, "database already has experiences; demo catalog not added");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let config = DemoConfig { experiences: args.scale as usize, seed: args.seed, today: chrono::Utc::now().date_naive() };
    let catalog = matchready_demo::catalog(&config);
    store.insert_catalog(&catalog).await.context("could not load the demo catalog")?;
    tracing::info!(
        experiences = catalog.experiences.len(),
        sites = catalog.sites.len(),
        preceptors = catalog.preceptors.len(),
        millis = started.elapsed().as_millis() as u64,
        "demo catalog loaded"
    );
    Ok(())
}
