//! Layers every request passes: a request id (made or kept, and echoed),
//! a tracing span carrying it, security headers, a timeout, and a guard
//! that turns a panic into a logged 500 instead of a dropped connection.

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::ApiError;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Content Security Policy: our own files only, no inline script, no framing.
pub const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                       object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn span(req: &Request<axum::body::Body>) -> tracing::Span {
    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %logged_path(req.uri().path()))
}

/// The path as the log keeps it: a program's letter link without its token, which opens the letter.
fn logged_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/letters/open/", "/api/v1/letter-links/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let after = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}[token]{after}").into();
        }
    }
    path.into()
}

fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::internal().into_response()
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Answers to a logged-in caller (bearer token or session cookie) are personal: no cache may keep them.
async fn personal_no_store(req: Request<axum::body::Body>, next: axum::middleware::Next) -> Response {
    let personal = req.headers().contains_key(header::AUTHORIZATION)
        || req.headers().get_all(header::COOKIE).iter().any(|c| c.to_str().is_ok_and(|c| c.contains("mr_session=")));
    let mut res = next.run(req).await;
    if personal || res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Wraps `router` in every layer; the request id is set first, so every
/// log line of the request carries it.
pub fn apply(router: Router) -> Router {
    router
        .layer(axum::middleware::from_fn(personal_no_store))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, Duration::from_secs(30)))
        .layer(TraceLayer::new_for_http().make_span_with(span))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_letter_links_token_never_reaches_the_log() {
        assert_eq!(super::logged_path("/letters/open/Zq9-_x1/letter.pdf"), "/letters/open/[token]/letter.pdf");
        assert_eq!(super::logged_path("/api/v1/letter-links/Zq9-_x1/open"), "/api/v1/letter-links/[token]/open");
        assert_eq!(super::logged_path("/letters/open/Zq9"), "/letters/open/[token]");
        assert_eq!(super::logged_path("/letters/7"), "/letters/7");
    }
}
