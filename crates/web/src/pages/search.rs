//! The catalog search page.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Datelike;
use matchready_core::{FieldError, RawSearch, SearchPage, SearchQuery};

use super::chrome::Nav;
use super::search_form::{Form, field_id, like_me, page_message, with_page};
use super::view::Card;
use super::{error_page, render};
use crate::AppState;
use crate::auth::PageCaller;

/// A link to another page of results.
struct PageLink {
    number: u32,
    href: String,
    current: bool,
}

struct Results {
    cards: Vec<Card>,
    summary: String,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

impl Results {
    fn new(page: &SearchPage, raw: &RawSearch) -> Self {
        let facts = like_me(raw);
        let cards = page
            .items
            .iter()
            .map(|s| {
                let mut card = Card::from(s);
                if !facts.is_empty() {
                    card.href = format!("{}?{facts}", card.href);
                }
                card
            })
            .collect();
        let last =
            u32::try_from((page.total + i64::from(page.per_page) - 1) / i64::from(page.per_page)).unwrap_or(u32::MAX).max(1);
        let first_shown = i64::from(page.page - 1) * i64::from(page.per_page) + 1;
        let summary = match (page.total, page.items.len()) {
            (0, _) => "No experiences match this search.".to_string(),
            (1, _) => "1 experience".to_string(),
            (t, 0) => format!("{t} experiences; this page is past the last one"),
            (t, n) => format!("{t} experiences · showing {}–{}", first_shown, first_shown + n as i64 - 1),
        };
        let link = |n: u32| format!("/?{}", with_page(raw, n));
        let window = (page.page.saturating_sub(2).max(1))..=(page.page + 2).min(last);
        Results {
            cards,
            summary,
            prev: (page.page > 1).then(|| link(page.page - 1)),
            next: (page.page < last).then(|| link(page.page + 1)),
            pages: if last > 1 {
                window.map(|n| PageLink { number: n, href: link(n), current: n == page.page }).collect()
            } else {
                Vec::new()
            },
        }
    }
}

struct ErrorLine {
    anchor: String,
    message: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate {
    nav: Nav,
    form: Form,
    errors: Vec<ErrorLine>,
    results: Option<Results>,
}

fn errors(list: &[FieldError]) -> Vec<ErrorLine> {
    list.iter().map(|e| ErrorLine { anchor: field_id(e), message: page_message(e) }).collect()
}

/// `GET /`: the search form and a page of results.
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    query: Result<Query<RawSearch>, QueryRejection>,
) -> Response {
    let today = state.today();
    let raw = match query {
        Ok(Query(raw)) => raw,
        Err(e) => {
            return error_page(StatusCode::BAD_REQUEST, "That search could not be read", e.body_text());
        }
    };
    let form = Form::new(&raw);
    match SearchQuery::parse(&raw, today.year()) {
        Err(list) => render(
            StatusCode::BAD_REQUEST,
            &SearchTemplate { nav: Nav::new(caller.user.as_ref(), &caller.csrf), form, errors: errors(&list), results: None },
        ),
        Ok(q) => {
            let page = state.catalog.index().index.search(&q, today);
            render(
                StatusCode::OK,
                &SearchTemplate {
                    nav: Nav::new(caller.user.as_ref(), &caller.csrf),
                    form,
                    errors: Vec::new(),
                    results: Some(Results::new(&page, &raw)),
                },
            )
        }
    }
}
