use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::solve::{Ask, Item, solve, value_of};
use super::*;
use crate::flags::FlagSet;
use crate::{ApplicantFacts, ApplicantType, Eligibility, Listing, Profile, RawProfile, Visa};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The best value by trying every subset.
fn brute(items: &[Item], travel: i64, cap: i64) -> i64 {
    let n = items.len();
    let mut best = 0;
    for mask in 0u32..(1 << n) {
        let picks: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        if feasible(items, &picks, cap) {
            best = best.max(worth(items, &picks, travel));
        }
    }
    best
}

/// A plan's value written again, apart from the solver's: the picks' points less travel, where
/// a telerotation costs no travel to it and the next block in person a move from elsewhere.
fn worth(items: &[Item], picks: &[usize], travel: i64) -> i64 {
    let mut sorted: Vec<&Item> = picks.iter().map(|&i| &items[i]).collect();
    sorted.sort_by_key(|i| i.start);
    let mut total: i64 = sorted.iter().map(|i| i.value).sum();
    for w in sorted.windows(2) {
        let (a, b) = (w[0], w[1]);
        total -= match (a.remote, b.remote) {
            (_, true) => 0,
            (true, false) => travel,
            (false, false) if a.city == b.city => 0,
            (false, false) if a.state == b.state => travel / 2,
            (false, false) => travel,
        };
    }
    total
}

fn feasible(items: &[Item], picks: &[usize], cap: i64) -> bool {
    let mut sorted: Vec<&Item> = picks.iter().map(|&i| &items[i]).collect();
    sorted.sort_by_key(|i| i.start);
    sorted.iter().map(|i| i.cost).sum::<i64>() <= cap && sorted.windows(2).all(|w| w[0].end < w[1].start)
}

fn item() -> impl Strategy<Value = Item> {
    (0i32..90, 0i32..35, 0i64..6_000, 0i64..120, 0u32..6).prop_map(|(start, len, cost, value, city)| Item {
        start,
        end: start + len,
        cost,
        value,
        city: city.min(4),
        state: city.min(4) / 2,
        remote: city == 5,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// On small catalogs the solver's plan is feasible and as good as the best of every subset.
    #[test]
    fn equals_brute_force(items in prop::collection::vec(item(), 0..11), travel in 0i64..80, cap in 0i64..16_000) {
        let picks = solve(&items, travel, &[Ask { cap, until: None }]).remove(0);
        prop_assert!(feasible(&items, &picks, cap), "{picks:?} is not a plan");
        prop_assert_eq!(value_of(&items, &picks, travel), brute(&items, travel, cap));
    }

    /// One run answers every cap and day asked for, each as if asked alone of the blocks ending
    /// by that day.
    #[test]
    fn each_ask_as_if_alone(items in prop::collection::vec(item(), 0..9), travel in 0i64..80, a in 0i64..12_000, b in 0i64..12_000, day in 0i32..130) {
        let asks = [Ask { cap: a, until: None }, Ask { cap: b, until: Some(day) }, Ask { cap: a, until: Some(day / 2) }];
        let got = solve(&items, travel, &asks);
        for (ask, picks) in asks.iter().zip(&got) {
            let within: Vec<Item> = items.iter().copied().filter(|i| ask.until.is_none_or(|d| i.end <= d)).collect();
            prop_assert!(picks.iter().all(|&i| ask.until.is_none_or(|d| items[i].end <= d)), "{ask:?}: {picks:?}");
            prop_assert!(feasible(&items, picks, ask.cap));
            prop_assert_eq!(value_of(&items, picks, travel), brute(&within, travel, ask.cap), "{:?}", ask);
        }
    }

    /// The whole plan, pruning included, is as good as the best subset of the blocks it may
    /// choose from.
    #[test]
    fn plan_equals_brute_force(seed in prop::collection::vec((0u8..4, 0u8..4, 0i64..5, 0u8..8, 0i32..3, 1i32..5, 0i32..3), 1..10), budget in 1i64..14) {
        let docs: Vec<SearchDoc> = seed.iter().enumerate().map(|(i, &(city, kind, price, day, seats, weeks, spec))| {
            let mut doc = doc(i as i64 + 1, ["Austin", "Dallas", "Miami", "Tampa"][city as usize], [State::TX, State::TX, State::FL, State::FL][city as usize]);
            doc.listing.hands_on = kind < 2;
            doc.listing.kind = [ExperienceType::ClinicalRotation, ExperienceType::Externship, ExperienceType::Observership, ExperienceType::Telerotation][kind as usize];
            doc.listing.total_cents = 1_000_00 + price * 500_00;
            doc.listing.letter_possible = kind == 1;
            doc.listing.specialty = [Specialty::InternalMedicine, Specialty::FamilyMedicine, Specialty::Pediatrics][spec as usize];
            doc.slots = vec![slot(i as i64 * 10 + 1, d("2027-01-04") + Days::new(7 * u64::from(day)), weeks, seats)];
            doc
        }).collect();
        let a = ask(budget * 1_000_00);
        let plan = make(&a, &docs);
        let open = explain::weigh(&a, &a, &docs).open;
        let items: Vec<Item> = open.iter().map(|(c, v)| Item {
            start: day(c.start), end: day(c.end), cost: c.cost_cents, value: *v,
            city: if c.city == "Austin" { 0 } else if c.city == "Dallas" { 1 } else if c.city == "Miami" { 2 } else { 3 },
            state: c.state as u32,
            remote: c.kind == ExperienceType::Telerotation,
        }).collect();
        prop_assert_eq!(plan.value, brute(&items, a.weights.travel, a.budget_cents));
        prop_assert!(plan.total_cents <= a.budget_cents);
    }
}

fn doc(id: i64, city: &str, state: State) -> SearchDoc {
    SearchDoc {
        listing: Listing {
            id,
            title: format!("Experience {id}"),
            kind: ExperienceType::ClinicalRotation,
            hands_on: true,
            specialty: Specialty::InternalMedicine,
            site_name: format!("Site {id}"),
            city: city.into(),
            state,
            preceptor_name: "Dr. A".into(),
            total_cents: 3_000_00,
            letter_possible: false,
            last_verified_on: None,
        },
        search_text: String::new(),
        eligibility: Eligibility {
            applicant_types: FlagSet::all(),
            max_years_since_graduation: None,
            step1_pass_required: false,
            ecfmg_required: false,
            visas: FlagSet::all(),
        },
        slots: Vec::new(),
        teaching: false,
    }
}

fn slot(id: i64, start: NaiveDate, weeks: i32, seats_left: i32) -> Slot {
    Slot { id, start_date: start, weeks, seats_left }
}

fn ask(budget_cents: i64) -> PlanAsk {
    PlanAsk {
        today: d("2026-12-01"),
        facts: ApplicantFacts { applicant_type: Some(ApplicantType::Img), visa: Some(Visa::J1), ..Default::default() },
        wants: Wants { specialties: vec![Specialty::InternalMedicine], states: vec![State::TX] },
        budget_cents,
        windows: vec![(d("2027-01-01"), d("2027-06-30"))],
        letters_only: false,
        hands_on_only: false,
        weights: Weights::default(),
        busy: Vec::new(),
    }
}

/// Three experiences: a strong one in Houston, a weaker one overlapping it, and one that fits after.
fn three() -> Vec<SearchDoc> {
    let mut strong = doc(1, "Houston", State::TX);
    strong.listing.letter_possible = true;
    strong.teaching = true;
    strong.slots = vec![slot(11, d("2027-02-01"), 4, 3)];
    let mut overlapping = doc(2, "Houston", State::TX);
    overlapping.slots = vec![slot(21, d("2027-02-15"), 4, 3)];
    let mut after = doc(3, "Miami", State::FL);
    after.slots = vec![slot(31, d("2027-03-01"), 4, 1)];
    vec![strong, overlapping, after]
}

#[test]
fn picks_carry_their_reasons_and_the_move_between_them() {
    let plan = make(&ask(10_000_00), &three());
    let ids: Vec<i64> = plan.picks.iter().map(|p| p.block_id).collect();
    assert_eq!(ids, [11, 31]);
    let first = &plan.picks[0];
    // hands-on 30, internal medicine 25, letters 20, teaching 10, Texas 10, seats 5: 100 a week.
    assert_eq!(first.points, 400);
    assert!(first.reasons.iter().any(|r| r.contains("writes letters") && r.contains("+20 a week")), "{:?}", first.reasons);
    assert!(first.reasons.iter().any(|r| r.contains("Texas, a state you prefer")), "{:?}", first.reasons);
    let second = &plan.picks[1];
    // hands-on 30, internal medicine 25, one seat 2 (half of 5): 57 a week, less a move out of Texas.
    assert_eq!(second.points, 57 * 4 - 40);
    assert_eq!(second.travel.as_deref(), Some("a move from Houston, TX (−40)"));
    assert_eq!(plan.value, 400 + 57 * 4 - 40);
    assert_eq!(plan.total_cents, 6_000_00);
    let overlap = plan.left_out.iter().find(|l| l.experience_id == 2).unwrap();
    assert!(overlap.why.contains("overlaps Experience 1"), "{}", overlap.why);
}

#[test]
fn the_budget_is_kept_and_more_money_is_weighed() {
    let plan = make(&ask(5_000_00), &three());
    assert_eq!(plan.picks.iter().map(|p| p.block_id).collect::<Vec<_>>(), [11]);
    let miami = plan.left_out.iter().find(|l| l.experience_id == 3).unwrap();
    assert!(miami.why.contains("$1,000 over the budget"), "{}", miami.why);
    assert_eq!(plan.more_money.gain, 57 * 4 - 40);
    assert_eq!(plan.more_money.extra_cents, 3_000_00);
    assert!(
        plan.more_money
            .sentence
            .starts_with("With $1,000 more (a budget of $6,000), the plan would be worth 188 points more: it adds Experience 3")
    );
}

#[test]
fn one_more_month_reaches_a_block_just_past_the_dates() {
    let mut docs = three();
    docs[2].slots = vec![slot(31, d("2027-06-14"), 4, 3)];
    let plan = make(&ask(10_000_00), &docs);
    assert_eq!(plan.picks.len(), 1, "the June block ends after the dates");
    assert!(plan.more_time.added.iter().any(|a| a.starts_with("Experience 3")), "{:?}", plan.more_time);
    assert!(plan.more_time.gain > 0);
}

#[test]
fn ineligible_full_and_filtered_experiences_are_left_out_with_why() {
    let mut docs = three();
    docs[0].eligibility.visas = [Visa::B1B2].into_iter().collect();
    docs[1].slots[0].seats_left = 0;
    let mut a = ask(10_000_00);
    a.letters_only = true;
    docs[2].listing.letter_possible = true;
    let plan = make(&a, &docs);
    assert_eq!(plan.picks.iter().map(|p| p.block_id).collect::<Vec<_>>(), [31]);
    let why = |id| plan.left_out.iter().find(|l| l.experience_id == id).unwrap().why.clone();
    assert!(why(1).starts_with("not eligible: the site does not accept applicants on J-1"), "{}", why(1));
    assert!(why(2).contains("does not say they write letters"), "{}", why(2));
}

#[test]
fn weights_change_the_plan_and_bad_ones_are_named() {
    let profile = Profile::parse(
        &RawProfile {
            budget_cents: Some(9_000_00),
            available: vec![crate::Availability { from: d("2027-01-01"), to: d("2027-06-30") }],
            ..Default::default()
        },
        None,
    )
    .unwrap();
    let raw = RawPlanOptions { weight_travel: Some("2000".into()), weight_seats: Some("x".into()), ..Default::default() };
    let errors = PlanAsk::parse(&raw, &profile, Weights::default(), d("2026-12-01")).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["weight_seats", "weight_travel"]);
    let raw = RawPlanOptions { weight_travel: Some("1000".into()), ..Default::default() };
    let a = PlanAsk::parse(&raw, &profile, Weights::default(), d("2026-12-01")).unwrap();
    assert_eq!((a.weights.travel, a.budget_cents), (1000, 9_000_00));
    // Moving out of Texas now costs more than Miami adds: the plan stays in Houston.
    assert_eq!(make(&a, &three()).picks.len(), 1);
}

#[test]
fn an_empty_range_a_missing_budget_and_a_bad_date_are_refused() {
    let profile = Profile::default();
    let today = d("2026-12-01");
    let refuse = |raw: RawPlanOptions| {
        PlanAsk::parse(&raw, &profile, Weights::default(), today)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect::<Vec<_>>()
    };
    let empty = refuse(RawPlanOptions {
        budget: Some("20000".into()),
        from: Some("2027-05-01".into()),
        to: Some("2027-04-01".into()),
        ..Default::default()
    });
    assert_eq!(empty, [("to", "the range is empty: 2027-04-01 is before 2027-05-01".to_string())]);
    let none = refuse(RawPlanOptions::default());
    assert_eq!(none.iter().map(|e| e.0).collect::<Vec<_>>(), ["budget", "from"]);
    let bad = refuse(RawPlanOptions {
        budget: Some("-5".into()),
        from: Some("2027-02-30".into()),
        to: Some("2027-04-01".into()),
        months: Some("13".into()),
        hands_on_only: Some("maybe".into()),
        ..Default::default()
    });
    assert_eq!(bad.iter().map(|e| e.0).collect::<Vec<_>>(), ["budget", "from", "months", "hands_on_only"]);
}

#[test]
fn nothing_to_choose_is_an_empty_plan_not_an_error() {
    let plan = make(&ask(10_000_00), &[]);
    assert!(plan.picks.is_empty());
    assert_eq!((plan.value, plan.total_cents, plan.considered), (0, 0, 0));
    assert_eq!(
        plan.more_money.sentence,
        "With $1,000 more (a budget of $11,000), the plan would stay as it is: nothing better fits."
    );
}
