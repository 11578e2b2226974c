//! What templates show: display strings prepared from domain values.

use matchready_core::dates::day as date;
use matchready_core::money::usd;
use matchready_core::{ExperienceSummary, ExperienceType};

/// A short badge for how an experience counts.
pub fn usce_label(kind: ExperienceType) -> &'static str {
    match kind {
        k if k.is_hands_on() => "Hands-on USCE",
        ExperienceType::Observership => "Observational",
        ExperienceType::Research => "Research",
        _ => "Remote",
    }
}

/// One search result card.
pub struct Card {
    pub href: String,
    pub title: String,
    pub type_name: &'static str,
    pub usce: &'static str,
    pub hands_on: bool,
    pub specialty: &'static str,
    pub site: String,
    pub place: String,
    pub preceptor: String,
    pub price: String,
    pub next_start: String,
    pub seats: String,
    pub full: bool,
    pub letter: bool,
    pub verified: Option<String>,
}

impl From<&ExperienceSummary> for Card {
    fn from(summary: &ExperienceSummary) -> Self {
        let s = &summary.listing;
        let (seats, full) = match summary.seats_left {
            Some(0) => match summary.later_open_start {
                Some(d) => (format!("Next block full · a later one has seats (starts {})", date(d)), true),
                None => ("Every upcoming block is full".to_string(), true),
            },
            Some(1) => ("1 seat left".to_string(), false),
            Some(n) => (format!("{n} seats left"), false),
            None => (String::new(), false),
        };
        Card {
            href: format!("/experiences/{}", s.id),
            title: s.title.clone(),
            type_name: s.kind.name(),
            usce: usce_label(s.kind),
            hands_on: s.hands_on,
            specialty: s.specialty.name(),
            site: s.site_name.clone(),
            place: format!("{}, {}", s.city, s.state.code()),
            preceptor: s.preceptor_name.clone(),
            price: usd(s.total_cents),
            next_start: match (summary.next_start, summary.weeks) {
                (Some(d), Some(w)) => format!("Starts {} · {w} weeks", date(d)),
                (Some(d), None) => format!("Starts {}", date(d)),
                _ => "No upcoming dates".to_string(),
            },
            seats,
            full,
            letter: s.letter_possible,
            verified: s.last_verified_on.map(date),
        }
    }
}

/// An option of a `<select>`.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Opt {
    /// Options from (value, label) pairs, marking the one equal to `current`.
    pub fn list<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, current: Option<&str>) -> Vec<Opt> {
        pairs
            .into_iter()
            .map(|(v, l)| Opt {
                value: v.to_string(),
                label: l.to_string(),
                selected: current.is_some_and(|c| c.eq_ignore_ascii_case(v)),
            })
            .collect()
    }
}
