//! Choosing where each application goes: an experience and block the
//! applicant may join, in the window its status needs, keeping seats and
//! held dates as the use cases will.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate};
use matchready_core::application::Status;
use matchready_core::document::Validity;
use matchready_core::ledger::charges;
use matchready_core::readiness::required_documents;
use matchready_core::{Block, Catalog, Experience};

use super::steps::{Terms, steps};
use super::{Planned, Step};
use crate::dice::Dice;
use crate::people::Person;

/// What is taken so far.
pub struct Board<'a> {
    today: NaiveDate,
    first_site: Vec<&'a Experience>,
    elsewhere: Vec<&'a Experience>,
    excluded: HashSet<i64>,
    /// Seats planned to be held, per block.
    held: HashMap<i64, i32>,
    /// Applications planned that hold no seat, per block.
    others: HashMap<i64, i32>,
    /// The dates of each applicant's seats (the demo applicant's under `None`).
    dates: HashMap<Option<usize>, Vec<(NaiveDate, NaiveDate)>>,
    applied: HashSet<(Option<usize>, i64)>,
    /// Placing a rotation whose block is over but whose final evaluation has not come.
    awaiting_final: bool,
}

fn holds_seat(status: Status) -> bool {
    matches!(status, Status::Accepted | Status::Confirmed | Status::InProgress | Status::Completed)
}

impl<'a> Board<'a> {
    /// Nothing taken yet; `excluded` blocks are never chosen.
    pub fn new(catalog: &'a Catalog, today: NaiveDate, excluded: &[i64]) -> Self {
        let (first_site, elsewhere) = catalog.experiences.iter().partition(|e| e.site.id == 1);
        Self {
            today,
            first_site,
            elsewhere,
            excluded: excluded.iter().copied().collect(),
            held: HashMap::new(),
            others: HashMap::new(),
            dates: HashMap::new(),
            applied: HashSet::new(),
            awaiting_final: false,
        }
    }

    fn in_window(&self, status: Status, b: &Block) -> bool {
        let today = self.today;
        match status {
            // Over in the last two weeks, its final evaluation still to come.
            Status::InProgress if self.awaiting_final => b.end_date() < today && b.end_date() + Days::new(14) >= today,
            Status::InProgress => b.start_date < today && b.end_date() >= today,
            // Over for more than a week: the preceptor's Monday after it (the final evaluation,
            // which completes it) has come.
            Status::Completed => b.end_date() + Days::new(8) < today && b.start_date + Days::new(210) >= today,
            _ => b.start_date >= today + Days::new(10) && b.start_date <= today + Days::new(160),
        }
    }

    /// Whether `who` may hold (or, applying, at least apply for) a seat in `b` as planned so far.
    fn room(&self, who: Option<usize>, b: &Block, seat: bool) -> bool {
        let held = self.held.get(&b.id).copied().unwrap_or(0);
        let others = self.others.get(&b.id).copied().unwrap_or(0);
        let fits = if seat { held < b.seats_left - i32::from(others > 0) } else { held < b.seats_left };
        let clear = !seat || self.dates.get(&who).is_none_or(|d| d.iter().all(|(s, e)| *e < b.start_date || *s > b.end_date()));
        fits && clear && !self.applied.contains(&(who, b.id)) && !self.excluded.contains(&b.id)
    }

    /// Plans a rotation at the first site whose block ended in the last two weeks and whose final
    /// evaluation has not come, so it is still in progress; `None` if none fits.
    pub fn place_awaiting_final(&mut self, dice: &mut Dice, person: &Person, who: Option<usize>) -> Option<Planned> {
        self.awaiting_final = true;
        let placed = self.place(dice, person, who, Status::InProgress, true);
        self.awaiting_final = false;
        placed
    }

    /// Plans one application of `person` that stands in `status` today, at the first site or
    /// elsewhere; `None` if nothing fitting was found in a few tries.
    pub fn place(
        &mut self,
        dice: &mut Dice,
        person: &Person,
        who: Option<usize>,
        status: Status,
        first_site: bool,
    ) -> Option<Planned> {
        let seat = holds_seat(status) || (who.is_none() && status == Status::Offered);
        for attempt in 0..30 {
            let pool = if first_site { &self.first_site } else { &self.elsewhere };
            if pool.is_empty() {
                return None;
            }
            // The first site's rotations done are mostly of its first experience, so that enough of
            // its trainees reviewed it for the catalog to show their ratings.
            let e = if status == Status::Completed && first_site && attempt < 25 { pool[0] } else { *dice.pick(pool) };
            let instant = crate::instant_booking(e);
            if (instant && !holds_seat(status)) || (status == Status::Accepted && e.price.deposit_cents == 0) {
                continue;
            }
            let blocks: Vec<&Block> = e.blocks.iter().filter(|b| self.in_window(status, b)).collect();
            if blocks.is_empty() {
                continue;
            }
            let b = *dice.pick(&blocks);
            if !self.room(who, b, seat) || !may_join(person, e, b) {
                continue;
            }
            let total = charges(&e.price).iter().map(|c| c.cents).sum();
            let terms = Terms { instant, start: b.start_date, joined: person.joined, deposit: e.price.deposit_cents, total };
            let Some(steps) = steps(dice, status, &terms, self.today) else { continue };
            // A seat held with no deposit asked is confirmed at once.
            let expect = if status == Status::Accepted && e.price.deposit_cents == 0 { Status::Confirmed } else { status };
            *(if seat { self.held.entry(b.id) } else { self.others.entry(b.id) }).or_default() += 1;
            if seat {
                self.dates.entry(who).or_default().push((b.start_date, b.end_date()));
            }
            self.applied.insert((who, b.id));
            let by_preceptor = e.site.id == 1 && dice.chance(30);
            return Some(Planned {
                who,
                experience_id: e.id,
                block_id: b.id,
                site_id: e.site.id,
                by_preceptor,
                steps: steps.into_iter().filter(|(_, s)| !matches!(s, Step::Pay(0))).collect(),
                expect,
            });
        }
        None
    }
}

/// Whether applying would let `person` in: eligible in the block's year, and every document the
/// checklist asks for that is on file still valid on the block's last day.
fn may_join(person: &Person, e: &Experience, b: &Block) -> bool {
    let facts = &person.facts;
    if facts.applicant_type.is_none() || facts.visa.is_none() {
        return false;
    }
    if !e.eligibility.is_eligible(e.kind, facts, b.start_date.year()) {
        return false;
    }
    required_documents(e.kind, facts.applicant_type, e.eligibility.step1_pass_required).into_iter().all(|kind| {
        person
            .documents
            .iter()
            .filter(|d| d.kind == kind)
            .all(|d| Validity { issued_on: d.issued_on, expires_on: d.expires_on }.covers(b.end_date()))
    })
}
