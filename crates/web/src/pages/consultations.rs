//! `/consultations`: the caller's calls (an applicant's, or an advisor's day and week), and one
//! call: its time, the video link, cancelling; for its advisor, the applicant's file, marking it
//! held and the write-up (private notes, a summary, a plan made with their options). The same use
//! cases as `/api/v1/consultations`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_app::advising::after::{self, AdvisedFile, CallDetail, WriteUp};
use matchready_app::advising::book::{self, CallView};
use matchready_core::account::Role;
use matchready_core::advising::call::CallStatus;
use matchready_core::plan::RawPlanOptions;
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::letters::problem_of;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

#[derive(Template)]
#[template(path = "consultations.html")]
struct ListPage {
    nav: Nav,
    advisor: bool,
    upcoming: Vec<CallView>,
    past: Vec<CallView>,
    cancelled: Vec<CallView>,
}

/// GET /consultations
pub async fn list(State(state): State<AppState>, caller: PageCaller) -> Response {
    let calls = match book::mine(&state, &caller).await {
        Ok(c) => c,
        Err(e) => return refused(e, "/consultations"),
    };
    let now = state.now();
    let (cancelled, live): (Vec<CallView>, Vec<CallView>) = calls.into_iter().partition(|c| c.status == CallStatus::Cancelled);
    let (upcoming, mut past): (Vec<CallView>, Vec<CallView>) = live.into_iter().partition(|c| c.ends_at > now);
    past.reverse();
    let advisor = caller.user.as_ref().is_some_and(|u| u.role == Role::Advisor);
    render(StatusCode::OK, &ListPage { nav: Nav::new(caller.user.as_ref(), &caller.csrf), advisor, upcoming, past, cancelled })
}

/// `?done=`: what the last action did.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: String,
}

#[derive(Template)]
#[template(path = "consultation.html")]
struct CallPage {
    nav: Nav,
    notice: String,
    problem: String,
    call: CallDetail,
    advisor: bool,
    /// For the advisor: the applicant's file.
    file: Option<AdvisedFile>,
    begun: bool,
    form: WriteUpForm,
}

async fn call_page(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    status: StatusCode,
    notice: &str,
    problem: String,
    form: Option<WriteUpForm>,
) -> Response {
    let here = format!("/consultations/{id}");
    let call = match after::detail(state, caller, id).await {
        Ok(c) => c,
        Err(e) => return refused(e, &here),
    };
    let advisor = caller.user.as_ref().is_some_and(|u| u.role == Role::Advisor);
    let (notes, file) = if advisor {
        let notes = match after::notes(state, caller, id).await {
            Ok(n) => n,
            Err(e) => return refused(e, &here),
        };
        match after::advised_file(state, caller, &call.applicant_id.to_string()).await {
            Ok(file) => (notes, Some(file)),
            Err(e) if e.kind == Kind::NotFound => (notes, None),
            Err(e) => return refused(e, &here),
        }
    } else {
        (String::new(), None)
    };
    let form = form.unwrap_or_else(|| WriteUpForm {
        notes: notes.clone(),
        summary: call.call.summary.clone(),
        ..WriteUpForm::default()
    });
    let notice = match notice {
        "booked" => {
            "Booked. You and the advisor are emailed the time and the video link; reminders come a day and an hour before."
        }
        "cancelled" => "Cancelled. Both of you are emailed.",
        "moved" => "Moved to this time; the old one is freed. You and the advisor are emailed.",
        "held" => "Marked as held: write the summary and next steps below.",
        "written" => "Saved. The applicant is emailed that the summary is there.",
        _ => "",
    };
    let page = CallPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        notice: notice.into(),
        problem,
        begun: state.now() >= call.call.starts_at,
        call,
        advisor,
        file,
        form,
    };
    render(status, &page)
}

/// GET /consultations/{id}
pub async fn page(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>, Query(d): Query<Done>) -> Response {
    call_page(&state, &caller, &id, StatusCode::OK, &d.done, String::new(), None).await
}

/// GET /consultations/{id}/invite.ics: the calendar invitation, as the API's.
pub async fn invitation(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    match after::invitation(&state, &caller, &id).await {
        Ok(ics) => crate::api::advising_calendar(ics),
        Err(e) => refused(e, &format!("/consultations/{id}")),
    }
}

/// POST /consultations/{id}/{action}: cancel, or (the advisor) held.
pub async fn act(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, action)): Path<(String, String)>,
    Posted(_): Posted<Done>,
) -> Response {
    let done = match action.as_str() {
        "cancel" => book::cancel(&state, &caller, &id).await.map(|_| "cancelled"),
        "hold" => after::hold(&state, &caller, &id).await.map(|_| "held"),
        _ => return refused(matchready_app::AppError::not_found("no such action"), &format!("/consultations/{id}")),
    };
    match done {
        Ok(done) => Redirect::to(&format!("/consultations/{id}?done={done}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Conflict | Kind::Invalid) => {
            call_page(&state, &caller, &id, super::status(&e), "", problem_of(&e), None).await
        }
        Err(e) => refused(e, &format!("/consultations/{id}")),
    }
}

/// The write-up form as sent.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct WriteUpForm {
    notes: String,
    summary: String,
    attach_plan: String,
    budget: String,
    from: String,
    to: String,
    letters_only: String,
    hands_on_only: String,
    weight_letters: String,
    weight_travel: String,
}

impl WriteUpForm {
    fn input(&self) -> WriteUp {
        let some = |s: &String| Some(s.clone()).filter(|s| !s.trim().is_empty());
        let plan = (!self.attach_plan.is_empty()).then(|| RawPlanOptions {
            budget: some(&self.budget),
            from: some(&self.from),
            to: some(&self.to),
            letters_only: some(&self.letters_only),
            hands_on_only: some(&self.hands_on_only),
            weight_letters: some(&self.weight_letters),
            weight_travel: some(&self.weight_travel),
            ..RawPlanOptions::default()
        });
        WriteUp { notes: self.notes.clone(), summary: self.summary.clone(), plan }
    }
}

/// POST /consultations/{id}/write-up
pub async fn write_up(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<WriteUpForm>,
) -> Response {
    match after::write_up(&state, &caller, &id, &f.input()).await {
        Ok(_) => Redirect::to(&format!("/consultations/{id}?done=written")).into_response(),
        Err(e) if matches!(e.kind, Kind::Conflict | Kind::Invalid) => {
            call_page(&state, &caller, &id, super::status(&e), "", problem_of(&e), Some(f)).await
        }
        Err(e) => refused(e, &format!("/consultations/{id}")),
    }
}
