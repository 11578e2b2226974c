//! Server-rendered pages: catalog search, experience detail, API docs, and
//! HTML error pages. No JavaScript is needed; forms are plain GET forms.

mod docs;
mod experience;
mod search;
mod search_form;
mod view;

use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

const CSS: &str = include_str!("../../static/app.css");
const FAVICON: &str = include_str!("../../static/favicon.svg");

/// The page routes.
pub fn router(doc: &utoipa::openapi::OpenApi) -> Router<AppState> {
    let docs_page = axum::body::Bytes::from(docs::render(doc));
    Router::new()
        .route("/", get(search::page))
        .route("/experiences", get(search::page))
        .route("/experiences/{id}", get(experience::page))
        .route("/api/docs", get(move || async move { Html(docs_page.clone()) }))
        .route("/static/app.css", get(|| async { asset("text/css; charset=utf-8", CSS) }))
        .route("/static/favicon.svg", get(|| async { asset("image/svg+xml", FAVICON) }))
        .fallback(not_found)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// Renders a template with a status; a template failure is logged and becomes a plain 500.
fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side; please try again.").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: String,
    message: String,
}

/// An HTML error page.
fn error_page(status: StatusCode, title: &str, message: impl Into<String>) -> Response {
    render(status, &ErrorPage { title: title.to_string(), message: message.into() })
}

async fn not_found(uri: axum::http::Uri) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Page not found",
        format!("There is no page at {}. Try the catalog search instead.", uri.path()),
    )
}

/// A server-side failure as an HTML page; the cause is logged, not shown.
fn server_error(e: matchready_store::StoreError) -> Response {
    tracing::error!(error = %e, "storage failed");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Something went wrong on our side. It has been logged; please try again.",
    )
}
