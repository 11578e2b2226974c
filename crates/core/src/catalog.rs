//! A whole catalog to load at once: sites, their preceptors and experiences.

use crate::{Experience, Preceptor, Site};

/// A preceptor and the site they teach at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePreceptor {
    /// The site's id.
    pub site_id: i64,
    /// The preceptor.
    pub preceptor: Preceptor,
}

/// Sites, preceptors and experiences with their ids already assigned;
/// experiences refer to sites and preceptors by those ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Sites.
    pub sites: Vec<Site>,
    /// Preceptors.
    pub preceptors: Vec<SitePreceptor>,
    /// Experiences.
    pub experiences: Vec<Experience>,
}

impl Catalog {
    /// Checks everything a trainee will rely on before any of it is stored.
    /// The error names the record and what to fix.
    pub fn validate(&self) -> Result<(), String> {
        use std::collections::{HashMap, HashSet};
        let mut site_ids = HashSet::new();
        for s in &self.sites {
            if !site_ids.insert(s.id) {
                return Err(format!("site {} appears twice", s.id));
            }
            if s.name.trim().is_empty() || s.city.trim().is_empty() {
                return Err(format!("site {} needs a name and a city", s.id));
            }
        }
        let mut preceptor_site = HashMap::new();
        for sp in &self.preceptors {
            if !site_ids.contains(&sp.site_id) {
                return Err(format!("preceptor {} names unknown site {}", sp.preceptor.id, sp.site_id));
            }
            if preceptor_site.insert(sp.preceptor.id, sp.site_id).is_some() {
                return Err(format!("preceptor {} appears twice", sp.preceptor.id));
            }
            if sp.preceptor.years_teaching < 0 {
                return Err(format!("preceptor {}: years teaching cannot be negative", sp.preceptor.id));
            }
        }
        let mut experience_ids = HashSet::new();
        let mut block_ids = HashSet::new();
        for e in &self.experiences {
            let at = |msg: String| format!("experience {}: {msg}", e.id);
            if !experience_ids.insert(e.id) {
                return Err(at("appears twice".into()));
            }
            if !site_ids.contains(&e.site.id) {
                return Err(at(format!("unknown site {}", e.site.id)));
            }
            if e.preceptors.is_empty() {
                return Err(at("needs at least one preceptor".into()));
            }
            for p in &e.preceptors {
                if preceptor_site.get(&p.id) != Some(&e.site.id) {
                    return Err(at(format!("preceptor {} does not teach at site {}", p.id, e.site.id)));
                }
            }
            crate::listing::check_text("the title", &e.title).map_err(|err| at(err.to_string()))?;
            crate::listing::check_text("the description", &e.description).map_err(|err| at(err.to_string()))?;
            e.price.validate().map_err(|err| at(err.to_string()))?;
            e.refund_policy.validate().map_err(|err| at(err.to_string()))?;
            let el = &e.eligibility;
            if el.applicant_types.is_empty() || el.visas.is_empty() {
                return Err(at("must accept at least one applicant type and one visa status".into()));
            }
            if el.max_years_since_graduation.is_some_and(|y| y < 0) {
                return Err(at("years since graduation cannot be negative".into()));
            }
            for b in &e.blocks {
                if !block_ids.insert(b.id) {
                    return Err(at(format!("block {} appears twice", b.id)));
                }
                if !(1..=52).contains(&b.weeks) || b.seats < 0 || b.observers < 0 || !(0..=b.seats).contains(&b.seats_left) {
                    return Err(at(format!("block {} needs 1–52 weeks and 0 ≤ seats left ≤ seats", b.id)));
                }
            }
        }
        Ok(())
    }
}
