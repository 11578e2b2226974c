//! What a rotation's hours add up to, for the roster and the application page.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::hours::{HoursEntry, HoursStatus};

/// What the roster and the application page show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct HoursSummary {
    /// Minutes signed off.
    pub signed_minutes: i32,
    /// Minutes awaiting sign-off.
    pub pending_minutes: i32,
    /// Minutes returned for correction.
    pub returned_minutes: i32,
    /// Signed minutes hands-on.
    pub hands_on_minutes: i32,
    /// Signed minutes observing.
    pub observing_minutes: i32,
    /// Days with a signed entry.
    pub signed_days: i32,
    /// Corrections of signed entries awaiting sign-off (the signed entry counts until then).
    pub corrections_pending: i32,
}

impl HoursSummary {
    /// Sums a rotation's entries. A signed entry with a correction pending still counts as signed;
    /// the correction counts once it is signed, and the old one is replaced.
    pub fn of(entries: &[HoursEntry]) -> Self {
        let mut s = Self::default();
        let mut days: Vec<NaiveDate> = Vec::new();
        let signed: Vec<i64> = entries.iter().filter(|e| e.status == HoursStatus::Signed).map(|e| e.id).collect();
        for e in entries {
            match e.status {
                HoursStatus::Signed => {
                    s.signed_minutes += e.minutes;
                    if e.hands_on {
                        s.hands_on_minutes += e.minutes;
                    } else {
                        s.observing_minutes += e.minutes;
                    }
                    days.push(e.date);
                }
                HoursStatus::Pending if e.corrects.is_some_and(|c| signed.contains(&c)) => s.corrections_pending += 1,
                HoursStatus::Pending => s.pending_minutes += e.minutes,
                HoursStatus::Returned => s.returned_minutes += e.minutes,
                HoursStatus::Replaced => {}
            }
        }
        days.sort_unstable();
        days.dedup();
        s.signed_days = days.len() as i32;
        s
    }

    /// The sums in a line, as the roster and the application page say them.
    pub fn in_words(&self) -> String {
        let text = super::hours::hours_text;
        format!(
            "{} signed ({} hands-on, {} observing), {} awaiting sign-off",
            text(self.signed_minutes),
            text(self.hands_on_minutes),
            text(self.observing_minutes),
            text(self.pending_minutes)
        )
    }

    /// Logged in all: signed and awaiting.
    pub fn logged_minutes(&self) -> i32 {
        self.signed_minutes + self.pending_minutes
    }
}
