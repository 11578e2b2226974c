//! A realistic, deterministic demo catalog.
//!
//! Pure: the same [`DemoConfig`] (seed, size, today) always gives the same
//! catalog. Shapes follow the real market: NY, FL, IL, TX and CA busiest;
//! internal and family medicine commonest; 4-week blocks over the next 12
//! months; hands-on tuition $1,500–$4,600 a block, observerships $0–$5,000.
//! Site and people names are invented.

mod contact;
mod countries;
mod dice;
pub use dice::Dice;
mod experience;
mod names;
mod past;
pub mod pdf;
pub mod people;
pub mod plan;

use chrono::NaiveDate;
use matchready_core::{Catalog, Experience, Preceptor, Site, SitePreceptor};

use names::*;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoConfig {
    /// How many experiences (at least 700 make a realistic catalog).
    pub experiences: usize,
    /// The seed: same seed, same catalog.
    pub seed: u64,
    /// Blocks start over the 12 months after this day.
    pub today: NaiveDate,
}

/// Experiences in the default demo catalog.
pub const DEFAULT_EXPERIENCES: usize = 720;
/// The default seed.
pub const DEFAULT_SEED: u64 = 2026;

impl DemoConfig {
    /// The default demo: 720 experiences at 320 sites with 420 preceptors.
    pub fn new(today: NaiveDate) -> Self {
        Self { experiences: DEFAULT_EXPERIENCES, seed: DEFAULT_SEED, today }
    }

    fn sites(&self) -> usize {
        (self.experiences * 4 / 9).max(300)
    }

    fn preceptors(&self) -> usize {
        (self.sites() * 4 / 3).max(250).min(self.experiences.max(1))
    }
}

/// Generates the catalog.
pub fn catalog(config: &DemoConfig) -> Catalog {
    let mut dice = Dice::new(config.seed);
    let sites: Vec<Site> = (1..=config.sites()).map(|id| site(&mut dice, id as i64)).collect();

    // Every site gets a preceptor, the rest go to random sites.
    let preceptors: Vec<SitePreceptor> = (0..config.preceptors())
        .map(|i| {
            let site = if i < sites.len() { &sites[i] } else { dice.pick(&sites) };
            SitePreceptor { site_id: site.id, preceptor: preceptor(&mut dice, i as i64 + 1) }
        })
        .collect();

    // Every preceptor teaches something, the rest go to random preceptors.
    let mut next_block_id = 1;
    let experiences = (0..config.experiences)
        .map(|i| {
            let lead = if i < preceptors.len() { &preceptors[i] } else { dice.pick(&preceptors) };
            let site = &sites[(lead.site_id - 1) as usize];
            let mut team = vec![lead.preceptor.clone()];
            if dice.chance(20)
                && let Some(other) = preceptors.iter().find(|p| p.site_id == lead.site_id && p.preceptor.id != lead.preceptor.id)
            {
                team.push(other.preceptor.clone());
            }
            experience::generate(&mut dice, i as i64 + 1, site, team, config.today, &mut next_block_id)
        })
        .collect::<Vec<_>>();
    let mut experiences = experiences;
    past::add(&mut experiences, config.seed, config.today);
    Catalog { sites, preceptors, experiences }
}

/// Whether an experience is sold "book now" (a seat held on applying, no review), as agencies sell
/// some observerships and telerotations: every third of those that are not hands-on.
pub fn instant_booking(e: &Experience) -> bool {
    !e.kind.is_hands_on() && e.id % 3 == 0
}

/// Days from today to the demo placement round's ranking deadline.
pub const ROUND_DAYS: u64 = 14;

/// The demo placement round's blocks: the first two with a seat left, starting at least
/// [`round::DAYS_BEFORE_START`](matchready_core::round::DAYS_BEFORE_START) days after its deadline,
/// of the first site's last experience (if the site has two or more). The demo's history leaves them
/// to the round.
pub fn round_blocks(catalog: &Catalog, today: NaiveDate) -> Option<(i64, Vec<i64>)> {
    let mine: Vec<&Experience> = catalog.experiences.iter().filter(|e| e.site.id == 1).collect();
    let last = mine.iter().max_by_key(|e| e.id).filter(|_| mine.len() >= 2)?;
    let earliest = today + chrono::Days::new(ROUND_DAYS + matchready_core::round::DAYS_BEFORE_START as u64);
    let mut blocks: Vec<&matchready_core::Block> =
        last.blocks.iter().filter(|b| b.seats_left > 0 && b.start_date >= earliest).collect();
    blocks.sort_by_key(|b| (b.start_date, b.id));
    Some((last.id, blocks.iter().take(2).map(|b| b.id).collect()))
}

fn site(dice: &mut Dice, id: i64) -> Site {
    let state = *dice.weighted(STATES);
    let city = dice.pick(cities(state)).to_string();
    let kinds: Vec<(usize, u32)> = SITE_KINDS.iter().enumerate().map(|(i, k)| (i, k.2)).collect();
    let (kind, endings, _) = SITE_KINDS[*dice.weighted(&kinds)];
    let name = format!("{} {}", dice.pick(PLACE_WORDS), dice.pick(endings));
    let (address, postal_code, phone, email) = contact::contact(id, &name, state);
    Site { id, name, kind: kind.to_string(), city, state, address, postal_code, phone, email }
}

fn preceptor(dice: &mut Dice, id: i64) -> Preceptor {
    let specialty = *dice.weighted(SPECIALTIES);
    let name = format!("Dr. {} {}{}", dice.pick(FIRST_NAMES), dice.pick(SURNAME_HEADS), dice.pick(SURNAME_TAILS));
    let mut languages = vec!["English".to_string()];
    while dice.chance(35) && languages.len() < 4 {
        let l = dice.pick(LANGUAGES).to_string();
        if !languages.contains(&l) {
            languages.push(l);
        }
    }
    Preceptor {
        id,
        name,
        specialty,
        board_certification: dice.chance(90).then(|| board(specialty)),
        years_teaching: dice.range(2, 30) as i32,
        teaching_affiliation: dice
            .chance(70)
            .then(|| format!("Clinical faculty, {} University School of Medicine", dice.pick(PLACE_WORDS))),
        languages,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn default_catalog_has_the_promised_shape() {
        let c = catalog(&DemoConfig::new(today()));
        c.validate().unwrap();
        assert!(c.sites.len() >= 300, "{} sites", c.sites.len());
        assert!(c.preceptors.len() >= 250, "{} preceptors", c.preceptors.len());
        assert!(c.experiences.len() >= 700);
        let specialties: HashSet<_> = c.experiences.iter().map(|e| e.specialty).collect();
        let states: HashSet<_> = c.experiences.iter().map(|e| e.site.state).collect();
        assert!(specialties.len() >= 20, "{} specialties", specialties.len());
        assert!(states.len() >= 30, "{} states", states.len());
        let count = |s| c.experiences.iter().filter(|e| e.site.state == s).count();
        let busiest = [State::NY, State::FL, State::IL, State::TX, State::CA].map(count);
        assert!(busiest.iter().all(|n| *n > count(State::OR)), "{busiest:?}");
        let im = c.experiences.iter().filter(|e| e.specialty == Specialty::InternalMedicine).count();
        assert!(specialties.iter().all(|s| c.experiences.iter().filter(|e| e.specialty == *s).count() <= im));
    }

    #[test]
    fn blocks_are_four_weeks_within_the_next_year_and_prices_realistic() {
        let c = catalog(&DemoConfig::new(today()));
        let year_out = today() + chrono::Days::new(366);
        let upcoming_ids = c.experiences.iter().flat_map(|e| e.blocks.iter()).filter(|b| b.start_date >= today()).map(|b| b.id);
        let last_upcoming = upcoming_ids.max().unwrap();
        for e in &c.experiences {
            assert!(e.blocks.iter().any(|b| b.start_date >= today()));
            for b in &e.blocks {
                // Upcoming blocks within the year; the few past ones (running or done, for the
                // demo's history) only where `past` puts them, within 30 weeks, numbered after the rest.
                if b.start_date < today() {
                    assert!(past::has_past(e) && b.id > last_upcoming, "block {} of experience {}", b.id, e.id);
                    assert!(b.start_date + chrono::Days::new(7 * 30) >= today(), "{}", b.start_date);
                } else {
                    assert!(b.start_date < year_out, "{}", b.start_date);
                }
                assert_eq!(b.weeks, 4);
            }
            let t = e.price.tuition_cents;
            if e.kind.is_hands_on() {
                assert!((1_500_00..=4_600_00).contains(&t), "hands-on tuition {t}");
            } else if e.kind == ExperienceType::Observership {
                assert!((0..=5_000_00).contains(&t), "observership tuition {t}");
            }
        }
    }

    #[test]
    fn same_seed_same_catalog_other_seed_other_catalog() {
        let a = catalog(&DemoConfig::new(today()));
        assert_eq!(a, catalog(&DemoConfig::new(today())));
        let b = catalog(&DemoConfig { seed: 7, ..DemoConfig::new(today()) });
        assert_ne!(a, b);
    }

    #[test]
    fn scales_to_ten_thousand() {
        let c = catalog(&DemoConfig { experiences: 10_000, ..DemoConfig::new(today()) });
        c.validate().unwrap();
        assert_eq!(c.experiences.len(), 10_000);
    }

    use matchready_core::{ExperienceType, Specialty, State};
}
