//! One application in the pages: its timeline, the applicant's file for a
//! reviewer, the money, and the steps the viewer may take. Every step goes
//! through the same code as the API. The list is in `queue.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_core::application::{Application, Status};
use matchready_core::ledger::PayNext;
use matchready_core::readiness::Standing;
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;
use matchready_app::applications::{self, StepBody};
use matchready_app::money;
use matchready_core::dates::{self, moment};

/// A block's dates as people read them, e.g. "11 Jan 2027 – 7 Feb 2027".
pub(super) fn dates(a: &Application) -> String {
    dates::span(a.start_date, a.end_date)
}

struct Line {
    when: String,
    what: String,
    note: String,
}

/// What a reviewer sees of the applicant.
struct Reviewer {
    name: String,
    email: String,
    facts: Vec<String>,
    eligible: bool,
    reasons: Vec<String>,
    checklist: Vec<(String, &'static str, Option<i64>)>,
    gaps: Vec<String>,
    /// Versions read through this application since replaced or removed: (id, name, what became of it).
    earlier: Vec<(i64, String, String)>,
}

fn reviewer(file: applications::ApplicationFile) -> Reviewer {
    let p = &file.profile;
    let mut facts = Vec::new();
    let mut fact = |label: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            facts.push(format!("{label}: {v}"));
        }
    };
    fact(
        "Applicant type",
        p.applicant_type.as_deref().and_then(matchready_core::ApplicantType::from_code).map(|t| t.name().to_string()),
    );
    fact("Medical school", p.medical_school.clone());
    fact("Country", p.school_country.clone());
    fact("Graduation year", p.graduation_year.map(|y| y.to_string()));
    fact("USMLE Step 1", p.step1_passed.map(|v| if v { "passed".to_string() } else { "not passed".to_string() }));
    fact("Step 2 CK", p.step2_ck_score.map(|v| v.to_string()));
    fact("ECFMG certified", p.ecfmg_certified.map(|v| if v { "yes".to_string() } else { "no".to_string() }));
    fact("Visa", p.visa.as_deref().and_then(matchready_core::Visa::from_code).map(|v| v.name().to_string()));
    fact("Languages", Some(p.languages.join(", ")));
    let checklist = file
        .readiness
        .checklist
        .iter()
        .map(|c| {
            let standing = match c.standing {
                Standing::Ready => "On file",
                Standing::Missing => "Missing",
                Standing::Expires => "Runs out too soon",
            };
            (c.name.to_string(), standing, c.document_id)
        })
        .collect();
    let earlier = file
        .earlier
        .iter()
        .map(|d| {
            let fate = match (d.replaced_at, d.removed_at) {
                (Some(at), _) => format!("replaced on {}", dates::day_of(at)),
                (_, Some(at)) => format!("removed on {}", dates::day_of(at)),
                _ => String::new(),
            };
            (d.id, d.kind.name().to_string(), fate)
        })
        .collect();
    Reviewer {
        earlier,
        name: file.applicant_name,
        email: file.applicant_email,
        facts,
        eligible: file.readiness.eligible,
        reasons: file.readiness.reasons,
        checklist,
        gaps: file.readiness.immunization_gaps,
    }
}

/// One ledger line as shown.
struct Money {
    kind: &'static str,
    amount: String,
    description: String,
}

#[derive(Template)]
#[template(path = "application.html")]
struct DetailPage {
    review: Option<Reviewer>,
    /// Why the applicant's file is not shown, when it closed.
    file_closed: String,
    money: Vec<Money>,
    /// The account, as label and amount.
    summary: Vec<(&'static str, String)>,
    /// The rule that applies, in sentences.
    why: Vec<String>,
    /// What the status asks for by when (an offer's deadline), or what the last action did.
    notice: String,
    /// What the applicant pays next, by when, to whom and how.
    pay: Option<PayNext>,
    /// The amount the payment form starts with (what is asked next), e.g. "500.00".
    suggested: String,
    /// The refund policy, in sentences.
    policy: Vec<String>,
    staff: bool,
    letter: bool,
    /// The rotation is complete: its certificate (and the trainee's review).
    completed: bool,
    /// The rotation's hours in a line, once it has started and when the viewer may read them.
    hours: Option<String>,
    /// The rotation's notes in a line, once it has started and when the viewer may read them.
    notes: Option<String>,
    nav: Nav,
    problem: String,
    a: Application,
    status: &'static str,
    dates: String,
    lines: Vec<Line>,
    actions: Vec<(&'static str, &'static str)>,
}

/// What an action did, said from where the application now stands (`?done=` names the action,
/// never the words, so a link cannot put words on the page).
fn done_notice(done: &str, a: &Application, mine: bool, pay: Option<&PayNext>) -> String {
    let who = if mine { "you".to_string() } else { a.applicant_name.clone() };
    let pay_words = pay.map(|p| format!(" {}", p.headline)).unwrap_or_default();
    match (done, a.status) {
        ("offer", Status::Offered) => format!(
            "Seat offered: {who} has until {} to accept, and has been emailed.",
            a.offer_expires_on.map(dates::deadline).unwrap_or_default()
        ),
        ("review", Status::UnderReview) => format!("Under review: {who} has been emailed that you are reviewing it."),
        ("waitlist", Status::Waitlisted) => {
            format!("Waitlisted: {who} has been emailed, and is offered the next seat that frees up.")
        }
        ("reject", Status::Rejected) => format!("Rejected: {who} has been emailed."),
        ("reject", Status::Withdrawn) => format!("The offer is withdrawn: {who} has been emailed."),
        ("accept", Status::Accepted) if mine => format!("Accepted: the seat is held for you.{pay_words}"),
        ("accept", Status::Confirmed) if mine => "Accepted: your deposit was already in, so the seat is confirmed.".to_string(),
        ("withdraw", Status::Withdrawn) => "Withdrawn: the site has been told.".to_string(),
        ("cancel", Status::Cancelled) => "The seat is cancelled. What is kept and owed back is below.".to_string(),
        ("complete", Status::Completed) => format!("Completed: {who} has been emailed, and the certificate can be downloaded."),
        ("confirmed", Status::Confirmed) if !mine => {
            format!("Recorded. The seat is confirmed and {who} has been emailed.{pay_words}")
        }
        ("payment" | "refund", _) if !mine => format!("Recorded.{pay_words}"),
        _ => String::new(),
    }
}

pub(super) async fn detail_page(
    state: &AppState,
    caller: &PageCaller,
    raw: &str,
    status: StatusCode,
    problem: String,
) -> Response {
    detail_with(state, caller, raw, status, problem, "").await
}

async fn detail_with(
    state: &AppState,
    caller: &PageCaller,
    raw: &str,
    status: StatusCode,
    problem: String,
    done: &str,
) -> Response {
    let view = match applications::get(state, caller, raw).await {
        Ok(v) => v,
        Err(e) => return refused(e, &format!("/applications/{raw}")),
    };
    let Some(me) = caller.user.as_ref() else {
        return crate::auth::caller::login_redirect(&format!("/applications/{raw}"));
    };
    let mine = me.id == view.application.applicant_id;
    let ledger = match money::ledger(state, caller, raw).await {
        Ok(l) => l,
        Err(e) => return refused(e, "/applications"),
    };
    // The file (profile and documents) only while the policy lets the viewer read it.
    let (file, file_closed) = match applications::application_file(state, caller, raw).await {
        Ok(f) => (Some(f), String::new()),
        Err(e) if e.kind == Kind::Forbidden => (None, e.message),
        Err(e) => return refused(e, "/applications"),
    };
    let timeline = view.timeline.clone();
    let a = view.application.clone();
    let review = if mine { None } else { file.map(reviewer) };
    let actions: Vec<(&str, &str)> = if mine {
        match a.status {
            Status::Offered => vec![("accept", "Accept the seat"), ("withdraw", "Decline")],
            Status::Submitted | Status::UnderReview | Status::Waitlisted => vec![("withdraw", "Withdraw")],
            Status::Accepted | Status::Confirmed => vec![("cancel", "Cancel my seat")],
            _ => vec![],
        }
    } else {
        match a.status {
            Status::Submitted => {
                vec![("review", "Start reviewing"), ("offer", "Offer a seat"), ("waitlist", "Waitlist"), ("reject", "Reject")]
            }
            Status::UnderReview => vec![("offer", "Offer a seat"), ("waitlist", "Waitlist"), ("reject", "Reject")],
            Status::Waitlisted => vec![("offer", "Offer a seat"), ("reject", "Reject")],
            Status::Offered => vec![("reject", "Withdraw the offer")],
            Status::Accepted | Status::Confirmed => vec![("cancel", "Cancel the seat")],
            Status::InProgress if a.end_date < state.today() => vec![("complete", "Complete without the final evaluation")],
            _ => vec![],
        }
    };
    let lines =
        timeline.iter().map(|t| Line { when: moment(t.at), what: t.to.name().to_string(), note: t.note.clone() }).collect();
    let usd = matchready_core::money::usd;
    let money = ledger
        .entries
        .iter()
        .map(|e| Money { kind: e.kind.name(), amount: usd(e.amount_cents), description: e.description.clone() })
        .collect();
    let t = &ledger.account;
    let mut summary = vec![("Charged", usd(t.charged_cents)), ("Paid in", usd(t.paid_cents))];
    if t.refunded_cents > 0 {
        summary.push(("Paid back", usd(t.refunded_cents)));
    }
    if a.status == Status::Cancelled {
        summary.push(("Kept by the site", usd(t.kept_cents)));
    }
    if t.deposit_cents > 0 && a.status == Status::Accepted {
        summary.push(("Deposit", format!("{} ({} still to pay)", usd(t.deposit_cents), usd(t.deposit_to_pay_cents))));
    }
    if t.to_pay_cents > 0 {
        summary.push(("Still to pay", usd(t.to_pay_cents)));
    }
    if t.held_cents > 0 {
        summary.push(("Paid ahead of a seat", usd(t.held_cents)));
    }
    if t.owed_back_cents > 0 {
        summary.push(("Owed back", usd(t.owed_back_cents)));
    }
    let notice = match done_notice(done, &a, mine, ledger.pay.as_ref()) {
        said if !said.is_empty() => said,
        _ => match (a.status, a.offer_expires_on) {
            (Status::Offered, Some(d)) => format!("The offer is open until {}.", dates::deadline(d)),
            (Status::InProgress, _) if a.end_date < state.today() => format!(
                "The block ended on {}. The rotation completes once the preceptor's final evaluation is in (due {}){}.",
                dates::day(a.end_date),
                dates::day(matchready_core::rotation::evaluation::EvalKind::Final.due(a.start_date, a.end_date)),
                if mine { "" } else { ", or when a coordinator completes it without, saying why" }
            ),
            _ => String::new(),
        },
    };
    let suggested = ledger.pay.as_ref().map(|p| format!("{}.{:02}", p.cents / 100, p.cents % 100)).unwrap_or_default();
    let letter = mine && matches!(a.status, Status::Confirmed | Status::InProgress);
    // The rotation's hours, for those who may read them, once it has started.
    let hours = match a.status {
        Status::InProgress | Status::Completed => {
            matchready_app::rotation::hours::view(state, caller, raw).await.ok().map(|v| v.summary.in_words())
        }
        _ => None,
    };
    let notes = match a.status {
        Status::InProgress | Status::Completed => matchready_app::rotation::notes::list(state, caller, raw).await.ok().map(|v| {
            let n = v.notes.len();
            let mut words = format!("{n} note{}", if n == 1 { "" } else { "s" });
            if v.awaiting_feedback > 0 {
                words.push_str(&format!(", {} awaiting feedback", v.awaiting_feedback));
            }
            words
        }),
        _ => None,
    };
    let page = DetailPage {
        notes,
        review,
        file_closed,
        money,
        summary,
        why: ledger.account.why,
        notice,
        pay: ledger.pay,
        suggested,
        policy: ledger.policy,
        staff: !mine,
        letter,
        completed: a.status == Status::Completed,
        hours,
        nav: Nav::new(Some(me), &caller.csrf),
        problem,
        status: a.status.name(),
        dates: dates(&a),
        a,
        lines,
        actions,
    };
    render(status, &page)
}

/// GET /applications/{id}/documents/{document}: a reviewer downloads the applicant's document (audited).
pub async fn document(State(state): State<AppState>, caller: PageCaller, Path((id, doc)): Path<(String, String)>) -> Response {
    match applications::document(&state, &caller, &id, &doc).await {
        Ok(d) => crate::api::documents::download_response(d),
        Err(e) => refused(e, &format!("/applications/{id}")),
    }
}

/// GET /applications/{id}/invitation-letter
pub async fn letter(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    match matchready_app::letter::invitation_letter(&state, &caller, &id).await {
        Ok(pdf) => crate::api::letter::pdf_response(pdf),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/applications/{id}")),
        Err(e) => detail_page(&state, &caller, &id, super::status(&e), e.message).await,
    }
}

/// GET /applications/{id}
pub async fn detail(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    q: Result<Query<super::Done>, axum::extract::rejection::QueryRejection>,
) -> Response {
    // An unreadable `?done=` only loses the notice.
    let done = super::done(q);
    detail_with(&state, &caller, &id, StatusCode::OK, String::new(), &done).await
}

/// A step's form: why, optionally.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    reason: String,
}

/// POST /applications/{id}/{action}
pub async fn act(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, action)): Path<(String, String)>,
    Posted(f): Posted<StepForm>,
) -> Response {
    let body = StepBody { version: None, reason: Some(f.reason).filter(|r| !r.trim().is_empty()) };
    match applications::step_named(&state, &caller, &id, &action, body).await {
        // `step_named` knew the action, so it is one of the few words `done_notice` reads.
        Ok(_) => Redirect::to(&format!("/applications/{id}?done={action}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/applications/{id}")),
        Err(e) => detail_page(&state, &caller, &id, super::status(&e), e.message).await,
    }
}
