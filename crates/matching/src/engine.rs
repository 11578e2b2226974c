//! Applicant-proposing deferred acceptance, with couples as in
//! Roth–Peranson.
//!
//! Units (a single applicant, or a couple) apply down their rank lists; a
//! program holds the best applicants it has been offered, up to capacity.
//! A couple needs both programs of a pair to hold its members at once. When
//! a couple member is displaced, the couple withdraws its other member and
//! applies again below the pair it held. A program that gains a vacancy
//! that way (or because a unit moved up) re-examines every unit it turned
//! away for lack of room: each tries the options it prefers to what it
//! holds, and moves only if one accepts. Without couples no vacancy ever
//! appears and this is plain deferred acceptance.
//!
//! Singles apply first; couples then enter one at a time, each settled
//! before the next, as in Roth–Peranson. With couples a stable matching may
//! not exist and this process may cycle, so it stops after a bound on the
//! options tried. The caller checks
//! the result with [`crate::check`].

use std::collections::VecDeque;

use crate::instance::Problem;

const NONE: u32 = u32::MAX;

/// A unit that applies together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// A single applicant.
    Single(u32),
    /// A couple, by index.
    Couple(u32),
}

#[derive(Debug, Clone, Copy)]
enum Task {
    /// The unit is unmatched: try options from this index on.
    Free(Unit, u32),
    /// Try the options better than the one held: only those naming this
    /// program (which turned the unit away and now has a vacancy), or all
    /// of them when `NONE` (the unit's own places may open a better pair).
    Retry(Unit, u32),
}

/// The result of [`solve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matching {
    /// Per applicant: the program they hold, if any.
    pub at: Vec<Option<u32>>,
    /// Whether the process settled; `false` means it stopped at the bound.
    pub converged: bool,
    /// Options tried.
    pub steps: u64,
}

struct Engine<'a> {
    p: &'a Problem,
    /// Per program: (rank, applicant) held.
    held: Vec<Vec<(u32, u32)>>,
    at: Vec<Option<u32>>,
    /// Per single applicant, then per couple: the option index held, or NONE.
    cur_single: Vec<u32>,
    cur_couple: Vec<u32>,
    /// Per program: units it turned away for lack of room since its last vacancy.
    rejected: Vec<Vec<Unit>>,
    queue: VecDeque<Task>,
    steps: u64,
    /// Per couple: times displaced in this attempt; past a limit, the attempt is cycling.
    displacements: Vec<u32>,
    cycling: bool,
}

/// Whether an option was taken.
enum Tried {
    Taken,
    Refused,
}

impl<'a> Engine<'a> {
    fn len(&self, u: Unit) -> u32 {
        match u {
            Unit::Single(a) => self.p.lists[a as usize].len() as u32,
            Unit::Couple(c) => self.p.couples[c as usize].pairs.len() as u32,
        }
    }

    fn cur(&self, u: Unit) -> u32 {
        match u {
            Unit::Single(a) => self.cur_single[a as usize],
            Unit::Couple(c) => self.cur_couple[c as usize],
        }
    }

    fn set_cur(&mut self, u: Unit, i: u32) {
        match u {
            Unit::Single(a) => self.cur_single[a as usize] = i,
            Unit::Couple(c) => self.cur_couple[c as usize] = i,
        }
    }

    /// The unit's members and where option `i` places each (one member for a single).
    fn option(&self, u: Unit, i: u32) -> ([u32; 2], [Option<u32>; 2], usize) {
        match u {
            Unit::Single(a) => ([a, NONE], [Some(self.p.lists[a as usize][i as usize]), None], 1),
            Unit::Couple(c) => {
                let def = &self.p.couples[c as usize];
                (def.members, def.pairs[i as usize], 2)
            }
        }
    }

    /// Whether option `i` of unit `u` places someone at program `q`.
    fn names(&self, u: Unit, i: u32, q: u32) -> bool {
        match u {
            Unit::Single(a) => self.p.lists[a as usize][i as usize] == q,
            Unit::Couple(c) => self.p.couples[c as usize].pairs[i as usize].contains(&Some(q)),
        }
    }

    /// Would program `q` take members `going` there (with `ranks`)? A member
    /// already at `q` stays and counts as in; a partner leaving `q` still
    /// counts as a holder: the program gives up no one it prefers.
    fn room(&self, q: u32, ranks: &[u32], going: &[u32]) -> bool {
        let worst = ranks.iter().copied().max().unwrap_or(0);
        let better = self.held[q as usize].iter().filter(|(r, a)| *r < worst && !going.contains(a)).count();
        better + ranks.len() <= self.p.capacity[q as usize] as usize
    }

    /// Tries option `i` of unit `u`; on success, commits it and queues what follows.
    fn try_option(&mut self, u: Unit, i: u32) -> Tried {
        self.steps += 1;
        let (members, places, n) = self.option(u, i);
        let members = &members[..n];
        let places = &places[..n];
        // Every program named must rank its members and have room for them.
        for (k, q) in places.iter().enumerate() {
            let Some(q) = *q else { continue };
            if places[..k].contains(&Some(q)) {
                continue; // same program as an earlier member: checked together
            }
            let mut ranks = [0u32; 2];
            let mut going = [0u32; 2];
            let mut count = 0;
            for (m, place) in members.iter().zip(places) {
                if *place == Some(q) {
                    match self.p.rank(q, *m) {
                        Some(r) => ranks[count] = r,
                        None => return Tried::Refused,
                    }
                    going[count] = *m;
                    count += 1;
                }
            }
            if !self.room(q, &ranks[..count], &going[..count]) {
                let list = &mut self.rejected[q as usize];
                if list.last() != Some(&u) {
                    list.push(u);
                }
                return Tried::Refused;
            }
        }
        // Commit: leave old programs, join new ones, push out the overflow.
        let mut vacancies: Vec<u32> = Vec::new();
        for (m, place) in members.iter().zip(places) {
            if let Some(old) = self.at[*m as usize]
                && Some(old) != *place
            {
                self.held[old as usize].retain(|(_, a)| a != m);
                vacancies.push(old);
            }
        }
        let mut evicted: Vec<(u32, u32)> = Vec::new();
        for (m, place) in members.iter().zip(places) {
            if let Some(q) = *place
                && self.at[*m as usize] != Some(q)
            {
                let r = self.p.rank(q, *m).unwrap_or(u32::MAX);
                let held = &mut self.held[q as usize];
                held.push((r, *m));
                while held.len() > self.p.capacity[q as usize] as usize {
                    let worst = (0..held.len()).max_by_key(|&j| held[j].0).unwrap_or(0);
                    let (_, x) = held.swap_remove(worst);
                    evicted.push((x, q));
                }
            }
            self.at[*m as usize] = *place;
        }
        self.set_cur(u, i);
        if let Unit::Couple(_) = u
            && i > 0
        {
            // The places the couple now holds may open a pair it prefers
            // (one member handing its place to the other): look again.
            self.queue.push_back(Task::Retry(u, NONE));
        }
        for (x, q) in evicted {
            self.displaced(x, q, &mut vacancies);
        }
        for q in vacancies {
            self.reexamine(q);
        }
        Tried::Taken
    }

    /// `x` lost its place at `q`: its unit applies again below the option
    /// it held, and counts as turned away by `q` should `q` gain a vacancy.
    fn displaced(&mut self, x: u32, q: u32, vacancies: &mut Vec<u32>) {
        self.at[x as usize] = None;
        let unit = match self.p.couple_of[x as usize] {
            None => Unit::Single(x),
            Some(c) => {
                // The couple withdraws the other member.
                let def = &self.p.couples[c as usize];
                let partner = if def.members[0] == x { def.members[1] } else { def.members[0] };
                if let Some(r) = self.at[partner as usize].take() {
                    self.held[r as usize].retain(|(_, a)| *a != partner);
                    vacancies.push(r);
                }
                self.displacements[c as usize] += 1;
                if self.displacements[c as usize] > 64 + 4 * def.pairs.len() as u32 {
                    self.cycling = true;
                }
                Unit::Couple(c)
            }
        };
        let list = &mut self.rejected[q as usize];
        if list.last() != Some(&unit) {
            list.push(unit);
        }
        let held = self.cur(unit);
        self.set_cur(unit, NONE);
        self.queue.push_back(Task::Free(unit, held.saturating_add(1)));
    }

    /// `q` gained a vacancy: everyone it turned away may try again.
    fn reexamine(&mut self, q: u32) {
        let mut units = std::mem::take(&mut self.rejected[q as usize]);
        // Offer the place best-ranked first, at once: otherwise a weaker
        // applicant takes it only to be displaced by the next, in a ladder.
        let p = self.p;
        let rank = |u: &Unit| match *u {
            Unit::Single(a) => p.rank(q, a).unwrap_or(u32::MAX),
            Unit::Couple(c) => p.couples[c as usize].members.iter().filter_map(|m| p.rank(q, *m)).min().unwrap_or(u32::MAX),
        };
        units.sort_by_key(|u| {
            (
                rank(u),
                match *u {
                    Unit::Single(a) => (0, a),
                    Unit::Couple(c) => (1, c),
                },
            )
        });
        units.dedup();
        for u in units.into_iter().rev() {
            self.queue.push_front(Task::Retry(u, q));
        }
    }

    fn run(&mut self, bound: u64) -> bool {
        while let Some(task) = self.queue.pop_front() {
            if self.steps > bound || self.cycling {
                return false;
            }
            let (u, from, to, only) = match task {
                Task::Free(u, from) if self.cur(u) == NONE => (u, from, self.len(u), NONE),
                Task::Free(..) => continue, // matched again meanwhile
                Task::Retry(u, only) => {
                    let cur = self.cur(u);
                    (u, 0, if cur == NONE { self.len(u) } else { cur }, only)
                }
            };
            for i in from..to {
                if only != NONE && !self.names(u, i, only) {
                    continue;
                }
                if let Tried::Taken = self.try_option(u, i) {
                    break;
                }
            }
        }
        true
    }
}

/// How many orders of couples to try before giving up on stability.
const ATTEMPTS: u64 = 8;

/// Matches `p`. Singles apply first; then couples enter one at a time, in
/// input order. If that cycles or ends unstable (possible with couples),
/// other orders of the couples are tried (reversed, then fixed shuffles),
/// and the first stable result is returned, or else the one with the
/// fewest blocking pairs. Deterministic: the same input gives the same result.
pub fn solve(p: &Problem) -> Matching {
    let options: u64 =
        p.lists.iter().map(|l| l.len() as u64).sum::<u64>() + p.couples.iter().map(|c| c.pairs.len() as u64).sum::<u64>();
    let bound = 16 * options + 1_000;
    if p.couples.is_empty() {
        // Plain deferred acceptance: it always settles, on the
        // applicant-optimal stable matching; one run is enough.
        return attempt_with(p, &[], bound);
    }
    let mut best: Option<(usize, Matching)> = None;
    let mut steps = 0;
    for attempt in 0..ATTEMPTS {
        let order = couple_order(p.couples.len(), attempt);
        let mut m = attempt_with(p, &order, bound);
        steps += m.steps;
        m.steps = steps;
        let blocking = crate::check(p, &m.at).map_or(usize::MAX, |b| b.len());
        if blocking == 0 {
            return m;
        }
        if best.as_ref().is_none_or(|(b, _)| blocking < *b) {
            best = Some((blocking, m));
        }
    }
    let (_, mut m) = best.unwrap_or_else(|| (0, attempt_with(p, &[], bound)));
    m.steps = steps;
    m
}

/// The order couples enter in, for attempt `n`: input order, reversed, then fixed shuffles.
fn couple_order(n: usize, attempt: u64) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    match attempt {
        0 => {}
        1 => order.reverse(),
        _ => {
            // Fisher–Yates with splitmix64: portable and fixed per attempt.
            let mut x = attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            for i in (1..order.len()).rev() {
                x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = x;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^= z >> 31;
                order.swap(i, (z % (i as u64 + 1)) as usize);
            }
        }
    }
    order
}

fn attempt_with(p: &Problem, order: &[u32], bound: u64) -> Matching {
    let mut e = Engine {
        p,
        held: p.capacity.iter().map(|c| Vec::with_capacity(*c as usize + 1)).collect(),
        at: vec![None; p.applicants()],
        cur_single: vec![NONE; p.applicants()],
        cur_couple: vec![NONE; p.couples.len()],
        rejected: vec![Vec::new(); p.programs()],
        queue: VecDeque::with_capacity(p.singles.len() + p.couples.len()),
        steps: 0,
        displacements: vec![0; p.couples.len()],
        cycling: false,
    };
    // As Roth–Peranson: singles first, to a stable matching among them;
    // then couples one at a time, each settled before the next enters.
    e.queue.extend(p.singles.iter().map(|a| Task::Free(Unit::Single(*a), 0)));
    let mut converged = e.run(bound);
    for &c in order {
        if !converged {
            break;
        }
        e.queue.push_back(Task::Free(Unit::Couple(c), 0));
        converged = e.run(bound);
    }
    Matching { at: e.at, converged, steps: e.steps }
}
