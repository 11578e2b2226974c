//! Stable matching for placement rounds, the way the NRMP Match works.
//!
//! - [`Instance`] is the input (programs with capacities and rank lists,
//!   single applicants, couples ranking pairs), parsed and checked into a
//!   [`Problem`] of indices.
//! - [`solve`] runs applicant-proposing deferred acceptance, with couples
//!   handled as in Roth–Peranson: a couple displaced from one program
//!   withdraws its other member, and programs that gain a vacancy have the
//!   applicants they turned away re-examined. Without couples the result is
//!   the applicant-optimal stable matching (unique, whatever the order).
//!   With couples a stable matching may not exist: the solver stops after a
//!   bound and says so.
//! - [`check`] is an independent checker: every blocking pair and couple.
//! - [`explain`] says, for each applicant, why each program ranked higher
//!   than their match did not take them.
//! - [`generate`] makes realistic random instances.
//!
//! Pure: no I/O, no clock, no global randomness; same input, same output.

mod check;
mod engine;
mod explain;
pub mod generate;
mod instance;
mod outcome;

pub use check::{Blocking, check};
pub use engine::{Matching, solve};
pub use explain::{Explanation, Reason, explain};
pub use instance::{Applicant, Couple, InputError, Instance, Problem, Program};
pub use outcome::{Outcome, Stats, run};

/// Read-only views of a compiled problem, for tests and tools.
pub mod debug {
    use crate::Problem;

    /// Each applicant's rank list by index; `None` for couple members.
    pub fn lists(p: &Problem) -> Vec<Option<Vec<u32>>> {
        p.lists.iter().zip(&p.couple_of).map(|(l, c)| c.is_none().then(|| l.clone())).collect()
    }

    /// A couple's members (applicant indices) and ranked pairs (program indices).
    pub type CoupleView = ([usize; 2], Vec<[Option<u32>; 2]>);

    /// Each couple's members and ranked pairs.
    pub fn couples(p: &Problem) -> Vec<CoupleView> {
        p.couples.iter().map(|c| (c.members.map(|m| m as usize), c.pairs.clone())).collect()
    }
}
