//! A rotation plan: the blocks of the live catalog that together give an applicant the most, as
//! [`Weights`] counts it, within their dates and budget. Computed exactly ([`solve`]), with the
//! reasons for each pick, why strong experiences were left out, and what one more $1,000 or one
//! more month would change. Pure: the catalog arrives as the search index's documents.

pub mod ask;
mod explain;
pub mod solve;
pub mod weights;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use ask::{Busy, PlanAsk, RawPlanOptions};
pub use weights::{Wants, Weights};

use crate::index::{SearchDoc, Slot};
use crate::{ExperienceType, Specialty, State};

/// More money the plan weighs, in cents: $1,000.
pub const MORE_MONEY_CENTS: i64 = 1_000_00;

/// How many strong experiences left out a plan explains.
pub const LEFT_OUT: usize = 5;

/// One block of the catalog, as a plan weighs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// The block.
    pub block_id: i64,
    /// Its experience.
    pub experience_id: i64,
    /// The experience's title.
    pub title: &'a str,
    /// Its type.
    pub kind: ExperienceType,
    /// Hands-on (USCE).
    pub hands_on: bool,
    /// Its specialty.
    pub specialty: Specialty,
    /// The site's name.
    pub site_name: &'a str,
    /// City.
    pub city: &'a str,
    /// State.
    pub state: State,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Weeks.
    pub weeks: i32,
    /// The all-in price, estimates included, in cents.
    pub cost_cents: i64,
    /// Seats left.
    pub seats_left: i32,
    /// The preceptor writes letters.
    pub letter_possible: bool,
    /// A teaching hospital.
    pub teaching: bool,
    /// When the listing was last verified.
    pub verified_on: Option<NaiveDate>,
    /// Who may join.
    pub eligibility: crate::Eligibility,
}

impl<'a> Candidate<'a> {
    /// One block of an experience.
    pub fn of(doc: &'a SearchDoc, slot: &Slot) -> Self {
        let l = &doc.listing;
        let block = crate::Block {
            id: slot.id,
            start_date: slot.start_date,
            weeks: slot.weeks,
            seats: slot.seats_left,
            seats_left: slot.seats_left,
            observers: 0,
        };
        Self {
            block_id: slot.id,
            experience_id: l.id,
            title: &l.title,
            kind: l.kind,
            hands_on: l.hands_on,
            specialty: l.specialty,
            site_name: &l.site_name,
            city: &l.city,
            state: l.state,
            start: slot.start_date,
            end: block.end_date(),
            weeks: slot.weeks,
            cost_cents: l.total_cents,
            seats_left: slot.seats_left,
            letter_possible: l.letter_possible,
            teaching: doc.teaching,
            verified_on: l.last_verified_on,
            eligibility: doc.eligibility,
        }
    }
}

/// One block of a plan, with why it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Pick {
    /// The block to apply to.
    pub block_id: i64,
    /// Its experience.
    pub experience_id: i64,
    /// Title.
    pub title: String,
    /// Site.
    pub site_name: String,
    /// City.
    pub city: String,
    /// State, two letters.
    pub state: String,
    /// Specialty.
    pub specialty: String,
    /// Hands-on (USCE).
    pub hands_on: bool,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: NaiveDate,
    /// Weeks.
    pub weeks: i32,
    /// The all-in price, in cents.
    pub total_cents: i64,
    /// The points it adds: its points per week times its weeks, less the move to it.
    pub points: i64,
    /// Each line of its points, in words.
    pub reasons: Vec<String>,
    /// The move from the pick before, when it costs points.
    pub travel: Option<String>,
}

/// A strong experience the plan does not take, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LeftOut {
    /// The experience.
    pub experience_id: i64,
    /// Title.
    pub title: String,
    /// Site.
    pub site_name: String,
    /// State, two letters.
    pub state: String,
    /// The most points one of its blocks would add.
    pub points: i64,
    /// Why it is not in the plan.
    pub why: String,
}

/// What more money or time would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    /// The better plan's value.
    pub value: i64,
    /// Points more than the plan.
    pub gain: i64,
    /// What it costs more, in cents (can be less than nothing).
    pub extra_cents: i64,
    /// Blocks it adds, as "title, dates".
    pub added: Vec<String>,
    /// Blocks it drops.
    pub dropped: Vec<String>,
    /// All of it in one sentence.
    pub sentence: String,
}

/// A rotation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Plan {
    /// The budget it keeps to, in cents.
    pub budget_cents: i64,
    /// The days it plans within.
    pub windows: Vec<Window>,
    /// Only preceptors who write letters.
    pub letters_only: bool,
    /// Only hands-on experiences.
    pub hands_on_only: bool,
    /// The weights it maximised.
    pub weights: Weights,
    /// The blocks, by start.
    pub picks: Vec<Pick>,
    /// What they cost in all, in cents.
    pub total_cents: i64,
    /// Their points, less travel.
    pub value: i64,
    /// Blocks weighed: in the dates, eligible, with a seat, less those another beat outright.
    pub considered: usize,
    /// Strong experiences left out, and why.
    pub left_out: Vec<LeftOut>,
    /// What $1,000 more would change.
    pub more_money: Change,
    /// What one more month after the last day would change.
    pub more_time: Change,
}

/// A range of days, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Window {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// The blocks a plan may choose from, with their points, and what it must leave out.
pub(crate) struct Weighed<'a> {
    /// Candidates it may choose, with their points per block.
    pub open: Vec<(Candidate<'a>, i64)>,
    /// Every experience with a block in the plan's own dates: its best block's points and, when
    /// that block cannot be chosen, why.
    pub best: HashMap<i64, (Candidate<'a>, i64, Option<explain::Bar>)>,
}

/// Makes the plan: the best one, exactly, with its reasons.
pub fn make(ask: &PlanAsk, docs: &[SearchDoc]) -> Plan {
    let longer = ask.one_month_more();
    let wide = explain::weigh(ask, &longer, docs);
    let cap = ask.budget_cents;
    let all = prune(wide.open);
    // Blocks in the month more all end after the plan's own last day, so the plan, and the plan
    // with more money, are the solve's answers up to that day.
    let last = ask.windows.iter().map(|w| day(w.1)).max();
    let asks = [
        solve::Ask { cap, until: last },
        solve::Ask { cap: cap + MORE_MONEY_CENTS, until: last },
        solve::Ask { cap, until: None },
    ];
    let found = run(&all, ask.weights.travel, &asks);
    let set = |k: usize| -> Vec<&(Candidate, i64)> { found[k].iter().map(|&i| &all[i]).collect() };
    let (chosen, richer, longer_picks) = (set(0), set(1), set(2));
    let picks = explain::picks(&chosen, ask);
    let value = picks.iter().map(|p| p.points).sum();
    Plan {
        budget_cents: cap,
        windows: ask.windows.iter().map(|&(from, to)| Window { from, to }).collect(),
        letters_only: ask.letters_only,
        hands_on_only: ask.hands_on_only,
        weights: ask.weights,
        left_out: explain::left_out(&wide.best, &chosen, ask),
        more_money: explain::change(
            &chosen,
            &richer,
            ask,
            &format!("With $1,000 more (a budget of {})", crate::money::usd(cap + MORE_MONEY_CENTS)),
        ),
        more_time: explain::change(&chosen, &longer_picks, ask, "With one more month"),
        total_cents: chosen.iter().map(|(c, _)| c.cost_cents).sum(),
        considered: all.iter().filter(|(c, _)| ask.fits(c.start, c.end)).count(),
        value,
        picks,
    }
}

/// Solves over candidates, returning each ask's picks as indices into `items`.
fn run(items: &[(Candidate, i64)], travel: i64, asks: &[solve::Ask]) -> Vec<Vec<usize>> {
    let mut cities: HashMap<(State, &str), u32> = HashMap::new();
    let solver: Vec<solve::Item> = items
        .iter()
        .map(|(c, value)| {
            let n = cities.len() as u32;
            solve::Item {
                start: day(c.start),
                end: day(c.end),
                cost: c.cost_cents,
                value: *value,
                city: *cities.entry((c.state, c.city)).or_insert(n),
                state: c.state as u32,
                remote: c.kind == ExperienceType::Telerotation,
            }
        })
        .collect();
    solve::solve(&solver, travel, asks)
}

/// Drops every candidate another beats outright: the same days in the same place (any place, for
/// a telerotation: no travel either way), costing no more and worth no less. Anything it is in, the
/// other could take its place, so the best plan keeps.
fn prune(mut items: Vec<(Candidate<'_>, i64)>) -> Vec<(Candidate<'_>, i64)> {
    fn key<'a>(c: &Candidate<'a>) -> (bool, Option<(State, &'a str)>, NaiveDate, NaiveDate) {
        let remote = c.kind == ExperienceType::Telerotation;
        (remote, if remote { None } else { Some((c.state, c.city)) }, c.start, c.end)
    }
    items.sort_by(|(a, av), (b, bv)| {
        (key(a), a.cost_cents, std::cmp::Reverse(*av), a.block_id).cmp(&(
            key(b),
            b.cost_cents,
            std::cmp::Reverse(*bv),
            b.block_id,
        ))
    });
    let mut kept = Vec::with_capacity(items.len());
    for group in items.chunk_by(|(a, _), (b, _)| key(a) == key(b)) {
        // By cost, then value falling: each one kept is worth more than every cheaper one.
        let mut best = i64::MIN;
        for (c, v) in group {
            if *v > best {
                best = *v;
                kept.push((c.clone(), *v));
            }
        }
    }
    kept
}

fn day(d: NaiveDate) -> i32 {
    use chrono::Datelike;
    d.num_days_from_ce()
}
