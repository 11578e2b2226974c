//! The search index against a reference filter written here from the
//! core's rules, on the demo catalog.

use chrono::{Datelike, NaiveDate};
use matchready_core::{
    ApplicantFacts, ApplicantType, CatalogIndex, Experience, ExperienceType, SearchDoc, SearchQuery, Sort, Specialty, State, Visa,
};
use matchready_demo::{DemoConfig, catalog};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn index(experiences: &[Experience]) -> CatalogIndex {
    CatalogIndex::new(experiences.iter().map(SearchDoc::from_experience).collect())
}

/// The reference: does `e` match `q`, by the core's rules?
fn matches(e: &Experience, q: &SearchQuery) -> bool {
    let words: Vec<String> =
        e.search_text().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let from = q.start_from.map_or(today(), |d| d.max(today()));
    let first_in_window = e.blocks.iter().filter(|b| b.start_date >= from).map(|b| b.start_date).min();
    let in_window = first_in_window.is_some_and(|d| q.start_to.is_none_or(|to| d <= to));
    q.terms.iter().all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
        && q.specialty.is_none_or(|s| e.specialty == s)
        && q.state.is_none_or(|s| e.site.state == s)
        && q.kind.is_none_or(|k| e.kind == k)
        && (!q.hands_on || e.kind.is_hands_on())
        && (q.start_from.is_none() && q.start_to.is_none() || in_window)
        && q.max_price_cents.is_none_or(|m| e.price.total_cents() <= m)
        && (!q.letter || e.letters.letter_possible)
        && e.eligibility.check(e.kind, &q.applicant, today().year()).is_empty()
}

fn all_ids(ix: &CatalogIndex, q: &SearchQuery) -> (Vec<i64>, i64) {
    let mut ids = Vec::new();
    let mut page = 1;
    loop {
        let got = ix.search(&SearchQuery { page, per_page: 100, ..q.clone() }, today());
        ids.extend(got.items.iter().map(|i| i.listing.id));
        if got.items.len() < 100 {
            return (ids, got.total);
        }
        page += 1;
    }
}

fn queries(experiences: &[Experience]) -> Vec<SearchQuery> {
    let surname = experiences[5].preceptors[0].name.split(' ').next_back().unwrap().to_lowercase();
    let base = SearchQuery::default;
    let mut qs = vec![
        base(),
        SearchQuery { specialty: Some(Specialty::InternalMedicine), ..base() },
        SearchQuery { state: Some(State::NY), hands_on: true, ..base() },
        SearchQuery { kind: Some(ExperienceType::Observership), letter: true, ..base() },
        SearchQuery { max_price_cents: Some(4_000_00), sort: Sort::Price, ..base() },
        SearchQuery {
            start_from: Some(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()),
            start_to: Some(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
            ..base()
        },
        SearchQuery { start_from: Some(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()), ..base() },
        SearchQuery { start_to: Some(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()), sort: Sort::Soonest, ..base() },
        SearchQuery { terms: vec![surname[..4].to_string()], ..base() },
        SearchQuery { terms: vec!["family".into(), "chic".into()], ..base() },
        SearchQuery { terms: vec!["zzzznothing".into()], ..base() },
        SearchQuery { terms: vec!["epic".into()], state: Some(State::TX), max_price_cents: Some(7_000_00), ..base() },
    ];
    let who = [
        ApplicantFacts { applicant_type: Some(ApplicantType::Img), visa: Some(Visa::B1B2), ..Default::default() },
        ApplicantFacts {
            applicant_type: Some(ApplicantType::Ims),
            visa: Some(Visa::B1B2),
            step1_passed: Some(false),
            ..Default::default()
        },
        ApplicantFacts {
            applicant_type: Some(ApplicantType::Img),
            graduation_year: Some(2019),
            step1_passed: Some(true),
            ecfmg_certified: Some(false),
            visa: Some(Visa::J1),
        },
        ApplicantFacts { graduation_year: Some(2014), ..Default::default() },
        ApplicantFacts { applicant_type: Some(ApplicantType::Np), ..Default::default() },
    ];
    qs.extend(who.into_iter().map(|applicant| SearchQuery { applicant, ..base() }));
    qs
}

#[test]
fn search_agrees_with_the_reference_filter() {
    let c = catalog(&DemoConfig::new(today()));
    let ix = index(&c.experiences);
    assert_eq!(ix.len(), c.experiences.len());
    for q in queries(&c.experiences) {
        let mut expected: Vec<i64> = c.experiences.iter().filter(|e| matches(e, &q)).map(|e| e.id).collect();
        let (mut got, total) = all_ids(&ix, &q);
        assert_eq!(total, expected.len() as i64, "total for {q:?}");
        let n = got.len();
        got.sort();
        got.dedup();
        assert_eq!(got.len(), n, "an experience appears on two pages for {q:?}");
        expected.sort();
        assert_eq!(got, expected, "results for {q:?}");
    }
}

#[test]
fn orders_are_as_documented() {
    let c = catalog(&DemoConfig::new(today()));
    let ix = index(&c.experiences);
    let by_id = |id: i64| c.experiences.iter().find(|e| e.id == id).unwrap();

    let page = ix.search(&SearchQuery { sort: Sort::Price, per_page: 100, page: 3, ..Default::default() }, today());
    assert!(page.items.windows(2).all(|w| w[0].listing.total_cents <= w[1].listing.total_cents), "price order");

    let page = ix.search(&SearchQuery { sort: Sort::Soonest, per_page: 100, page: 7, ..Default::default() }, today());
    let starts: Vec<_> = page.items.iter().map(|i| i.next_start.unwrap_or(NaiveDate::MAX)).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "soonest order");
    let first = &page.items[0];
    let full = by_id(first.listing.id);
    assert_eq!(first.listing.total_cents, full.price.total_cents());
    assert_eq!(first.next_start, full.next_block(today()).map(|b| b.start_date));
    assert_eq!(first.listing.preceptor_name, full.preceptors[0].name);

    // Best match without text: hands-on first, verified before unverified among them.
    let page = ix.search(&SearchQuery { per_page: 100, ..Default::default() }, today());
    let keys: Vec<(bool, bool)> =
        page.items.iter().map(|i| (!i.listing.hands_on, i.listing.last_verified_on.is_none())).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "best-match order");

    // Relevance: both words in the title outrank a match in the description.
    let q = SearchQuery { terms: vec!["internal".into(), "medicine".into()], ..Default::default() };
    let page = ix.search(&q, today());
    assert!(page.items[0].listing.title.to_lowercase().contains("internal medicine"), "{:?}", page.items[0].listing.title);

    // Paging is stable: pages 1 and 2 of 10 equal the first 20.
    let q = |page, per_page| SearchQuery { page, per_page, sort: Sort::Price, ..Default::default() };
    let twenty: Vec<i64> = ix.search(&q(1, 20), today()).items.iter().map(|i| i.listing.id).collect();
    let tens: Vec<i64> = [1, 2].iter().flat_map(|p| ix.search(&q(*p, 10), today()).items).map(|i| i.listing.id).collect();
    assert_eq!(twenty, tens);

    // Past the last page: nothing listed, total still told.
    let page = ix.search(&SearchQuery { specialty: Some(Specialty::InternalMedicine), page: 500, ..Default::default() }, today());
    assert!(page.items.is_empty());
    assert!(page.total > 0);
}

#[test]
fn an_empty_catalog_finds_nothing() {
    let ix = CatalogIndex::new(Vec::new());
    let page = ix.search(&SearchQuery { terms: vec!["a".into()], ..Default::default() }, today());
    assert_eq!((page.total, page.items.len()), (0, 0));
}
