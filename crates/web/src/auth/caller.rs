//! Who is calling. The API reads `Authorization: Bearer <token>` and
//! nothing else (so a browser's cookies can never act on the API: no CSRF
//! there); the pages read the session cookie and nothing else.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use matchready_app::Caller;
use matchready_store::SessionKind;

use super::csrf;
use crate::{ApiError, AppState};

/// The address a request came from: the socket's peer, or with
/// `trust_forwarded_for` the last `X-Forwarded-For` hop (the one our proxy added).
pub fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for
        && let Some(hop) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|h| !h.is_empty())
    {
        return hop.to_string();
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// An API caller: logged in with a bearer token, or not.
pub struct ApiCaller(pub Caller);

impl std::ops::Deref for ApiCaller {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.0
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ip = client_ip(parts, state.accounts.config.trust_forwarded_for);
        let Some(token) = bearer(&parts.headers) else {
            return Ok(Self(Caller::anonymous(ip)));
        };
        match state.accounts.authenticate(token, SessionKind::Bearer).await.map_err(matchready_app::AppError::from)? {
            Some(user) => Ok(Self(Caller { user: Some(user), token: Some(token.to_string()), ip })),
            None => Err(ApiError::unauthenticated("this token is unknown, expired or revoked; log in again")),
        }
    }
}

/// Cookie names; `__Host-` (which pins a cookie to this host, HTTPS only) when served over TLS.
pub fn session_cookie(secure: bool) -> &'static str {
    if secure { "__Host-mr_session" } else { "mr_session" }
}

/// A page visitor: logged in with the session cookie, or not; with the form token of their browser.
pub struct PageCaller {
    /// Who, as the use cases take it.
    pub caller: Caller,
    /// The CSRF token page forms must carry.
    pub csrf: String,
}

impl std::ops::Deref for PageCaller {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.caller
    }
}

impl PageCaller {
    /// The account, or a redirect to the login page that comes back to `here`.
    pub fn require(&self, here: &str) -> Result<&matchready_core::account::User, Response> {
        self.caller.user.as_ref().ok_or_else(|| login_redirect(here))
    }
}

/// A redirect to log in, then back to `here`.
pub fn login_redirect(here: &str) -> Response {
    let next: String = url_encode(here);
    axum::response::Redirect::to(&format!("/login?next={next}")).into_response()
}

/// Percent-encodes `s` for a query value (slashes kept).
pub(crate) fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl FromRequestParts<AppState> for PageCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let config = &state.accounts.config;
        let ip = client_ip(parts, config.trust_forwarded_for);
        let jar = CookieJar::from_headers(&parts.headers);
        let csrf = parts.extensions.get::<csrf::FormToken>().map(|t| t.0.clone()).unwrap_or_default();
        let token = jar.get(session_cookie(config.secure_cookies())).map(|c| c.value().to_string());
        let user = match &token {
            Some(t) => state.accounts.authenticate(t, SessionKind::Cookie).await.map_err(|e| {
                tracing::error!(error = %e, "session lookup failed");
                crate::pages::error_page(
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "Something went wrong on our side. It has been logged; please try again.",
                )
            })?,
            None => None,
        };
        let token = token.filter(|_| user.is_some());
        Ok(Self { caller: Caller { user, token, ip }, csrf })
    }
}
