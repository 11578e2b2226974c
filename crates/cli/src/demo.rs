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
    for e in catalog.experiences.iter().filter(|e| matchready_demo::instant_booking(e)) {
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
    let hash = matchready_app::accounts::secret::Hasher::default()
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
    round(store, now).await?;
    println!(
        "Demo accounts (password \"{DEMO_PASSWORD}\"): admin@, coordinator@ (site 1), preceptor@ (site 1), advisor@, applicant@example.org"
    );
    Ok(())
}

/// Opens one placement round at the first site, so that the demo applicant can rank in it at once:
/// two blocks of the site's last experience, ranking closing in 14 days. Skipped if the site has
/// fewer than two experiences.
async fn round(store: &dyn Store, now: i64) -> anyhow::Result<()> {
    let experiences = store.site_experiences(1).await?;
    let Some(last) = experiences.iter().rev().find(|e| e.published).filter(|_| experiences.len() >= 2) else {
        return Ok(());
    };
    let Some(experience) = store.experience(last.id).await? else { return Ok(()) };
    let deadline = now + 14 * 86_400;
    let earliest = chrono::DateTime::from_timestamp(deadline, 0)
        .map(|d| d.date_naive() + chrono::Days::new(matchready_core::round::DAYS_BEFORE_START as u64));
    let blocks: Vec<i64> = experience
        .blocks
        .iter()
        .filter(|b| b.seats_left > 0 && earliest.is_some_and(|d| b.start_date >= d))
        .map(|b| b.id)
        .take(2)
        .collect();
    let facts = store.block_facts(&blocks).await?;
    let name = format!("{}: placement round", experience.title);
    let Ok(site_id) = matchready_core::round::check_new(&name, deadline, &blocks, &facts, now) else { return Ok(()) };
    let Some(admin) = store.user_by_email("admin@example.org").await?.map(|(u, _)| u.id) else { return Ok(()) };
    let new = matchready_store::NewRound { site_id, name, deadline, seed: now, block_ids: blocks, created_by: admin, now };
    let _ = store.create_round(&new).await?;
    Ok(())
}
