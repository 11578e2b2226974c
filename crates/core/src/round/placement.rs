//! Running a round: the blocks become programs (capacity: the seats still
//! free), the applicants' rank lists stay as they are, and each block's
//! order of applicants is the site's rank list for its experience, or, where
//! the site did not rank, one lottery drawn for the whole round (single
//! tie-breaking: every lottery block uses the same draw). The
//! applicant-proposing deferred acceptance of `matchready-matching` then
//! gives the applicant-optimal stable placement, and each applicant learns
//! why every block they ranked higher did not take them.

use std::collections::HashMap;

use matchready_matching::{Instance, Reason, check, explain, solve};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A block in the round and the seats it can give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seats {
    /// The block.
    pub block_id: i64,
    /// Its experience (the site ranks applicants per experience).
    pub experience_id: i64,
    /// Seats the round may fill.
    pub capacity: u32,
}

/// One applicant's rank list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Who.
    pub applicant_id: i64,
    /// Blocks, most wanted first.
    pub ranks: Vec<i64>,
}

/// What the round runs on.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The blocks.
    pub blocks: &'a [Seats],
    /// The applicants' rank lists.
    pub entries: &'a [Entry],
    /// The site's rank lists, per experience: applicants, best first. Those left off are not placed
    /// there. An experience with no list orders its applicants by the lottery.
    pub site_ranks: &'a [(i64, Vec<i64>)],
    /// The lottery's seed (kept with the round, so anyone can draw it again).
    pub seed: u64,
}

/// How a block ordered its applicants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// By the site's rank list.
    Site,
    /// By the round's lottery.
    Lottery,
}

/// Why a block ranked higher did not take the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum WhyNot {
    /// The site ranked applicants for this experience and left this one off.
    NotRanked,
    /// Its seats went to applicants placed before this one.
    Full {
        /// This applicant's place among those who ranked the block (1 is first).
        place: u32,
        /// Seats the round filled there.
        seats: u32,
        /// Whose order it was.
        order: Order,
    },
    /// No seat was left in the block when the round ran.
    NoSeats,
    /// The block had room: the placement is not stable here (it never should be; please report it).
    HadRoom,
}

impl WhyNot {
    /// In words.
    pub fn sentence(self) -> String {
        match self {
            Self::NotRanked => "the site did not rank you for this experience".into(),
            Self::Full { place, seats, order } => {
                let by = match order {
                    Order::Site => "the site ranked you",
                    Order::Lottery => "the site did not rank; by the lottery you were",
                };
                let s = if seats == 1 { "seat" } else { "seats" };
                format!("{by} {} of those who chose it, and its {seats} {s} went to applicants before you", ordinal(place))
            }
            Self::NoSeats => "no seat was left when the round ran".into(),
            Self::HadRoom => "a seat was open here; this should not happen, please report it".into(),
        }
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A block ranked above the one placed in, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Higher {
    /// The block.
    pub block_id: i64,
    /// Why not.
    #[serde(flatten)]
    pub why: WhyNot,
}

/// One applicant's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Placed {
    /// Who.
    pub applicant_id: i64,
    /// The block placed in, if any.
    pub block_id: Option<i64>,
    /// Their lottery number (1 is drawn first), used where a site did not rank.
    pub lottery: u32,
    /// Every block ranked higher, with the reason it did not take them (all ranked blocks, if not placed).
    pub higher: Vec<Higher>,
}

/// The whole round's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Per applicant, in the order of the entries.
    pub results: Vec<Placed>,
    /// Whether the independent checker found no blocking pair (always, without couples).
    pub stable: bool,
    /// Seats offered by the round.
    pub positions: u64,
    /// Applicants placed.
    pub placed: u64,
}

/// splitmix64: a well-mixed 64-bit key from the seed and an applicant.
fn draw(seed: u64, applicant: i64) -> u64 {
    let mut z = seed ^ (applicant as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn program(block: i64) -> String {
    format!("b{block}")
}

fn applicant(id: i64) -> String {
    format!("a{id}")
}

/// Runs the round. Deterministic: the same input gives the same placement.
pub fn place(input: Input<'_>) -> Placement {
    let blocks: HashMap<i64, &Seats> = input.blocks.iter().map(|b| (b.block_id, b)).collect();
    // The lottery: every applicant's number, drawn once for the whole round.
    let mut drawn: Vec<(u64, i64)> = input.entries.iter().map(|e| (draw(input.seed, e.applicant_id), e.applicant_id)).collect();
    drawn.sort_unstable();
    let lottery: HashMap<i64, u32> = drawn.iter().enumerate().map(|(i, (_, a))| (*a, i as u32 + 1)).collect();
    let site: HashMap<i64, &Vec<i64>> = input.site_ranks.iter().map(|(e, list)| (*e, list)).collect();

    // Who chose each block, and the lists as the engine takes them.
    let mut chose: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut instance = Instance::default();
    for e in input.entries {
        let mut ranks = Vec::with_capacity(e.ranks.len());
        for b in e.ranks.iter().filter(|b| blocks.contains_key(b)) {
            if !ranks.contains(&program(*b)) {
                ranks.push(program(*b));
                chose.entry(*b).or_default().push(e.applicant_id);
            }
        }
        instance.applicants.push(matchready_matching::Applicant { id: applicant(e.applicant_id), ranks });
    }
    let mut orders: HashMap<i64, (Vec<i64>, Order)> = HashMap::new();
    for b in input.blocks {
        let choosers = chose.remove(&b.block_id).unwrap_or_default();
        let (list, order) = match site.get(&b.experience_id) {
            Some(list) => (list.iter().copied().filter(|a| choosers.contains(a)).collect::<Vec<_>>(), Order::Site),
            None => {
                let mut l = choosers;
                l.sort_by_key(|a| lottery.get(a).copied().unwrap_or(u32::MAX));
                (l, Order::Lottery)
            }
        };
        instance.programs.push(matchready_matching::Program {
            id: program(b.block_id),
            capacity: b.capacity,
            ranks: list.iter().map(|a| applicant(*a)).collect(),
        });
        orders.insert(b.block_id, (list, order));
    }
    let problem = match instance.compile("") {
        Ok(p) => p,
        // Ids are made here from distinct numbers, so this cannot fail; place nobody if it ever does.
        Err(_) => return Placement { results: Vec::new(), stable: false, positions: 0, placed: 0 },
    };
    let m = solve(&problem);
    let stable = check(&problem, &m.at).is_ok_and(|b| b.is_empty());
    let why_not = explain(&problem, &m.at);
    let block_of = |id: &Option<String>| id.as_deref().and_then(|p| p.strip_prefix('b')).and_then(|n| n.parse::<i64>().ok());
    let results: Vec<Placed> = input
        .entries
        .iter()
        .zip(why_not)
        .map(|(e, (_, x))| {
            let higher = x
                .higher
                .iter()
                .filter_map(|h| {
                    let b = block_of(&h.program)?;
                    let capacity = blocks.get(&b).map_or(0, |s| s.capacity);
                    let (list, order) = orders.get(&b)?;
                    let why = match h.reason {
                        _ if capacity == 0 => WhyNot::NoSeats,
                        Reason::NotRanked => WhyNot::NotRanked,
                        Reason::FullWithHigherRanked | Reason::PartnerNotPlaced => {
                            let place = list.iter().position(|a| *a == e.applicant_id).map_or(0, |i| i as u32 + 1);
                            WhyNot::Full { place, seats: capacity, order: *order }
                        }
                        Reason::HadRoom => WhyNot::HadRoom,
                    };
                    Some(Higher { block_id: b, why })
                })
                .collect();
            Placed {
                applicant_id: e.applicant_id,
                block_id: block_of(&x.matched),
                lottery: lottery.get(&e.applicant_id).copied().unwrap_or(0),
                higher,
            }
        })
        .collect();
    let placed = results.iter().filter(|r| r.block_id.is_some()).count() as u64;
    Placement { results, stable, positions: problem.positions(), placed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seats(block_id: i64, experience_id: i64, capacity: u32) -> Seats {
        Seats { block_id, experience_id, capacity }
    }

    fn entry(applicant_id: i64, ranks: &[i64]) -> Entry {
        Entry { applicant_id, ranks: ranks.to_vec() }
    }

    #[test]
    fn site_ranks_decide_and_everyone_learns_why_not_higher() {
        // Block 10 (experience 1, one seat) is everyone's first choice; block 20 (experience 2, two seats) second.
        let blocks = [seats(10, 1, 1), seats(20, 2, 2)];
        let entries = [entry(1, &[10, 20]), entry(2, &[10, 20]), entry(3, &[10])];
        // The site ranks 2 before 1 for experience 1, and leaves 3 off; experience 2 goes by lottery.
        let site = [(1, vec![2, 1])];
        let p = place(Input { blocks: &blocks, entries: &entries, site_ranks: &site, seed: 42 });
        assert!(p.stable);
        assert_eq!((p.positions, p.placed), (3, 2));
        let r = |a: i64| p.results.iter().find(|r| r.applicant_id == a).unwrap();
        assert_eq!(r(2).block_id, Some(10));
        assert!(r(2).higher.is_empty());
        assert_eq!(r(1).block_id, Some(20));
        assert_eq!(r(1).higher, vec![Higher { block_id: 10, why: WhyNot::Full { place: 2, seats: 1, order: Order::Site } }]);
        assert_eq!(r(3).block_id, None);
        assert_eq!(r(3).higher, vec![Higher { block_id: 10, why: WhyNot::NotRanked }]);
        assert_eq!(
            WhyNot::Full { place: 2, seats: 1, order: Order::Site }.sentence(),
            "the site ranked you 2nd of those who chose it, and its 1 seat went to applicants before you"
        );
    }

    #[test]
    fn the_lottery_is_one_draw_for_the_whole_round_and_the_same_every_time() {
        let blocks = [seats(10, 1, 1), seats(20, 2, 1)];
        let entries: Vec<Entry> = (1..=20).map(|a| entry(a, &[10, 20])).collect();
        let input = Input { blocks: &blocks, entries: &entries, site_ranks: &[], seed: 7 };
        let p = place(input);
        assert_eq!(p, place(input), "deterministic");
        let mut numbers: Vec<u32> = p.results.iter().map(|r| r.lottery).collect();
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=20).collect::<Vec<_>>());
        // Both seats go to the two best draws: number 1 gets the first choice, number 2 the second.
        let by_number = |n: u32| p.results.iter().find(|r| r.lottery == n).unwrap();
        assert_eq!(by_number(1).block_id, Some(10));
        assert_eq!(by_number(2).block_id, Some(20));
        assert_eq!(p.placed, 2);
        let last = by_number(20);
        assert_eq!(last.higher.len(), 2);
        assert_eq!(last.higher[0].why, WhyNot::Full { place: 20, seats: 1, order: Order::Lottery });
        // Another seed, another draw.
        let other = place(Input { seed: 8, ..input });
        assert_ne!(p.results, other.results);
    }

    #[test]
    fn blocks_without_seats_and_unknown_blocks_are_explained_or_dropped() {
        let blocks = [seats(10, 1, 0), seats(20, 1, 1)];
        let entries = [entry(1, &[10, 99, 20])];
        let p = place(Input { blocks: &blocks, entries: &entries, site_ranks: &[], seed: 1 });
        assert_eq!(p.results[0].block_id, Some(20));
        assert_eq!(p.results[0].higher, vec![Higher { block_id: 10, why: WhyNot::NoSeats }]);
    }

    #[test]
    fn the_placement_is_applicant_optimal() {
        // Two applicants, two blocks, crossed preferences: the sites prefer the other applicant.
        // Applicant-proposing: each applicant gets their own first choice.
        let blocks = [seats(10, 1, 1), seats(20, 2, 1)];
        let entries = [entry(1, &[10, 20]), entry(2, &[20, 10])];
        let site = [(1, vec![2, 1]), (2, vec![1, 2])];
        let p = place(Input { blocks: &blocks, entries: &entries, site_ranks: &site, seed: 0 });
        assert_eq!(p.results[0].block_id, Some(10));
        assert_eq!(p.results[1].block_id, Some(20));
    }
}
