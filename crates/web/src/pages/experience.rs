//! The experience detail page: everything a trainee needs before paying,
//! and whether someone like them can join.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Datelike;
use matchready_core::money::usd;
use matchready_core::{Experience, Housing, Insurance, RawSearch, SearchQuery};

use super::chrome::Nav;
use super::search_form::{Form, page_message};
use super::view::usce_label;
use super::{error_page, render, server_error};
use crate::AppState;
use crate::auth::PageCaller;
use matchready_core::account::{Action, Resource};

struct PriceLine {
    label: String,
    amount: String,
    note: String,
}

struct BlockLine {
    id: i64,
    dates: String,
    seats: String,
    observers: String,
    full: bool,
    /// The open placement round that places its seats, if any.
    round: Option<i64>,
}

struct PreceptorView {
    name: String,
    specialty: &'static str,
    board: String,
    years: String,
    affiliation: String,
    languages: String,
    /// What trainees said of them, in aggregate ("4.6 overall from 5 trainees"), or empty.
    rating: String,
}

enum Verdict {
    NotAsked,
    Eligible,
    Ineligible(Vec<String>),
    BadInput(Vec<String>),
}

#[derive(Template)]
#[template(path = "experience.html")]
struct ExperienceTemplate {
    nav: Nav,
    e: Experience,
    usce: &'static str,
    usce_note: &'static str,
    hands_on: bool,
    place: String,
    price_lines: Vec<PriceLine>,
    total: String,
    estimates: bool,
    deposit: String,
    blocks: Vec<BlockLine>,
    refund: Vec<String>,
    who: Vec<String>,
    preceptors: Vec<PreceptorView>,
    lead: String,
    verified: String,
    form: Form,
    verdict: Verdict,
    /// Trainees' average ratings ("Teaching", "4.6"), from three reviews on.
    ratings: Vec<(&'static str, String)>,
    /// "from 5 verified trainees", or why there is nothing yet.
    ratings_from: String,
}

fn price_lines(e: &Experience) -> Vec<PriceLine> {
    let p = &e.price;
    let line = |label: &str, cents: i64, note: &str| PriceLine { label: label.into(), amount: usd(cents), note: note.into() };
    let mut lines = vec![
        line(
            "Application fee",
            p.application_fee_cents,
            if e.refund_policy.application_fee_refundable { "Refundable" } else { "Not refundable" },
        ),
        line(
            "Tuition",
            p.tuition_cents,
            &format!("Includes the {} deposit due when your seat is confirmed", usd(p.deposit_cents)),
        ),
    ];
    lines.push(match &p.insurance {
        Insurance::Included => line("Liability insurance", 0, "Included in tuition"),
        Insurance::Offered { price_cents } => line("Liability insurance", *price_cents, "Bought through the site"),
        Insurance::ApplicantBrings { coverage, estimate_cents } => line(
            "Liability insurance (estimate)",
            *estimate_cents,
            &format!("Bring your own cover of {coverage}; typical cost shown"),
        ),
    });
    lines.push(match &p.housing {
        Housing::Offered { price_cents } => line("Housing", *price_cents, "Offered by the site for the block"),
        Housing::Estimate { estimate_cents: 0 } => line("Housing", 0, "None needed"),
        Housing::Estimate { estimate_cents } => {
            line("Housing (estimate)", *estimate_cents, "Not offered; typical local cost for the block")
        }
    });
    lines.extend(p.other_fees.iter().map(|f| line(&f.label, f.amount_cents, "")));
    lines
}

fn who_may_apply(e: &Experience) -> Vec<String> {
    let el = &e.eligibility;
    let types: Vec<&str> = el.applicant_types.iter().map(|t| t.name()).collect();
    let visas: Vec<&str> = el.visas.iter().map(|v| v.name()).collect();
    let mut lines = vec![format!("Open to: {}.", types.join("; "))];
    if let Some(y) = el.max_years_since_graduation {
        lines.push(format!("Graduates within {y} years of graduation."));
    }
    lines.push(if el.step1_pass_required { "USMLE Step 1 passed: required." } else { "USMLE Step 1: not required." }.to_string());
    if el.ecfmg_required {
        lines.push("ECFMG certification: required.".to_string());
    }
    lines.push(format!("Visa statuses accepted: {}.", visas.join("; ")));
    if e.kind.is_hands_on() {
        lines.push("Graduates on a B-1/B-2 visa cannot join hands-on experiences; B-1 electives are for students.".to_string());
    }
    lines
}

fn verdict(e: &Experience, raw: &RawSearch, year: i32) -> Verdict {
    match SearchQuery::parse(raw, year) {
        Err(list) => Verdict::BadInput(list.iter().map(page_message).collect()),
        Ok(q) if q.applicant.is_empty() => Verdict::NotAsked,
        Ok(q) => {
            let why = e.eligibility.check(e.kind, &q.applicant, year);
            if why.is_empty() {
                Verdict::Eligible
            } else {
                Verdict::Ineligible(why.iter().map(|w| super::account::sentence(&w.to_string())).collect())
            }
        }
    }
}

/// `GET /experiences/{id}`.
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    query: Result<Query<RawSearch>, QueryRejection>,
) -> Response {
    let today = state.today();
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return error_page(StatusCode::NOT_FOUND, "Experience not found", format!("There is no experience '{id}'."));
    };
    let raw = match query {
        Ok(Query(raw)) => raw,
        Err(e) => {
            return error_page(StatusCode::BAD_REQUEST, "That request could not be read", e.body_text());
        }
    };
    match state.store.experience_site(id).await {
        Ok(Some((site, false))) => {
            let api = &caller.caller;
            let relation = matchready_app::guard::relation_to_site(api, site);
            if let Err(e) = matchready_app::guard::allow(api, Resource::Draft, Action::Read, relation, "experience") {
                return super::admin::refused(e, &format!("/experiences/{id}"));
            }
        }
        Ok(_) => {}
        Err(err) => return server_error(err),
    }
    let e = match state.store.experience(id).await {
        Ok(Some(e)) => e,
        Ok(None) => {
            return error_page(
                StatusCode::NOT_FOUND,
                "Experience not found",
                format!("There is no experience {id}; it may have been withdrawn."),
            );
        }
        Err(err) => return server_error(err),
    };
    let ids: Vec<i64> = e.blocks.iter().map(|b| b.id).collect();
    let in_round = match state.store.live_rounds_of_blocks(&ids).await {
        Ok(r) => r,
        Err(err) => return server_error(err),
    };
    let blocks = e
        .blocks
        .iter()
        .filter(|b| b.start_date >= today)
        .map(|b| BlockLine {
            round: in_round.iter().find(|(x, _)| *x == b.id).map(|(_, r)| *r),
            id: b.id,
            dates: matchready_core::dates::span(b.start_date, b.end_date()),
            seats: match b.seats_left {
                0 if b.seats == 1 => "Full (its one seat is taken)".to_string(),
                0 => format!("Full (all {} seats taken)", b.seats),
                n => format!("{n} of {} open", b.seats),
            },
            observers: if b.observers == 0 { "None".to_string() } else { b.observers.to_string() },
            full: b.seats_left == 0,
        })
        .collect();
    let reviews = matchready_app::rotation::reviews::of_experience(&state, &caller.caller, &id.to_string()).await.ok();
    let tenths = |t: u32| format!("{}.{}", t / 10, t % 10);
    let (ratings, ratings_from) = match reviews.as_ref().and_then(|r| r.aggregate.as_ref()) {
        Some(a) => (
            matchready_core::rotation::review::QUESTIONS.iter().zip(a.average_tenths).map(|(q, t)| (q.1, tenths(t))).collect(),
            format!("Average of 5, from {} trainees who completed it (verified participants only)", a.count),
        ),
        None => (
            Vec::new(),
            "Fewer than three trainees have reviewed it yet: ratings appear from three on, so none can be traced to one trainee."
                .to_string(),
        ),
    };
    let preceptors = e
        .preceptors
        .iter()
        .map(|p| PreceptorView {
            rating: reviews
                .as_ref()
                .and_then(|r| r.preceptors.iter().find(|x| x.preceptor_id == p.id))
                .and_then(|x| x.aggregate.as_ref())
                .map(|a| format!("Rated {}", a.in_words()))
                .unwrap_or_default(),
            name: p.name.clone(),
            specialty: p.specialty.name(),
            board: p.board_certification.clone().unwrap_or_else(|| "Not board certified".into()),
            years: format!("{} years teaching", p.years_teaching),
            affiliation: p.teaching_affiliation.clone().unwrap_or_default(),
            languages: p.languages.join(", "),
        })
        .collect();
    let verdict = verdict(&e, &raw, today.year());
    let page = ExperienceTemplate {
        nav: Nav::new(caller.user.as_ref(), &caller.csrf),
        usce: usce_label(e.kind),
        usce_note: e.kind.usce_note(),
        hands_on: e.kind.is_hands_on(),
        place: format!("{}, {}", e.site.city, e.site.state.name()),
        price_lines: price_lines(&e),
        total: usd(e.price.total_cents()),
        estimates: e.price.has_estimates(),
        deposit: usd(e.price.deposit_cents),
        blocks,
        refund: e.refund_policy.in_words(),
        who: who_may_apply(&e),
        preceptors,
        lead: e.preceptors.first().map(|p| p.name.clone()).unwrap_or_default(),
        verified: match (&e.verification.verified_by, e.verification.last_verified_on) {
            (Some(by), Some(on)) => format!("Verified by {by} on {}", matchready_core::dates::day(on)),
            (None, Some(on)) => format!("Last verified on {}", matchready_core::dates::day(on)),
            _ => "Not yet verified".to_string(),
        },
        form: Form::new(&raw),
        verdict,
        ratings,
        ratings_from,
        e,
    };
    render(StatusCode::OK, &page)
}
