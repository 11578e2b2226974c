//! "Only what someone like me can join" from a saved profile: the search's
//! facts (applicant type, graduation year, Step 1, ECFMG, visa) taken from
//! the profile instead of asked again, and said back in words.

use crate::{ApplicantType, RawProfile, RawSearch, Visa};

fn given(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

impl RawSearch {
    /// Whether any "someone like me" fact is given.
    pub fn has_facts(&self) -> bool {
        [&self.applicant_type, &self.grad_year, &self.step1, &self.ecfmg, &self.visa].into_iter().any(given)
    }

    /// These parameters with the "someone like me" facts of a saved profile (what the profile
    /// does not say stays unsaid).
    pub fn with_profile_facts(self, p: &RawProfile) -> Self {
        let flag = |b: Option<bool>| b.map(|b| b.to_string());
        RawSearch {
            applicant_type: p.applicant_type.clone(),
            grad_year: p.graduation_year.map(|y| y.to_string()),
            step1: flag(p.step1_passed),
            ecfmg: flag(p.ecfmg_certified),
            visa: p.visa.clone(),
            ..self
        }
    }
}

/// The "someone like me" facts a profile gives, in words, e.g. ["Graduate (IMG)", "graduated
/// 2022", "Step 1 passed", "ECFMG certified", "B-1/B-2 visitor visa"]; empty if it gives none.
pub fn profile_facts_in_words(p: &RawProfile) -> Vec<String> {
    let mut out = Vec::new();
    let kind = p.applicant_type.as_deref().and_then(ApplicantType::from_code);
    if let Some(t) = kind {
        out.push(t.name().to_string());
    }
    if let Some(y) = p.graduation_year {
        let student = kind.is_some_and(|t| t.is_student());
        out.push(if student { format!("graduating {y}") } else { format!("graduated {y}") });
    }
    match p.step1_passed {
        Some(true) => out.push("Step 1 passed".into()),
        Some(false) => out.push("Step 1 not yet passed".into()),
        None => {}
    }
    match p.ecfmg_certified {
        Some(true) => out.push("ECFMG certified".into()),
        Some(false) => out.push("not ECFMG certified".into()),
        None => {}
    }
    if let Some(v) = p.visa.as_deref().and_then(Visa::from_code) {
        out.push(v.name().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_profile_answers_the_like_me_questions() {
        let p = RawProfile {
            applicant_type: Some("img".into()),
            graduation_year: Some(2022),
            step1_passed: Some(true),
            ecfmg_certified: Some(false),
            visa: Some("b1_b2".into()),
            ..RawProfile::default()
        };
        let typed = RawSearch { q: Some("cardiology".into()), ..RawSearch::default() };
        assert!(!typed.has_facts());
        let raw = typed.with_profile_facts(&p);
        assert!(raw.has_facts());
        assert_eq!(raw.q.as_deref(), Some("cardiology"), "the rest of the search is kept");
        assert_eq!(
            (
                raw.applicant_type.as_deref(),
                raw.grad_year.as_deref(),
                raw.step1.as_deref(),
                raw.ecfmg.as_deref(),
                raw.visa.as_deref()
            ),
            (Some("img"), Some("2022"), Some("true"), Some("false"), Some("b1_b2"))
        );
        let words = profile_facts_in_words(&p);
        assert_eq!(words.len(), 5, "{words:?}");
        assert_eq!(words[1], "graduated 2022");
        assert_eq!(words[2], "Step 1 passed");
        assert_eq!(words[3], "not ECFMG certified");
        assert!(profile_facts_in_words(&RawProfile::default()).is_empty());
        assert!(!RawSearch { grad_year: Some("  ".into()), ..RawSearch::default() }.has_facts(), "blank is not given");
    }
}
