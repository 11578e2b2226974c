//! Running a placement round without I/O, at the size of a USCE
//! organisation's busiest intake (1,400 applicants over 300 blocks, rank
//! lists of 3–10, popular blocks asked for most, half the experiences ranked
//! by their site and half left to the lottery), and at ten times that.

use criterion::{Criterion, criterion_group, criterion_main};
use matchready_core::round::placement::{Entry, Input, Seats, place};

/// A small deterministic generator (splitmix64), so every run measures the same round.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The blocks, the applicants' lists and the sites' lists of one round.
type Round = (Vec<Seats>, Vec<Entry>, Vec<(i64, Vec<i64>)>);

fn round(applicants: i64, blocks: i64) -> Round {
    let mut d = Dice(7);
    let seats: Vec<Seats> =
        (0..blocks).map(|b| Seats { block_id: b, experience_id: b / 3, capacity: 1 + d.below(4) as u32 }).collect();
    let entries: Vec<Entry> = (0..applicants)
        .map(|a| {
            let n = 3 + d.below(8);
            let mut ranks = Vec::new();
            while (ranks.len() as u64) < n {
                // Squaring skews choices toward low ids: some blocks are far more popular.
                let u = d.below(1_000_000) as f64 / 1_000_000.0;
                let b = ((u * u) * blocks as f64) as i64;
                if !ranks.contains(&b) {
                    ranks.push(b);
                }
            }
            Entry { applicant_id: a, ranks }
        })
        .collect();
    let site_ranks = (0..blocks / 3)
        .filter(|e| e % 2 == 0)
        .map(|e| {
            let mut chose: Vec<i64> =
                entries.iter().filter(|x| x.ranks.iter().any(|b| b / 3 == e)).map(|x| x.applicant_id).collect();
            chose.sort_by_key(|a| (a * 7919) % 1009);
            (e, chose)
        })
        .collect();
    (seats, entries, site_ranks)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("placement round");
    for (applicants, blocks) in [(1_400, 300), (14_000, 3_000)] {
        let (seats, entries, site_ranks) = round(applicants, blocks);
        let input = Input { blocks: &seats, entries: &entries, site_ranks: &site_ranks, seed: 42 };
        let p = place(input);
        assert!(p.stable, "the benchmark round is placed stably");
        eprintln!("{applicants} applicants, {blocks} blocks: {} of {} seats filled", p.placed, p.positions);
        group.bench_function(format!("{applicants} applicants, {blocks} blocks"), |b| b.iter(|| place(input).placed));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
