//! The times an applicant may book: the advisor's hours on each day, in the advisor's zone, cut
//! into calls of the asked length every [`STEP_MINUTES`], less what is too soon and what comes
//! within the buffer of a call already booked (of any kind: an advisor has one calendar).

use chrono::{Days, NaiveDate, TimeDelta};

use super::setup::Setup;
use super::time::{instant_if_single, local};

/// Calls start on the hour and the half hour.
pub const STEP_MINUTES: i64 = 30;

/// The most days ahead slots are shown and booked.
pub const MAX_DAYS_AHEAD: u64 = 90;

/// A time open for a call: its start and end, seconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
}

/// Why a start cannot be booked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    /// It has begun or passed.
    #[error("that time has passed: choose one of the open times")]
    Past,
    /// Sooner than the advisor's notice.
    #[error("the advisor needs {hours} hours' notice: choose a time after {after}")]
    TooSoon { hours: i64, after: String },
    /// Further ahead than bookings go.
    #[error("calls can be booked up to {MAX_DAYS_AHEAD} days ahead")]
    TooFar,
    /// Outside the advisor's hours.
    #[error("the advisor takes no calls then: choose one of the open times")]
    NotOffered,
    /// Someone booked it, or a call near it, first.
    #[error("that time has just been booked: choose another")]
    Taken,
}

/// The open slots of `minutes` from `from` for `days` days (dates in the advisor's zone), given
/// the calls already booked (`taken`, their start and end) and the time now.
pub fn open(setup: &Setup, minutes: i64, taken: &[Slot], now: i64, from: NaiveDate, days: u64) -> Vec<Slot> {
    let mut out = Vec::new();
    let soonest = now + setup.notice_minutes * 60;
    let latest = now + i64::try_from(MAX_DAYS_AHEAD).unwrap_or(90) * 86_400;
    let buffer = setup.buffer_minutes * 60;
    for n in 0..days.min(MAX_DAYS_AHEAD + 1) {
        let Some(date) = from.checked_add_days(Days::new(n)) else { break };
        for (start, end) in setup.hours_on(date) {
            let Some(close) = super::time::closing(setup.zone, date, end) else { continue };
            let mut at = start;
            while at < end {
                if let Some(begin) = instant_if_single(setup.zone, date, at) {
                    let slot = Slot { start: begin, end: begin + minutes * 60 };
                    let free = taken.iter().all(|t| slot.end + buffer <= t.start || t.end + buffer <= slot.start);
                    if slot.end <= close && slot.start >= soonest && slot.start <= latest && free {
                        out.push(slot);
                    }
                }
                let (next, wrapped) = at.overflowing_add_signed(TimeDelta::minutes(STEP_MINUTES));
                if wrapped != 0 {
                    break;
                }
                at = next;
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether a call of `minutes` may start at `start`: one of the open slots, or why not.
pub fn check(setup: &Setup, minutes: i64, taken: &[Slot], now: i64, start: i64) -> Result<Slot, SlotError> {
    if start <= now {
        return Err(SlotError::Past);
    }
    let soonest = now + setup.notice_minutes * 60;
    if start < soonest {
        let after = super::time::shown(setup.zone, soonest);
        return Err(SlotError::TooSoon { hours: setup.notice_minutes / 60, after });
    }
    if start > now + i64::try_from(MAX_DAYS_AHEAD).unwrap_or(90) * 86_400 {
        return Err(SlotError::TooFar);
    }
    let day = local(setup.zone, start).date();
    let eve = day.pred_opt().unwrap_or(day);
    let offered = open(setup, minutes, &[], now, eve, 3);
    if !offered.iter().any(|s| s.start == start) {
        return Err(SlotError::NotOffered);
    }
    let free = open(setup, minutes, taken, now, eve, 3);
    free.into_iter().find(|s| s.start == start).ok_or(SlotError::Taken)
}
