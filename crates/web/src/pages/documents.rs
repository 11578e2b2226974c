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
    /// The kind chosen in the form (from a checklist's link).
    chosen: String,
    /// Where to go back to after the upload (an apply page), already escaped for a query.
    back: String,
    /// The same, as a link.
    back_href: String,
}

/// `?kind=` (the kind to choose), `?back=` (the apply page to return to) and `?saved=` (the kind
/// just uploaded).
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct VaultQuery {
    kind: Option<String>,
    back: Option<String>,
    saved: Option<String>,
}

impl VaultQuery {
    /// Only an apply page of this site: never another site, whatever the link says.
    fn back(&self) -> Option<&str> {
        self.back
            .as_deref()
            .filter(|b| b.starts_with("/apply?block_id=") && b[16..].bytes().all(|c| c.is_ascii_digit()) && b.len() > 16)
    }
}

async fn vault(state: &AppState, caller: &PageCaller, status: StatusCode, q: &VaultQuery, problem: String) -> Response {
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
    let notice = q
        .saved
        .as_deref()
        .map(|code| match DocumentKind::from_code(code) {
            Some(k) => format!("Saved: your {} is in your vault.", k.name()),
            None => "Saved: the document is in your vault.".to_string(),
        })
        .unwrap_or_default();
    let back = q.back().unwrap_or_default();
    let page = VaultPage {
        nav: Nav::new(Some(me), &caller.csrf),
        notice,
        problem,
        rows,
        kinds: DocumentKind::ALL.iter().map(|k| (k.code(), k.name())).collect(),
        chosen: q.kind.clone().filter(|k| DocumentKind::from_code(k).is_some()).unwrap_or_default(),
        back: crate::auth::caller::url_encode(back),
        back_href: back.to_string(),
    };
    render(status, &page)
}

/// GET /documents
pub async fn show(State(state): State<AppState>, caller: PageCaller, Query(q): Query<VaultQuery>) -> Response {
    vault(&state, &caller, StatusCode::OK, &q, String::new()).await
}

/// POST /documents (multipart)
pub async fn upload(State(state): State<AppState>, caller: PageCaller, Query(q): Query<VaultQuery>, req: Request) -> Response {
    if let Err(e) = documents::may_upload(&caller) {
        return refused(e, "/documents");
    }
    let expected = caller.csrf.clone();
    let cross_site = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
    let parts = match Multipart::from_request(req, &state).await {
        Ok(m) => read_upload(m).await,
        Err(e) => return vault(&state, &caller, StatusCode::BAD_REQUEST, &q, e.body_text()).await,
    };
    let (csrf, parts) = match parts {
        Ok(p) => p,
        Err(e) => return vault(&state, &caller, e.status, &q, e.message).await,
    };
    if cross_site || expected.is_empty() || !same(&expected, &csrf) {
        return super::error_page(StatusCode::FORBIDDEN, "This form has expired", "Go back, reload the page and send it again.");
    }
    // A refused upload comes back with the kind the person chose, not the first in the list.
    let retry = VaultQuery { kind: Some(parts.kind.clone()), ..q.clone() };
    match documents::upload(&state, &caller, parts).await {
        // Back to the application in progress, or to the vault saying what was saved.
        Ok(d) => match q.back() {
            Some(back) => Redirect::to(back).into_response(),
            None => Redirect::to(&format!("/documents?saved={}", d.kind.code())).into_response(),
        },
        Err(e) => vault(&state, &caller, super::status(&e), &retry, e.message).await,
    }
}

/// GET /documents/{id}: the same download as the API, for the page's session.
pub async fn download(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    match documents::download(&state, &caller, &id).await {
        Ok(d) => download_response(d),
        Err(e) => refused(e, "/documents"),
    }
}

#[cfg(test)]
mod tests {
    use super::VaultQuery;

    #[test]
    fn only_an_apply_page_of_this_site_is_a_way_back() {
        let back = |b: &str| VaultQuery { back: Some(b.into()), ..VaultQuery::default() }.back().map(str::to_string);
        assert_eq!(back("/apply?block_id=13").as_deref(), Some("/apply?block_id=13"));
        for bad in [
            "/apply?block_id=",
            "/apply?block_id=1&x=//e",
            "//evil.example",
            "https://e.example/",
            "/apply?block_id=1\r\n",
            "/applyé",
        ] {
            assert_eq!(back(bad), None, "{bad:?}");
        }
    }
}
