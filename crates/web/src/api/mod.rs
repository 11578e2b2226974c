//! The JSON API under `/api/v1`, and the OpenAPI document that describes it.
//! Routes are registered together with their documentation, so a route
//! cannot exist without being in `/api/openapi.json`.

mod experiences;
mod health;
mod reference;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ErrorBody, ErrorDetail};
use crate::{ApiError, AppState};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "MatchReady API",
        description = "US clinical experiences for international medical students and graduates: a verified catalog with \
                       all-in prices. Errors are `{\"error\": {\"code\", \"message\"}}` with a 4xx or 5xx status. Money is in US cents.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "catalog", description = "Search and read clinical experiences"),
        (name = "system", description = "Health of the service")
    ),
    components(schemas(ErrorBody, ErrorDetail))
)]
struct ApiDoc;

/// The API routes and their OpenAPI document.
pub fn router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(experiences::search))
        .routes(routes!(experiences::get))
        .routes(routes!(reference::specialties))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .split_for_parts();
    // Rendered once; each request shares the bytes.
    let json = axum::body::Bytes::from(doc.to_pretty_json().unwrap_or_default());
    let router = router
        .route("/api/openapi.json", get(move || async move { ([(header::CONTENT_TYPE, "application/json")], json.clone()) }))
        .route("/api", get(api_not_found))
        .route(
            "/api/{*rest}",
            get(api_not_found).post(api_not_found).put(api_not_found).delete(api_not_found).patch(api_not_found),
        );
    (router, doc)
}

/// The OpenAPI document, for tools and tests.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().1
}

async fn api_not_found(uri: axum::http::Uri) -> impl IntoResponse {
    ApiError::not_found(format!("no API route {}; see /api/openapi.json for the routes there are", uri.path()))
}
