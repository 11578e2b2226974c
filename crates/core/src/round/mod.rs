//! Placement rounds: when seats are scarce, a site's coordinator opens a
//! round for some of its blocks with a deadline; applicants rank the blocks
//! they are eligible for; the site ranks its applicants (or leaves the order
//! to a lottery); at the deadline the round runs once, by stable matching
//! ([`placement::place`]), and every applicant is told where they were
//! placed and why not higher.
//!
//! Here: the round's [`Status`] and its pure [`transition`], and the rules a
//! new round and a rank list must meet. Pure: `now` is passed in.

pub mod placement;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::FieldError;

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = RoundStatus)]
pub enum Status {
    /// Applicants and the site rank until the deadline.
    Open,
    /// It ran: offers went out.
    Matched,
    /// Called off before it ran; nobody was placed.
    Cancelled,
}

impl Status {
    /// Every status.
    pub const ALL: [Self; 3] = [Self::Open, Self::Matched, Self::Cancelled];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Matched => "matched",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Open => "Open for ranking",
            Self::Matched => "Ran: offers sent",
            Self::Cancelled => "Cancelled",
        }
    }
}

/// A block in a round, as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RoundBlock {
    /// The block.
    pub block_id: i64,
    /// Its experience.
    pub experience_id: i64,
    /// The experience's title.
    pub experience_title: String,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: NaiveDate,
    /// Seats in all.
    pub seats: i32,
    /// Seats not held now.
    pub seats_left: i32,
    /// Offers out and not yet answered (each may still take a seat).
    pub offers_out: i32,
    /// Seats the round filled from, once it ran.
    pub capacity: Option<i32>,
}

impl RoundBlock {
    /// The seats a round running now may fill: those left, less the offers still open.
    pub fn free(&self) -> u32 {
        u32::try_from((self.seats_left - self.offers_out).max(0)).unwrap_or(0)
    }
}

/// A placement round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Round {
    /// Identifier.
    pub id: i64,
    /// The site (tenant) whose blocks it places.
    pub site_id: i64,
    /// The site's name.
    pub site_name: String,
    /// Its city and state.
    pub site_place: String,
    /// Its name.
    pub name: String,
    /// When ranking closes and the round runs.
    pub deadline: DateTime<Utc>,
    /// Where it stands.
    pub status: Status,
    /// When it ran or was cancelled.
    pub ended_at: Option<DateTime<Utc>>,
    /// Once it ran: whether the independent check found the placement stable.
    pub stable: Option<bool>,
    /// Once it ran: seats it offered.
    pub positions: Option<i32>,
    /// Once it ran: applicants placed.
    pub placed: Option<i32>,
    /// The lottery's seed, shown once the round ran (not before, so nobody can pick a good number).
    pub seed: Option<String>,
    /// Its blocks, by start date.
    pub blocks: Vec<RoundBlock>,
}

/// Days after a round ran during which its site may still read the entrants' profiles (to follow
/// up its offers); a cancelled round's entrants are closed to it at once.
pub const ENTRANTS_OPEN_DAYS: i64 = 30;

impl Round {
    /// Whether the site may read its entrants' profiles at `now` (seconds since 1970).
    pub fn entrants_open(&self, now: i64) -> bool {
        match self.status {
            Status::Open => true,
            Status::Matched => self.ended_at.is_some_and(|t| now <= t.timestamp() + ENTRANTS_OPEN_DAYS * 86_400),
            Status::Cancelled => false,
        }
    }
}

/// What happens to a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The deadline passed: run the matching and send the offers.
    Run,
    /// Call it off.
    Cancel,
    /// An applicant or the site changes a rank list.
    Rank,
}

/// Why an event cannot happen now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The round is over (placed or cancelled).
    #[error("this round is {}: nothing can change any more", .0.name().to_lowercase())]
    Over(Status),
    /// The deadline has not come yet.
    #[error("the round runs at its deadline, not before")]
    BeforeDeadline,
    /// The deadline has passed: ranking is closed.
    #[error("the ranking deadline has passed")]
    AfterDeadline,
}

/// Where `event` at `now` (seconds since 1970) leads from `from`, for a round whose deadline is `deadline`.
pub fn transition(from: Status, event: Event, now: i64, deadline: i64) -> Result<Status, TransitionError> {
    if from != Status::Open {
        return Err(TransitionError::Over(from));
    }
    match event {
        Event::Run if now < deadline => Err(TransitionError::BeforeDeadline),
        Event::Run => Ok(Status::Matched),
        Event::Rank if now >= deadline => Err(TransitionError::AfterDeadline),
        Event::Rank => Ok(Status::Open),
        Event::Cancel => Ok(Status::Cancelled),
    }
}

/// At most this many blocks in one round, and ranked by one applicant.
pub const MAX_BLOCKS: usize = 200;
/// The deadline is at most this many days ahead.
pub const MAX_DAYS_AHEAD: i64 = 365;
/// Every block starts at least this many days after the deadline, so that placed applicants have
/// time to accept, pay the deposit and arrange travel.
pub const DAYS_BEFORE_START: i64 = 7;

/// What a new round needs to know of a block it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockFacts {
    /// The block.
    pub block_id: i64,
    /// Its site.
    pub site_id: i64,
    /// Whether its experience is published (applicants can see it).
    pub published: bool,
    /// First day.
    pub start_date: NaiveDate,
    /// Seats not yet held.
    pub seats_left: i32,
}

/// The day of a time, UTC.
pub fn day_of(at: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(at, 0).map(|t| t.date_naive())
}

/// Checks a new round: its name, its deadline (after `now`, within a year, a week before every block
/// starts) and its blocks (`found`: the facts of the requested ids that exist; all at one site,
/// published, with seats left). Returns the site, or one error per problem.
pub fn check_new(name: &str, deadline: i64, requested: &[i64], found: &[BlockFacts], now: i64) -> Result<i64, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut bad = |field: &'static str, message: String| errors.push(FieldError { field, message });
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        bad("name", "give the round a name of 1 to 120 characters on one line, e.g. \"Internal medicine, spring 2027\"".into());
    }
    if deadline <= now {
        bad("deadline", "the deadline must be in the future".into());
    } else if deadline - now > MAX_DAYS_AHEAD * 86_400 {
        bad("deadline", format!("the deadline must be within {MAX_DAYS_AHEAD} days"));
    }
    if requested.is_empty() || requested.len() > MAX_BLOCKS {
        bad("block_ids", format!("name 1 to {MAX_BLOCKS} blocks"));
    }
    let mut seen = Vec::with_capacity(requested.len());
    for id in requested {
        if seen.contains(id) {
            bad("block_ids", format!("block {id} is listed twice"));
        }
        seen.push(*id);
        match found.iter().find(|b| b.block_id == *id) {
            None => bad("block_ids", format!("there is no block {id}")),
            Some(b) if !b.published => bad("block_ids", format!("block {id} belongs to an experience that is not published")),
            Some(b) if b.seats_left <= 0 => bad("block_ids", format!("block {id} has no seat left")),
            Some(b) => {
                let latest = day_of(deadline).and_then(|d| d.checked_add_days(chrono::Days::new(DAYS_BEFORE_START as u64)));
                if latest.is_some_and(|d| b.start_date < d) {
                    bad(
                        "block_ids",
                        format!(
                            "block {id} starts on {}: the deadline must be at least {DAYS_BEFORE_START} days before every block starts",
                            b.start_date
                        ),
                    );
                }
            }
        }
    }
    let sites: Vec<i64> = {
        let mut s: Vec<i64> = found.iter().filter(|b| requested.contains(&b.block_id)).map(|b| b.site_id).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    if sites.len() > 1 {
        bad("block_ids", "every block of a round must belong to the same site".into());
    }
    match (errors.is_empty(), sites.first()) {
        (true, Some(site)) => Ok(*site),
        _ => Err(errors),
    }
}

/// Checks a rank list (ids, best first) against the ids allowed in it: no repeats, nothing else, at
/// most [`MAX_BLOCKS`]. `field` and `what` name the list and its items in the message.
pub fn check_ranks(list: &[i64], allowed: &[i64], field: &'static str, what: &str) -> Result<(), FieldError> {
    let fail = |message: String| Err(FieldError { field, message });
    if list.len() > MAX_BLOCKS {
        return fail(format!("rank at most {MAX_BLOCKS}"));
    }
    for (i, id) in list.iter().enumerate() {
        if list[..i].contains(id) {
            return fail(format!("{what} {id} is ranked twice; give each a place once"));
        }
        if !allowed.contains(id) {
            return fail(format!("{what} {id} cannot be ranked in this round"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn a_round_runs_once_at_its_deadline_and_ranking_stops_there() {
        let deadline = 10 * DAY;
        assert_eq!(transition(Status::Open, Event::Rank, deadline - 1, deadline), Ok(Status::Open));
        assert_eq!(transition(Status::Open, Event::Rank, deadline, deadline), Err(TransitionError::AfterDeadline));
        assert_eq!(transition(Status::Open, Event::Run, deadline - 1, deadline), Err(TransitionError::BeforeDeadline));
        assert_eq!(transition(Status::Open, Event::Run, deadline, deadline), Ok(Status::Matched));
        assert_eq!(transition(Status::Open, Event::Cancel, 0, deadline), Ok(Status::Cancelled));
        for over in [Status::Matched, Status::Cancelled] {
            for e in [Event::Run, Event::Cancel, Event::Rank] {
                assert_eq!(transition(over, e, deadline + 1, deadline), Err(TransitionError::Over(over)));
            }
        }
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }

    fn block(id: i64, site: i64, start: &str) -> BlockFacts {
        BlockFacts { block_id: id, site_id: site, published: true, start_date: start.parse().unwrap(), seats_left: 2 }
    }

    #[test]
    fn a_new_round_names_every_problem() {
        let now = DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z").unwrap().timestamp();
        let found = [block(1, 7, "2027-02-01"), block(2, 7, "2027-01-05"), block(3, 8, "2027-03-01")];
        assert_eq!(check_new("Spring", now + DAY, &[1], &found, now), Ok(7));
        let errors = check_new(" ", now - 1, &[1, 1, 2, 3, 9], &found, now).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        let all = text.join("\n");
        for needle in
            ["name:", "in the future", "block 1 is listed twice", "block 2 starts on 2027-01-05", "no block 9", "same site"]
        {
            assert!(all.contains(needle), "{needle} missing from:\n{all}");
        }
        let full = [BlockFacts { seats_left: 0, ..block(1, 7, "2027-02-01") }];
        assert!(check_new("x", now + DAY, &[1], &full, now).unwrap_err()[0].message.contains("no seat left"));
        assert!(check_new("x", now + 400 * DAY, &[1], &found, now).is_err());
    }

    #[test]
    fn rank_lists_hold_each_allowed_id_once() {
        assert!(check_ranks(&[3, 1], &[1, 2, 3], "block_ids", "block").is_ok());
        assert!(check_ranks(&[], &[1], "block_ids", "block").is_ok());
        assert!(check_ranks(&[1, 1], &[1], "block_ids", "block").unwrap_err().message.contains("twice"));
        assert!(check_ranks(&[4], &[1], "block_ids", "block").unwrap_err().message.contains("block 4 cannot"));
    }
}
