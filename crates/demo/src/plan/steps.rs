//! The days of an application's steps, for where it should stand today.

use chrono::{Days, NaiveDate};
use matchready_core::application::Status;

use super::Step;
use crate::dice::Dice;

/// What the steps depend on.
pub struct Terms {
    /// "Book now": applying holds the seat.
    pub instant: bool,
    /// The block's first day.
    pub start: NaiveDate,
    /// The day the applicant joined (every step comes after it).
    pub joined: NaiveDate,
    /// The deposit, cents.
    pub deposit: i64,
    /// Everything charged when the seat is held, cents.
    pub total: i64,
}

fn back(today: NaiveDate, dice: &mut Dice, lo: i64, hi: i64) -> NaiveDate {
    today - Days::new(dice.range(lo, hi) as u64)
}

fn on(day: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 { day + Days::new(n as u64) } else { day - Days::new(n.unsigned_abs()) }
}

/// The steps, each on its day, that leave an application in `status` today (the calendar does the
/// rest: a confirmed seat starts on its first day and completes after its last). `None` when they do
/// not fit between the day the applicant joined, the block's start and yesterday.
pub fn steps(dice: &mut Dice, status: Status, t: &Terms, today: NaiveDate) -> Option<Vec<(NaiveDate, Step)>> {
    let mut v: Vec<(NaiveDate, Step)> = Vec::new();
    match status {
        Status::Confirmed | Status::InProgress | Status::Completed => {
            let a = if status == Status::Confirmed { back(today, dice, 18, 60) } else { on(t.start, -dice.range(35, 75)) };
            v.push((a, Step::Apply));
            let mut day = a;
            if !t.instant {
                if dice.chance(70) {
                    day = on(day, dice.range(1, 3));
                    v.push((day, Step::Review));
                }
                day = on(day, dice.range(2, 8));
                v.push((day, Step::Offer));
                day = on(day, dice.range(1, 4));
                v.push((day, Step::Accept));
            }
            if t.deposit > 0 {
                day = on(day, dice.range(1, 4));
                v.push((day, Step::Pay(t.deposit)));
            }
            let rest = t.total - t.deposit;
            // Most confirmed seats still have a balance; rotations under way or done are paid up.
            if rest > 0 && (status != Status::Confirmed || dice.chance(35)) {
                let pay = on(day, dice.range(3, 14)).min(on(t.start, -1));
                if pay >= day && (status != Status::Confirmed || pay < today) {
                    v.push((pay, Step::Pay(rest)));
                }
            }
            if v.iter().any(|(d, _)| *d >= t.start) {
                return None;
            }
        }
        Status::Accepted => {
            let c = back(today, dice, 1, 6);
            if !t.instant {
                let o = on(c, -dice.range(1, 4));
                let a = on(o, -dice.range(2, 10));
                v.push((a, Step::Apply));
                if dice.chance(60) {
                    v.push((on(a, 1), Step::Review));
                }
                v.push((o, Step::Offer));
                v.push((c, Step::Accept));
            } else {
                v.push((c, Step::Apply));
            }
        }
        Status::Offered => {
            let o = back(today, dice, 1, 6);
            let a = on(o, -dice.range(2, 12));
            v.push((a, Step::Apply));
            if dice.chance(60) {
                v.push((on(a, 1), Step::Review));
            }
            v.push((o, Step::Offer));
        }
        Status::Waitlisted => {
            let a = back(today, dice, 6, 45);
            v.push((a, Step::Apply));
            if dice.chance(50) {
                v.push((on(a, 1), Step::Review));
            }
            v.push((on(a, dice.range(2, 5)), Step::Waitlist));
        }
        Status::UnderReview => {
            let a = back(today, dice, 2, 20);
            v.push((a, Step::Apply));
            let span = (today - a).num_days() - 1;
            v.push((on(a, dice.range(1, span.max(1))), Step::Review));
        }
        Status::Submitted => v.push((back(today, dice, 1, 12), Step::Apply)),
        Status::Rejected => {
            let a = back(today, dice, 10, 60);
            let r = on(a, dice.range(1, 3));
            v.extend([(a, Step::Apply), (r, Step::Review), (on(r, dice.range(1, 5)), Step::Reject)]);
        }
        Status::Withdrawn => {
            let a = back(today, dice, 9, 60);
            v.push((a, Step::Apply));
            if dice.chance(50) {
                v.push((on(a, dice.range(2, 5)), Step::Review));
                v.push((on(a, dice.range(6, 8)), Step::Withdraw));
            } else {
                // An offer declined.
                let o = on(a, dice.range(2, 5));
                v.push((o, Step::Offer));
                v.push((on(o, dice.range(1, 4)), Step::Withdraw));
            }
        }
        Status::Draft | Status::Cancelled => return None,
    }
    let in_order = v.windows(2).all(|w| w[0].0 <= w[1].0);
    let fits = v.iter().all(|(d, _)| *d > t.joined && *d < today) && v.first().is_some_and(|(a, _)| *a < t.start);
    (in_order && fits).then_some(v)
}
