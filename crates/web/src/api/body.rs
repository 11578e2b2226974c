//! JSON request bodies whose problems are answered like every other API
//! error: `{"error": {"code": "invalid_body", "message"}}` with 400 (or 415
//! without a JSON content type), naming what serde could not read. The
//! parse is kept until the route asks for it, so a route that needs a login
//! answers "log in first" before it complains about the body.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use matchready_app::Caller;
use serde::de::DeserializeOwned;

use crate::ApiError;

/// A JSON body, parsed (or not) and waiting to be asked for.
pub struct Body<T>(Result<T, ApiError>);

impl<T> Body<T> {
    /// For a route that needs a login: "log in first" comes before any complaint about the body.
    pub fn for_member(self, caller: &Caller) -> Result<T, ApiError> {
        matchready_app::guard::require_login(caller)?;
        self.0
    }

    /// For a route anyone may call.
    pub fn public(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Ok(Self(match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(v),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_body",
                "send the body as JSON with Content-Type: application/json",
            )),
            Err(e) => Err(ApiError::bad_request("invalid_body", format!("the JSON body could not be read: {}", e.body_text()))),
        }))
    }
}

/// An optional JSON body: none (or only white space) is `None`.
pub struct MaybeBody<T>(Result<Option<T>, ApiError>);

impl<T> MaybeBody<T> {
    /// For a route that needs a login: "log in first" comes before any complaint about the body.
    pub fn for_member(self, caller: &Caller) -> Result<Option<T>, ApiError> {
        matchready_app::guard::require_login(caller)?;
        self.0
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for MaybeBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(e) => {
                return Ok(Self(Err(ApiError::bad_request(
                    "invalid_body",
                    format!("the body could not be read: {}", e.body_text()),
                ))));
            }
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Ok(None)));
        }
        Ok(Self(
            serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| ApiError::bad_request("invalid_body", format!("the JSON body could not be read: {e}"))),
        ))
    }
}
