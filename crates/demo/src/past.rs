//! Blocks that already happened or are running: the demo's history needs
//! rotations in progress and completed. Every experience of the first site
//! (the demo coordinator's) gets one running block and three finished ones;
//! about one experience in nine elsewhere gets one or two finished ones and
//! sometimes a running one. Drawn from dice of their own and numbered after
//! every upcoming block, so the rest of the catalog is the same with or
//! without them.

use chrono::{Datelike, Days, NaiveDate};
use matchready_core::{Block, Experience, ExperienceType};

use crate::dice::Dice;

/// Mixed into the seed for the past blocks' own dice.
const SALT: u64 = 0x9a57_b10c;

/// Whether experience `e` gets blocks in the past.
pub fn has_past(e: &Experience) -> bool {
    e.site.id == 1 || e.id % 9 == 4
}

/// The Monday on or before `day`.
pub fn monday_before(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Adds the past blocks to `experiences`, numbering them from one past the highest block id.
pub fn add(experiences: &mut [Experience], seed: u64, today: NaiveDate) {
    let mut dice = Dice::new(seed ^ SALT);
    let mut next_id = experiences.iter().flat_map(|e| e.blocks.iter().map(|b| b.id)).max().unwrap_or(0) + 1;
    let monday = monday_before(today);
    for e in experiences.iter_mut().filter(|e| has_past(e)) {
        let first_site = e.site.id == 1;
        // Weeks back each block started: one running (1 to 3 weeks ago), then finished ones.
        let mut weeks_back: Vec<u64> = Vec::new();
        if first_site || dice.chance(50) {
            weeks_back.push(dice.range(1, 3) as u64);
        }
        let finished = if first_site { 3 } else { dice.range(1, 2) as u64 };
        let mut back = 5 + dice.below(3);
        for _ in 0..finished {
            weeks_back.push(back);
            back += 4 + 4 * dice.below(2);
        }
        for w in weeks_back {
            let seats = match e.kind {
                _ if first_site => dice.range(3, 5),
                k if k.is_hands_on() => dice.range(1, 4),
                ExperienceType::Observership => dice.range(2, 6),
                _ => dice.range(2, 8),
            } as i32;
            e.blocks.push(Block {
                id: next_id,
                start_date: monday - Days::new(7 * w),
                weeks: 4,
                seats,
                seats_left: seats,
                observers: if e.kind.is_hands_on() { dice.range(0, 2) as i32 } else { 0 },
            });
            next_id += 1;
        }
        // By start date, as storage reads them back.
        e.blocks.sort_by_key(|b| b.start_date);
    }
}
