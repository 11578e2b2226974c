//! `/phi`: paste a clinical text and see the identifiers the PHI guard
//! finds in it, highlighted where they stand, listed with why, and the text
//! redacted. The same use case as `POST /api/v1/phi/check`; nothing is kept.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use matchready_app::Kind;
use matchready_app::phi::{self, Checked};
use serde::Deserialize;

use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

const HERE: &str = "/phi";

/// The form as posted.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PhiForm {
    text: String,
}

/// A run of the checked text: plain, or an identifier with what it is and why.
struct Piece {
    text: String,
    /// "NAME: after 'Mr.'", shown as the highlight's title; `None` for plain text.
    mark: Option<String>,
}

/// One identifier in the list of what to remove.
struct Found {
    kind: &'static str,
    text: String,
    reason: String,
    /// Where it stands, in characters from 1: "characters 11–19".
    place: String,
}

/// What the guard found, ready to show.
struct Outcome {
    pieces: Vec<Piece>,
    found: Vec<Found>,
    redacted: String,
}

impl Outcome {
    /// Cuts `text` at each span's byte range; askama escapes every piece.
    fn new(text: &str, checked: Checked) -> Self {
        let mut pieces = Vec::with_capacity(checked.spans.len() * 2 + 1);
        let mut at = 0;
        for s in &checked.spans {
            if at < s.bytes.start {
                pieces.push(Piece { text: text[at..s.bytes.start].to_string(), mark: None });
            }
            pieces.push(Piece { text: s.text.clone(), mark: Some(format!("{}: {}", s.kind, s.reason)) });
            at = s.bytes.end;
        }
        if at < text.len() {
            pieces.push(Piece { text: text[at..].to_string(), mark: None });
        }
        let found = checked
            .spans
            .into_iter()
            .map(|s| Found {
                kind: s.kind,
                place: if s.end - s.start == 1 {
                    format!("character {}", s.start + 1)
                } else {
                    format!("characters {}–{}", s.start + 1, s.end)
                },
                text: s.text,
                reason: s.reason,
            })
            .collect();
        Self { pieces, found, redacted: checked.redacted }
    }
}

#[derive(Template)]
#[template(path = "phi.html")]
struct PhiPage {
    nav: Nav,
    text: String,
    problem: String,
    outcome: Option<Outcome>,
}

fn page(caller: &PageCaller, status: StatusCode, text: String, problem: String, outcome: Option<Outcome>) -> Response {
    let page = PhiPage { nav: Nav::new(caller.user.as_ref(), &caller.csrf), text, problem, outcome };
    render(status, &page)
}

/// GET /phi: the form.
pub async fn form(caller: PageCaller) -> Response {
    match phi::may_check(&caller) {
        Ok(()) => page(&caller, StatusCode::OK, String::new(), String::new(), None),
        Err(e) => super::admin::refused(e, HERE),
    }
}

/// POST /phi: the same use case as the API, shown on the page with the text kept in the form.
pub async fn check(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<PhiForm>) -> Response {
    match phi::check(&state, &caller, &f.text).await {
        Ok(checked) => {
            let outcome = Outcome::new(&f.text, checked);
            page(&caller, StatusCode::OK, f.text, String::new(), Some(outcome))
        }
        Err(e) if e.kind == Kind::Invalid => {
            let problem = e.fields.first().map_or_else(|| e.message.clone(), |f| f.message.clone());
            page(&caller, super::status(&e), f.text, problem, None)
        }
        Err(e) => super::admin::refused(e, HERE),
    }
}

#[cfg(test)]
mod tests {
    use matchready_app::phi::SpanView;

    use super::*;

    #[test]
    fn pieces_cover_the_text_and_mark_each_identifier() {
        let text = "Café: Dr. <b>Ann</b> seen 03/05.";
        let span = |bytes: std::ops::Range<usize>, start, end, kind| SpanView {
            start,
            end,
            kind,
            reason: "why".into(),
            text: text[bytes.clone()].to_string(),
            bytes,
        };
        let spans = vec![span(11..21, 10, 20, "NAME"), span(27..32, 26, 31, "DATE")];
        let o = Outcome::new(text, Checked { spans, redacted: "r".into(), clean: false });
        let joined: String = o.pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, text);
        let marked: Vec<(&str, &str)> = o.pieces.iter().filter_map(|p| p.mark.as_deref().map(|m| (p.text.as_str(), m))).collect();
        assert_eq!(marked, [("<b>Ann</b>", "NAME: why"), ("03/05", "DATE: why")]);
        assert_eq!(o.found[0].place, "characters 11–20");
        assert_eq!(o.pieces.last().map(|p| p.text.as_str()), Some("."));
    }
}
