//! An independent stability checker: it knows nothing of how a matching
//! was found, only the instance and the matching, and it is what the tests
//! trust.
//!
//! A single applicant `a` and a program `p` block when `a` prefers `p` to
//! what `a` holds, `p` ranks `a`, and `p` has room for `a` (a free position,
//! or someone it ranks below `a`). A couple blocks with a pair it prefers to
//! the pair it holds when each program of the pair would take the member(s)
//! sent to it: a member already there stays; a partner who would leave still
//! counts among the holders, so a program never has to give a place to one
//! member that it would rather keep for the other or for anyone it holds.

use serde::Serialize;

use crate::instance::Problem;

/// A blocking pair or couple.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Blocking {
    /// A single applicant and a program that would both rather be together.
    Pair {
        /// The applicant.
        applicant: String,
        /// The program.
        program: String,
    },
    /// A couple and a pair of programs that would take them.
    Couple {
        /// The couple's members.
        couple: [String; 2],
        /// The pair.
        programs: [Option<String>; 2],
    },
}

/// Would program `q` take the members `going` there (with `ranks`)? Those
/// already at `q` count as in; anyone else it holds, a leaving partner
/// included, keeps their place unless ranked below the newcomers.
pub(crate) fn room(p: &Problem, holders: &[Vec<(u32, u32)>], q: u32, ranks: &[u32], going: &[u32]) -> bool {
    let worst = ranks.iter().copied().max().unwrap_or(0);
    let better = holders[q as usize].iter().filter(|(r, a)| *r < worst && !going.contains(a)).count();
    better + ranks.len() <= p.capacity[q as usize] as usize
}

/// Checks that `at` (per applicant, the program held) is a feasible matching
/// of `p`, and lists every blocking pair and couple. `Err` says why the
/// matching is not feasible at all (over capacity, not mutually acceptable).
pub fn check(p: &Problem, at: &[Option<u32>]) -> Result<Vec<Blocking>, String> {
    if at.len() != p.applicants() {
        return Err(format!("{} applicants matched, {} in the instance", at.len(), p.applicants()));
    }
    let mut holders: Vec<Vec<(u32, u32)>> = vec![Vec::new(); p.programs()];
    for (a, q) in at.iter().enumerate() {
        if let Some(q) = *q {
            let r = p
                .rank(q, a as u32)
                .ok_or_else(|| format!("{} holds {}, which does not rank them", p.applicant_ids[a], p.program_ids[q as usize]))?;
            holders[q as usize].push((r, a as u32));
        }
    }
    for (q, h) in holders.iter().enumerate() {
        if h.len() > p.capacity[q] as usize {
            return Err(format!("{} holds {} applicants for {} positions", p.program_ids[q], h.len(), p.capacity[q]));
        }
    }
    let mut blocking = Vec::new();
    for &a in &p.singles {
        let list = &p.lists[a as usize];
        let held = match at[a as usize] {
            None => list.len(),
            Some(q) => list.iter().position(|x| *x == q).ok_or_else(|| {
                format!("{} holds {}, which they did not rank", p.applicant_ids[a as usize], p.program_ids[q as usize])
            })?,
        };
        for &q in &list[..held] {
            if let Some(r) = p.rank(q, a)
                && room(p, &holders, q, &[r], &[a])
            {
                blocking.push(Blocking::Pair {
                    applicant: p.applicant_ids[a as usize].clone(),
                    program: p.program_ids[q as usize].clone(),
                });
            }
        }
    }
    for c in &p.couples {
        let now = [at[c.members[0] as usize], at[c.members[1] as usize]];
        let held = match c.pairs.iter().position(|pair| *pair == now) {
            Some(i) => i,
            None if now == [None, None] => c.pairs.len(),
            None => {
                return Err(format!(
                    "couple {} & {} holds a pair they did not rank",
                    p.applicant_ids[c.members[0] as usize], p.applicant_ids[c.members[1] as usize]
                ));
            }
        };
        'pairs: for pair in &c.pairs[..held] {
            for (k, q) in pair.iter().enumerate() {
                let Some(q) = *q else { continue };
                if pair[..k].contains(&Some(q)) {
                    continue;
                }
                let mut ranks = Vec::with_capacity(2);
                let mut going = Vec::with_capacity(2);
                for (m, place) in c.members.iter().zip(pair) {
                    if *place == Some(q) {
                        match p.rank(q, *m) {
                            Some(r) => ranks.push(r),
                            None => continue 'pairs,
                        }
                        going.push(*m);
                    }
                }
                if !room(p, &holders, q, &ranks, &going) {
                    continue 'pairs;
                }
            }
            blocking.push(Blocking::Couple {
                couple: c.members.map(|m| p.applicant_ids[m as usize].clone()),
                programs: pair.map(|q| q.map(|q| p.program_ids[q as usize].clone())),
            });
        }
    }
    Ok(blocking)
}
