//! The catalog search page.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Datelike;
use matchready_core::account::Role;
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
    /// `searched` is what was searched (with the profile's facts, if used), `typed` what the
    /// address said; `mine` whether the saved profile answered "someone like me".
    fn new(page: &SearchPage, searched: &RawSearch, typed: &RawSearch, mine: bool) -> Self {
        let facts = like_me(searched);
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
        let whom = if mine { " you can join, going by your saved profile" } else { "" };
        let summary = match (page.total, page.items.len()) {
            (0, _) if mine => "Nothing you can join matches this search, going by your saved profile.".to_string(),
            (0, _) => "No experiences match this search.".to_string(),
            (1, _) => format!("1 experience{whom}"),
            (t, 0) => format!("{t} experiences{whom}; this page is past the last one"),
            (t, n) => format!("{t} experiences{whom} · showing {}–{}", first_shown, first_shown + n as i64 - 1),
        };
        let link = |n: u32| {
            let rest = with_page(typed, n);
            match (mine, rest.is_empty()) {
                (false, _) => format!("/?{rest}"),
                (true, true) => "/?mine=true".to_string(),
                (true, false) => format!("/?mine=true&{rest}"),
            }
        };
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

/// `mine=true` (the page's own parameter: answer "someone like me" from the saved profile) taken
/// out of the query; the rest is the search, as the API reads it.
fn split_mine(query: &str) -> (bool, String) {
    let mut mine = false;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.split_once('=').unwrap_or((pair, "")) {
            ("mine", v) => {
                mine = matches!(v, "true" | "1" | "on" | "yes");
                false
            }
            _ => !pair.is_empty(),
        })
        .collect();
    (mine, rest.join("&"))
}

/// `GET /`: the search form and a page of results.
pub async fn page(State(state): State<AppState>, caller: PageCaller, RawQuery(query): RawQuery) -> Response {
    let today = state.today();
    let (mine, rest) = split_mine(query.as_deref().unwrap_or(""));
    let raw: RawSearch = match serde_urlencoded::from_str(&rest) {
        Ok(raw) => raw,
        Err(e) => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "That search could not be read",
                format!("Change or remove what the address asks for ({e}), or start again from the search page."),
            );
        }
    };
    let mut form = Form::new(&raw);
    let like_me = matchready_app::profile::like_me(&state, &caller, raw.clone(), mine).await;
    let (searched, use_profile) = (like_me.searched, like_me.used);
    form.mine = mine;
    form.profile_words = like_me.words;
    form.applicant = caller.user.as_ref().is_some_and(|u| u.role == Role::Applicant);
    form.like_me |= mine;
    match SearchQuery::parse(&searched, today.year()) {
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
                    results: Some(Results::new(&page, &searched, &raw, use_profile)),
                },
            )
        }
    }
}
