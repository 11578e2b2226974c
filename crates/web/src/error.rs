//! Errors as clients see them: `{"error": {"code", "message"}}` with a
//! fitting status. Codes are stable; messages say what to fix. Server
//! errors are logged once, here, and never leak details.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use matchready_core::FieldError;
use matchready_store::StoreError;
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
    /// 400 with a code and message.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, code, message: message.into(), fields: Vec::new() }
    }

    /// 400 for search parameters that could not be used.
    pub fn invalid_query(fields: Vec<FieldError>) -> Self {
        let message = fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ");
        Self { status: StatusCode::BAD_REQUEST, code: "invalid_query", message, fields }
    }

    /// 404 with a message naming what was not found.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, code: "not_found", message: message.into(), fields: Vec::new() }
    }

    /// 500, details already logged.
    pub fn internal() -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "something went wrong on our side; it has been logged, please try again".into(),
            fields: Vec::new(),
        }
    }

    /// 503 when the database does not answer.
    pub fn unavailable() -> Self {
        Self {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "unavailable",
            message: "the database is not answering; try again shortly".into(),
            fields: Vec::new(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "storage failed");
        Self::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code, message: self.message, fields: self.fields } };
        (self.status, Json(body)).into_response()
    }
}
