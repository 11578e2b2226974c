//! `matchready serve`.

use std::sync::Arc;

use anyhow::Context;
use matchready_store::Store;
use std::time::Duration;

use matchready_web::{AppState, AuthConfig};

use crate::cli::ServeArgs;
use crate::demo;

/// Migrates, opens everything that can fail (the data folder, the port, file storage, SMTP), then
/// optionally fills the demo, then serves until Ctrl-C or SIGTERM.
pub async fn run(store: Arc<dyn Store>, shown_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    store.migrate().await.context("migrations failed")?;
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("cannot create the data folder {}", args.data_dir.display()))?;
    let listener = tokio::net::TcpListener::bind(args.bind).await.with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    let files = match &args.s3_bucket {
        Some(bucket) => matchready_files::open_s3(&matchready_files::S3 {
            bucket: bucket.clone(),
            endpoint: args.s3_endpoint.clone(),
            access_key_id: args.s3_access_key_id.clone(),
            secret_access_key: args.s3_secret_access_key.clone(),
            region: args.s3_region.clone(),
        })?,
        None => matchready_files::open_folder(&args.data_dir.to_string_lossy())?,
    };
    let mailer = args.smtp_url.as_deref().map(|url| matchready_mail::Mailer::new(url, &args.mail_from)).transpose()?;
    // The demo once everything else is open, so a start that fails leaves no half-made demo behind.
    let (filled, made) = if args.demo {
        let filled = demo::fill(store.as_ref(), args.demo_args).await?;
        let made = demo::accounts(store.as_ref()).await?;
        (filled.filter(|_| !args.no_history), made)
    } else {
        (None, None)
    };
    let experiences = store.count_experiences().await?;
    tracing::info!(%addr, database = %shown_url, backend = store.backend().name(), experiences, "listening");
    let public_url = args.public_url.unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
    let config = AuthConfig { public_url, trust_forwarded_for: args.trust_proxy };
    let mut state = AppState::new(store, config, files).await.context("could not build the search index")?;
    state.webhook_secret = args.payment_webhook_secret.clone();
    demo::history(&state, filled, made).await?;
    // Delivery starts after the demo's history, whose emails count as delivered.
    let mailer = match mailer {
        Some(mailer) => {
            tracing::info!("sending email through SMTP");
            Some(tokio::spawn(matchready_mail::deliver(state.store.clone(), mailer, Duration::from_secs(2))))
        }
        None => {
            tracing::info!("no SMTP server configured: emails wait in the outbox (/admin/outbox)");
            None
        }
    };
    println!("MatchReady is running at http://{addr}/ ({experiences} experiences, database {shown_url}). Press Ctrl-C to stop.");
    matchready_web::serve(listener, state, shutdown_signal()).await.context("server failed")?;
    if let Some(task) = mailer {
        task.abort();
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
