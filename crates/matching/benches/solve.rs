//! The solver at NRMP Main Match scale, without I/O: 47,000 applicants,
//! 6,600 programs, 43,000 positions, rank lists of 5–15; without couples,
//! and with 1,100 couples. Also the checker, and parsing plus compiling.

use criterion::{Criterion, criterion_group, criterion_main};
use matchready_matching::generate::{Shape, generate};
use matchready_matching::{check, solve};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("nrmp scale");
    group.sample_size(10);
    for couples in [0, 1_100] {
        let instance = generate(Shape { applicants: 47_000, programs: 6_600, couples, positions: 43_000, seed: 1 });
        let json = serde_json::to_string(&instance).unwrap();
        let problem = instance.compile(&json).unwrap();
        let m = solve(&problem);
        assert!(check(&problem, &m.at).unwrap().is_empty(), "the benchmark instance is matched stably");
        group.bench_function(format!("solve, {couples} couples"), |b| b.iter(|| solve(&problem)));
        group.bench_function(format!("check, {couples} couples"), |b| b.iter(|| check(&problem, &m.at).unwrap().len()));
        group.bench_function(format!("parse and compile, {couples} couples"), |b| {
            b.iter(|| matchready_matching::Instance::from_json(&json).unwrap().compile(&json).unwrap().applicants())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
