//! Realistic random instances, shaped like the NRMP Main Match:
//! - programs belong to a specialty (weighted: internal medicine largest)
//!   and a city; cities group into regions; popularity is heavy-tailed;
//! - applicants apply within their specialty (sometimes adding a backup
//!   specialty), mostly in a home region, ranking 5–15 programs;
//! - programs rank most of those who applied, by a shared noisy view of
//!   applicant strength;
//! - couples rank pairs in the same city, each member in their own
//!   specialty, sometimes accepting that one of them goes unmatched.

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
    /// Positions in all, spread over programs (at least one each).
    pub positions: usize,
    /// Seed.
    pub seed: u64,
}

/// Relative sizes of specialties (share of positions), largest first.
const SPECIALTIES: &[u32] = &[330, 110, 95, 80, 60, 50, 40, 35, 30, 25, 25, 20, 18, 15, 14, 12, 10, 10, 8, 8, 6, 5, 4, 3];

struct Dice(ChaCha8Rng);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.0.next_u64() % total.max(1);
        for (i, w) in weights.iter().enumerate() {
            if x < u64::from(*w) {
                return i;
            }
            x -= u64::from(*w);
        }
        weights.len() - 1
    }
}

/// Programs to pick from, by popularity.
#[derive(Default)]
struct Pool {
    programs: Vec<usize>,
    cumulative: Vec<f64>,
}

impl Pool {
    fn add(&mut self, p: usize, weight: f64) {
        let last = self.cumulative.last().copied().unwrap_or(0.0);
        self.programs.push(p);
        self.cumulative.push(last + weight);
    }
    fn pick(&self, d: &mut Dice) -> Option<usize> {
        let total = *self.cumulative.last()?;
        let x = d.unit() * total;
        Some(self.programs[self.cumulative.partition_point(|c| *c < x).min(self.programs.len() - 1)])
    }
}

/// Makes an instance of `shape`. Same shape and seed, same instance.
pub fn generate(shape: Shape) -> Instance {
    let mut d = Dice(ChaCha8Rng::seed_from_u64(shape.seed));
    let n_programs = shape.programs.max(1);
    let n_specialties = SPECIALTIES.len();
    let cities = (n_programs / 25).max(1);
    let regions = (cities / 10).max(1);

    let specialty: Vec<usize> = (0..n_programs).map(|_| d.weighted(SPECIALTIES)).collect();
    let city: Vec<usize> = (0..n_programs).map(|_| d.below(cities)).collect();
    let popularity: Vec<f64> = (0..n_programs).map(|_| 1.0 / (0.05 + d.unit()).powf(1.2)).collect();
    let mut capacity = vec![1u32; n_programs];
    for _ in n_programs..shape.positions.max(n_programs) {
        capacity[d.below(n_programs)] += 1;
    }
    let mut by_specialty: Vec<Pool> = (0..n_specialties).map(|_| Pool::default()).collect();
    let mut by_specialty_region: Vec<Pool> = (0..n_specialties * regions).map(|_| Pool::default()).collect();
    let mut by_city_specialty: Vec<Vec<usize>> = vec![Vec::new(); cities * n_specialties];
    for p in 0..n_programs {
        by_specialty[specialty[p]].add(p, popularity[p]);
        by_specialty_region[specialty[p] * regions + city[p] % regions].add(p, popularity[p]);
        by_city_specialty[city[p] * n_specialties + specialty[p]].push(p);
    }

    let ids: Vec<String> = (0..shape.applicants).map(|i| format!("A{}", i + 1)).collect();
    let strength: Vec<f64> = (0..shape.applicants).map(|_| d.unit()).collect();
    let mut applied: Vec<Vec<usize>> = vec![Vec::new(); n_programs];
    let members = (shape.couples * 2).min(shape.applicants);
    let n_singles = shape.applicants - members;

    let mut applicants = Vec::with_capacity(n_singles);
    for (a, id) in ids.iter().enumerate().take(n_singles) {
        let mine = d.weighted(SPECIALTIES);
        let backup = (d.unit() < 0.2).then(|| d.weighted(SPECIALTIES));
        let home = d.below(regions);
        let n = 5 + d.below(11);
        let mut list: Vec<usize> = Vec::with_capacity(n);
        for _ in 0..n * 20 {
            if list.len() == n {
                break;
            }
            let s = match backup {
                Some(b) if d.unit() < 0.3 => b,
                _ => mine,
            };
            let local = &by_specialty_region[s * regions + home];
            let pick =
                if d.unit() < 0.7 && !local.programs.is_empty() { local.pick(&mut d) } else { by_specialty[s].pick(&mut d) };
            if let Some(p) = pick
                && !list.contains(&p)
            {
                list.push(p);
            }
        }
        for p in &list {
            applied[*p].push(a);
        }
        applicants.push(Applicant { id: id.clone(), ranks: list.iter().map(|p| format!("P{}", p + 1)).collect() });
    }

    let mut couples = Vec::with_capacity(members / 2);
    for c in 0..members / 2 {
        let (x, y) = (n_singles + 2 * c, n_singles + 2 * c + 1);
        let (sx, sy) = (d.weighted(SPECIALTIES), d.weighted(SPECIALTIES));
        let mut pairs: Vec<[Option<usize>; 2]> = Vec::new();
        for _ in 0..40 {
            if pairs.len() >= 10 {
                break;
            }
            let town = d.below(cities);
            let (px, py) = (&by_city_specialty[town * n_specialties + sx], &by_city_specialty[town * n_specialties + sy]);
            if px.is_empty() || py.is_empty() {
                continue;
            }
            for _ in 0..1 + d.below(3) {
                let pair = [Some(px[d.below(px.len())]), Some(py[d.below(py.len())])];
                if pair[0] != pair[1] && !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
            if d.unit() < 0.3 {
                let alone = [Some(px[d.below(px.len())]), None];
                if !pairs.contains(&alone) {
                    pairs.push(alone);
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

    let programs = (0..n_programs)
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
