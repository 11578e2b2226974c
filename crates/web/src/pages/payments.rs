//! The site records money on an application's page: the same use case as
//! `POST /api/v1/applications/{id}/payments`, then back to the page saying
//! what it did (the seat confirmed, or the payment recorded).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::{Kind, applications, money};
use matchready_core::application::Status;
use serde::Deserialize;

use super::admin::refused;
use super::applications::detail_page;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// Where an application stands, as the caller may see it.
async fn status_now(state: &AppState, caller: &PageCaller, id: &str) -> Option<Status> {
    applications::get(state, caller, id).await.ok().map(|v| v.application.status)
}

/// The payment form.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PaymentForm {
    kind: String,
    dollars: String,
    description: String,
}

/// POST /applications/{id}/payments: the site records money received or paid back.
pub async fn payment(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<PaymentForm>,
) -> Response {
    let cents = matchready_core::money::parse_dollars(&f.dollars);
    let Some(amount_cents) = cents else {
        return detail_page(
            &state,
            &caller,
            &id,
            StatusCode::BAD_REQUEST,
            "Amount: write it in dollars, e.g. 500 or 499.99".into(),
        )
        .await;
    };
    let before = status_now(&state, &caller, &id).await;
    let body = money::Recorded { kind: f.kind, amount_cents, description: f.description };
    match money::record(&state, &caller, &id, body).await {
        Ok(_) => {
            // What happened, from where the application stood before and stands now.
            let after = status_now(&state, &caller, &id).await;
            let done = match (before, after) {
                (Some(b), Some(Status::Confirmed)) if b != Status::Confirmed => "confirmed",
                _ => "payment",
            };
            Redirect::to(&format!("/applications/{id}?done={done}")).into_response()
        }
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/applications/{id}")),
        Err(e) => {
            // Named as the form names the field.
            let problem = match e.fields.iter().find(|f| f.field == "amount_cents") {
                Some(f) => format!("Amount: {}", f.message),
                None => e.message.clone(),
            };
            detail_page(&state, &caller, &id, super::status(&e), problem).await
        }
    }
}
