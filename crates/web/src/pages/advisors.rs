//! `/advisors`: the advisors and what each offers, and one offering's open times in the reader's
//! zone, each a button that books it (`POST /consultations`). The same use cases as
//! `GET /api/v1/advisors`, `.../slots` and `POST /api/v1/consultations`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_app::advising::book::{self, BookInput, SlotView};
use matchready_app::advising::setup::{self, AdvisorCard};
use matchready_core::money::usd;
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::letters::problem_of;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::Posted;

/// Zones offered in the picker; any IANA name may be typed.
const ZONES: &[&str] = &[
    "Africa/Lagos",
    "Africa/Cairo",
    "Asia/Kolkata",
    "Asia/Karachi",
    "Asia/Manila",
    "Asia/Dubai",
    "Europe/London",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "UTC",
];

#[derive(Template)]
#[template(path = "advisors.html")]
struct DirectoryPage {
    nav: Nav,
    advisors: Vec<AdvisorCard>,
}

impl DirectoryPage {
    fn price(&self, cents: &i64) -> String {
        if *cents == 0 { "Free".into() } else { usd(*cents) }
    }
}

/// GET /advisors
pub async fn directory(State(state): State<AppState>, caller: PageCaller) -> Response {
    match setup::directory(&state, &caller).await {
        Ok(advisors) => render(StatusCode::OK, &DirectoryPage { nav: Nav::new(caller.user.as_ref(), &caller.csrf), advisors }),
        Err(e) => refused(e, "/advisors"),
    }
}

/// `?zone=`: the reader's time zone.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ZoneChoice {
    zone: String,
    /// A booked call to move to the time chosen.
    moving: String,
}

/// One day of open times, as the reader sees it.
struct Day {
    label: String,
    slots: Vec<(String, SlotView)>,
}

#[derive(Template)]
#[template(path = "slots.html")]
struct SlotsPage {
    nav: Nav,
    problem: String,
    advisor: AdvisorCard,
    offering_id: i64,
    name: String,
    covers: String,
    price: String,
    minutes: i64,
    zone: String,
    zones: &'static [&'static str],
    days: Vec<Day>,
    /// Where a time's button posts: a booking, or moving the call named.
    action: String,
    moving: String,
}

async fn slots_page(
    state: &AppState,
    caller: &PageCaller,
    (advisor, offering): (&str, &str),
    (zone, moving): (&str, &str),
    status: StatusCode,
    problem: String,
) -> Response {
    let here = format!("/advisors/{advisor}/offerings/{offering}");
    let zone = if zone.trim().is_empty() { "UTC" } else { zone.trim() };
    let cards = match setup::directory(state, caller).await {
        Ok(c) => c,
        Err(e) => return refused(e, &here),
    };
    let found = cards.into_iter().find(|c| c.id.to_string() == advisor.trim());
    let Some((card, o)) = found.and_then(|c| {
        let o = c.offerings.iter().find(|o| o.id.to_string() == offering.trim()).cloned()?;
        Some((c, o))
    }) else {
        return refused(matchready_app::AppError::not_found("no such offering"), &here);
    };
    let (days, problem, status) = match book::open(state, caller, advisor, offering, zone).await {
        Ok(open) => (group(open), problem, status),
        Err(e) if e.kind == Kind::Invalid => (Vec::new(), problem_of(&e), super::status(&e)),
        Err(e) => return refused(e, &here),
    };
    let page = SlotsPage {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        problem,
        price: if o.offering.price_cents == 0 { "Free".into() } else { usd(o.offering.price_cents) },
        name: o.offering.name.clone(),
        covers: o.offering.covers.clone(),
        minutes: o.offering.minutes,
        offering_id: o.id,
        advisor: card,
        zone: zone.to_string(),
        zones: ZONES,
        days,
        action: match moving.trim().parse::<i64>() {
            Ok(id) => format!("/consultations/{id}/reschedule"),
            Err(_) => "/consultations".into(),
        },
        moving: moving.trim().to_string(),
    };
    render(status, &page)
}

/// Open times by day: "Mon 15 Mar 2027" with "19:30 WAT" under it.
fn group(open: Vec<SlotView>) -> Vec<Day> {
    let mut days: Vec<Day> = Vec::new();
    for s in open {
        let (label, time) =
            s.yours.rsplit_once(", ").map_or((s.yours.clone(), String::new()), |(d, t)| (d.to_string(), t.to_string()));
        match days.last_mut() {
            Some(d) if d.label == label => d.slots.push((time, s)),
            _ => days.push(Day { label, slots: vec![(time, s)] }),
        }
    }
    days
}

/// GET /advisors/{id}/offerings/{offering}
pub async fn slots(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((advisor, offering)): Path<(String, String)>,
    Query(q): Query<ZoneChoice>,
) -> Response {
    slots_page(&state, &caller, (&advisor, &offering), (&q.zone, &q.moving), StatusCode::OK, String::new()).await
}

/// The booking form of one open time.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BookForm {
    advisor_id: String,
    offering_id: String,
    start: String,
    zone: String,
}

/// POST /consultations/{id}/reschedule: moves the call, then shows the new one; a refusal is said
/// on the open times.
pub async fn reschedule(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<BookForm>,
) -> Response {
    match book::reschedule(&state, &caller, &id, &f.start, &f.zone).await {
        Ok(call) => Redirect::to(&format!("/consultations/{}?done=moved", call.id)).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound | Kind::Forbidden) => refused(e, "/consultations"),
        Err(e) => {
            let status = super::status(&e);
            // The open times of the call's own offering, whatever the form said.
            let (advisor, offering) = match matchready_app::advising::after::detail(&state, &caller, &id).await {
                Ok(d) => (d.advisor_id.to_string(), d.offering_id.to_string()),
                Err(e) => return refused(e, "/consultations"),
            };
            slots_page(&state, &caller, (&advisor, &offering), (&f.zone, &id), status, problem_of(&e)).await
        }
    }
}

/// POST /consultations: books, then shows the call; a refusal is said on the open times.
pub async fn book_call(State(state): State<AppState>, caller: PageCaller, Posted(f): Posted<BookForm>) -> Response {
    let input = BookInput {
        advisor_id: f.advisor_id.trim().parse().unwrap_or(0),
        offering_id: f.offering_id.trim().parse().unwrap_or(0),
        start: f.start.clone(),
        zone: f.zone.clone(),
    };
    match book::book(&state, &caller, &input).await {
        Ok(call) => Redirect::to(&format!("/consultations/{}?done=booked", call.id)).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound | Kind::Forbidden) => refused(e, "/advisors"),
        Err(e) => {
            let status = super::status(&e);
            slots_page(&state, &caller, (&f.advisor_id, &f.offering_id), (&f.zone, ""), status, problem_of(&e)).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin_advisors.html")]
struct UtilisationPage {
    nav: Nav,
    rows: Vec<matchready_app::advising::setup::Utilisation>,
}

/// GET /admin/advisors: each advisor's time booked, as `GET /api/v1/advisors/utilisation`.
pub async fn utilisation(State(state): State<AppState>, caller: PageCaller) -> Response {
    match setup::utilisation(&state, &caller).await {
        Ok(rows) => render(StatusCode::OK, &UtilisationPage { nav: Nav::new(caller.user.as_ref(), &caller.csrf), rows }),
        Err(e) => refused(e, "/admin/advisors"),
    }
}
