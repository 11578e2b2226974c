//! The input format, and its compilation into indices.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A program (residency track, rotation site) with its capacity and rank list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Identifier.
    pub id: String,
    /// Positions.
    pub capacity: u32,
    /// Applicants, most wanted first.
    pub ranks: Vec<String>,
}

/// A single applicant and their rank list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    /// Identifier.
    pub id: String,
    /// Programs, most wanted first.
    pub ranks: Vec<String>,
}

/// Two applicants who rank pairs of programs; either side may be `null` (no program).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Couple {
    /// The two members.
    pub members: [String; 2],
    /// Pairs, most wanted first: `[program for the first, program for the second]`.
    pub ranks: Vec<[Option<String>; 2]>,
}

/// A whole instance, as written in JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Programs.
    pub programs: Vec<Program>,
    /// Single applicants.
    pub applicants: Vec<Applicant>,
    /// Couples.
    #[serde(default)]
    pub couples: Vec<Couple>,
}

/// Input that cannot be matched: what is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map_or(String::new(), |l| format!("line {l}: ")))]
pub struct InputError {
    /// What is wrong, naming the offending id.
    pub message: String,
    /// The line of the input it was found on, when known.
    pub line: Option<usize>,
}

/// An instance compiled to indices: applicants `0..applicants()` (singles
/// and couple members), programs `0..programs()`.
#[derive(Debug, Clone)]
pub struct Problem {
    pub(crate) program_ids: Vec<String>,
    pub(crate) capacity: Vec<u32>,
    /// Per program: (applicant, rank) sorted by applicant, for lookups.
    pub(crate) program_ranks: Vec<Vec<(u32, u32)>>,
    pub(crate) applicant_ids: Vec<String>,
    /// Per applicant: its rank list (empty for couple members).
    pub(crate) lists: Vec<Vec<u32>>,
    /// Per applicant: its couple, if any.
    pub(crate) couple_of: Vec<Option<u32>>,
    /// Couples: members and ranked pairs.
    pub(crate) couples: Vec<CoupleDef>,
    /// Singles, in input order.
    pub(crate) singles: Vec<u32>,
}

/// A couple, compiled.
#[derive(Debug, Clone)]
pub(crate) struct CoupleDef {
    pub members: [u32; 2],
    pub pairs: Vec<[Option<u32>; 2]>,
}

/// The 1-based line of the `nth` (0-based) occurrence of `"needle"` in `text`.
fn line_of(text: &str, needle: &str, nth: usize) -> Option<usize> {
    let quoted = format!("\"{needle}\"");
    let (at, _) = text.match_indices(&quoted).nth(nth)?;
    Some(text[..at].bytes().filter(|b| *b == b'\n').count() + 1)
}

fn fail(text: &str, needle: &str, nth: usize, message: String) -> InputError {
    InputError { message, line: line_of(text, needle, nth) }
}

impl Instance {
    /// Parses JSON, or says what is malformed and on which line.
    pub fn from_json(text: &str) -> Result<Self, InputError> {
        serde_json::from_str(text)
            .map_err(|e| InputError { message: format!("malformed input: {e}"), line: (e.line() > 0).then_some(e.line()) })
    }

    /// Checks and compiles the instance. `text` (the JSON it came from, or
    /// empty) is used to say on which line a problem is.
    pub fn compile<'i>(&'i self, text: &str) -> Result<Problem, InputError> {
        let mut program_index: HashMap<&str, u32> = HashMap::with_capacity(self.programs.len());
        for p in &self.programs {
            if program_index.insert(&p.id, program_index.len() as u32).is_some() {
                return Err(fail(text, &p.id, 1, format!("program '{}' is listed twice", p.id)));
            }
        }
        let mut applicant_index: HashMap<&'i str, u32> = HashMap::new();
        let mut applicant_ids: Vec<String> = Vec::new();
        let mut couple_of: Vec<Option<u32>> = Vec::new();
        let mut add = |id: &'i str, couple: Option<u32>| -> Result<u32, InputError> {
            if program_index.contains_key(id) {
                return Err(fail(text, id, 1, format!("'{id}' is both a program and an applicant")));
            }
            let i = applicant_ids.len() as u32;
            if applicant_index.insert(id, i).is_some() {
                let msg = match couple {
                    Some(_) => format!("applicant '{id}' appears both as a single and in a couple, or in two couples"),
                    None => format!("applicant '{id}' is listed twice"),
                };
                return Err(fail(text, id, 1, msg));
            }
            applicant_ids.push(id.to_string());
            couple_of.push(couple);
            Ok(i)
        };
        let mut singles = Vec::with_capacity(self.applicants.len());
        for a in &self.applicants {
            singles.push(add(&a.id, None)?);
        }
        let mut members = Vec::with_capacity(self.couples.len());
        for (c, couple) in self.couples.iter().enumerate() {
            let [x, y] = &couple.members;
            if x == y {
                return Err(fail(text, x, 0, format!("couple member '{x}' is listed twice in the same couple")));
            }
            members.push([add(x, Some(c as u32))?, add(y, Some(c as u32))?]);
        }
        let program = |id: &str, owner: &str| -> Result<u32, InputError> {
            program_index.get(id).copied().ok_or_else(|| fail(text, id, 0, format!("'{owner}' ranks unknown program '{id}'")))
        };
        let mut lists = vec![Vec::new(); applicant_ids.len()];
        for (a, i) in self.applicants.iter().zip(&singles) {
            let mut seen = Vec::with_capacity(a.ranks.len());
            for id in &a.ranks {
                let p = program(id, &a.id)?;
                if seen.contains(&p) {
                    return Err(fail(text, &a.id, 0, format!("applicant '{}' ranks program '{id}' twice", a.id)));
                }
                seen.push(p);
            }
            lists[*i as usize] = seen;
        }
        let mut couples = Vec::with_capacity(self.couples.len());
        for (couple, m) in self.couples.iter().zip(members) {
            let owner = format!("{} & {}", couple.members[0], couple.members[1]);
            let mut pairs: Vec<[Option<u32>; 2]> = Vec::with_capacity(couple.ranks.len());
            for [x, y] in &couple.ranks {
                let x = x.as_deref().map(|id| program(id, &owner)).transpose()?;
                let y = y.as_deref().map(|id| program(id, &owner)).transpose()?;
                if pairs.contains(&[x, y]) {
                    return Err(fail(text, &couple.members[0], 0, format!("couple {owner} ranks the same pair twice")));
                }
                pairs.push([x, y]);
            }
            couples.push(CoupleDef { members: m, pairs });
        }
        let mut program_ranks = Vec::with_capacity(self.programs.len());
        for p in &self.programs {
            let mut ranks: Vec<(u32, u32)> = Vec::with_capacity(p.ranks.len());
            for (r, id) in p.ranks.iter().enumerate() {
                let a = *applicant_index
                    .get(id.as_str())
                    .ok_or_else(|| fail(text, id, 0, format!("program '{}' ranks unknown applicant '{id}'", p.id)))?;
                ranks.push((a, r as u32));
            }
            ranks.sort_unstable();
            if let Some(w) = ranks.windows(2).find(|w| w[0].0 == w[1].0) {
                let id = &applicant_ids[w[0].0 as usize];
                return Err(fail(text, &p.id, 0, format!("program '{}' ranks applicant '{id}' twice", p.id)));
            }
            program_ranks.push(ranks);
        }
        Ok(Problem {
            program_ids: self.programs.iter().map(|p| p.id.clone()).collect(),
            capacity: self.programs.iter().map(|p| p.capacity).collect(),
            program_ranks,
            applicant_ids,
            lists,
            couple_of,
            couples,
            singles,
        })
    }
}

impl Problem {
    /// Number of applicants (singles and couple members).
    pub fn applicants(&self) -> usize {
        self.applicant_ids.len()
    }

    /// Number of programs.
    pub fn programs(&self) -> usize {
        self.program_ids.len()
    }

    /// Total positions.
    pub fn positions(&self) -> u64 {
        self.capacity.iter().map(|c| u64::from(*c)).sum()
    }

    /// Where program `p` ranks applicant `a` (0 is best), or `None` if it does not.
    pub(crate) fn rank(&self, p: u32, a: u32) -> Option<u32> {
        let list = &self.program_ranks[p as usize];
        list.binary_search_by_key(&a, |&(x, _)| x).ok().map(|i| list[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(json: &str) -> Result<Problem, InputError> {
        Instance::from_json(json)?.compile(json)
    }

    #[test]
    fn names_the_offending_id_and_line() {
        let json = "{\"programs\": [{\"id\": \"P1\", \"capacity\": 1, \"ranks\": [\"A1\"]}],\n\"applicants\": [\n{\"id\": \"A1\", \"ranks\": [\"P9\"]}]}";
        let e = compile(json).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("P9") && e.message.contains("A1"), "{e}");

        let json = "{\"programs\": [{\"id\": \"P1\", \"capacity\": 1, \"ranks\": [\"A1\", \"Z\"]}],\n\"applicants\": [{\"id\": \"A1\", \"ranks\": [\"P1\"]}]}";
        let e = compile(json).unwrap_err();
        assert!(e.message.contains("unknown applicant 'Z'"), "{e}");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn refuses_duplicates_and_double_membership() {
        let dup = r#"{"programs": [{"id": "P1", "capacity": 1, "ranks": []}, {"id": "P1", "capacity": 1, "ranks": []}], "applicants": []}"#;
        assert!(compile(dup).unwrap_err().message.contains("'P1' is listed twice"));
        let both = r#"{"programs": [], "applicants": [{"id": "A1", "ranks": []}],
            "couples": [{"members": ["A1", "A2"], "ranks": []}]}"#;
        assert!(compile(both).unwrap_err().message.contains("both as a single and in a couple"));
    }

    #[test]
    fn negative_capacity_and_malformed_json_are_explained() {
        let neg = "{\"programs\": [\n{\"id\": \"P1\", \"capacity\": -2, \"ranks\": []}], \"applicants\": []}";
        let e = Instance::from_json(neg).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("-2"), "{e}");
        let bad = "{\"programs\": [";
        assert!(Instance::from_json(bad).unwrap_err().message.starts_with("malformed input"));
    }
}
