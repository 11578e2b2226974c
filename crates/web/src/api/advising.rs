//! `/api/v1/advisors`, `/api/v1/consultations` and an advisor's own setup: consultations through
//! `matchready_app::advising`. Members read the directory and the open times in their own zone;
//! an applicant books and cancels; the advisor sets their hours, offers sessions, marks a call
//! held and writes it up (private notes, a summary and a plan), and reads the file of an
//! applicant who booked them.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use matchready_app::advising::after::{self, AdvisedFile, CallDetail, WriteUp};
use matchready_app::advising::book::{self, BookInput, CallView, SlotView};
use matchready_app::advising::setup::{self, AdvisorCard, OfferingView, Utilisation};
use matchready_core::advising::call::Offering;
use matchready_core::advising::setup::RawSetup;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::body::Body;
use crate::auth::ApiCaller;
use crate::error::ErrorBody;
use crate::{ApiError, AppState};

/// The reader's time zone.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ZoneQuery {
    /// An IANA time zone, e.g. Africa/Lagos (UTC if none).
    pub zone: Option<String>,
}

/// An advisor's private notes on a call.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notes {
    /// The notes.
    pub notes: String,
}

/// The advisors members can book, and what each offers.
#[utoipa::path(get, path = "/api/v1/advisors", tag = "advising", security(("bearer" = [])),
    responses(
        (status = 200, description = "The advisors", body = Vec<AdvisorCard>),
        (status = 401, description = "Not logged in", body = ErrorBody)
    ))]
pub async fn directory(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<AdvisorCard>>, ApiError> {
    Ok(Json(setup::directory(&state, &caller).await?))
}

/// The open times of one of an advisor's offerings over the next four weeks, in the reader's zone:
/// inside their hours, after their notice, clear of every call they have and its buffer.
#[utoipa::path(get, path = "/api/v1/advisors/{id}/offerings/{offering}/slots", tag = "advising", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The advisor's account id"), ("offering" = i64, Path, description = "Offering id"), ZoneQuery),
    responses(
        (status = 200, description = "The open times", body = Vec<SlotView>),
        (status = 400, description = "Not a time zone", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such advisor or offering", body = ErrorBody)
    ))]
pub async fn slots(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, offering)): Path<(String, String)>,
    query: Result<Query<ZoneQuery>, QueryRejection>,
) -> Result<Json<Vec<SlotView>>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))?;
    let zone = q.zone.unwrap_or_else(|| "UTC".into());
    Ok(Json(book::open(&state, &caller, &id, &offering, &zone).await?))
}

/// Each advisor's time booked over the next four weeks, and their calls held and cancelled over
/// the last four. Admins only.
#[utoipa::path(get, path = "/api/v1/advisors/utilisation", tag = "advising", security(("bearer" = [])),
    responses(
        (status = 200, description = "Per advisor", body = Vec<Utilisation>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody)
    ))]
pub async fn utilisation(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<Utilisation>>, ApiError> {
    Ok(Json(setup::utilisation(&state, &caller).await?))
}

/// My hours, notice, buffer, cancellation window and video link. Advisors only.
#[utoipa::path(get, path = "/api/v1/me/advisor-setup", tag = "advising", security(("bearer" = [])),
    responses(
        (status = 200, description = "The setup (null if never saved)", body = Option<RawSetup>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an advisor", body = ErrorBody)
    ))]
pub async fn my_setup(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Option<RawSetup>>, ApiError> {
    Ok(Json(setup::mine(&state, &caller).await?))
}

/// Sets my hours (weekly, in my IANA zone, with days off and extra hours), notice, buffer,
/// cancellation window and video link; the first save offers the free introductory call.
#[utoipa::path(put, path = "/api/v1/me/advisor-setup", tag = "advising", security(("bearer" = [])), request_body = RawSetup,
    responses(
        (status = 200, description = "Saved", body = RawSetup),
        (status = 400, description = "Fields to fix (overlapping hours, an unknown zone, …), each named; nothing saved", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an advisor", body = ErrorBody)
    ))]
pub async fn save_setup(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<RawSetup>,
) -> Result<Json<RawSetup>, ApiError> {
    Ok(Json(setup::save(&state, &caller, &body.for_member(&caller)?).await?))
}

/// Offers a paid session: its name, length, price and what it covers.
#[utoipa::path(post, path = "/api/v1/me/offerings", tag = "advising", security(("bearer" = [])), request_body = Offering,
    responses(
        (status = 201, description = "Offered", body = OfferingView),
        (status = 400, description = "Fields to fix, each named", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an advisor", body = ErrorBody),
        (status = 409, description = "No hours set yet", body = ErrorBody)
    ))]
pub async fn offer(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<Offering>,
) -> Result<(StatusCode, Json<OfferingView>), ApiError> {
    Ok((StatusCode::CREATED, Json(setup::offer(&state, &caller, &body.for_member(&caller)?).await?)))
}

/// My consultations: an applicant's, or an advisor's, by start.
#[utoipa::path(get, path = "/api/v1/consultations", tag = "advising", security(("bearer" = [])),
    responses(
        (status = 200, description = "The calls", body = Vec<CallView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a role that has consultations", body = ErrorBody)
    ))]
pub async fn mine(State(state): State<AppState>, caller: ApiCaller) -> Result<Json<Vec<CallView>>, ApiError> {
    Ok(Json(book::mine(&state, &caller).await?))
}

/// Books a call at one of the open times; both sides are emailed. The free introductory call is
/// once per applicant; a time the clocks skip, inside the notice or outside the hours is refused.
#[utoipa::path(post, path = "/api/v1/consultations", tag = "advising", security(("bearer" = [])), request_body = BookInput,
    responses(
        (status = 201, description = "Booked", body = CallView),
        (status = 400, description = "The start or zone cannot be used; the message says why", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Only applicants book", body = ErrorBody),
        (status = 404, description = "No such advisor or offering", body = ErrorBody),
        (status = 409, description = "The time was just taken, or the free call was had", body = ErrorBody)
    ))]
pub async fn book_call(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Body<BookInput>,
) -> Result<(StatusCode, Json<CallView>), ApiError> {
    Ok((StatusCode::CREATED, Json(book::book(&state, &caller, &body.for_member(&caller)?).await?)))
}

/// One call with its summary and plan, for its applicant or advisor.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "advising", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Consultation id")),
    responses(
        (status = 200, description = "The call", body = CallDetail),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such call of the caller's", body = ErrorBody)
    ))]
pub async fn detail(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CallDetail>, ApiError> {
    Ok(Json(after::detail(&state, &caller, &id).await?))
}

/// Cancels a booked call; inside the cancellation window a paid call costs the stated share.
#[utoipa::path(post, path = "/api/v1/consultations/{id}/cancel", tag = "advising", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Consultation id")),
    responses(
        (status = 200, description = "Cancelled; both sides are emailed", body = CallView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such call of the caller's", body = ErrorBody),
        (status = 409, description = "Begun, held or cancelled already", body = ErrorBody)
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CallView>, ApiError> {
    Ok(Json(book::cancel(&state, &caller, &id).await?))
}

/// A new time for a booked call.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTime {
    /// The start: an instant (`2027-03-15T14:00:00Z`, or seconds since 1970) or a wall-clock time in `zone`.
    pub start: String,
    /// The applicant's IANA time zone.
    pub zone: String,
}

/// Moves the caller's booked call to another open time: the old one is cancelled and the new one
/// booked in one step. A paid call inside its cancellation window, or one begun, cannot be moved.
#[utoipa::path(post, path = "/api/v1/consultations/{id}/reschedule", tag = "advising", security(("bearer" = [])), request_body = NewTime,
    params(("id" = i64, Path, description = "Consultation id")),
    responses(
        (status = 200, description = "Moved: the new call", body = CallView),
        (status = 400, description = "The start or zone cannot be used", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Only the applicant moves a call", body = ErrorBody),
        (status = 404, description = "No such call of the caller's", body = ErrorBody),
        (status = 409, description = "Begun, not booked, inside the window, or the time was just taken", body = ErrorBody)
    ))]
pub async fn reschedule(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<NewTime>,
) -> Result<Json<CallView>, ApiError> {
    let t = body.for_member(&caller)?;
    Ok(Json(book::reschedule(&state, &caller, &id, &t.start, &t.zone).await?))
}

/// The advisor says the call took place (from its start on).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/hold", tag = "advising", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Consultation id")),
    responses(
        (status = 200, description = "Held", body = CallDetail),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The applicant's call: only the advisor says it was held", body = ErrorBody),
        (status = 404, description = "No such call of the caller's", body = ErrorBody),
        (status = 409, description = "Not begun, or not booked", body = ErrorBody)
    ))]
pub async fn hold(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CallDetail>, ApiError> {
    Ok(Json(after::hold(&state, &caller, &id).await?))
}

/// The advisor's write-up of a held call: private notes, a summary with next steps the applicant
/// reads, and, with plan options, a rotation plan made for the applicant.
#[utoipa::path(put, path = "/api/v1/consultations/{id}/write-up", tag = "advising", security(("bearer" = [])), request_body = WriteUp,
    params(("id" = i64, Path, description = "Consultation id")),
    responses(
        (status = 200, description = "Written; the applicant is emailed that it is there", body = CallDetail),
        (status = 400, description = "Too long, or plan options that cannot be used (each named)", body = ErrorBody),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The applicant's call: only the advisor writes it up", body = ErrorBody),
        (status = 404, description = "No such call of the caller's", body = ErrorBody),
        (status = 409, description = "Not held yet", body = ErrorBody)
    ))]
pub async fn write_up(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Body<WriteUp>,
) -> Result<Json<CallDetail>, ApiError> {
    Ok(Json(after::write_up(&state, &caller, &id, &body.for_member(&caller)?).await?))
}

/// The advisor's private notes on a call: no one else reads them.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/notes", tag = "advising", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Consultation id")),
    responses(
        (status = 200, description = "The notes", body = Notes),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "The applicant's call: the notes are the advisor's", body = ErrorBody),
        (status = 404, description = "No such call of the caller's", body = ErrorBody)
    ))]
pub async fn notes(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<String>) -> Result<Json<Notes>, ApiError> {
    Ok(Json(Notes { notes: after::notes(&state, &caller, &id).await? }))
}

/// The call's calendar invitation (RFC 5545 `.ics`), for its applicant or advisor.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/invite.ics", tag = "advising", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Consultation id")),
    responses(
        (status = 200, description = "The invitation", content_type = "text/calendar", body = String),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No such call of the caller's", body = ErrorBody)
    ))]
pub async fn invitation(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let ics = after::invitation(&state, &caller, &id).await?;
    Ok(calendar(ics))
}

/// An `.ics` file as a download.
pub(crate) fn calendar(ics: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    let headers = [
        (axum::http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
        (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"consultation.ics\""),
    ];
    (headers, ics).into_response()
}

/// An applicant's profile and applications, for the advisor of a call they booked.
#[utoipa::path(get, path = "/api/v1/advisees/{id}", tag = "advising", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The applicant's account id")),
    responses(
        (status = 200, description = "Their file", body = AdvisedFile),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No applicant who booked the caller", body = ErrorBody)
    ))]
pub async fn advisee(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<AdvisedFile>, ApiError> {
    Ok(Json(after::advised_file(&state, &caller, &id).await?))
}
