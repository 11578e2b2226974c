//! The one clock. The server reads the system's; tests hold a clock they
//! move forward, so a deadline passes without sleeping through it.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::NaiveDate;

/// Seconds since 1970, from the system or from a test.
#[derive(Clone)]
pub struct Clock(Source);

#[derive(Clone)]
enum Source {
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self(Source::System)
    }

    /// A clock standing at `at` that moves only when told ([`Clock::advance`], [`Clock::set`]).
    pub fn manual(at: i64) -> Self {
        Self(Source::Manual(Arc::new(AtomicI64::new(at))))
    }

    /// Seconds since 1970.
    pub fn now(&self) -> i64 {
        match &self.0 {
            Source::System => chrono::Utc::now().timestamp(),
            Source::Manual(at) => at.load(Ordering::SeqCst),
        }
    }

    /// Today's date, UTC.
    pub fn today(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp(self.now(), 0).map_or(NaiveDate::MIN, |t| t.date_naive())
    }

    /// Moves a manual clock forward by `seconds` (the system's clock moves by itself).
    pub fn advance(&self, seconds: i64) {
        if let Source::Manual(at) = &self.0 {
            at.fetch_add(seconds, Ordering::SeqCst);
        }
    }

    /// Sets a manual clock to `at`.
    pub fn set(&self, at: i64) {
        if let Source::Manual(t) = &self.0 {
            t.store(at, Ordering::SeqCst);
        }
    }

    /// Sets a manual clock to noon UTC on `day`.
    pub fn set_day(&self, day: NaiveDate) {
        self.set(day.and_hms_opt(12, 0, 0).map_or(0, |t| t.and_utc().timestamp()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let c = Clock::manual(1_800_000_000);
        assert_eq!(c.now(), 1_800_000_000);
        c.advance(86_400);
        assert_eq!(c.now(), 1_800_086_400);
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        c.set_day(day);
        assert_eq!(c.today(), day);
        let shared = c.clone();
        shared.advance(86_400);
        assert_eq!(c.today(), day.succ_opt().unwrap(), "clones share one time");
    }
}
