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

/// A site's address, ZIP code, phone and email: each may be left empty, and
/// is what a letterhead can print when given.
fn check_contact(s: &Site) -> Result<(), String> {
    if s.address.chars().count() > 200 || s.address.chars().any(char::is_control) {
        return Err("the address is at most 200 characters, on one line".into());
    }
    let zip = s.postal_code.as_bytes();
    let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    let zip_ok = match zip.len() {
        0 => true,
        5 => digits(zip),
        10 => digits(&zip[..5]) && zip[5] == b'-' && digits(&zip[6..]),
        _ => false,
    };
    if !zip_ok {
        return Err(format!("the ZIP code '{}' should be like 10016 or 10016-4500", s.postal_code));
    }
    let phone_digits = s.phone.chars().filter(char::is_ascii_digit).count();
    let phone_chars = s.phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if !s.phone.is_empty() && (!phone_chars || !(7..=20).contains(&phone_digits)) {
        return Err(format!("the phone '{}' should be 7 to 20 digits, e.g. +1 212 555 0142", s.phone));
    }
    if !s.email.is_empty() && crate::account::Email::parse(&s.email).is_err() {
        return Err(format!("the email '{}' is not an email address", s.email));
    }
    Ok(())
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
            check_contact(s).map_err(|e| format!("site {}: {e}", s.id))?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::State;

    fn site() -> Site {
        Site {
            id: 1,
            name: "Harbor Teaching Hospital".into(),
            kind: "Hospital".into(),
            city: "Brooklyn".into(),
            state: State::NY,
            address: "1200 Harbor Avenue, Suite 300".into(),
            postal_code: "11201".into(),
            phone: "+1 (718) 555-0142".into(),
            email: "clinical.education@harbor.example.org".into(),
        }
    }

    #[test]
    fn contact_details_may_be_given_or_left_empty() {
        assert_eq!(check_contact(&site()), Ok(()));
        let empty =
            Site { address: String::new(), postal_code: String::new(), phone: String::new(), email: String::new(), ..site() };
        assert_eq!(check_contact(&empty), Ok(()));
        assert_eq!(check_contact(&Site { postal_code: "11201-4500".into(), ..site() }), Ok(()));
    }

    #[test]
    fn bad_contact_details_are_refused_saying_what_is_wrong() {
        for (bad, says) in [
            (Site { postal_code: "1120".into(), ..site() }, "ZIP code"),
            (Site { postal_code: "11201 4500".into(), ..site() }, "ZIP code"),
            (Site { phone: "call us".into(), ..site() }, "phone"),
            (Site { phone: "12345".into(), ..site() }, "phone"),
            (Site { email: "office at harbor".into(), ..site() }, "email"),
            (Site { address: "line one\nline two".into(), ..site() }, "address"),
        ] {
            let err = check_contact(&bad).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
        let catalog = Catalog { sites: vec![Site { phone: "x".into(), ..site() }], ..Catalog::default() };
        assert!(catalog.validate().unwrap_err().starts_with("site 1: the phone"));
    }
}
