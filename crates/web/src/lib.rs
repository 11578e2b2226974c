//! MatchReady's HTTP layer: the only crate that knows HTTP.
//!
//! [`app`] builds the whole router: the JSON API under `/api/v1` (every
//! route documented in the OpenAPI document at `/api/openapi.json`), the
//! server-rendered pages, `/healthz` and `/readyz`, and the middleware that
//! every request passes (request id, tracing, security headers, panic guard).

// Page helpers return a ready `Response` as their error (a redirect or an
// error page), made at most once per request: its size costs nothing.
#![allow(clippy::result_large_err)]

pub(crate) mod api;
pub mod auth;
pub mod catalog;
mod error;
mod middleware;
mod pages;

use std::sync::Arc;

use axum::Router;
use chrono::NaiveDate;
use matchready_store::{Store, StoreResult};

pub use api::applications::sweep;
pub use api::documents::remind_expiring;
pub use api::openapi;
pub use api::round_run::run_due_rounds;
pub use auth::{Accounts, AuthConfig};
pub use catalog::SearchCatalog;
pub use error::ApiError;

/// Gives today's date. The server passes the real clock; tests pass a fixed day.
pub type Today = Arc<dyn Fn() -> NaiveDate + Send + Sync>;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Storage.
    pub store: Arc<dyn Store>,
    /// The in-memory search index.
    pub catalog: Arc<SearchCatalog>,
    /// The clock, read once per request at the edge.
    pub today: Today,
    /// Account operations (sign-up, login, sessions, links).
    pub accounts: Arc<Accounts>,
    /// Where uploaded files are kept.
    pub files: Arc<dyn object_store::ObjectStore>,
    /// The payment provider's webhook secret (no webhook without one).
    pub webhook_secret: Option<String>,
}

impl AppState {
    /// State over a store, with the real clock (UTC date); builds the search index.
    pub async fn new(store: Arc<dyn Store>, config: AuthConfig, files: Arc<dyn object_store::ObjectStore>) -> StoreResult<Self> {
        let catalog = Arc::new(SearchCatalog::load(store.clone()).await?);
        let accounts = Arc::new(Accounts::new(store.clone(), config));
        Ok(Self { store, catalog, today: Arc::new(|| chrono::Utc::now().date_naive()), accounts, files, webhook_secret: None })
    }
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api::router();
    let secure = state.accounts.config.secure_cookies();
    let router = Router::new()
        .merge(api)
        .merge(pages::router(&doc, secure))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    middleware::apply(router)
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed on {}; see /api/openapi.json for the methods each route takes", uri.path()),
    )
}

/// An experience id from a URL path: a positive whole number, or nothing.
pub(crate) fn experience_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}

/// Serves the application on `listener` until `shutdown` resolves, keeping
/// the search index in step with storage meanwhile.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let refresher = state.catalog.clone().keep_fresh();
    let calendar = tokio::spawn(keep_calendar(state.clone()));
    let rounds = tokio::spawn(keep_rounds(state.clone()));
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    refresher.abort();
    calendar.abort();
    rounds.abort();
    served
}

/// Every minute, moves the applications the calendar moves (lapsed offers and deposits, starts, ends)
/// and tells owners of documents that run out within 30 days.
async fn keep_calendar(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        let today = (state.today)();
        match api::applications::sweep(&state, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(moved = n, "applications moved by the calendar"),
            Err(e) => tracing::error!(code = e.code, "calendar sweep failed"),
        }
        match api::documents::remind_expiring(&state, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "documents running out: owners told"),
            Err(e) => tracing::error!(code = e.code, "document reminders failed"),
        }
    }
}

/// Every few seconds, runs the placement rounds whose deadline has come.
async fn keep_rounds(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        match api::round_run::run_due_rounds(&state, (state.accounts.now)()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rounds = n, "placement rounds ran"),
            Err(e) => tracing::error!(code = e.code, "placement rounds failed"),
        }
    }
}
