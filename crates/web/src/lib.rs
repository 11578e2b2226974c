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
mod error;
mod middleware;
mod pages;

use axum::Router;

pub use api::openapi;
pub use error::ApiError;
pub use matchready_app::{App, AuthConfig, Clock, SearchCatalog};

/// What every handler can reach: the use cases' [`App`].
pub type AppState = App;

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
/// and tells owners of documents that run out within 30 days, applicants whose deposit is due
/// within 2 days, preceptors whose trainees' hours have waited a week for sign-off, and authors of
/// letters due soon or late.
async fn keep_calendar(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match matchready_app::applications::sweep(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(moved = n, "applications moved by the calendar"),
            Err(e) => tracing::error!(code = e.code, "calendar sweep failed"),
        }
        match matchready_app::documents::remind_expiring(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "documents running out: owners told"),
            Err(e) => tracing::error!(code = e.code, "document reminders failed"),
        }
        match matchready_app::paying::remind_deposits(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "deposits due soon: applicants reminded"),
            Err(e) => tracing::error!(code = e.code, "deposit reminders failed"),
        }
        match matchready_app::rotation::remind_unsigned(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rotations = n, "hours waiting a week: preceptors reminded"),
            Err(e) => tracing::error!(code = e.code, "hours reminders failed"),
        }
        match matchready_app::rotation::evaluations::remind_evaluations(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "evaluations due or overdue: preceptors and coordinators reminded"),
            Err(e) => tracing::error!(code = e.code, "evaluation reminders failed"),
        }
        match matchready_app::letters::remind_letters(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sent = n, "letters due or late: authors reminded, coordinators asked"),
            Err(e) => tracing::error!(code = e.code, "letter reminders failed"),
        }
        match matchready_app::advising::remind_calls(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(calls = n, "consultations a day or an hour away: both sides reminded"),
            Err(e) => tracing::error!(code = e.code, "consultation reminders failed"),
        }
    }
}

/// Every few seconds, runs the placement rounds whose deadline has come.
async fn keep_rounds(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        match matchready_app::rounds::run_due_rounds(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rounds = n, "placement rounds ran"),
            Err(e) => tracing::error!(code = e.code, "placement rounds failed"),
        }
    }
}
