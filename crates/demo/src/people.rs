//! The demo's applicants: invented people with the facts real IMGs bring
//! (school and country, graduation year, visa, USMLE results, languages,
//! targets and budget) and a vault of documents, some running out soon.
//! Pure: the same seed and day give the same people.

use chrono::{Datelike, Days, NaiveDate};
use matchready_core::document::DocumentKind;
use matchready_core::immunization::{Immunizations, TbMethod, TbTest};
use matchready_core::profile::Availability;
use matchready_core::{ApplicantFacts, Profile, RawProfile};

use crate::countries::COUNTRIES;
use crate::dice::Dice;

/// One invented applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Name as others see it.
    pub name: String,
    /// Login (all `@example.org`).
    pub email: String,
    /// The day they signed up and filled their vault.
    pub joined: NaiveDate,
    /// Their profile, as codes.
    pub profile: RawProfile,
    /// What eligibility reads of it.
    pub facts: ApplicantFacts,
    /// Their vault, uploaded the day they joined.
    pub documents: Vec<PlannedDocument>,
}

/// A document to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDocument {
    /// What it is.
    pub kind: DocumentKind,
    /// Issued on.
    pub issued_on: Option<NaiveDate>,
    /// Runs out on.
    pub expires_on: Option<NaiveDate>,
    /// An immunization record's entries.
    pub immunizations: Option<Immunizations>,
}

/// Kinds that may be the one running out soon.
const SOON: &[DocumentKind] =
    &[DocumentKind::Bls, DocumentKind::LiabilityInsurance, DocumentKind::BackgroundCheck, DocumentKind::Visa, DocumentKind::Acls];

fn days_before(day: NaiveDate, n: i64) -> NaiveDate {
    day - Days::new(n.max(0) as u64)
}

fn days_after(day: NaiveDate, n: i64) -> NaiveDate {
    day + Days::new(n.max(0) as u64)
}

/// Lower-case ASCII letters of a name, for an email address.
fn slug(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// `count` invented applicants; one in six has a document running out within 30 days of `today`.
pub fn people(dice: &mut Dice, count: usize, today: NaiveDate) -> Vec<Person> {
    let weights: Vec<(usize, u32)> = COUNTRIES.iter().enumerate().map(|(i, c)| (i, c.weight)).collect();
    let mut out: Vec<Person> = Vec::with_capacity(count);
    for n in 0..count {
        let country = &COUNTRIES[*dice.weighted(&weights)];
        let given = *dice.pick(country.given);
        let surname = *dice.pick(country.surnames);
        let name = format!("{given} {surname}");
        let base = format!("{}.{}", slug(given), slug(surname));
        let mut email = format!("{base}@example.org");
        let mut k = 2;
        while out.iter().any(|p| p.email == email) {
            email = format!("{base}{k}@example.org");
            k += 1;
        }
        // Most joined months ago (their rotations are done or under way); some only recently.
        let joined =
            if dice.chance(70) { days_before(today, dice.range(150, 215)) } else { days_before(today, dice.range(25, 70)) };
        let profile = profile(dice, country, joined, today);
        let soon = (n % 6 == 5).then(|| (*dice.pick(SOON), days_after(today, dice.range(4, 28))));
        let documents = documents(dice, &profile, joined, soon);
        out.push(person(name, email, joined, profile, documents));
    }
    out
}

fn person(name: String, email: String, joined: NaiveDate, profile: RawProfile, documents: Vec<PlannedDocument>) -> Person {
    let facts = Profile::parse(&profile, None).map(|p| p.facts()).unwrap_or_default();
    Person { name, email, joined, profile, facts, documents }
}

fn profile(dice: &mut Dice, country: &crate::countries::Country, joined: NaiveDate, today: NaiveDate) -> RawProfile {
    let year = joined.year();
    let student = dice.chance(if country.us_students { 60 } else { 25 });
    let graduation_year = if student { year + dice.range(0, 1) as i32 + 1 } else { year - dice.range(0, 6) as i32 };
    let step1 = dice.chance(if student { 65 } else { 92 });
    let step2 = !student && step1 && dice.chance(75);
    let visa = if country.us_students {
        if dice.chance(85) { "us_citizen_or_resident" } else { "f1" }
    } else if student {
        *dice.weighted(&[("b1_b2", 80), ("f1", 12), ("j1", 8)])
    } else {
        *dice.weighted(&[("b1_b2", 45), ("us_citizen_or_resident", 18), ("other", 12), ("j1", 12), ("h1b", 8), ("f1", 5)])
    };
    let targets: &[(&str, u32)] = &[
        ("internal-medicine", 45),
        ("family-medicine", 25),
        ("pediatrics", 10),
        ("psychiatry", 8),
        ("neurology", 5),
        ("general-surgery", 4),
        ("pathology", 3),
    ];
    let mut target_specialties = vec![dice.weighted(targets).to_string()];
    if dice.chance(50) {
        let second = dice.weighted(targets).to_string();
        if !target_specialties.contains(&second) {
            target_specialties.push(second);
        }
    }
    let states = ["NY", "NJ", "IL", "TX", "FL", "CA", "MI", "PA", "OH", "GA", "MD", "MA"];
    let mut preferred_states: Vec<String> = Vec::new();
    for _ in 0..dice.range(1, 4) {
        let s = dice.pick(&states).to_string();
        if !preferred_states.contains(&s) {
            preferred_states.push(s);
        }
    }
    let mut languages = vec!["English".to_string()];
    if let Some(l) = (!country.languages.is_empty()).then(|| dice.pick(country.languages).to_string()) {
        languages.push(l);
    }
    let school = dice.pick(country.schools).to_string();
    // The passport's facts follow from what was drawn (no more dice, so the plan stays the same).
    let mark = school
        .bytes()
        .chain(preferred_states.concat().into_bytes())
        .fold(2_166_136_261_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16_777_619));
    let born = NaiveDate::from_ymd_opt(graduation_year - 25 - (mark % 4) as i32, 1 + mark % 12, 1 + (mark / 12) % 28);
    RawProfile {
        date_of_birth: born,
        citizenship: Some(country.name.into()),
        passport_number: Some(format!("{}{:07}", char::from(b'A' + (mark % 26) as u8), mark % 10_000_000)),
        applicant_type: Some(if student { "ims" } else { "img" }.into()),
        medical_school: Some(school),
        school_country: Some(country.name.into()),
        graduation_year: Some(graduation_year),
        step1_passed: Some(step1),
        step1_attempts: step1.then(|| if dice.chance(88) { 1 } else { 2 }),
        step2_ck_score: step2.then(|| dice.range(214, 268) as i32),
        step2_ck_attempts: step2.then_some(1),
        ecfmg_certified: Some(step2 && dice.chance(60)),
        visa: Some(visa.into()),
        target_specialties,
        preferred_states,
        budget_cents: Some(dice.dollars(2_500, 9_000, 250)),
        available: vec![Availability { from: days_after(joined, 14), to: days_after(today, dice.range(150, 330)) }],
        languages,
        usce_months: Some(dice.range(0, 4) as i32),
    }
}

/// A vault: passport, CV, immunization record, BLS, background check, insurance, a diploma (or a
/// dean's letter), the USMLE transcript after Step 1, a visa for those who need one. Issued before
/// `joined`; `soon` names the one that runs out on a day soon.
fn documents(
    dice: &mut Dice,
    p: &RawProfile,
    joined: NaiveDate,
    soon: Option<(DocumentKind, NaiveDate)>,
) -> Vec<PlannedDocument> {
    use DocumentKind as D;
    let mut kinds = vec![D::Passport, D::Cv, D::Immunization, D::Bls, D::BackgroundCheck, D::LiabilityInsurance];
    kinds.push(if p.applicant_type.as_deref() == Some("img") { D::Diploma } else { D::DeansLetter });
    if p.step1_passed == Some(true) {
        kinds.push(D::UsmleTranscript);
    }
    if matches!(p.visa.as_deref(), Some("b1_b2" | "j1" | "f1" | "h1b")) {
        kinds.push(D::Visa);
    }
    if dice.chance(25) {
        kinds.push(D::Acls);
    }
    // Only a document they have can run out: a visa for those who hold one, or else the BLS card.
    let soon = soon.map(|(kind, on)| (if kinds.contains(&kind) || kind == D::Acls { kind } else { D::Bls }, on));
    if let Some((D::Acls, _)) = soon
        && !kinds.contains(&D::Acls)
    {
        kinds.push(D::Acls);
    }
    kinds
        .into_iter()
        .map(|kind| {
            let (issued, years) = match kind {
                D::Passport => (days_before(joined, dice.range(200, 2_000)), 10),
                D::Visa => (days_before(joined, dice.range(30, 700)), 5),
                D::Bls | D::Acls => (days_before(joined, dice.range(20, 300)), 2),
                D::BackgroundCheck | D::LiabilityInsurance => (days_before(joined, dice.range(5, 40)), 1),
                D::Immunization => (days_before(joined, dice.range(5, 50)), 1),
                _ => (days_before(joined, dice.range(10, 900)), 0),
            };
            let mut expires = (years > 0).then(|| days_after(issued, 365 * years));
            let mut issued_on = Some(issued);
            if let Some((k, on)) = soon
                && k == kind
            {
                expires = Some(on);
                issued_on = Some(days_before(on, 365 * years.max(1)).min(days_before(joined, 1)));
            }
            let immunizations = (kind == D::Immunization).then(|| immunizations(dice, issued, p.graduation_year));
            PlannedDocument { kind, issued_on, expires_on: expires, immunizations }
        })
        .collect()
}

/// An AAMC-style record: childhood MMR and hepatitis B, varicella by titer or doses, a recent Tdap,
/// a negative TB test on `on`, and last season's flu shot; about one in six lacks something.
fn immunizations(dice: &mut Dice, on: NaiveDate, graduation_year: Option<i32>) -> Immunizations {
    let born = graduation_year.unwrap_or(on.year()) - 25;
    let day = |year: i32, month: u32| NaiveDate::from_ymd_opt(year, month, 1 + (year as u32 * 7 + month) % 27).unwrap_or(on);
    let flu_year = if on.month() >= 10 { on.year() } else { on.year() - 1 };
    let mut r = Immunizations {
        mmr_doses: vec![day(born + 1, 3), day(born + 5, 9)],
        hepatitis_b_doses: vec![day(born, 2), day(born, 4), day(born, 10)],
        tdap_on: Some(day(on.year() - dice.range(1, 8) as i32, 5)),
        tb: Some(TbTest {
            method: if dice.chance(70) { TbMethod::Igra } else { TbMethod::Tst },
            date: on,
            negative: true,
            chest_xray_clear_on: None,
        }),
        influenza_on: Some(day(flu_year, 10).min(on)),
        ..Immunizations::default()
    };
    if dice.chance(60) {
        r.varicella_titer_positive_on = Some(day(on.year() - 1, 6));
    } else {
        r.varicella_doses = vec![day(born + 1, 6), day(born + 4, 6)];
    }
    match dice.below(12) {
        0 => r.influenza_on = None,
        1 => r.hepatitis_b_doses.truncate(2),
        _ => {}
    }
    r
}

/// The demo applicant (applicant@example.org, "Amara Applicant"): a final-year student from
/// Nigeria on a B-1 visa, Step 1 passed, aiming at internal or family medicine; her ACLS card runs
/// out in three weeks (no experience's checklist asks for it, so nothing stops her applying).
pub fn you(today: NaiveDate) -> Person {
    let joined = days_before(today, 200);
    let profile = RawProfile {
        applicant_type: Some("ims".into()),
        medical_school: Some("University of Nigeria College of Medicine".into()),
        school_country: Some("Nigeria".into()),
        graduation_year: Some(joined.year() + 1),
        step1_passed: Some(true),
        step1_attempts: Some(1),
        ecfmg_certified: Some(false),
        visa: Some("b1_b2".into()),
        target_specialties: vec!["internal-medicine".into(), "family-medicine".into()],
        preferred_states: vec!["NY".into(), "TX".into(), "IL".into()],
        budget_cents: Some(6_500_00),
        available: vec![Availability { from: days_after(joined, 14), to: days_after(today, 300) }],
        languages: vec!["English".into(), "Igbo".into()],
        usce_months: Some(0),
        ..RawProfile::default()
    };
    let mut dice = Dice::new(0x00a3_a7a5);
    let documents = documents(&mut dice, &profile, joined, Some((DocumentKind::Acls, days_after(today, 21))));
    person("Amara Applicant".into(), "applicant@example.org".into(), joined, profile, documents)
}

#[cfg(test)]
mod tests;
