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
use crate::auth::csrf::{Button, Posted};
use matchready_app::accounts::secret::same;
use matchready_app::{AppError, documents};
use matchready_core::dates::day_of;
use matchready_core::immunization_form::{DATE_FIELDS, ImmunizationForm};

struct Row {
    id: i64,
    warning: String,
    kind: &'static str,
    kind_code: &'static str,
    filename: String,
    expires: String,
    /// For an immunization record: how many entries it has.
    entries: Option<usize>,
}

/// A replaced or removed version.
struct Earlier {
    id: i64,
    kind: &'static str,
    filename: String,
    what: String,
}

/// The immunization entries' fields with their labels and values, for `_entries.html`.
pub struct EntriesForm {
    dates: Vec<(&'static str, &'static str, String)>,
    form: ImmunizationForm,
}

impl EntriesForm {
    fn of(form: ImmunizationForm) -> Self {
        let dates = DATE_FIELDS.iter().map(|(f, l)| (*f, *l, form.value(f).to_string())).collect();
        Self { dates, form }
    }
}

/// What the person typed, given back with a refusal so that nothing has to be typed again.
#[derive(Default)]
struct Typed {
    issued_on: String,
    expires_on: String,
    replaces: String,
    entries: ImmunizationForm,
}

/// The page's words for a form field, so an error names the field as the page does.
fn label(field: &str) -> &str {
    match field {
        "kind" => "What it is",
        "issued_on" => "Issued on",
        "expires_on" => "Runs out on",
        "file" => "File",
        "replaces" => "Replacing",
        other => matchready_core::immunization_form::label(other),
    }
}

/// A refusal in the page's words: each field by its label.
fn problem_of(e: &AppError) -> String {
    if e.fields.is_empty() {
        return e.message.clone();
    }
    let each: Vec<String> = e.fields.iter().map(|f| format!("{}: {}", label(f.field), f.message)).collect();
    super::account::sentence(&each.join(". "))
}

#[derive(Template)]
#[template(path = "documents.html")]
struct VaultPage {
    nav: Nav,
    notice: String,
    problem: String,
    rows: Vec<Row>,
    earlier: Vec<Earlier>,
    kinds: Vec<(&'static str, &'static str)>,
    typed: Typed,
    entries: EntriesForm,
    /// The document being replaced, in words ("your passport (p.pdf)"), or empty.
    replacing: String,
    /// How many dates an immunization record has room for.
    date_fields: usize,
    /// The kind chosen in the form (from a checklist's link).
    chosen: String,
    /// Where to go back to after the upload (an apply page), already escaped for a query.
    back: String,
    /// The same, as a link.
    back_href: String,
}

/// `?kind=` (the kind to choose), `?back=` (the apply page to return to), `?saved=` (the kind just
/// uploaded), `?replace=` (the document to replace) and `?removed=` (the kind just removed).
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub struct VaultQuery {
    kind: Option<String>,
    back: Option<String>,
    saved: Option<String>,
    replace: Option<String>,
    removed: Option<String>,
}

impl VaultQuery {
    /// This page with the kind chosen and the way back kept, for logging in and coming back here.
    fn here(&self) -> String {
        let encode = crate::auth::caller::url_encode;
        let kind = self.kind.as_deref().and_then(DocumentKind::from_code).map(|k| format!("kind={}", k.code()));
        let back = self.back().map(|b| format!("back={}", encode(b)));
        let query: Vec<String> = kind.into_iter().chain(back).collect();
        if query.is_empty() { "/documents".to_string() } else { format!("/documents?{}", query.join("&")) }
    }

    /// Only an apply page of this site: never another site, whatever the link says.
    fn back(&self) -> Option<&str> {
        self.back
            .as_deref()
            .filter(|b| b.starts_with("/apply?block_id=") && b[16..].bytes().all(|c| c.is_ascii_digit()) && b.len() > 16)
    }
}

async fn vault(state: &AppState, caller: &PageCaller, status: StatusCode, q: &VaultQuery, problem: String) -> Response {
    vault_with(state, caller, status, q, problem, Typed::default()).await
}

async fn vault_with(
    state: &AppState,
    caller: &PageCaller,
    status: StatusCode,
    q: &VaultQuery,
    problem: String,
    typed: Typed,
) -> Response {
    let all: Vec<Document> = match documents::history(state, caller).await {
        Ok(d) => d,
        Err(e) => return refused(e, &q.here()),
    };
    let (documents, old): (Vec<Document>, Vec<Document>) = all.into_iter().partition(Document::is_current);
    let Some(me) = caller.user.as_ref() else { return crate::auth::caller::login_redirect(&q.here()) };
    // Rotations still to come (or under way): a document must last until each one ends.
    let today = state.today();
    let planned: Vec<_> = match matchready_app::applications::list(state, caller).await {
        Ok(a) => a.into_iter().filter(|a| a.applicant_id == me.id && a.status.is_live() && a.end_date >= today).collect(),
        Err(e) => return refused(e, "/documents"),
    };
    let rows: Vec<Row> = documents
        .into_iter()
        .map(|d| Row {
            warning: planned
                .iter()
                .find(|a| d.expires_on.is_some_and(|e| e < a.end_date))
                .map(|a| {
                    format!(
                        "runs out before your rotation \"{}\" ends on {}",
                        a.experience_title,
                        matchready_core::dates::day(a.end_date)
                    )
                })
                .unwrap_or_default(),
            id: d.id,
            kind: d.kind.name(),
            kind_code: d.kind.code(),
            entries: d.immunizations.as_ref().map(|i| count_entries(&ImmunizationForm::of(i))),
            filename: d.filename,
            expires: d
                .expires_on
                .map_or_else(|| "Does not run out".into(), |e| format!("Runs out {}", matchready_core::dates::day(e))),
        })
        .collect();
    let earlier = old
        .into_iter()
        .map(|d| Earlier {
            id: d.id,
            kind: d.kind.name(),
            what: match (d.replaced_at, d.removed_at) {
                (Some(at), _) => format!("replaced on {}", day_of(at)),
                (_, Some(at)) => format!("removed on {}", day_of(at)),
                _ => String::new(),
            },
            filename: d.filename,
        })
        .collect();
    let replaced = q.replace.as_deref().and_then(|r| r.parse::<i64>().ok()).and_then(|id| rows.iter().find(|r| r.id == id));
    let replacing = replaced.map(|r| format!("your {} ({})", r.kind, r.filename)).unwrap_or_default();
    let typed = Typed { replaces: replaced.map(|r| r.id.to_string()).unwrap_or(typed.replaces), ..typed };
    let chosen_kind = replaced.map(|r| r.kind_code.to_string()).or_else(|| q.kind.clone());
    let named = |code: &str| DocumentKind::from_code(code).map_or_else(|| "document".to_string(), |k| k.in_sentence());
    let notice = match (&q.saved, &q.removed) {
        (Some(code), _) => format!("Saved: your {} is in your vault.", named(code)),
        (_, Some(code)) => format!(
            "Removed: your {} is no longer in your vault. A site that already read it keeps the copy it read.",
            named(code)
        ),
        _ => String::new(),
    };
    let back = q.back().unwrap_or_default();
    let page = VaultPage {
        nav: Nav::new(Some(me), &caller.csrf),
        notice,
        problem,
        rows,
        earlier,
        kinds: DocumentKind::ALL.iter().map(|k| (k.code(), k.name())).collect(),
        chosen: chosen_kind.filter(|k| DocumentKind::from_code(k).is_some()).unwrap_or_default(),
        entries: EntriesForm::of(typed.entries.clone()),
        typed,
        replacing,
        date_fields: DATE_FIELDS.len(),
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
    // A refused upload comes back with everything the person chose and typed (a browser cannot be
    // given the file back: the page asks for it again).
    let retry = VaultQuery { kind: Some(parts.kind.clone()), replace: Some(parts.replaces.clone()), ..q.clone() };
    let typed = Typed {
        issued_on: parts.issued_on.clone(),
        expires_on: parts.expires_on.clone(),
        replaces: parts.replaces.clone(),
        entries: parts.entries.clone(),
    };
    match documents::upload(&state, &caller, parts).await {
        // Back to the application in progress, or to the vault saying what was saved.
        Ok(d) => match q.back() {
            Some(back) => Redirect::to(back).into_response(),
            None => Redirect::to(&format!("/documents?saved={}", d.kind.code())).into_response(),
        },
        Err(e) => {
            let problem = format!("{} Choose the file again too.", problem_of(&e));
            vault_with(&state, &caller, super::status(&e), &retry, problem, typed).await
        }
    }
}

/// POST /documents/{id}/remove
pub async fn remove(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(_): Posted<Button>,
) -> Response {
    match documents::remove(&state, &caller, &id).await {
        Ok(d) => Redirect::to(&format!("/documents?removed={}", d.kind.code())).into_response(),
        Err(e) if e.kind == matchready_app::Kind::Conflict => {
            vault(&state, &caller, super::status(&e), &VaultQuery::default(), problem_of(&e)).await
        }
        Err(e) => refused(e, "/documents"),
    }
}

#[derive(Template)]
#[template(path = "document_entries.html")]
struct EntriesPage {
    nav: Nav,
    id: i64,
    filename: String,
    problem: String,
    entries: EntriesForm,
}

/// GET /documents/{id}/entries: the immunization record's entries, to change.
pub async fn entries(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    let d = match documents::to_change(&state, &caller, &id).await {
        Ok(d) if d.immunizations.is_some() => d,
        Ok(_) => {
            let why = "Only an immunization record has entries. Go back to your documents.";
            return super::error_page(StatusCode::NOT_FOUND, "No entries here", why);
        }
        Err(e) => return refused(e, &format!("/documents/{id}/entries")),
    };
    let form = ImmunizationForm::of(d.immunizations.as_ref().unwrap_or(&Default::default()));
    entries_page(&caller, StatusCode::OK, d.id, d.filename, String::new(), form)
}

fn entries_page(
    caller: &PageCaller,
    status: StatusCode,
    id: i64,
    filename: String,
    problem: String,
    form: ImmunizationForm,
) -> Response {
    let page =
        EntriesPage { nav: Nav::new(caller.user.as_ref(), &caller.csrf), id, filename, problem, entries: EntriesForm::of(form) };
    render(status, &page)
}

/// POST /documents/{id}/entries
pub async fn save_entries(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(form): Posted<ImmunizationForm>,
) -> Response {
    // Whose it is comes first: someone else's record is not there, whatever the form says.
    if let Err(e) = documents::to_change(&state, &caller, &id).await {
        return refused(e, "/documents");
    }
    let parsed = form.parse(state.today()).map_err(|f| AppError::invalid_fields("invalid_input", f));
    let result = match parsed {
        Ok(entries) => documents::edit_entries(&state, &caller, &id, entries).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(d) => Redirect::to(&format!("/documents?saved={}", d.kind.code())).into_response(),
        Err(e) if !matches!(e.kind, matchready_app::Kind::Invalid | matchready_app::Kind::Conflict) => refused(e, "/documents"),
        Err(e) => {
            let filename = documents::to_change(&state, &caller, &id).await.map(|d| d.filename).unwrap_or_default();
            entries_page(&caller, super::status(&e), id.parse().unwrap_or_default(), filename, problem_of(&e), form)
        }
    }
}

fn count_entries(f: &ImmunizationForm) -> usize {
    DATE_FIELDS.iter().filter(|(field, _)| !f.value(field).is_empty()).count()
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
