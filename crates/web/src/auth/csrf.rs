//! CSRF protection for page forms: a random token in a `SameSite=Strict`,
//! HttpOnly cookie, repeated in a hidden field of every form
//! (double submit); a POST whose field does not match, or that a browser
//! marks as cross-site, is refused. The API takes bearer tokens only, so
//! it needs none of this.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::pages::error_page;
use axum_extra::extract::CookieJar;

use matchready_app::accounts::secret::{new_token, same};

/// The form token of this request's browser.
#[derive(Clone)]
pub struct FormToken(pub String);

/// Cookie name of the form token.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-mr_csrf" } else { "mr_csrf" }
}

/// Gives every page request a form token: the browser's, or a new one set in a cookie.
pub async fn ensure_token(secure: bool, mut req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let existing = jar.get(cookie_name(secure)).map(|c| c.value().to_string()).filter(|v| v.len() == 43);
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (new_token().map(|(t, _)| t).unwrap_or_default(), true),
    };
    req.extensions_mut().insert(FormToken(token.clone()));
    let mut res = next.run(req).await;
    if fresh && !token.is_empty() {
        let cookie =
            format!("{}={token}; Path=/; HttpOnly; SameSite=Strict{}", cookie_name(secure), if secure { "; Secure" } else { "" });
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Whether a form post is genuine: the browser did not mark it cross-site, and its field matches the cookie.
pub fn genuine(headers: &HeaderMap, expected: &str, submitted: &str) -> bool {
    let cross_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "cross-site");
    !cross_site && !expected.is_empty() && same(expected, submitted)
}

/// A posted page form whose token matched: handlers that take one never see a forged post.
/// Fields may repeat (a multiple select gives a `Vec`).
pub struct Posted<T>(pub T);

/// The token of a form (its other fields are read separately, so that a field
/// sent once still fills a list).
#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf: String,
}

/// A form with no fields but its token (a button).
#[derive(Deserialize, Default)]
pub struct Button {}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for Posted<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let expected = req.extensions().get::<FormToken>().map(|t| t.0.clone()).unwrap_or_default();
        let headers = req.headers().clone();
        let unreadable = |why: String| error_page(StatusCode::BAD_REQUEST, "That form could not be read", why);
        let is_form = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(unreadable("Send the form from its page.".into()));
        }
        let body = axum::body::Bytes::from_request(req, state).await.map_err(|e| unreadable(e.body_text()))?;
        let token: Token = serde_html_form::from_bytes(&body).map_err(|e| unreadable(e.to_string()))?;
        if !genuine(&headers, &expected, &token.csrf) {
            return Err(error_page(
                StatusCode::FORBIDDEN,
                "This form has expired",
                "For your safety this form could not be accepted. Go back, reload the page and send it again.",
            ));
        }
        serde_html_form::from_bytes(&body).map(Self).map_err(|e| unreadable(e.to_string()))
    }
}
