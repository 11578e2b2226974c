//! Filling an empty database with the demo catalog.

use anyhow::Context;
use matchready_core::account::Role;
use matchready_demo::DemoConfig;
use matchready_store::{NewUser, Store};

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
    // Some observerships and telerotations are "book now", as agencies sell them.
    for e in catalog.experiences.iter().filter(|e| !e.kind.is_hands_on() && e.id % 3 == 0) {
        store.set_instant_booking(e.id, true).await?;
    }
    tracing::info!(
        experiences = catalog.experiences.len(),
        sites = catalog.sites.len(),
        preceptors = catalog.preceptors.len(),
        millis = started.elapsed().as_millis() as u64,
        "demo catalog loaded"
    );
    Ok(())
}

/// The demo accounts' password, printed at start-up and in the README: demo databases only.
pub const DEMO_PASSWORD: &str = "demo password for matchready";

/// Adds one account per role (coordinator and preceptor at the first site) unless they exist.
pub async fn accounts(store: &dyn Store) -> anyhow::Result<()> {
    if store.user_by_email("admin@example.org").await?.is_some() {
        return Ok(());
    }
    let hash = matchready_web::auth::secret::Hasher::default()
        .hash(DEMO_PASSWORD.to_string())
        .await
        .context("could not hash the demo password")?;
    let site = 1;
    let now = chrono::Utc::now().timestamp();
    let people = [
        ("admin@example.org", "Alex Admin", Role::Admin, None),
        ("coordinator@example.org", "Casey Coordinator", Role::Coordinator, Some(site)),
        ("preceptor@example.org", "Dr. Pat Preceptor", Role::Preceptor, Some(site)),
        ("advisor@example.org", "Dr. Avery Advisor", Role::Advisor, None),
        ("applicant@example.org", "Amara Applicant", Role::Applicant, None),
    ];
    for (email, name, role, site_id) in people {
        let user = NewUser {
            email: email.into(),
            name: name.into(),
            role,
            site_id,
            password_hash: Some(hash.clone()),
            email_verified: true,
            host_verified: true,
            now,
        };
        store.create_user(&user).await?;
    }
    println!(
        "Demo accounts (password \"{DEMO_PASSWORD}\"): admin@, coordinator@ (site 1), preceptor@ (site 1), advisor@, applicant@example.org"
    );
    Ok(())
}
