use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn full() -> RawProfile {
    RawProfile {
        applicant_type: Some("img".into()),
        medical_school: Some(" King George's Medical University ".into()),
        school_country: Some("India".into()),
        graduation_year: Some(2022),
        step1_passed: Some(true),
        step1_attempts: Some(1),
        step2_ck_score: Some(248),
        step2_ck_attempts: Some(1),
        ecfmg_certified: Some(true),
        visa: Some("b1_b2".into()),
        target_specialties: vec!["internal-medicine".into(), "family-medicine".into(), "internal-medicine".into()],
        preferred_states: vec!["NY".into(), "nj".into()],
        budget_cents: Some(450_000),
        available: vec![Availability { from: day("2027-01-04"), to: day("2027-06-30") }],
        languages: vec!["English".into(), " Hindi ".into(), "".into()],
        usce_months: Some(2),
        date_of_birth: Some(day("1996-08-14")),
        citizenship: Some("India".into()),
        passport_number: Some("z4821937".into()),
    }
}

#[test]
fn a_full_profile_round_trips() {
    let p = Profile::parse(&full(), Some(today())).unwrap();
    assert_eq!(p.medical_school.as_deref(), Some("King George's Medical University"));
    assert_eq!(p.target_specialties.len(), 2, "duplicates dropped");
    assert_eq!(p.languages, ["English", "Hindi"]);
    assert_eq!(p.passport_number.as_deref(), Some("Z4821937"));
    assert_eq!(Profile::parse(&p.raw(), None).unwrap(), p);
    let f = p.facts();
    assert_eq!((f.applicant_type, f.visa, f.graduation_year), (Some(ApplicantType::Img), Some(Visa::B1B2), Some(2022)));
    assert_eq!(Profile::parse(&RawProfile::default(), Some(today())).unwrap(), Profile::default());
}

#[test]
fn every_bad_field_is_named_with_what_to_do() {
    let raw = RawProfile {
        applicant_type: Some("doctor".into()),
        graduation_year: Some(2040),
        step2_ck_score: Some(301),
        step2_ck_attempts: Some(9),
        visa: Some("tourist".into()),
        target_specialties: vec!["surgery-ish".into()],
        preferred_states: vec!["ZZ".into()],
        budget_cents: Some(-1),
        available: vec![Availability { from: day("2027-03-01"), to: day("2027-02-01") }],
        usce_months: Some(500),
        medical_school: Some("x".repeat(201)),
        date_of_birth: Some(day("2031-01-01")),
        citizenship: Some("x".repeat(101)),
        passport_number: Some("P-1".into()),
        ..RawProfile::default()
    };
    let errors = Profile::parse(&raw, Some(today())).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    for f in [
        "applicant_type",
        "graduation_year",
        "step2_ck_score",
        "step2_ck_attempts",
        "visa",
        "target_specialties",
        "preferred_states",
        "budget_cents",
        "available",
        "usce_months",
        "medical_school",
        "date_of_birth",
        "citizenship",
        "passport_number",
    ] {
        assert!(fields.contains(&f), "{f} not reported: {errors:?}");
    }
    assert!(errors.iter().any(|e| e.message.contains("1 to 300")), "{errors:?}");
}

#[test]
fn dates_are_judged_against_today_only_when_given() {
    let graduate_next_year =
        RawProfile { applicant_type: Some("img".into()), graduation_year: Some(2027), ..RawProfile::default() };
    assert!(Profile::parse(&graduate_next_year, Some(today())).is_err(), "a graduate cannot graduate next year");
    let student = RawProfile { applicant_type: Some("ims".into()), graduation_year: Some(2029), ..RawProfile::default() };
    assert!(Profile::parse(&student, Some(today())).is_ok());
    let over =
        RawProfile { available: vec![Availability { from: day("2026-01-01"), to: day("2026-02-01") }], ..RawProfile::default() };
    assert!(Profile::parse(&over, Some(today())).is_err());
    assert!(Profile::parse(&over, None).is_ok(), "what was stored reads back whatever the date");
    let score_without_attempt = RawProfile { step2_ck_score: Some(230), step2_ck_attempts: Some(0), ..RawProfile::default() };
    assert!(Profile::parse(&score_without_attempt, Some(today())).is_err());
}
