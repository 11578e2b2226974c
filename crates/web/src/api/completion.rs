//! A completed rotation: its certificate (JSON, PDF, signed credential) and
//! revocation, the public check of a code, the key that signs credentials,
//! and the trainee's review with the catalog's aggregate; through
//! `matchready_app::rotation::{certificate, credential, reviews}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use matchready_app::rotation::certificate::{self, CertificateView, Verified};
use matchready_app::rotation::credential;
use matchready_app::rotation::reviews::{self, ExperienceReviews, ReviewView};
use matchready_core::rotation::review::RawReview;
use serde::Deserialize;
use utoipa::ToSchema;

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// A download with a name.
pub(crate) fn download(bytes: impl IntoResponse, content_type: &'static str, name: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

/// A completed rotation's certificate of completion (issued on first request; a new one when the
/// signed hours changed since), with its verification page and any earlier ones.
#[utoipa::path(get, path = "/api/v1/applications/{id}/certificate", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The certificate", body = CertificateView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "The rotation has not completed (`not_completed`)", body = ErrorBody)
    ))]
pub async fn get(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CertificateView>, ApiError> {
    Ok(Json(certificate::certificate(&state, &caller, &id).await?))
}

/// The certificate as a PDF: trainee, experience, site, preceptor, dates, signed hours (hands-on and
/// observing), whether it counts as hands-on USCE, and its verification code.
#[utoipa::path(get, path = "/api/v1/applications/{id}/certificate.pdf", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The certificate", content_type = "application/pdf"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "The rotation has not completed (`not_completed`)", body = ErrorBody)
    ))]
pub async fn pdf(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let (pdf, name) = certificate::certificate_pdf(&state, &caller, &id).await?;
    Ok(download(pdf, "application/pdf", &name))
}

/// The certificate as an Open Badges 3.0 credential, a JWT signed with the organisation's Ed25519
/// key (`alg: EdDSA`; the key is in the header and at `/.well-known/jwks.json`).
#[utoipa::path(get, path = "/api/v1/applications/{id}/credential", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The signed credential", content_type = "application/vc+jwt", body = String),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The caller is not verified yet", body = ErrorBody),
        (status = 404, description = "No such application, or not one the caller may read", body = ErrorBody),
        (status = 409, description = "The rotation has not completed (`not_completed`)", body = ErrorBody)
    ))]
pub async fn signed(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let (jwt, name) = credential::credential(&state, &caller, &id).await?;
    Ok(download(jwt, "application/vc+jwt", &name))
}

/// Why a certificate is revoked.
#[derive(Debug, Deserialize, ToSchema)]
pub struct Revocation {
    /// Why, in words (at most 300 characters).
    pub reason: String,
}

/// The site's coordinator (or an admin) revokes a certificate of the rotation: it no longer verifies.
#[utoipa::path(post, path = "/api/v1/applications/{id}/certificates/{code}/revoke", tag = "rotation", security(("bearer" = [])),
    request_body = Revocation,
    params(("id" = i64, Path, description = "Application id"), ("code" = String, Path, description = "The verification code")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "No reason, or one too long", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a verified coordinator of the site", body = ErrorBody),
        (status = 404, description = "No such application or certificate of it", body = ErrorBody),
        (status = 409, description = "Revoked before", body = ErrorBody)
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, code)): Path<(String, String)>,
    body: Body<Revocation>,
) -> Result<axum::http::StatusCode, ApiError> {
    let r = body.for_member(&caller)?;
    certificate::revoke(&state, &caller, &id, &code, &r.reason).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Anyone checks a certificate's code: what it says and when it was issued, nothing more. A code
/// never issued and one revoked both answer 404.
#[utoipa::path(get, path = "/api/v1/verify/{code}", tag = "rotation",
    params(("code" = String, Path, description = "The verification code, e.g. MR-7K2D-9QXA-M4TB-H8RE")),
    responses(
        (status = 200, description = "The certificate is genuine and says this", body = Verified),
        (status = 404, description = "No certificate has this code", body = ErrorBody)
    ))]
pub async fn verify(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Verified>, ApiError> {
    Ok(Json(certificate::verify(&state, &code).await?))
}

/// The public keys that sign credentials, as a JSON Web Key Set (also at `/.well-known/jwks.json`).
#[utoipa::path(get, path = "/api/v1/keys", tag = "rotation",
    responses((status = 200, description = "The key set", body = serde_json::Value)))]
pub async fn keys(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(credential::key_set(&state).await?))
}

/// The trainee's own review of a rotation, and whether they may write it now.
#[utoipa::path(get, path = "/api/v1/applications/{id}/rotation-review", tag = "rotation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "The questions and the trainee's answers", body = ReviewView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such application, or not the caller's", body = ErrorBody)
    ))]
pub async fn review(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ReviewView>, ApiError> {
    Ok(Json(reviews::view(&state, &caller, &id).await?))
}

/// The trainee reviews a completed rotation (teaching, supervision, as described, overall: 1 to 5,
/// and a comment), once. Sites and the catalog see only aggregates, from three reviews on.
#[utoipa::path(post, path = "/api/v1/applications/{id}/rotation-review", tag = "rotation", security(("bearer" = [])),
    request_body = RawReview,
    params(("id" = i64, Path, description = "Application id")),
    responses(
        (status = 200, description = "Kept", body = ReviewView),
        (status = 400, description = "A rating missing or off the scale (each named), or a comment too long", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not the trainee", body = ErrorBody),
        (status = 404, description = "No such application, or not the caller's", body = ErrorBody),
        (status = 409, description = "Not completed, or reviewed already", body = ErrorBody)
    ))]
pub async fn write_review(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<RawReview>,
) -> Result<Json<ReviewView>, ApiError> {
    let input = body.for_member(&caller)?;
    Ok(Json(reviews::save(&state, &caller, &id, &input).await?))
}

/// What trainees said of an experience and its preceptors, in aggregate and only from three reviews
/// on; nothing that could be traced to one trainee.
#[utoipa::path(get, path = "/api/v1/experiences/{id}/reviews", tag = "catalog",
    params(("id" = i64, Path, description = "Experience id")),
    responses(
        (status = 200, description = "The aggregates (none until three reviewed)", body = ExperienceReviews),
        (status = 403, description = "A withdrawn experience of the caller's own site, and the caller is a host not verified yet", body = ErrorBody),
        (status = 404, description = "No such experience in the catalog", body = ErrorBody)
    ))]
pub async fn experience_reviews(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ExperienceReviews>, ApiError> {
    Ok(Json(reviews::of_experience(&state, &caller, &id).await?))
}
