//! The demo: an empty database filled with the demo catalog, one account per role, a history of
//! applications played through the use cases (`history.rs`), and a placement round to rank in.

mod advising;
mod evaluations;
mod history;
mod letters;
mod notes;
mod rotation;

use anyhow::Context;
use matchready_app::rounds::{self, NewRoundBody};
use matchready_app::{App, Caller};
use matchready_core::Catalog;
use matchready_core::account::Role;
use matchready_demo::DemoConfig;
use matchready_store::{NewUser, Store};

use crate::cli::DemoArgs;

/// The catalog just stored, and what it was made from (the history needs both).
pub struct Filled {
    catalog: Catalog,
    config: DemoConfig,
}

/// Loads the demo catalog unless the database already has experiences; `None` when it had.
pub async fn fill(store: &dyn Store, args: DemoArgs) -> anyhow::Result<Option<Filled>> {
    let existing = store.count_experiences().await?;
    if existing > 0 {
        tracing::info!(existing, "database already has experiences; demo catalog not added");
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let today = args.as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let config = DemoConfig { experiences: args.scale as usize, seed: args.seed, today };
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
    Ok(Some(Filled { catalog, config }))
}

/// The demo accounts' password, printed at start-up and in the README: demo databases only.
pub const DEMO_PASSWORD: &str = "demo password for matchready";

/// Adds one account per role (coordinator and preceptor at the first site) unless they exist;
/// returns the password's hash when it made them, for the history's people to share.
pub async fn accounts(store: &dyn Store) -> anyhow::Result<Option<String>> {
    if store.user_by_email("admin@example.org").await?.is_some() {
        return Ok(None);
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
        // Made well before the history's first day (at most 215 days back), so nothing in it comes
        // before them.
        let joined = now - 240 * 86_400;
        let user = NewUser {
            email: email.into(),
            name: name.into(),
            role,
            site_id,
            password_hash: Some(hash.clone()),
            email_verified: true,
            host_verified: true,
            now: joined,
        };
        store.create_user(&user).await?;
    }
    println!(
        "Demo accounts (password \"{DEMO_PASSWORD}\"): admin@, coordinator@ (site 1), preceptor@ (site 1), advisor@, applicant@example.org"
    );
    Ok(Some(hash))
}

/// With a catalog and accounts both new, and nobody but the demo accounts, plays the history; then
/// opens the placement round.
pub async fn history(app: &App, filled: Option<Filled>, hash: Option<String>) -> anyhow::Result<()> {
    let Some(hash) = hash else { return Ok(()) };
    let others = app.store.users(None).await?.len().saturating_sub(5);
    match filled {
        Some(_) if others > 0 => tracing::info!(others, "no demo history: the database has accounts of its own"),
        Some(f) => {
            let started = std::time::Instant::now();
            let played = history::play(app, &f.catalog, &f.config, &hash).await.context("could not play the demo history")?;
            tracing::info!(
                people = played.people,
                applications = played.applications,
                steps = played.steps,
                refused = played.refused,
                emails = played.emails,
                letters = played.letters,
                calls = played.calls,
                millis = started.elapsed().as_millis() as u64,
                "demo history played"
            );
        }
        None => tracing::info!("no demo history (the catalog was there before, or --no-history)"),
    }
    round(app).await
}

/// Opens one placement round at the first site, as its admin would, so that the demo applicant can
/// rank in it at once: the blocks [`matchready_demo::round_blocks`] names (the history left them
/// alone), ranking closing in [`matchready_demo::ROUND_DAYS`] days.
async fn round(app: &App) -> anyhow::Result<()> {
    let experiences = app.store.site_experiences(1).await?;
    let Some(last) = experiences.iter().filter(|e| e.published).max_by_key(|e| e.id).filter(|_| experiences.len() >= 2) else {
        return Ok(());
    };
    let Some(experience) = app.store.experience(last.id).await? else { return Ok(()) };
    let deadline = app.now() + matchready_demo::ROUND_DAYS as i64 * 86_400;
    let earliest =
        app.today() + chrono::Days::new(matchready_demo::ROUND_DAYS + matchready_core::round::DAYS_BEFORE_START as u64);
    let mut blocks: Vec<&matchready_core::Block> =
        experience.blocks.iter().filter(|b| b.seats_left > 0 && b.start_date >= earliest).collect();
    blocks.sort_by_key(|b| (b.start_date, b.id));
    let admin = app.store.user_by_email("admin@example.org").await?.context("the demo admin is missing")?.0;
    let body = NewRoundBody {
        name: format!("{}: placement round", experience.title),
        deadline: chrono::DateTime::from_timestamp(deadline, 0).unwrap_or_default().to_rfc3339(),
        block_ids: blocks.iter().take(2).map(|b| b.id).collect(),
    };
    if let Err(e) = rounds::open_round(app, &Caller::member(admin, "127.0.0.1"), body).await {
        tracing::warn!(code = e.code, message = %e.message, "the demo placement round was not opened");
    }
    Ok(())
}
