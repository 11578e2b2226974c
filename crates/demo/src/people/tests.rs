use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use matchready_core::Profile;
use matchready_core::account::Email;
use matchready_core::document::{DocumentKind, Validity};

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

#[test]
fn people_have_profiles_the_app_accepts_and_full_vaults() {
    let all = people(&mut Dice::new(1), 44, today());
    let mut emails = HashSet::new();
    for p in all.iter().chain(std::iter::once(&you(today()))) {
        assert!(emails.insert(p.email.clone()), "{} twice", p.email);
        assert!(Email::parse(&p.email).is_ok(), "{}", p.email);
        // Saved on the day they joined, as the profile page would save it.
        let parsed = Profile::parse(&p.profile, Some(p.joined)).unwrap_or_else(|e| panic!("{}: {e:?}", p.name));
        assert_eq!(parsed.facts(), p.facts);
        assert!(p.facts.applicant_type.is_some() && p.facts.visa.is_some(), "{}", p.name);
        assert!(p.joined < today());
        for d in &p.documents {
            let v = Validity { issued_on: d.issued_on, expires_on: d.expires_on };
            v.check(d.kind).unwrap_or_else(|e| panic!("{} {:?}: {e}", p.name, d.kind));
            assert!(d.issued_on.is_some_and(|i| i <= p.joined), "{} {:?} issued after joining", p.name, d.kind);
            assert_eq!(d.immunizations.is_some(), d.kind == DocumentKind::Immunization);
        }
        for kind in [DocumentKind::Passport, DocumentKind::Cv, DocumentKind::Immunization] {
            assert!(p.documents.iter().any(|d| d.kind == kind), "{} has no {kind:?}", p.name);
        }
    }
}

#[test]
fn some_documents_run_out_within_thirty_days_and_records_have_entries() {
    let all = people(&mut Dice::new(1), 44, today());
    let soon = today() + Days::new(30);
    let running_out = all.iter().filter(|p| p.documents.iter().any(|d| d.expires_on.is_some_and(|e| e >= today() && e <= soon)));
    assert!(running_out.count() >= 6);
    let records: Vec<_> = all.iter().flat_map(|p| p.documents.iter()).filter_map(|d| d.immunizations.as_ref()).collect();
    assert_eq!(records.len(), 44);
    assert!(records.iter().all(|r| r.mmr_doses.len() == 2 && r.tb.is_some()));
    // A few lack something a site will ask about.
    let start = today() + Days::new(30);
    assert!(records.iter().any(|r| !r.gaps(start, start + Days::new(27)).is_empty()));
    // Most lack nothing but what ages (this season's flu shot, a TB test read within 12 months).
    let lasting = |r: &&&Immunizations| {
        r.gaps(start, start + Days::new(27)).iter().all(|g| g.starts_with("Influenza") || g.starts_with("TB test"))
    };
    assert!(records.iter().filter(lasting).count() > 30);
}

#[test]
fn many_countries_schools_and_visas() {
    let all = people(&mut Dice::new(1), 44, today());
    let countries: HashSet<_> = all.iter().filter_map(|p| p.profile.school_country.clone()).collect();
    let schools: HashSet<_> = all.iter().filter_map(|p| p.profile.medical_school.clone()).collect();
    let visas: HashSet<_> = all.iter().filter_map(|p| p.facts.visa).collect();
    assert!(countries.len() >= 10 && schools.len() >= 20 && visas.len() >= 4, "{countries:?} {visas:?}");
    assert!(all.iter().any(|p| p.profile.step2_ck_score.is_some()));
    assert_eq!(all, people(&mut Dice::new(1), 44, today()));
    assert_ne!(all, people(&mut Dice::new(2), 44, today()));
}
