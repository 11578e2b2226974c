//! Why each applicant got what they got: for every program (or pair)
//! ranked higher than their match, the reason it did not take them.

use serde::Serialize;

use crate::check::room;
use crate::instance::Problem;

/// Why a program ranked higher did not take the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The program did not rank the applicant.
    NotRanked,
    /// The program filled its positions with applicants it ranked higher.
    FullWithHigherRanked,
    /// For a couple: the pair was not possible because of the partner's side.
    PartnerNotPlaced,
    /// The program had room: the matching is not stable here.
    HadRoom,
}

/// One program (or pair) ranked above the match, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotHigher {
    /// The program ranked higher (for a couple member, their side of the pair).
    pub program: Option<String>,
    /// For a couple member: the partner's side of the pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_program: Option<Option<String>>,
    /// Why not.
    pub reason: Reason,
}

/// One applicant's result, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The program matched, if any.
    pub matched: Option<String>,
    /// Every option ranked higher, with the reason it did not happen.
    pub higher: Vec<NotHigher>,
}

/// Why a program would not take `members` (with their ranks), or `None` if it would.
fn refusal(p: &Problem, holders: &[Vec<(u32, u32)>], q: u32, going: &[u32]) -> Option<Reason> {
    let mut ranks = Vec::with_capacity(2);
    for m in going {
        ranks.push(p.rank(q, *m)?);
    }
    (!room(p, holders, q, &ranks, going)).then_some(Reason::FullWithHigherRanked)
}

/// Explanations per applicant, in applicant order (singles, then couple members).
pub fn explain(p: &Problem, at: &[Option<u32>]) -> Vec<(String, Explanation)> {
    let mut holders: Vec<Vec<(u32, u32)>> = vec![Vec::new(); p.programs()];
    for (a, q) in at.iter().enumerate() {
        if let Some(q) = *q
            && let Some(r) = p.rank(q, a as u32)
        {
            holders[q as usize].push((r, a as u32));
        }
    }
    let name = |q: Option<u32>| q.map(|q| p.program_ids[q as usize].clone());
    let mut out: Vec<(String, Explanation)> = Vec::with_capacity(p.applicants());
    for &a in &p.singles {
        let list = &p.lists[a as usize];
        let held = at[a as usize].and_then(|q| list.iter().position(|x| *x == q)).unwrap_or(list.len());
        let higher = list[..held]
            .iter()
            .map(|&q| {
                let reason = match p.rank(q, a) {
                    None => Reason::NotRanked,
                    Some(_) => refusal(p, &holders, q, &[a]).unwrap_or(Reason::HadRoom),
                };
                NotHigher { program: name(Some(q)), partner_program: None, reason }
            })
            .collect();
        out.push((p.applicant_ids[a as usize].clone(), Explanation { matched: name(at[a as usize]), higher }));
    }
    for c in &p.couples {
        let now = [at[c.members[0] as usize], at[c.members[1] as usize]];
        let held = c.pairs.iter().position(|pair| *pair == now).unwrap_or(c.pairs.len());
        for (k, &m) in c.members.iter().enumerate() {
            let higher = c.pairs[..held]
                .iter()
                .map(|pair| {
                    let mine = pair[k];
                    let theirs = pair[1 - k];
                    let own = mine.and_then(|q| {
                        let going: Vec<u32> =
                            c.members.iter().zip(pair).filter(|(_, x)| **x == Some(q)).map(|(m, _)| *m).collect();
                        if p.rank(q, m).is_none() { Some(Reason::NotRanked) } else { refusal(p, &holders, q, &going) }
                    });
                    let partner = theirs.filter(|q| Some(*q) != mine).and_then(|q| {
                        let other = c.members[1 - k];
                        match p.rank(q, other) {
                            None => Some(Reason::PartnerNotPlaced),
                            Some(_) => refusal(p, &holders, q, &[other]).map(|_| Reason::PartnerNotPlaced),
                        }
                    });
                    NotHigher {
                        program: name(mine),
                        partner_program: Some(name(theirs)),
                        reason: own.or(partner).unwrap_or(Reason::HadRoom),
                    }
                })
                .collect();
            out.push((p.applicant_ids[m as usize].clone(), Explanation { matched: name(at[m as usize]), higher }));
        }
    }
    out
}
