//! The search parameters' parser: each bad parameter named, defaults, limits.

use super::*;

fn raw(pairs: &[(&str, &str)]) -> RawSearch {
    let obj: serde_json::Map<String, serde_json::Value> =
        pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string()))).collect();
    serde_json::from_value(serde_json::Value::Object(obj)).unwrap()
}

#[test]
fn parses_a_full_query() {
    let q = SearchQuery::parse(
        &raw(&[
            ("q", "Cardiology  clinic, Brooklyn!"),
            ("specialty", "internal-medicine"),
            ("state", "ny"),
            ("type", "externship"),
            ("hands_on", "true"),
            ("start_from", "2027-01-01"),
            ("start_to", "2027-06-30"),
            ("max_price", "4000"),
            ("letter", "on"),
            ("visa", "b1_b2"),
            ("applicant_type", "img"),
            ("grad_year", "2022"),
            ("step1", "true"),
            ("per_page", "50"),
            ("page", "3"),
        ]),
        2026,
    )
    .unwrap();
    assert_eq!(q.terms, ["cardiology", "clinic", "brooklyn"]);
    assert_eq!(q.specialty, Some(Specialty::InternalMedicine));
    assert_eq!(q.state, Some(State::NY));
    assert_eq!(q.kind, Some(ExperienceType::Externship));
    assert!(q.hands_on && q.letter);
    assert_eq!(q.max_price_cents, Some(400_000));
    assert_eq!(q.applicant.applicant_type, Some(ApplicantType::Img));
    assert_eq!(q.applicant.visa, Some(Visa::B1B2));
    assert_eq!(q.sort, Sort::Relevance);
    assert_eq!(q.offset(), 100);
}

#[test]
fn blank_fields_are_absent_and_defaults_apply() {
    let q = SearchQuery::parse(&raw(&[("q", " "), ("state", ""), ("sort", "")]), 2026).unwrap();
    assert_eq!(q, SearchQuery::default());
}

#[test]
fn each_bad_value_names_its_field_and_the_fix() {
    let errs = SearchQuery::parse(
        &raw(&[
            ("specialty", "cardio"),
            ("state", "ZZ"),
            ("start_from", "2027-05-01"),
            ("start_to", "2027-01-01"),
            ("max_price", "-5"),
            ("per_page", "100000"),
            ("grad_year", "2090"),
            ("sort", "cheapest"),
            ("hands_on", "maybe"),
            ("start_from", "2027-05-01"),
        ]),
        2026,
    )
    .unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["specialty", "state", "hands_on", "start_to", "max_price", "grad_year", "sort", "per_page"]);
    assert!(errs[0].message.contains("GET /api/v1/specialties"));
    assert!(errs[3].message.contains("swap"));
    assert!(errs.iter().all(|e| !e.message.starts_with(e.field)));
}

#[test]
fn terms_are_capped_and_deduplicated() {
    assert_eq!(terms("a A b-b c"), ["a", "b", "c"]);
    assert_eq!(terms("1 2 3 4 5 6 7 8 9 10").len(), MAX_TERMS);
    assert!(terms("'; DROP TABLE --").iter().all(|t| t.chars().all(char::is_alphanumeric)));
}
