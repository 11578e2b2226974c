//! The result of a run, as the command line writes it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Blocking, Explanation, InputError, Instance, check, explain, solve};

/// Counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Applicants (singles and couple members).
    pub applicants: usize,
    /// Applicants matched to a program.
    pub matched: usize,
    /// Positions offered.
    pub positions: u64,
    /// Positions filled.
    pub filled: u64,
}

/// What a run produces. Keys are sorted, so the same input gives the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Each applicant's program, or `null`.
    pub assignments: BTreeMap<String, Option<String>>,
    /// Whether the checker found no blocking pair or couple.
    pub stable: bool,
    /// Whether the solver settled before its bound (with couples it may not).
    pub converged: bool,
    /// Every blocking pair and couple the checker found.
    pub blocking: Vec<Blocking>,
    /// Counts.
    pub stats: Stats,
    /// Per applicant, why not each program ranked higher (with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanations: Option<BTreeMap<String, Explanation>>,
}

/// Parses, checks, solves, verifies and (optionally) explains an instance given as JSON.
pub fn run(json: &str, with_explanations: bool) -> Result<Outcome, InputError> {
    let instance = Instance::from_json(json)?;
    let problem = instance.compile(json)?;
    let m = solve(&problem);
    let blocking =
        check(&problem, &m.at).map_err(|e| InputError { message: format!("internal error, please report: {e}"), line: None })?;
    let matched = m.at.iter().filter(|q| q.is_some()).count();
    let assignments = problem
        .applicant_ids
        .iter()
        .zip(&m.at)
        .map(|(a, q)| (a.clone(), q.map(|q| problem.program_ids[q as usize].clone())))
        .collect();
    Ok(Outcome {
        assignments,
        stable: blocking.is_empty(),
        converged: m.converged,
        blocking,
        stats: Stats { applicants: problem.applicants(), matched, positions: problem.positions(), filled: matched as u64 },
        explanations: with_explanations.then(|| explain(&problem, &m.at).into_iter().collect()),
    })
}
