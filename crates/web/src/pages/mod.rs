//! Server-rendered pages: catalog search, experience detail, API docs, and
//! HTML error pages. No JavaScript is needed; forms are plain GET forms.

mod account;
mod admin;
mod advisors;
mod applications;
mod apply;
mod chrome;
mod completion;
mod consultations;
mod docs;
mod documents;
mod evaluations;
mod experience;
mod hours;
mod letter_link;
mod letter_new;
mod letter_rows;
mod letters;
mod links;
mod note_view;
mod notes;
mod payments;
mod phi;
mod plan;
mod profile;
mod queue;
mod round;
mod round_forms;
mod rounds;
mod search;
mod search_form;
mod site;
mod view;

use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::AppState;

/// The largest letter upload read to its end (a larger one is cut off): room for a file well past the
/// 1 MB a letter may be, so its sender is told so.
pub(crate) const LETTER_BODY_LIMIT: usize = 16 * 1024 * 1024;
use chrome::Nav;

const CSS: &str = include_str!("../../static/app.css");
const FAVICON: &str = include_str!("../../static/favicon.svg");

/// The page routes; `secure` sets cookies for HTTPS.
pub fn router(doc: &utoipa::openapi::OpenApi, secure: bool) -> Router<AppState> {
    let docs_page = axum::body::Bytes::from(docs::render(doc));
    Router::new()
        .route("/", get(search::page))
        .route("/experiences", get(search::page))
        .route("/experiences/{id}", get(experience::page))
        .route("/signup", get(account::signup_form).post(account::signup))
        .route("/login", get(account::login_page).post(account::login))
        .route("/logout", post(account::logout))
        .route("/forgot", get(links::forgot_form).post(links::forgot))
        .route("/reset", get(links::reset_form).post(links::reset))
        .route("/verify", get(links::verify_form).post(links::verify))
        .route("/account", get(account::account))
        .route("/profile", get(profile::show).post(profile::save))
        .route("/phi", get(phi::form).post(phi::check))
        .route("/plan", get(plan::page))
        .route("/advisors", get(advisors::directory))
        .route("/advisors/{id}/offerings/{offering}", get(advisors::slots))
        .route("/consultations", get(consultations::list).post(advisors::book_call))
        .route("/consultations/{id}", get(consultations::page))
        .route("/consultations/{id}/write-up", post(consultations::write_up))
        .route("/consultations/{id}/invite.ics", get(consultations::invitation))
        .route("/consultations/{id}/reschedule", post(advisors::reschedule))
        .route("/consultations/{id}/{action}", post(consultations::act))
        .route("/apply", get(apply::check).post(apply::apply))
        .route(
            "/documents",
            get(documents::show)
                .post(documents::upload)
                .layer(axum::extract::DefaultBodyLimit::max(matchready_files::MAX_BYTES + 256 * 1024)),
        )
        .route("/documents/{id}", get(documents::download))
        .route("/documents/{id}/remove", post(documents::remove))
        .route("/documents/{id}/entries", get(documents::entries).post(documents::save_entries))
        .route("/applications", get(queue::list))
        .route("/applications/bulk", post(queue::bulk))
        .route("/applications/{id}", get(applications::detail))
        .route("/applications/{id}/{action}", post(applications::act))
        .route("/applications/{id}/hours", get(hours::page).post(hours::log))
        .route("/applications/{id}/hours/sign", post(hours::sign))
        .route("/applications/{id}/hours/{entry}/correct", post(hours::correct))
        .route("/applications/{id}/hours/{entry}/return", post(hours::return_entry))
        .route("/applications/{id}/evaluations", get(evaluations::page))
        .route("/applications/{id}/evaluations/{kind}", post(evaluations::save))
        .route("/applications/{id}/notes", get(notes::list).post(notes::create))
        .route("/applications/{id}/notes/new", get(notes::new))
        .route("/applications/{id}/notes/{note}", get(notes::page).post(notes::save))
        .route("/applications/{id}/notes/{note}/comments", post(notes::comment))
        .route("/applications/{id}/notes/{note}/review", post(notes::review))
        .route("/applications/{id}/documents/{document}", get(applications::document))
        .route("/applications/{id}/payments", post(payments::payment))
        .route("/applications/{id}/invitation-letter", get(applications::letter))
        .route("/applications/{id}/certificate", get(completion::page))
        .route("/applications/{id}/certificate.pdf", get(completion::pdf))
        .route("/applications/{id}/credential", get(completion::signed))
        .route("/applications/{id}/certificates/{code}/revoke", post(completion::revoke))
        .route("/applications/{id}/rotation-review", post(completion::review))
        .route("/certificates", get(completion::verify_form))
        .route("/verify/{code}", get(completion::verify))
        .route("/letters", get(letters::list))
        .route("/applications/{id}/letters", post(letter_new::request))
        .route("/applications/{id}/letters/new", get(letter_new::new))
        .route("/letters/verify/{code}", get(letter_link::verify))
        .route("/letters/open/{token}", get(letter_link::landing).post(letter_link::open))
        .route("/letters/open/{token}/letter.pdf", get(letter_link::pdf))
        .route("/letters/{id}", get(letters::page))
        .route("/letters/{id}/{action}", post(letters::act))
        .route("/letters/{id}/form/{how}", post(letters::save_form))
        .route("/letters/{id}/file", post(letters::upload).layer(axum::extract::DefaultBodyLimit::max(LETTER_BODY_LIMIT)))
        .route("/letters/{id}/letter.pdf", get(letters::pdf))
        .route("/letters/{id}/cv", get(letters::cv))
        .route("/rounds", get(rounds::list).post(rounds::open))
        .route("/rounds/{id}", get(round::detail))
        .route("/rounds/{id}/me", post(round::rank_mine))
        .route("/rounds/{id}/ranks", post(round::rank_site))
        .route("/rounds/{id}/cancel", post(round::cancel))
        .route("/account/password", post(account::change_password))
        .route("/account/verification", post(account::resend_verification))
        .route("/admin", get(admin::users))
        .route("/admin/invite", post(admin::invite))
        .route("/admin/users/{id}/{action}", post(admin::user_action))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/outbox", get(admin::outbox))
        .route("/admin/advisors", get(advisors::utilisation))
        .route("/sites/{id}", get(site::page))
        .route("/sites/{id}/invite", post(site::invite))
        .route("/sites/{id}/payment-instructions", post(site::set_instructions))
        .route("/sites/{id}/experiences/{experience}/{action}", post(site::publish_action))
        .layer(axum::middleware::from_fn(move |req, next| crate::auth::csrf::ensure_token(secure, req, next)))
        .route("/api/docs", get(move || async move { Html(docs_page.clone()) }))
        .route("/static/app.css", get(|| async { asset("text/css; charset=utf-8", CSS) }))
        .route("/static/favicon.svg", get(|| async { asset("image/svg+xml", FAVICON) }))
        .fallback(not_found)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// `?done=` after an action: which one, for the page's notice.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
}

/// The action a `?done=` names; an unreadable query only loses the notice.
fn done(q: Result<axum::extract::Query<Done>, axum::extract::rejection::QueryRejection>) -> String {
    q.map(|axum::extract::Query(q)| q.done).unwrap_or_default()
}

/// Renders a template with a status; a template failure is logged and becomes a plain 500.
fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side; please try again.").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Nav,
    title: String,
    message: String,
}

/// An HTML error page.
pub(crate) fn error_page(status: StatusCode, title: &str, message: impl Into<String>) -> Response {
    render(status, &ErrorPage { nav: Nav::default(), title: title.to_string(), message: message.into() })
}

async fn not_found(uri: axum::http::Uri) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Page not found",
        format!("There is no page at {}. Try the catalog search instead.", uri.path()),
    )
}

/// The status a refusal is shown with: the same as the API's for it.
pub(crate) fn status(e: &matchready_app::AppError) -> StatusCode {
    crate::ApiError::from(e.clone()).status
}

/// A server-side failure as an HTML page; the cause is logged, not shown.
fn server_error(e: matchready_store::StoreError) -> Response {
    tracing::error!(error = %e, "storage failed");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Something went wrong on our side. It has been logged; please try again.",
    )
}
