//! One placement round in the pages: applicants rank the blocks they may
//! join and later read their result explained; the site ranks its
//! applicants per experience (or leaves it to the lottery), cancels, and
//! sees every result. Every form goes through the same code as the API.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use matchready_app::Kind;
use matchready_core::account::{Action, Relation, Resource, Role, User};
use matchready_core::round::{Event, Round, Status, transition};
use serde::Deserialize;

use super::admin::refused;
use super::chrome::Nav;
use super::render;
use super::round_forms::{Ranked, block_dates, ranked, site_rows, when};
use crate::AppState;
use crate::auth::PageCaller;
use crate::auth::csrf::{Button, Posted};
use matchready_app::rounds::{self as api, MyRound, SiteRanks, SiteRound};

/// A block as the applicant's ranking form shows it.
struct ChoiceRow {
    block_id: i64,
    experience_id: i64,
    title: String,
    dates: String,
    seats: String,
    rank: usize,
    reasons: Vec<String>,
}

/// One line of "why not higher".
struct WhyLine {
    block: String,
    sentence: String,
}

#[derive(Template)]
#[template(path = "round_mine.html")]
struct MinePage {
    nav: Nav,
    problem: String,
    notice: String,
    r: Round,
    deadline: String,
    open: bool,
    choices: Vec<ChoiceRow>,
    ranks_on_offer: usize,
    placed: Option<String>,
    application_id: Option<i64>,
    lottery: u32,
    lottery_used: bool,
    ran: bool,
    entered: bool,
    why: Vec<WhyLine>,
    open_seats: Vec<(i64, String, String)>,
}

fn block_name(r: &Round, id: i64) -> String {
    r.blocks
        .iter()
        .find(|b| b.block_id == id)
        .map_or_else(|| format!("Block {id}"), |b| format!("{}, {}", b.experience_title, block_dates(b)))
}

/// Whether a round still takes rank lists at `now` (seconds since 1970).
fn open_at(r: &Round, now: i64) -> bool {
    transition(r.status, Event::Rank, now, r.deadline.timestamp()).is_ok()
}

fn mine_page(
    state: &AppState,
    caller: &PageCaller,
    me: &User,
    m: MyRound,
    status: StatusCode,
    problem: String,
    notice: String,
) -> Response {
    let r = &m.round;
    let choices: Vec<ChoiceRow> = m
        .choices
        .iter()
        .filter_map(|c| {
            let b = r.blocks.iter().find(|b| b.block_id == c.block_id)?;
            Some(ChoiceRow {
                block_id: c.block_id,
                experience_id: b.experience_id,
                title: b.experience_title.clone(),
                dates: block_dates(b),
                seats: format!("{} of {}", b.free(), b.seats),
                rank: m.ranks.iter().position(|x| *x == c.block_id).map_or(0, |i| i + 1),
                reasons: c.reasons.clone(),
            })
        })
        .collect();
    let ranks_on_offer = choices.iter().filter(|c| c.reasons.is_empty()).count();
    let result = m.result.as_ref();
    let page = MinePage {
        nav: Nav::new(Some(me), &caller.csrf),
        problem,
        notice,
        deadline: when(r.deadline),
        open: open_at(r, state.now()),
        ranks_on_offer,
        placed: result.and_then(|x| x.block_id).map(|b| block_name(r, b)),
        application_id: result.and_then(|x| x.application_id),
        lottery: result.map_or(0, |x| x.lottery),
        lottery_used: m.lottery_used,
        ran: r.status == Status::Matched,
        entered: !m.ranks.is_empty(),
        why: result
            .map(|x| {
                x.higher.iter().map(|h| WhyLine { block: block_name(r, h.block_id), sentence: h.sentence.clone() }).collect()
            })
            .unwrap_or_default(),
        open_seats: m
            .open_seats
            .iter()
            .map(|e| {
                let start = e.next_start.map(matchready_core::dates::day).unwrap_or_default();
                (
                    e.listing.id,
                    e.listing.title.clone(),
                    format!(
                        "{}, {}, {} · starts {start} · {} all-in",
                        e.listing.site_name,
                        e.listing.city,
                        e.listing.state.code(),
                        matchready_core::money::usd(e.listing.total_cents)
                    ),
                )
            })
            .collect(),
        choices,
        r: m.round.clone(),
    };
    render(status, &page)
}

#[derive(Template)]
#[template(path = "round_site.html")]
struct SitePage {
    nav: Nav,
    problem: String,
    r: Round,
    deadline: String,
    open: bool,
    can_cancel: bool,
    lists: Vec<super::round_forms::SiteTable>,
    results: Vec<(String, String, Option<i64>)>,
}

fn site_page(state: &AppState, caller: &PageCaller, me: &User, v: SiteRound, status: StatusCode, problem: String) -> Response {
    let r = &v.round;
    let can_cancel = matchready_app::guard::allow(
        caller,
        Resource::Round,
        Action::Cancel,
        Relation::of(&me.actor(), None, Some(r.site_id)),
        "",
    )
    .is_ok();
    let results = v
        .entrants
        .iter()
        .filter_map(|e| {
            let placed = e.result.as_ref()?;
            let where_ = placed.block_id.map_or_else(|| "Not placed".to_string(), |b| block_name(r, b));
            Some((e.name.clone(), where_, e.application_id))
        })
        .collect();
    let page = SitePage {
        nav: Nav::new(Some(me), &caller.csrf),
        problem,
        deadline: when(r.deadline),
        open: open_at(r, state.now()),
        can_cancel: can_cancel && r.status == Status::Open,
        lists: site_rows(&v),
        results,
        r: v.round.clone(),
    };
    render(status, &page)
}

async fn round_page(state: &AppState, caller: &PageCaller, raw: &str, status: StatusCode, problem: String) -> Response {
    let here = format!("/rounds/{raw}");
    let Some(me) = caller.user.as_ref() else { return crate::auth::caller::login_redirect(&here) };
    if me.role == Role::Applicant {
        return match api::mine(state, caller, raw).await {
            Ok(m) => mine_page(state, caller, me, m, status, problem, String::new()),
            Err(e) => refused(e, &here),
        };
    }
    match api::entries(state, caller, raw).await {
        Ok(v) => site_page(state, caller, me, v, status, problem),
        Err(e) => refused(e, &here),
    }
}

/// GET /rounds/{id}
pub async fn detail(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>) -> Response {
    round_page(&state, &caller, &id, StatusCode::OK, String::new()).await
}

/// The applicant's ranking form: one (block, rank) pair per row.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MineForm {
    block: Vec<i64>,
    rank: Vec<String>,
}

/// POST /rounds/{id}/me
pub async fn rank_mine(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<MineForm>,
) -> Response {
    let list = match ranked(&f.block, &f.rank, "block") {
        Ranked::Ok(list) => list,
        Ranked::Problem(p) => return round_page(&state, &caller, &id, StatusCode::BAD_REQUEST, p).await,
    };
    let Some(me) = caller.user.as_ref() else { return crate::auth::caller::login_redirect(&format!("/rounds/{id}")) };
    match api::rank_mine(&state, &caller, &id, &list).await {
        Ok(m) => {
            let notice = if list.is_empty() {
                "Your ranking is cleared: you are not in this round.".to_string()
            } else {
                format!(
                    "Saved: {} block{} ranked. You can change it until the deadline.",
                    list.len(),
                    if list.len() == 1 { "" } else { "s" }
                )
            };
            mine_page(&state, &caller, me, m, StatusCode::OK, String::new(), notice)
        }
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound) => refused(e, &format!("/rounds/{id}")),
        Err(e) => round_page(&state, &caller, &id, super::status(&e), e.message).await,
    }
}

/// The site's ranking form for one experience.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SiteForm {
    experience_id: i64,
    applicant: Vec<i64>,
    rank: Vec<String>,
    /// `lottery` to leave the order to the lottery.
    mode: String,
}

/// POST /rounds/{id}/ranks
pub async fn rank_site(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Posted(f): Posted<SiteForm>,
) -> Response {
    let applicant_ids = if f.mode == "lottery" {
        None
    } else {
        match ranked(&f.applicant, &f.rank, "applicant") {
            Ranked::Ok(list) if list.is_empty() => {
                let p = "Give at least one applicant a rank, or leave the order to the lottery.".to_string();
                return round_page(&state, &caller, &id, StatusCode::BAD_REQUEST, p).await;
            }
            Ranked::Ok(list) => Some(list),
            Ranked::Problem(p) => return round_page(&state, &caller, &id, StatusCode::BAD_REQUEST, p).await,
        }
    };
    let body = SiteRanks { experience_id: f.experience_id, applicant_ids };
    match api::save_site_ranks(&state, &caller, &id, body).await {
        Ok(_) => Redirect::to(&format!("/rounds/{id}")).into_response(),
        Err(e) if matches!(e.kind, Kind::Unauthenticated | Kind::NotFound | Kind::Forbidden | Kind::Unverified) => {
            refused(e, &format!("/rounds/{id}"))
        }
        Err(e) => round_page(&state, &caller, &id, super::status(&e), e.message).await,
    }
}

/// POST /rounds/{id}/cancel
pub async fn cancel(State(state): State<AppState>, caller: PageCaller, Path(id): Path<String>, _: Posted<Button>) -> Response {
    match api::cancel_round(&state, &caller, &id).await {
        Ok(_) => Redirect::to(&format!("/rounds/{id}")).into_response(),
        Err(e) if e.kind == Kind::Conflict => round_page(&state, &caller, &id, super::status(&e), e.message).await,
        Err(e) => refused(e, &format!("/rounds/{id}")),
    }
}
