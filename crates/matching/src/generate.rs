//! Realistic random instances: programs in cities, some far more popular
//! than others; applicants who favour a home region and rank 5–15
//! programs; programs that rank most of those who applied, by a noisy
//! shared view of applicant strength; couples who rank pairs in one city.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use crate::instance::{Applicant, Couple, Instance, Program};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Single applicants plus couple members.
    pub applicants: usize,
    /// Programs.
    pub programs: usize,
    /// Couples (each takes two of the applicants).
    pub couples: usize,
    /// Positions in all (spread over programs); NRMP-like is about 0.92 per applicant.
    pub positions: usize,
    /// Seed.
    pub seed: u64,
}

struct Dice(ChaCha8Rng);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Makes an instance of `shape`. Same shape and seed, same instance.
pub fn generate(shape: Shape) -> Instance {
    let mut d = Dice(ChaCha8Rng::seed_from_u64(shape.seed));
    let programs_n = shape.programs.max(1);
    let cities = (programs_n / 25).max(1);
    let regions = (cities / 10).max(1);
    // Programs: a city each, a popularity (heavy-tailed), a capacity.
    let city: Vec<usize> = (0..programs_n).map(|_| d.below(cities)).collect();
    let popularity: Vec<f64> = (0..programs_n).map(|_| 1.0 / (0.05 + d.unit()).powf(1.2)).collect();
    let mut capacity = vec![1u32; programs_n];
    for _ in programs_n..shape.positions.max(programs_n) {
        let p = d.below(programs_n);
        capacity[p] += 1;
    }
    // Cumulative popularity, for weighted picks, overall and per region.
    let pick = |d: &mut Dice, pool: &[usize], cumulative: &[f64]| -> usize {
        let total = cumulative.last().copied().unwrap_or(0.0);
        let x = d.unit() * total;
        pool[cumulative.partition_point(|c| *c < x).min(pool.len() - 1)]
    };
    let region_of = |p: usize| city[p] % regions;
    let by_region: Vec<(Vec<usize>, Vec<f64>)> = (0..regions)
        .map(|r| {
            let pool: Vec<usize> = (0..programs_n).filter(|p| region_of(*p) == r).collect();
            let mut acc = 0.0;
            let cum = pool.iter().map(|p| {
                acc += popularity[*p];
                acc
            });
            let cum: Vec<f64> = cum.collect();
            (pool, cum)
        })
        .collect();
    let all: Vec<usize> = (0..programs_n).collect();
    let mut acc = 0.0;
    let all_cum: Vec<f64> = all
        .iter()
        .map(|p| {
            acc += popularity[*p];
            acc
        })
        .collect();
    let by_city: Vec<Vec<usize>> = (0..cities).map(|c| (0..programs_n).filter(|p| city[*p] == c).collect()).collect();

    let ids: Vec<String> = (0..shape.applicants).map(|i| format!("A{}", i + 1)).collect();
    let strength: Vec<f64> = (0..shape.applicants).map(|_| d.unit()).collect();
    let mut applied: Vec<Vec<usize>> = vec![Vec::new(); programs_n];
    let mut list_for = |d: &mut Dice, a: usize| -> Vec<usize> {
        let home = d.below(regions);
        let n = 5 + d.below(11);
        let mut list: Vec<usize> = Vec::with_capacity(n);
        let mut tries = 0;
        while list.len() < n && tries < n * 20 {
            tries += 1;
            let p = if d.unit() < 0.7 && !by_region[home].0.is_empty() {
                pick(d, &by_region[home].0, &by_region[home].1)
            } else {
                pick(d, &all, &all_cum)
            };
            if !list.contains(&p) {
                list.push(p);
            }
        }
        for p in &list {
            applied[*p].push(a);
        }
        list
    };
    let couple_members = (shape.couples * 2).min(shape.applicants);
    let singles_n = shape.applicants - couple_members;
    let mut applicants = Vec::with_capacity(singles_n);
    for a in 0..singles_n {
        let list = list_for(&mut d, a);
        applicants.push(Applicant { id: ids[a].clone(), ranks: list.iter().map(|p| format!("P{}", p + 1)).collect() });
    }
    let mut couples = Vec::with_capacity(shape.couples);
    for c in 0..couple_members / 2 {
        let (x, y) = (singles_n + 2 * c, singles_n + 2 * c + 1);
        let mut pairs: Vec<[Option<usize>; 2]> = Vec::new();
        let cities_wanted = 1 + d.below(3);
        for _ in 0..cities_wanted {
            let pool = &by_city[d.below(cities)];
            if pool.is_empty() {
                continue;
            }
            let mine: Vec<usize> = (0..2 + d.below(3)).map(|_| pool[d.below(pool.len())]).collect();
            let theirs: Vec<usize> = (0..2 + d.below(3)).map(|_| pool[d.below(pool.len())]).collect();
            for p in &mine {
                for q in &theirs {
                    if !pairs.contains(&[Some(*p), Some(*q)]) {
                        pairs.push([Some(*p), Some(*q)]);
                    }
                }
            }
            if d.unit() < 0.5 {
                let p = mine[0];
                if !pairs.contains(&[Some(p), None]) {
                    pairs.push([Some(p), None]);
                }
            }
        }
        for pair in &pairs {
            for (m, p) in [x, y].iter().zip(pair) {
                if let Some(p) = p
                    && !applied[*p].contains(m)
                {
                    applied[*p].push(*m);
                }
            }
        }
        let name = |p: Option<usize>| p.map(|p| format!("P{}", p + 1));
        couples.push(Couple {
            members: [ids[x].clone(), ids[y].clone()],
            ranks: pairs.iter().map(|[p, q]| [name(*p), name(*q)]).collect(),
        });
    }
    // Programs rank most of those who applied, by strength plus their own noise.
    let programs = (0..programs_n)
        .map(|p| {
            let mut scored: Vec<(f64, usize)> = Vec::with_capacity(applied[p].len());
            for a in &applied[p] {
                if d.unit() < 0.9 {
                    scored.push((strength[*a] + 0.3 * d.unit(), *a));
                }
            }
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            Program {
                id: format!("P{}", p + 1),
                capacity: capacity[p],
                ranks: scored.into_iter().map(|(_, a)| ids[a].clone()).collect(),
            }
        })
        .collect();
    Instance { programs, applicants, couples }
}
