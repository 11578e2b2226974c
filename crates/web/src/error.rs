//! Errors as clients see them: `{"error": {"code", "message"}}` with a
//! fitting status. Codes are stable; messages say what to fix. Server
//! errors are logged once, here, and never leak details.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use matchready_core::FieldError;
use matchready_core::account::Decision;
use matchready_store::StoreError;

use matchready_app::{AppError, Kind};
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine code.
    pub code: &'static str,
    /// A sentence a person can act on.
    pub message: String,
    /// Per-parameter problems, when the request had several.
    pub fields: Vec<FieldError>,
    /// Seconds to wait, sent as `Retry-After` (with 429).
    pub retry_after: Option<i64>,
}

/// The JSON body of every error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine code, e.g. `invalid_query`, `not_found`, `internal`.
    pub code: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Each parameter that could not be used, when there were any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// Any status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), fields: Vec::new(), retry_after: None }
    }

    /// 401: log in first (with `WWW-Authenticate: Bearer`).
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", message)
    }

    /// 403 with a code and message.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    /// 400 for one field that could not be used.
    pub fn invalid_field(field: &'static str, message: String) -> Self {
        let fields = vec![FieldError { field, message: message.clone() }];
        Self { fields, ..Self::new(StatusCode::BAD_REQUEST, "invalid_input", format!("{field}: {message}")) }
    }

    /// The HTTP answer to a policy decision; `what` names the thing for a 404.
    pub fn denied(decision: Decision, what: &str) -> Result<(), Self> {
        AppError::denied(decision, what).map_err(Self::from)
    }
    /// 400 with a code and message.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 400 for fields that could not be used, each named with what to send.
    pub fn invalid_fields(code: &'static str, fields: Vec<FieldError>) -> Self {
        let message = fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ");
        Self { fields, ..Self::new(StatusCode::BAD_REQUEST, code, message) }
    }

    /// 400 for search parameters that could not be used.
    pub fn invalid_query(fields: Vec<FieldError>) -> Self {
        Self::invalid_fields("invalid_query", fields)
    }

    /// 404 with a message naming what was not found.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 500, details already logged.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; it has been logged, please try again",
        )
    }

    /// 503 when the database does not answer.
    pub fn unavailable() -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the database is not answering; try again shortly")
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage failed");
        Self::internal()
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let status = match e.kind {
            Kind::Unauthenticated | Kind::BadCredentials => StatusCode::UNAUTHORIZED,
            Kind::Unverified | Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::Invalid => StatusCode::BAD_REQUEST,
            Kind::Conflict => StatusCode::CONFLICT,
            Kind::TooMany => StatusCode::TOO_MANY_REQUESTS,
            Kind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Kind::NotConfigured | Kind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Self { status, code: e.code, message: e.message, fields: e.fields, retry_after: e.retry_after }
    }
}

impl From<matchready_app::AuthError> for ApiError {
    fn from(e: matchready_app::AuthError) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, retry_after) = (self.status, self.retry_after);
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message, fields: self.fields } };
        let mut res = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(wait) = retry_after.and_then(|w| HeaderValue::from_str(&w.to_string()).ok()) {
            res.headers_mut().insert(header::RETRY_AFTER, wait);
        }
        res
    }
}
