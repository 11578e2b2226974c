//! The demo's history as a plan: who applies where, and which step each
//! application takes on which day, up to yesterday. Pure and seeded; the
//! binary replays it through the use cases with its clock moved through the
//! days, so every ledger, timeline, email and seat is what real use makes.
//!
//! The plan keeps to the rules the use cases enforce, so that each step is
//! taken: applicants apply only where they are eligible, with documents valid
//! through the block, before it starts and while it has a seat; a seat is
//! held only where one is left (a block with other applications keeps one
//! open, so they could still apply) and never over another held seat of the
//! same person; offers are answered and deposits paid within 7 days; the
//! blocks of the demo's placement round are left to the round.

mod pick;
mod steps;

use std::collections::HashMap;

use chrono::NaiveDate;
use matchready_core::Catalog;
use matchready_core::application::Status;

use crate::dice::Dice;
use crate::people::{Person, people, you};
use crate::{DemoConfig, names};

/// Applicants besides the demo applicant.
pub const PEOPLE: usize = 44;

/// What one application is planned to go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Who applies: `None` for the demo applicant, else an index into [`Plan::people`].
    pub who: Option<usize>,
    /// The experience.
    pub experience_id: i64,
    /// The block.
    pub block_id: i64,
    /// The site that decides.
    pub site_id: i64,
    /// At the first site, whether its preceptor (not its coordinator) takes the decisions.
    pub by_preceptor: bool,
    /// The steps, each on its day, in order.
    pub steps: Vec<(NaiveDate, Step)>,
    /// Where it stands today once every step is taken and the calendar has run.
    pub expect: Status,
}

/// One step of a planned application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The applicant applies (for a "book now" experience, the seat is held at once).
    Apply,
    /// The site starts looking at it.
    Review,
    /// The site offers a seat.
    Offer,
    /// The site waitlists it.
    Waitlist,
    /// The site says no.
    Reject,
    /// The applicant takes the offered seat.
    Accept,
    /// The applicant steps back (or declines the offer).
    Withdraw,
    /// The site records a payment of this many cents.
    Pay(i64),
}

/// A site's coordinator, who takes its decisions (the first site's are the demo accounts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// The site.
    pub site_id: i64,
    /// Name.
    pub name: String,
    /// Login.
    pub email: String,
}

/// The whole history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The demo applicant's profile and vault.
    pub you: Person,
    /// Everyone else who applies.
    pub people: Vec<Person>,
    /// The coordinators of the other sites that take decisions.
    pub staff: Vec<Staff>,
    /// The applications, in the order they are made.
    pub applications: Vec<Planned>,
    /// The first day anything happens.
    pub first_day: NaiveDate,
}

/// Where the demo's applications stand, at the first site and elsewhere.
const FIRST_SITE: &[(Status, usize)] = &[
    (Status::Submitted, 5),
    (Status::UnderReview, 5),
    (Status::Offered, 3),
    (Status::Waitlisted, 4),
    (Status::Accepted, 3),
    (Status::Confirmed, 4),
    (Status::InProgress, 3),
    (Status::Completed, 5),
    (Status::Withdrawn, 2),
    (Status::Rejected, 2),
];
const ELSEWHERE: &[(Status, usize)] = &[
    (Status::Submitted, 9),
    (Status::UnderReview, 9),
    (Status::Offered, 6),
    (Status::Waitlisted, 5),
    (Status::Accepted, 5),
    (Status::Confirmed, 9),
    (Status::InProgress, 6),
    (Status::Completed, 14),
    (Status::Withdrawn, 5),
    (Status::Rejected, 4),
];
/// The demo applicant's own: a rotation done, one confirmed with a balance (at the first site), an
/// offer to answer, one under review.
const YOURS: &[(Status, bool)] =
    &[(Status::Completed, false), (Status::Confirmed, true), (Status::Offered, false), (Status::UnderReview, false)];

/// Mixed into the seed for the plan's own dice.
const SALT: u64 = 0x0b15_7a2e;

/// The plan for `catalog` (the demo catalog of `config`).
pub fn plan(catalog: &Catalog, config: &DemoConfig) -> Plan {
    let mut dice = Dice::new(config.seed ^ SALT);
    let today = config.today;
    let you = you(today);
    let people = people(&mut dice, PEOPLE, today);
    let excluded = crate::round_blocks(catalog, today).map(|(_, blocks)| blocks).unwrap_or_default();
    let mut board = pick::Board::new(catalog, today, &excluded);
    let mut applications = Vec::new();
    // The most constrained first: the demo applicant's, then past blocks, then held seats.
    for &(status, first_site) in YOURS {
        if let Some(a) = board.place(&mut dice, &you, None, status, first_site) {
            applications.push(a);
        }
    }
    // One rotation at the first site is over but its preceptor has not sent the final evaluation.
    for _ in 0..40 {
        let who = dice.below(people.len() as u64) as usize;
        if let Some(a) = board.place_awaiting_final(&mut dice, &people[who], Some(who)) {
            applications.push(a);
            break;
        }
    }
    let order = |s: Status| match s {
        Status::InProgress => 0,
        Status::Completed => 1,
        Status::Confirmed | Status::Accepted => 2,
        _ => 3,
    };
    let mut wanted: Vec<(Status, bool)> = FIRST_SITE
        .iter()
        .map(|&(s, n)| (s, n, true))
        .chain(ELSEWHERE.iter().map(|&(s, n)| (s, n, false)))
        .flat_map(|(s, n, first)| std::iter::repeat_n((s, first), n))
        .collect();
    wanted.sort_by_key(|(s, first)| (order(*s), !*first));
    for (status, first_site) in wanted {
        for _ in 0..40 {
            let who = dice.below(people.len() as u64) as usize;
            if let Some(a) = board.place(&mut dice, &people[who], Some(who), status, first_site) {
                applications.push(a);
                break;
            }
        }
    }
    applications.sort_by_key(|a| a.steps.first().map(|s| s.0));
    let first_day = people.iter().chain(std::iter::once(&you)).map(|p| p.joined).min().unwrap_or(today);
    let mut sites: Vec<i64> = applications.iter().map(|a| a.site_id).filter(|s| *s != 1).collect();
    sites.sort_unstable();
    sites.dedup();
    let staff = sites.into_iter().map(|site_id| staff(&mut dice, site_id)).collect();
    Plan { you, people, staff, applications, first_day }
}

fn staff(dice: &mut Dice, site_id: i64) -> Staff {
    let name =
        format!("{} {}{}", dice.pick(names::FIRST_NAMES), dice.pick(names::SURNAME_HEADS), dice.pick(names::SURNAME_TAILS));
    Staff { site_id, name, email: format!("coordinator.site{site_id}@example.org") }
}

impl Plan {
    /// How many applications are planned to stand in each status, at the first site and in all.
    pub fn counts(&self) -> HashMap<Status, (usize, usize)> {
        let mut out: HashMap<Status, (usize, usize)> = HashMap::new();
        for a in &self.applications {
            let c = out.entry(a.expect).or_default();
            c.0 += usize::from(a.site_id == 1);
            c.1 += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests;
