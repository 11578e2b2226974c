//! The engine against the checker and brute force, on named textbook cases
//! and thousands of random small instances.

use matchready_matching::{Blocking, Couple, Instance, Problem, Program, check, run, solve};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

fn program(id: &str, capacity: u32, ranks: &[&str]) -> Program {
    Program { id: id.into(), capacity, ranks: ranks.iter().map(|s| s.to_string()).collect() }
}

fn single(id: &str, ranks: &[&str]) -> matchready_matching::Applicant {
    matchready_matching::Applicant { id: id.into(), ranks: ranks.iter().map(|s| s.to_string()).collect() }
}

fn solve_named(i: &Instance) -> (Problem, Vec<Option<String>>, Vec<Blocking>, bool) {
    let p = i.compile("").unwrap();
    let m = solve(&p);
    let blocking = check(&p, &m.at).expect("feasible");
    let names = m.at.iter().map(|q| q.map(|q| i.programs[q as usize].id.clone())).collect();
    (p, names, blocking, m.converged)
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn gale_shapley_three_by_three() {
    // Every applicant's first choice ranks them last: proposals bounce until
    // each settles; the applicant-optimal matching is A→X, B→Y, C→Z.
    let i = Instance {
        programs: vec![program("X", 1, &["B", "C", "A"]), program("Y", 1, &["C", "A", "B"]), program("Z", 1, &["A", "B", "C"])],
        applicants: vec![single("A", &["X", "Y", "Z"]), single("B", &["Y", "Z", "X"]), single("C", &["Z", "X", "Y"])],
        couples: vec![],
    };
    let (_, got, blocking, converged) = solve_named(&i);
    assert_eq!(got, [s("X"), s("Y"), s("Z")]);
    assert!(blocking.is_empty() && converged);
}

#[test]
fn hospitals_with_capacity_and_unacceptable_pairs() {
    // H1 (2 places) wants A, B, C; H2 (1 place) wants C, A. D is ranked by no one.
    let i = Instance {
        programs: vec![program("H1", 2, &["A", "B", "C"]), program("H2", 1, &["C", "A"])],
        applicants: vec![
            single("A", &["H2", "H1"]),
            single("B", &["H1"]),
            single("C", &["H1", "H2"]),
            single("D", &["H1", "H2"]),
        ],
        couples: vec![],
    };
    let (_, got, blocking, _) = solve_named(&i);
    // A holds H2 (its first choice, with room); B and C fill H1; nobody ranks D.
    assert_eq!(got, [s("H2"), s("H1"), s("H1"), None]);
    assert!(blocking.is_empty());
}

#[test]
fn couple_placed_together_in_one_city() {
    let i = Instance {
        programs: vec![program("P1", 1, &["A1", "C1"]), program("P2", 1, &["C2"]), program("P3", 1, &["A1", "C1"])],
        applicants: vec![single("A1", &["P1", "P3"])],
        couples: vec![Couple { members: ["C1".into(), "C2".into()], ranks: vec![[s("P1"), s("P2")], [s("P3"), s("P2")]] }],
    };
    let (_, got, blocking, _) = solve_named(&i);
    // The couple cannot have P1 (A1 is preferred there), so it takes P3 + P2.
    assert_eq!(got, [s("P1"), s("P3"), s("P2")]);
    // Had P3 not ranked C1, the couple would stay unmatched rather than split.
    let mut j = i.clone();
    j.programs[2].ranks = vec!["A1".into()];
    let (_, got, blocking_j, _) = solve_named(&j);
    assert_eq!(got, [s("P1"), None, None]);
    assert!(blocking_j.is_empty());
    assert!(blocking.is_empty());
}

#[test]
fn displaced_couple_withdraws_its_partner_and_the_freed_place_is_reoffered() {
    // The couple first holds (P1, P2); single S then takes P1 from C1, so
    // C2 leaves P2; T, turned away by P2 before, must now get P2.
    let i = Instance {
        programs: vec![program("P1", 1, &["S", "C1"]), program("P2", 1, &["C2", "T"]), program("P3", 2, &["C1", "C2", "T"])],
        applicants: vec![single("T", &["P2", "P3"]), single("S", &["P1"])],
        couples: vec![Couple { members: ["C1".into(), "C2".into()], ranks: vec![[s("P1"), s("P2")], [s("P3"), s("P3")]] }],
    };
    let (_, got, blocking, converged) = solve_named(&i);
    assert!(converged);
    assert!(blocking.is_empty(), "{blocking:?}");
    assert_eq!(got, [s("P2"), s("P1"), s("P3"), s("P3")]);
}

#[test]
fn couples_without_a_stable_matching_terminate_and_say_so() {
    // One couple, one single, two one-place programs: every matching is blocked.
    let json = r#"{
        "programs": [{"id": "H1", "capacity": 1, "ranks": ["M1", "S"]},
                     {"id": "H2", "capacity": 1, "ranks": ["S", "M2"]}],
        "applicants": [{"id": "S", "ranks": ["H1", "H2"]}],
        "couples": [{"members": ["M1", "M2"], "ranks": [["H1", "H2"]]}]
    }"#;
    let out = run(json, true).unwrap();
    assert!(!out.stable);
    assert!(!out.blocking.is_empty());
    let i = Instance::from_json(json).unwrap();
    assert!(brute_force(&i.compile(json).unwrap()).stable.is_empty(), "the instance really has no stable matching");
}

#[test]
fn explanations_say_why_not_each_higher_choice() {
    let json = r#"{"programs": [{"id": "P1", "capacity": 1, "ranks": ["A2", "A1"]},
                               {"id": "P2", "capacity": 1, "ranks": ["A2"]},
                               {"id": "P3", "capacity": 1, "ranks": ["A1"]}],
                  "applicants": [{"id": "A1", "ranks": ["P1", "P2", "P3"]}, {"id": "A2", "ranks": ["P1"]}]}"#;
    let out = run(json, true).unwrap();
    let e = &out.explanations.unwrap()["A1"];
    assert_eq!(e.matched.as_deref(), Some("P3"));
    let reasons: Vec<String> = e.higher.iter().map(|h| serde_json::to_string(&h.reason).unwrap()).collect();
    assert_eq!(reasons, ["\"full_with_higher_ranked\"", "\"not_ranked\""]);
}

#[test]
fn same_input_same_bytes() {
    let shape = matchready_matching::generate::Shape { applicants: 600, programs: 80, couples: 20, positions: 550, seed: 9 };
    let json = serde_json::to_string(&matchready_matching::generate::generate(shape)).unwrap();
    let again = serde_json::to_string(&matchready_matching::generate::generate(shape)).unwrap();
    assert_eq!(json, again, "the generator is deterministic");
    let a = serde_json::to_string(&run(&json, true).unwrap()).unwrap();
    let b = serde_json::to_string(&run(&json, true).unwrap()).unwrap();
    assert_eq!(a, b);
}

// ---- brute force -----------------------------------------------------------

struct Brute {
    /// Every stable matching, as per-applicant programs.
    stable: Vec<Vec<Option<u32>>>,
}

/// Every feasible matching of a small instance, kept if stable by the checker.
fn brute_force(p: &Problem) -> Brute {
    // Each unit's options: singles take a ranked program or none; couples a
    // ranked pair or none-none.
    let n = p.applicants();
    // Per unit, its options; an option places each member (applicant, program).
    type Placement = Vec<(usize, Option<u32>)>;
    let mut units: Vec<Vec<Placement>> = Vec::new();
    for (a, list) in p_lists(p).into_iter().enumerate() {
        if let Some(list) = list {
            let mut opts = vec![vec![(a, None)]];
            opts.extend(list.into_iter().map(|q| vec![(a, Some(q))]));
            units.push(opts);
        }
    }
    for (m, pairs) in p_couples(p) {
        let mut opts = vec![vec![(m[0], None), (m[1], None)]];
        opts.extend(pairs.into_iter().map(|[x, y]| vec![(m[0], x), (m[1], y)]));
        units.push(opts);
    }
    let mut stable = Vec::new();
    let mut choice = vec![0usize; units.len()];
    loop {
        let mut at = vec![None; n];
        for (u, c) in units.iter().zip(&choice) {
            for (a, q) in &u[*c] {
                at[*a] = *q;
            }
        }
        if let Ok(blocking) = check(p, &at)
            && blocking.is_empty()
        {
            stable.push(at);
        }
        // Next combination.
        let mut k = 0;
        loop {
            if k == units.len() {
                return Brute { stable };
            }
            choice[k] += 1;
            if choice[k] < units[k].len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}

/// Rank lists by applicant index (None for couple members), read back through the public output.
fn p_lists(p: &Problem) -> Vec<Option<Vec<u32>>> {
    matchready_matching::debug::lists(p)
}

fn p_couples(p: &Problem) -> Vec<matchready_matching::debug::CoupleView> {
    matchready_matching::debug::couples(p)
}

fn position(list: &[u32], q: Option<u32>) -> usize {
    q.and_then(|q| list.iter().position(|x| *x == q)).unwrap_or(list.len())
}

fn random_instance(seed: u64, couples: usize) -> Instance {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    let mut below = |n: u64| (r.next_u64() % n.max(1)) as usize;
    let programs_n = 1 + below(4);
    let singles_n = 1 + below(5);
    let names: Vec<String> = (0..singles_n + 2 * couples).map(|i| format!("A{i}")).collect();
    let mut programs: Vec<Program> = (0..programs_n).map(|p| program(&format!("P{p}"), below(3) as u32, &[])).collect();
    for p in &mut programs {
        let mut ranked: Vec<String> = names.iter().filter(|_| below(5) > 0).cloned().collect();
        for k in (1..ranked.len()).rev() {
            ranked.swap(k, below(k as u64 + 1));
        }
        p.ranks = ranked;
    }
    let pick_list = |below: &mut dyn FnMut(u64) -> usize| {
        let mut list: Vec<String> = (0..programs_n).filter(|_| below(4) > 0).map(|p| format!("P{p}")).collect();
        for k in (1..list.len()).rev() {
            list.swap(k, below(k as u64 + 1));
        }
        list
    };
    let applicants = names[..singles_n].iter().map(|a| single(a, &[])).map(|mut a| {
        a.ranks = pick_list(&mut below);
        a
    });
    let applicants: Vec<_> = applicants.collect();
    let mut cs = Vec::new();
    for c in 0..couples {
        let mut pairs: Vec<[Option<String>; 2]> = Vec::new();
        for _ in 0..1 + below(4) {
            let side = |below: &mut dyn FnMut(u64) -> usize| {
                let x = below(programs_n as u64 + 1);
                (x < programs_n).then(|| format!("P{x}"))
            };
            let pair = [side(&mut below), side(&mut below)];
            if pair != [None, None] && !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        cs.push(Couple { members: [names[singles_n + 2 * c].clone(), names[singles_n + 2 * c + 1].clone()], ranks: pairs });
    }
    Instance { programs, applicants, couples: cs }
}

#[test]
fn singles_match_the_applicant_optimal_stable_matching_found_by_brute_force() {
    for seed in 0..3_000 {
        let i = random_instance(seed, 0);
        let p = i.compile("").unwrap();
        let m = solve(&p);
        assert!(m.converged, "seed {seed}");
        let blocking = check(&p, &m.at).unwrap_or_else(|e| panic!("seed {seed}: infeasible: {e}"));
        assert!(blocking.is_empty(), "seed {seed}: blocked by {blocking:?}");
        let brute = brute_force(&p);
        assert!(brute.stable.contains(&m.at), "seed {seed}: the result is not among the stable matchings");
        let lists = p_lists(&p);
        for other in &brute.stable {
            for (a, list) in lists.iter().enumerate() {
                let list = list.as_ref().unwrap();
                assert!(
                    position(list, m.at[a]) <= position(list, other[a]),
                    "seed {seed}: applicant {a} does better in another stable matching"
                );
            }
        }
    }
}

#[test]
fn couples_terminate_and_are_stable_whenever_the_checker_says_so() {
    let (mut stable, mut exists) = (0, 0);
    for seed in 0..3_000 {
        let i = random_instance(seed, 1 + (seed % 2) as usize);
        let p = i.compile("").unwrap();
        let m = solve(&p);
        let blocking = check(&p, &m.at).unwrap_or_else(|e| panic!("seed {seed}: infeasible: {e}"));
        let brute = brute_force(&p);
        if blocking.is_empty() {
            stable += 1;
            assert!(brute.stable.contains(&m.at), "seed {seed}");
        }
        if !brute.stable.is_empty() {
            exists += 1;
        }
    }
    // The engine finds a stable matching in nearly every instance that has one.
    eprintln!("couples: stable result in {stable} of {exists} instances that have a stable matching");
    assert!(stable * 100 >= exists * 95, "stable {stable} of {exists} instances that have one");
}
