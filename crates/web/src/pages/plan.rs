//! `/plan`: the applicant's rotation plan, the same use case as `GET /api/v1/me/plan` with the same
//! options as query parameters, so a plan is a link. Each pick leads to its block's readiness
//! check and apply button.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use matchready_app::{Kind, plans};
use matchready_core::money::usd;
use matchready_core::plan::{Plan, RawPlanOptions, Weights};

use super::chrome::Nav;
use super::render;
use crate::AppState;
use crate::auth::PageCaller;

const HERE: &str = "/plan";

/// One weight's field: its parameter, label, value as sent or as used.
struct WeightField {
    name: &'static str,
    label: &'static str,
    value: String,
}

/// A pick as the page shows it.
struct PickRow {
    block_id: i64,
    experience_id: i64,
    title: String,
    place: String,
    dates: String,
    price: String,
    points: i64,
    reasons: Vec<String>,
    travel: Option<String>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    nav: Nav,
    problem: String,
    /// Each refused option's message, by its parameter.
    errors: Vec<(&'static str, String)>,
    sent: RawPlanOptions,
    weights: Vec<WeightField>,
    plan: Option<Plan>,
    picks: Vec<PickRow>,
    summary: String,
}

impl PlanPage {
    fn error_for(&self, field: &str) -> String {
        self.errors.iter().filter(|(f, _)| *f == field).map(|(_, m)| m.as_str()).collect::<Vec<_>>().join(" ")
    }
}

/// GET /plan: the plan for the caller's profile, or for the options in the query.
pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    query: Result<Query<RawPlanOptions>, QueryRejection>,
) -> Response {
    let (sent, unreadable) = match query {
        Ok(Query(raw)) => (raw, None),
        Err(e) => (RawPlanOptions::default(), Some(e.body_text())),
    };
    let nav = Nav::new(caller.user.as_ref(), &caller.csrf);
    if let Some(problem) = unreadable {
        let view = view(nav, sent, None, problem, Vec::new());
        return render(StatusCode::BAD_REQUEST, &view);
    }
    match plans::mine(&state, &caller, &sent).await {
        Ok(plan) => render(StatusCode::OK, &view(nav, sent, Some(plan), String::new(), Vec::new())),
        Err(e) if e.kind == Kind::Invalid => {
            let errors: Vec<(&'static str, String)> = e.fields.iter().map(|f| (f.field, f.message.clone())).collect();
            let status = super::status(&e);
            render(status, &view(nav, sent, None, "Some options cannot be used: see each below.".into(), errors))
        }
        Err(e) => super::admin::refused(e, HERE),
    }
}

fn view(nav: Nav, sent: RawPlanOptions, plan: Option<Plan>, problem: String, errors: Vec<(&'static str, String)>) -> PlanPage {
    let used = plan.as_ref().map_or_else(Weights::default, |p| p.weights);
    let given = [
        &sent.weight_hands_on,
        &sent.weight_observing,
        &sent.weight_specialty,
        &sent.weight_letters,
        &sent.weight_verified,
        &sent.weight_teaching,
        &sent.weight_preferred_state,
        &sent.weight_seats,
        &sent.weight_travel,
    ];
    let weights = used
        .lines()
        .into_iter()
        .zip(given)
        .map(|((name, value, label), given)| WeightField {
            name,
            label,
            value: given.clone().filter(|g| !g.trim().is_empty()).unwrap_or_else(|| value.to_string()),
        })
        .collect();
    let picks = plan
        .as_ref()
        .map(|p| {
            p.picks
                .iter()
                .map(|k| PickRow {
                    block_id: k.block_id,
                    experience_id: k.experience_id,
                    title: k.title.clone(),
                    place: format!("{}, {}, {}", k.site_name, k.city, k.state),
                    dates: matchready_core::dates::span(k.start_date, k.end_date),
                    price: usd(k.total_cents),
                    points: k.points,
                    reasons: k.reasons.clone(),
                    travel: k.travel.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let summary = plan.as_ref().map(summary).unwrap_or_default();
    PlanPage { nav, problem, errors, sent, weights, plan, picks, summary }
}

fn summary(p: &Plan) -> String {
    let windows: Vec<String> = p.windows.iter().map(|w| matchready_core::dates::span(w.from, w.to)).collect();
    match p.picks.len() {
        0 => format!(
            "No block fits: {} blocks were weighed within {} and a budget of {}.",
            p.considered,
            windows.join(", "),
            usd(p.budget_cents)
        ),
        n => format!(
            "{n} block{} for {} of your {} budget, worth {} points, chosen from {} blocks within {}.",
            if n == 1 { "" } else { "s" },
            usd(p.total_cents),
            usd(p.budget_cents),
            p.value,
            p.considered,
            windows.join(", ")
        ),
    }
}
