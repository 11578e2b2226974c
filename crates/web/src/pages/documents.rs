//! `/documents`: the applicant's vault in the pages: what is on file, when
//! each runs out, downloads, and an upload form (multipart, with its form
//! token checked before anything is kept).

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_core::document::{Document, DocumentKind};

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::api::documents::{download_response, read_upload};
use crate::auth::PageCaller;
use matchready_app::accounts::secret::same;
use matchready_app::documents;

struct Row {
    id: i64,
    warning: String,
    kind: &'static str,
    filename: String,
    expires: String,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct VaultPage {
    nav: Nav,
    notice: String,
    problem: String,
    rows: Vec<Row>,
    kinds: Vec<(&'static str, &'static str)>,
}

async fn vault(state: &AppState, caller: &PageCaller, status: StatusCode, notice: &str, problem: String) -> Response {
    let documents: Vec<Document> = match documents::list(state, caller).await {
        Ok(d) => d,
        Err(e) => return refused(e, "/documents"),
    };
    let Some(me) = caller.user.as_ref() else { return crate::auth::caller::login_redirect("/documents") };
    // Rotations still to come (or under way): a document must last until each one ends.
    let today = state.today();
    let planned: Vec<_> = match matchready_app::applications::list(state, caller).await {
        Ok(a) => a.into_iter().filter(|a| a.applicant_id == me.id && a.status.is_live() && a.end_date >= today).collect(),
        Err(e) => return refused(e, "/documents"),
    };
    let rows = documents
        .into_iter()
        .map(|d| Row {
            warning: planned
                .iter()
                .find(|a| d.expires_on.is_some_and(|e| e < a.end_date))
                .map(|a| {
                    format!("runs out before your rotation \"{}\" ends on {}", a.experience_title, a.end_date.format("%-d %b %Y"))
                })
                .unwrap_or_default(),
            id: d.id,
            kind: d.kind.name(),
            filename: d.filename,
            expires: d.expires_on.map_or_else(|| "Does not run out".into(), |e| format!("Runs out {}", e.format("%-d %b %Y"))),
        })
        .collect();
    let page = VaultPage {
        nav: Nav::new(Some(me), &caller.csrf),
        notice: notice.into(),
        problem,
        rows,
        kinds: DocumentKind::ALL.iter().map(|k| (k.code(), k.name())).collect(),
    };
    render(status, &page)
}

/// `?saved=1` after an upload.
#[derive(serde::Deserialize, Default)]
pub struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

/// GET /documents
pub async fn show(State(state): State<AppState>, caller: PageCaller, Query(q): Query<Saved>) -> Response {
    let notice = if q.saved.is_some() { "Saved: the document is in your vault." } else { "" };
    vault(&state, &caller, StatusCode::OK, notice, String::new()).await
}

/// POST /documents (multipart)
pub async fn upload(State(state): State<AppState>, caller: PageCaller, req: Request) -> Response {
    if let Err(e) = documents::may_upload(&caller) {
        return refused(e, "/documents");
    }
    let expected = caller.csrf.clone();
    let cross_site = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
    let parts = match Multipart::from_request(req, &state).await {
        Ok(m) => read_upload(m).await,
        Err(e) => return vault(&state, &caller, StatusCode::BAD_REQUEST, "", e.body_text()).await,
    };
    let (csrf, parts) = match parts {
        Ok(p) => p,
        Err(e) => return vault(&state, &caller, e.status, "", e.message).await,
    };
    if cross_site || expected.is_empty() || !same(&expected, &csrf) {
        return super::error_page(StatusCode::FORBIDDEN, "This form has expired", "Go back, reload the page and send it again.");
    }
    match documents::upload(&state, &caller, parts).await {
        Ok(_) => Redirect::to("/documents?saved=1").into_response(),
        Err(e) => vault(&state, &caller, super::status(&e), "", e.message).await,
    }
}

/// GET /documents/{id}: the same download as the API, for the page's session.
pub async fn download(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    match documents::download(&state, &caller, &id).await {
        Ok(d) => download_response(d),
        Err(e) => refused(e, "/documents"),
    }
}
