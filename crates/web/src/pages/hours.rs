//! A rotation's hours in the pages: the trainee logs and corrects days, the
//! site's preceptors sign a day or a week or return a day with a comment.
//! Every action is the API's use case (`matchready_app::rotation::hours`);
//! a refused form is shown again with what was typed and the field named.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::rotation::hours::{self, HoursView, Returning, Signing};
use matchready_app::{AppError, Kind};
use matchready_core::dates;
use matchready_core::rotation::hours::{clock, hours_text};
use matchready_core::rotation::{HoursEntry, HoursStatus, RawDay, WorkSetting};
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// A day as the form sends it (and as it is shown again when refused).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DayForm {
    date: String,
    start: String,
    end: String,
    hours: String,
    setting: String,
    hands_on: String,
    activity: String,
}

impl DayForm {
    fn raw(&self) -> RawDay {
        RawDay {
            date: self.date.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
            hours: self.hours.clone(),
            setting: self.setting.clone(),
            hands_on: self.hands_on == "true",
            activity: self.activity.clone(),
        }
    }

    fn of(e: &HoursEntry) -> Self {
        let (start, end) = e.span.map(|(s, t)| (clock(s), clock(t))).unwrap_or_default();
        let hours = if e.span.is_none() { format!("{}", f64::from(e.minutes) / 60.0) } else { String::new() };
        Self {
            date: e.date.to_string(),
            start,
            end,
            hours,
            setting: e.setting.code().into(),
            hands_on: if e.hands_on { "true".into() } else { String::new() },
            activity: e.activity.clone(),
        }
    }
}

struct Row {
    id: i64,
    day: String,
    time: String,
    hours: String,
    setting: &'static str,
    kind: &'static str,
    activity: String,
    status: &'static str,
    code: &'static str,
    comment: String,
    note: String,
    signable: bool,
    correctable: bool,
}

struct Week {
    label: String,
    monday: String,
    pending: bool,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "hours.html")]
struct HoursPage {
    nav: Nav,
    problem: String,
    notice: String,
    id: i64,
    title: String,
    trainee: String,
    dates: String,
    summary: Vec<(&'static str, String)>,
    weeks: Vec<Week>,
    can_log: bool,
    can_sign: bool,
    form: DayForm,
    /// The entry the form corrects, if any.
    correcting: Option<i64>,
    settings: Vec<(&'static str, &'static str)>,
    first: String,
    last: String,
}

fn rows(v: &HoursView) -> Vec<Week> {
    let corrected: Vec<i64> = v.entries.iter().filter(|e| e.status == HoursStatus::Pending).filter_map(|e| e.corrects).collect();
    let mut weeks: Vec<Week> = Vec::new();
    for e in &v.entries {
        let monday = e.date - chrono::Days::new(u64::from(chrono::Datelike::weekday(&e.date).num_days_from_monday()));
        let row = Row {
            id: e.id,
            day: dates::day(e.date),
            time: e.span.map(|(s, t)| format!("{}–{}", clock(s), clock(t))).unwrap_or_default(),
            hours: hours_text(e.minutes),
            setting: e.setting.name(),
            kind: if e.hands_on { "Hands-on" } else { "Observing" },
            activity: e.activity.clone(),
            status: e.status.name(),
            code: e.status.code(),
            comment: e.comment.clone(),
            note: e.corrects.map(|c| format!("Corrects entry {c}")).unwrap_or_default(),
            signable: v.can_sign && e.status == HoursStatus::Pending,
            correctable: v.can_log && e.status != HoursStatus::Replaced && !corrected.contains(&e.id),
        };
        let pending = row.signable;
        match weeks.last_mut().filter(|w| w.monday == monday.to_string()) {
            Some(w) => {
                w.pending |= pending;
                w.rows.push(row);
            }
            None => weeks.push(Week {
                label: format!("Week of {}", dates::day(monday)),
                monday: monday.to_string(),
                pending,
                rows: vec![row],
            }),
        }
    }
    // The latest week first: it is the one to log and to sign.
    weeks.reverse();
    weeks
}

/// What a done action says.
fn done_notice(done: &str) -> &'static str {
    match done {
        "logged" => "Logged: the day awaits your preceptor's sign-off.",
        "corrected" => "Correction logged: it awaits sign-off, and the entry it corrects is kept.",
        "signed" => "Signed: those hours are now frozen.",
        "returned" => "Returned: the trainee has been emailed your comment.",
        _ => "",
    }
}

/// `?done=` after an action, `?correct=` to correct an entry.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HoursQuery {
    done: String,
    correct: Option<i64>,
}

async fn page_with(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    status: StatusCode,
    problem: String,
    form: Option<(DayForm, Option<i64>)>,
    done: &str,
) -> Response {
    let v = match hours::view(state, caller, id).await {
        Ok(v) => v,
        Err(e) => return refused(e, &format!("/applications/{id}/hours")),
    };
    let Some(me) = caller.user.as_ref() else {
        return crate::auth::caller::login_redirect(&format!("/applications/{id}/hours"));
    };
    let s = &v.summary;
    let mut summary = vec![("Signed", hours_text(s.signed_minutes)), ("Awaiting sign-off", hours_text(s.pending_minutes))];
    summary.push(("Hands-on (signed)", hours_text(s.hands_on_minutes)));
    summary.push(("Observing (signed)", hours_text(s.observing_minutes)));
    if s.returned_minutes > 0 {
        summary.push(("Returned for correction", hours_text(s.returned_minutes)));
    }
    let (form, correcting) = form.unwrap_or_default();
    let form = if form.date.is_empty() && form.setting.is_empty() && correcting.is_none() {
        DayForm { date: state.today().min(v.last_day).to_string(), setting: "inpatient".into(), ..form }
    } else {
        form
    };
    let page = HoursPage {
        nav: Nav::new(Some(me), &caller.csrf),
        problem,
        notice: done_notice(done).to_string(),
        id: v.application_id,
        title: v.experience_title.clone(),
        trainee: v.trainee_name.clone(),
        dates: dates::span(v.first_day, v.last_day),
        summary,
        weeks: rows(&v),
        can_log: v.can_log,
        can_sign: v.can_sign,
        form,
        correcting,
        settings: WorkSetting::ALL.iter().map(|s| (s.code(), s.name())).collect(),
        first: v.first_day.to_string(),
        last: v.last_day.min(state.today()).to_string(),
    };
    render(status, &page)
}

/// GET /applications/{id}/hours
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    q: Result<Query<HoursQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let q = q.map(|Query(q)| q).unwrap_or_default();
    // Correcting an entry starts from what it says.
    let form = match q.correct {
        Some(entry) => match hours::view(&state, &caller, &id).await {
            Ok(v) => v.entries.iter().find(|e| e.id == entry).map(|e| (DayForm::of(e), Some(entry))),
            Err(e) => return refused(e, &format!("/applications/{id}/hours")),
        },
        None => None,
    };
    page_with(&state, &caller, &id, StatusCode::OK, String::new(), form, &q.done).await
}

/// The field as the form labels it.
fn problem(e: &AppError) -> String {
    let label = |f: &str| match f {
        "date" => "Day",
        "start" => "Start",
        "end" => "End",
        "hours" => "Hours",
        "setting" => "Where",
        "activity" => "What you did",
        "comment" => "Comment",
        "ids" => "Entries",
        "week_of" => "Week",
        _ => "Form",
    };
    if e.fields.is_empty() {
        return e.message.clone();
    }
    e.fields.iter().map(|f| format!("{}: {}", label(f.field), f.message)).collect::<Vec<_>>().join(" · ")
}

async fn after(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    done: &str,
    form: Option<(DayForm, Option<i64>)>,
    r: Result<(), AppError>,
) -> Response {
    match r {
        Ok(()) => Redirect::to(&format!("/applications/{id}/hours?done={done}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/applications/{id}/hours")),
        Err(e) => page_with(state, caller, id, super::status(&e), problem(&e), form, "").await,
    }
}

/// POST /applications/{id}/hours: the trainee logs a day.
pub async fn log(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<DayForm>,
) -> Response {
    let r = hours::log(&state, &caller, &id, &f.raw()).await.map(drop);
    after(&state, &caller, &id, "logged", Some((f, None)), r).await
}

/// POST /applications/{id}/hours/{entry}/correct
pub async fn correct(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, entry)): Path<(String, String)>,
    Posted(f): Posted<DayForm>,
) -> Response {
    let r = hours::correct(&state, &caller, &id, &entry, &f.raw()).await.map(drop);
    after(&state, &caller, &id, "corrected", Some((f, entry.parse().ok())), r).await
}

/// Sign one entry, or a week.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignForm {
    ids: Vec<String>,
    week_of: String,
}

/// POST /applications/{id}/hours/sign
pub async fn sign(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<SignForm>,
) -> Response {
    let ids: Vec<i64> = f.ids.iter().filter_map(|i| i.trim().parse().ok()).collect();
    let week_of = Some(f.week_of).filter(|w| !w.trim().is_empty());
    let r = hours::sign(&state, &caller, &id, Signing { ids, week_of }).await.map(drop);
    after(&state, &caller, &id, "signed", None, r).await
}

/// A comment on a returned entry.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReturnForm {
    comment: String,
}

/// POST /applications/{id}/hours/{entry}/return
pub async fn return_entry(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, entry)): Path<(String, String)>,
    Posted(f): Posted<ReturnForm>,
) -> Response {
    let r = hours::return_entry(&state, &caller, &id, &entry, Returning { comment: f.comment }).await.map(drop);
    after(&state, &caller, &id, "returned", None, r).await
}
