//! CSRF protection for page forms: a random token in a `SameSite=Strict`,
//! HttpOnly cookie, repeated in a hidden field of every form
//! (double submit); a POST whose field does not match, or that a browser
//! marks as cross-site, is refused. The API takes bearer tokens only, so
//! it needs none of this.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::CookieJar;

use super::secret::{new_token, same};

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
