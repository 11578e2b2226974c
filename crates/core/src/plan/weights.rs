//! What a rotation plan maximises: points per week of a block, less points per move between
//! cities. Written out here, shown on every plan, and changeable for one plan.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::FieldError;
use crate::plan::Candidate;

/// The points a plan's value is made of. Every block earns, for each of its weeks, the points of
/// every line that holds for it; each move to another city between consecutive picks costs
/// `travel` points (half of it within the same state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Weights {
    /// A hands-on rotation (patient care, what programs call USCE), per week.
    pub hands_on: i64,
    /// An observership (no patient care), per week. Less than hands-on by default.
    pub observing: i64,
    /// In one of the applicant's target specialties, per week.
    pub specialty: i64,
    /// The lead preceptor writes letters of recommendation for strong trainees, per week.
    pub letters: i64,
    /// The listing was verified in the last 180 days, per week.
    pub verified: i64,
    /// At a teaching hospital (an academic or university medical center), per week.
    pub teaching: i64,
    /// In one of the applicant's preferred states, per week.
    pub preferred_state: i64,
    /// Two or more seats left (one seat: half), per week: a better chance of a place.
    pub seats: i64,
    /// Lost per move to another state between consecutive rotations; half within a state.
    pub travel: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            hands_on: 30,
            observing: 10,
            specialty: 25,
            letters: 20,
            verified: 10,
            teaching: 10,
            preferred_state: 10,
            seats: 5,
            travel: 40,
        }
    }
}

/// The most any weight may be.
pub const MAX_WEIGHT: i64 = 1000;

/// A listing counts as recently verified this many days after its check.
pub const VERIFIED_DAYS: i64 = 180;

impl Weights {
    /// Each weight with its parameter's name and what it rewards, in the order a page shows them.
    pub fn lines(&self) -> [(&'static str, i64, &'static str); 9] {
        [
            ("weight_hands_on", self.hands_on, "a hands-on rotation, per week"),
            ("weight_observing", self.observing, "an observership, per week"),
            ("weight_specialty", self.specialty, "in a target specialty, per week"),
            ("weight_letters", self.letters, "a preceptor who writes letters, per week"),
            ("weight_verified", self.verified, "verified in the last 180 days, per week"),
            ("weight_teaching", self.teaching, "a teaching hospital, per week"),
            ("weight_preferred_state", self.preferred_state, "in a preferred state, per week"),
            ("weight_seats", self.seats, "two or more seats left (one: half), per week"),
            ("weight_travel", self.travel, "lost per move to another state (half within a state)"),
        ]
    }

    /// Reads weights as sent, in the order of [`Weights::lines`], each with its parameter's name:
    /// a blank one keeps `base`'s; each must be a whole number from 0 to [`MAX_WEIGHT`].
    pub fn parse(sent: [(&'static str, Option<&str>); 9], base: Weights, errors: &mut Vec<FieldError>) -> Weights {
        let mut w = base;
        let into = [
            &mut w.hands_on,
            &mut w.observing,
            &mut w.specialty,
            &mut w.letters,
            &mut w.verified,
            &mut w.teaching,
            &mut w.preferred_state,
            &mut w.seats,
            &mut w.travel,
        ];
        for ((field, sent), into) in sent.into_iter().zip(into) {
            let Some(text) = sent.map(str::trim).filter(|t| !t.is_empty()) else { continue };
            match text.parse::<i64>() {
                Ok(n) if (0..=MAX_WEIGHT).contains(&n) => *into = n,
                _ => errors.push(FieldError {
                    field,
                    message: format!(
                        "a weight is a whole number from 0 to {MAX_WEIGHT}, not \"{}\"",
                        crate::search::clip_at(text, 20)
                    ),
                }),
            }
        }
        w
    }

    /// The points per week a block earns.
    pub fn per_week(&self, c: &Candidate, wants: &Wants, today: NaiveDate) -> i64 {
        let mut points = 0;
        self.lines_for(c, wants, today, |n, _| points += n);
        points
    }

    /// The points per week a block earns, with each line's reason in words.
    pub fn reasons(&self, c: &Candidate, wants: &Wants, today: NaiveDate) -> (i64, Vec<String>) {
        let (mut points, mut words) = (0, Vec::new());
        self.lines_for(c, wants, today, |n, line| {
            points += n;
            words.push(format!("{} (+{n} a week)", line.words(c)));
        });
        (points, words)
    }

    /// Each line that holds for a block and earns something, with its points per week.
    fn lines_for(&self, c: &Candidate, wants: &Wants, today: NaiveDate, mut found: impl FnMut(i64, Line)) {
        let mut add = |n: i64, line: Line| {
            if n > 0 {
                found(n, line);
            }
        };
        if c.hands_on {
            add(self.hands_on, Line::HandsOn);
        } else {
            add(self.observing, Line::Observing);
        }
        if wants.specialties.contains(&c.specialty) {
            add(self.specialty, Line::Specialty);
        }
        if c.letter_possible {
            add(self.letters, Line::Letters);
        }
        if c.verified_on.is_some_and(|on| (today - on).num_days() <= VERIFIED_DAYS) {
            add(self.verified, Line::Verified);
        }
        if c.teaching {
            add(self.teaching, Line::Teaching);
        }
        if wants.states.contains(&c.state) {
            add(self.preferred_state, Line::State);
        }
        match c.seats_left {
            n if n >= 2 => add(self.seats, Line::Seats),
            1 => add(self.seats / 2, Line::Seats),
            _ => {}
        }
    }
}

/// One line of the weights that holds for a block.
#[derive(Debug, Clone, Copy)]
enum Line {
    HandsOn,
    Observing,
    Specialty,
    Letters,
    Verified,
    Teaching,
    State,
    Seats,
}

impl Line {
    fn words(self, c: &Candidate) -> String {
        match self {
            Self::HandsOn => "hands-on: patient care that counts as US clinical experience".into(),
            Self::Observing => "an observership: no patient care".into(),
            Self::Specialty => format!("{}, a specialty you are aiming for", c.specialty.name()),
            Self::Letters => "the preceptor writes letters for strong trainees".into(),
            Self::Verified => format!("verified on {}", c.verified_on.map(crate::dates::day).unwrap_or_default()),
            Self::Teaching => "a teaching hospital".into(),
            Self::State => format!("in {}, a state you prefer", c.state.name()),
            Self::Seats if c.seats_left == 1 => "one seat left".into(),
            Self::Seats => format!("{} seats left", c.seats_left),
        }
    }
}

/// What the applicant aims for, as the weights read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wants {
    /// Target specialties.
    pub specialties: Vec<crate::Specialty>,
    /// Preferred states.
    pub states: Vec<crate::State>,
}
