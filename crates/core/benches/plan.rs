//! A rotation plan over the demo catalog at 10,000 experiences (about 130,000 blocks), for a year
//! and a $20,000 budget, as `make` does it: weighing every block, the exact solve at the budget
//! and $1,000 more, and the solve with one more month. Then how it grows with budget and window.

use chrono::{Months, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use matchready_core::plan::{PlanAsk, Wants, Weights, make};
use matchready_core::{ApplicantFacts, ApplicantType, SearchDoc, Specialty, State, Visa};
use matchready_demo::{DemoConfig, catalog};

fn ask(today: NaiveDate, months: u32, budget_dollars: i64) -> PlanAsk {
    let from = today.succ_opt().unwrap();
    PlanAsk {
        today,
        facts: ApplicantFacts {
            applicant_type: Some(ApplicantType::Img),
            graduation_year: Some(2024),
            step1_passed: Some(true),
            ecfmg_certified: Some(true),
            visa: Some(Visa::J1),
        },
        wants: Wants { specialties: vec![Specialty::InternalMedicine], states: vec![State::NY, State::NJ] },
        budget_cents: budget_dollars * 100,
        windows: vec![(from, from.checked_add_months(Months::new(months)).unwrap())],
        letters_only: false,
        hands_on_only: false,
        weights: Weights::default(),
        busy: Vec::new(),
    }
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let cat = catalog(&DemoConfig { experiences: 10_000, ..DemoConfig::new(today) });
    let docs: Vec<SearchDoc> = cat.experiences.iter().map(SearchDoc::from_experience).collect();
    let blocks: usize = docs.iter().map(|d| d.slots.len()).sum();
    let year = make(&ask(today, 12, 20_000), &docs);
    println!(
        "{} experiences, {blocks} blocks; a year at $20,000 weighs {} blocks and picks {} worth {} points for ${}",
        docs.len(),
        year.considered,
        year.picks.len(),
        year.value,
        year.total_cents / 100
    );
    c.bench_function("plan, 10k experiences, a year, $20,000", |b| b.iter(|| make(&ask(today, 12, 20_000), &docs).value));
    // A student with a US passport may join nearly everything: the most blocks to weigh.
    let mut open = ask(today, 12, 20_000);
    open.facts = ApplicantFacts { applicant_type: Some(ApplicantType::Ims), visa: Some(Visa::UsCitizenOrResident), ..open.facts };
    println!("a student with a US passport: a year at $20,000 weighs {} blocks", make(&open, &docs).considered);
    c.bench_function("plan, 10k experiences, a year, $20,000, a student who may join nearly all", |b| {
        b.iter(|| make(&open, &docs).value)
    });
    let mut budget = c.benchmark_group("plan, a year, by budget");
    for dollars in [5_000, 10_000, 20_000, 40_000] {
        budget.bench_function(format!("${dollars}"), |b| b.iter(|| make(&ask(today, 12, dollars), &docs).value));
    }
    budget.finish();
    let mut window = c.benchmark_group("plan, $20,000, by window");
    for months in [3, 6, 12] {
        window.bench_function(format!("{months} months"), |b| b.iter(|| make(&ask(today, months, 20_000), &docs).value));
    }
    window.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
