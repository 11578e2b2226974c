//! The notes pages' views: the list, and one note with its form (for the
//! trainee), its feedback and revisions, and the preceptor's forms. The
//! guard's findings are highlighted from the use case's own `findings`.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use matchready_app::AppError;
use matchready_app::rotation::notes::{self, NoteView};
use matchready_core::rotation::note::{self, Criterion, RUBRIC};
use matchready_core::rotation::{NoteStatus, Section, WorkSetting};
use matchready_core::{Specialty, dates};

use super::admin::refused;
use super::chrome::Nav;
use super::notes::NoteForm;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;

struct Row {
    id: i64,
    title: String,
    status: &'static str,
    code: &'static str,
    detail: String,
}

#[derive(Template)]
#[template(path = "notes.html")]
struct NotesPage {
    nav: Nav,
    id: i64,
    experience: String,
    trainee: String,
    rows: Vec<Row>,
    awaiting: usize,
    can_write: bool,
}

/// The list of a rotation's notes.
pub(super) async fn list_page(state: &AppState, caller: &PageCaller, id: &str) -> Response {
    let v = match notes::list(state, caller, id).await {
        Ok(v) => v,
        Err(e) => return refused(e, &format!("/applications/{id}/notes")),
    };
    let rows = v
        .notes
        .iter()
        .map(|n| Row {
            id: n.id,
            title: n.title.clone(),
            status: n.status.name(),
            code: n.status.code(),
            detail: match n.revision {
                0 => format!("Not submitted · saved {}", dates::moment(n.updated_at)),
                r => format!("Revision {r} · {}", dates::moment(n.updated_at)),
            },
        })
        .collect();
    let page = NotesPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        id: v.application_id,
        experience: v.experience_title,
        trainee: v.trainee_name,
        rows,
        awaiting: v.awaiting_feedback,
        can_write: v.can_write,
    };
    render(StatusCode::OK, &page)
}

/// A piece of highlighted text.
struct Piece {
    text: String,
    mark: Option<String>,
}

/// A finding the trainee may mark as not PHI.
struct Found {
    value: String,
    label: &'static str,
    kind: &'static str,
    text: String,
    reason: String,
    checked: bool,
    /// Whether it may be marked as not PHI (a phone number, say, may not).
    waivable: bool,
}

struct Guarded {
    label: &'static str,
    pieces: Vec<Piece>,
}

struct Comment {
    revision: i32,
    quote: String,
    body: String,
    by: String,
    at: String,
}

struct SectionView {
    name: &'static str,
    text: String,
    comments: Vec<Comment>,
}

struct RevisionRow {
    label: String,
    decision: String,
    ratings: String,
}

struct Change {
    label: &'static str,
    parts: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "note.html")]
struct NotePage {
    nav: Nav,
    problem: String,
    notice: &'static str,
    id: i64,
    note: Option<i64>,
    experience: String,
    trainee: String,
    status: &'static str,
    code: &'static str,
    editing: bool,
    reviewing: bool,
    form: NoteForm,
    guarded: Vec<Guarded>,
    found: Vec<Found>,
    settings: Vec<(&'static str, &'static str)>,
    specialties: Vec<(&'static str, &'static str)>,
    where_: String,
    sections: Vec<SectionView>,
    general: Vec<Comment>,
    revisions: Vec<RevisionRow>,
    changes: Vec<Change>,
    rubric: &'static [Criterion],
    version: i64,
}

fn label(field: &str) -> &'static str {
    match field {
        "title" => "Title",
        "setting" => "Where",
        "specialty" => "Specialty",
        "subjective" => "Subjective",
        "objective" => "Objective",
        "assessment" => "Assessment",
        "plan" => "Plan",
        "not_phi_reason" => "Why it is not PHI",
        "section" => "Section",
        "quote" => "Passage",
        "body" | "comment" => "Comment",
        "decision" => "Decision",
        "history" => "History",
        "reasoning" => "Reasoning",
        "concision" => "Concision",
        "english" => "Medical English",
        _ => "Form",
    }
}

fn problem(e: &AppError) -> String {
    let fields = e.fields.iter().map(|f| format!("{}: {}", label(f.field), f.message)).collect::<Vec<_>>().join(" · ");
    match (e.code, fields.is_empty()) {
        ("phi_found", _) => format!("The PHI guard stopped the note; nothing was saved. {fields}"),
        (_, true) => e.message.clone(),
        _ => fields,
    }
}

/// The guard's findings in what was typed: each field highlighted, and each finding to tick.
fn guard(form: &NoteForm) -> (Vec<Guarded>, Vec<Found>) {
    let Ok(text) = note::parse(&form.raw()) else { return (Vec::new(), Vec::new()) };
    let spans = notes::findings(&text);
    let mut guarded: Vec<Guarded> = Vec::new();
    for (field, t) in text.texts() {
        let mine: Vec<_> = spans.iter().filter(|(f, _)| *f == field).map(|(_, s)| s).collect();
        if mine.is_empty() {
            continue;
        }
        let mut pieces = Vec::new();
        let mut at = 0;
        for s in mine {
            pieces.push(Piece { text: t[at..s.bytes.start].to_string(), mark: None });
            pieces.push(Piece { text: s.text.clone(), mark: Some(format!("{}: {}", s.kind, s.reason)) });
            at = s.bytes.end;
        }
        pieces.push(Piece { text: t[at..].to_string(), mark: None });
        guarded.push(Guarded { label: label(field), pieces });
    }
    let found = spans
        .into_iter()
        .map(|(field, s)| {
            let value = format!("{field}:{}:{}", s.start, s.end);
            Found {
                checked: form.not_phi.contains(&value),
                value,
                label: label(field),
                kind: s.kind,
                waivable: notes::waivable(s.kind),
                text: s.text,
                reason: s.reason,
            }
        })
        .collect();
    (guarded, found)
}

fn notice(done: &str) -> &'static str {
    match done {
        "saved" => "Saved as a draft. Only you can read it until you submit it.",
        "submitted" => "Submitted: your preceptor has it for feedback.",
        "commented" => "Comment added.",
        "returned" => "Returned for revision: the trainee has been emailed.",
        "accepted" => "Accepted: the trainee has been emailed your ratings.",
        _ => "",
    }
}

fn comment(c: &matchready_core::rotation::NoteComment) -> Comment {
    Comment {
        revision: c.revision,
        quote: c.quote.clone(),
        body: c.body.clone(),
        by: c.author_name.clone(),
        at: dates::moment(c.created_at),
    }
}

fn revisions(v: &NoteView) -> Vec<RevisionRow> {
    v.revisions
        .iter()
        .rev()
        .map(|r| RevisionRow {
            label: format!("Revision {} · submitted {}", r.revision, dates::moment(r.submitted_at)),
            decision: match (r.decision, r.decided_at) {
                (Some(d), Some(at)) => format!("{} {}", d.name(), dates::moment(at)),
                _ => "Awaiting feedback".into(),
            },
            ratings: r
                .rubric
                .map(|rb| RUBRIC.iter().zip(rb.0).map(|(c, l)| format!("{} {l}/5", c.name)).collect::<Vec<_>>().join(" · "))
                .unwrap_or_default(),
        })
        .collect()
}

/// One note (or the form for a new one), with `problem` and the form as typed when refused.
#[allow(clippy::too_many_arguments)]
pub(super) async fn note_page(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    note: Option<&str>,
    status: StatusCode,
    problem_: Option<AppError>,
    form: Option<NoteForm>,
    done: &str,
) -> Response {
    let here = format!("/applications/{id}/notes");
    let v = match note {
        Some(n) => match notes::open(state, caller, id, n).await {
            Ok(v) => Some(v),
            Err(e) => return refused(e, &here),
        },
        None => None,
    };
    let head = match &v {
        Some(v) => (v.application_id, v.experience_title.clone(), v.trainee_name.clone(), v.can_edit),
        None => match notes::list(state, caller, id).await {
            Ok(l) => (l.application_id, l.experience_title, l.trainee_name, l.can_write),
            Err(e) => return refused(e, &here),
        },
    };
    let (app_id, experience, trainee, editing) = head;
    let typed = form.is_some();
    let form = form.unwrap_or_else(|| match &v {
        Some(v) => NoteForm::of(&v.text, v.version),
        None => NoteForm { setting: "inpatient".into(), specialty: "internal-medicine".into(), ..NoteForm::default() },
    });
    // Whenever a typed note is shown again, what the guard finds in it is shown and can be ticked.
    let (guarded, found) = if problem_.is_some() && typed { guard(&form) } else { (Vec::new(), Vec::new()) };
    let (sections, general, where_) = match &v {
        Some(v) => {
            let sections = Section::ALL
                .iter()
                .map(|s| SectionView {
                    name: s.name(),
                    text: v.text.section(*s).to_string(),
                    comments: v.comments.iter().filter(|c| c.section == Some(*s)).map(comment).collect(),
                })
                .collect();
            let general = v.comments.iter().filter(|c| c.section.is_none()).map(comment).collect();
            (sections, general, format!("{} · {}", v.text.setting.name(), v.text.specialty.name()))
        }
        None => (Vec::new(), Vec::new(), String::new()),
    };
    let changes = v
        .as_ref()
        .and_then(|v| v.changes.as_ref())
        .map(|c| {
            c.iter()
                .filter(|d| d.changed)
                .map(|d| Change { label: label(d.field), parts: d.parts.iter().map(|p| (p.change, p.text.clone())).collect() })
                .collect()
        })
        .unwrap_or_default();
    let page = NotePage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        problem: problem_.as_ref().map(problem).unwrap_or_default(),
        notice: notice(done),
        id: app_id,
        note: v.as_ref().map(|v| v.id),
        experience,
        trainee,
        status: v.as_ref().map(|v| v.status.name()).unwrap_or("New note"),
        code: v.as_ref().map(|v| v.status.code()).unwrap_or(NoteStatus::Draft.code()),
        editing,
        reviewing: v.as_ref().is_some_and(|v| v.can_review),
        form,
        guarded,
        found,
        settings: WorkSetting::ALL.iter().map(|s| (s.code(), s.name())).collect(),
        specialties: Specialty::ALL.iter().map(|s| (s.code(), s.name())).collect(),
        where_,
        sections,
        general,
        revisions: v.as_ref().map(revisions).unwrap_or_default(),
        changes,
        rubric: &RUBRIC,
        version: v.as_ref().map(|v| v.version).unwrap_or_default(),
    };
    render(status, &page)
}
