//! Every storage method, on SQLite and (when a server answers) PostgreSQL.
//! Search results are checked against a reference filter written here from
//! the core's rules, so both backends must agree with the domain, not just
//! with each other.

use chrono::{Datelike, NaiveDate};
use matchready_core::{ApplicantFacts, ApplicantType, Catalog, Experience, ExperienceType, SearchQuery, Sort, Specialty, State, Visa};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::TestDb;
use matchready_store::{Store, StoreError, connect};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// The reference: does `e` match `q`, by the core's rules?
fn matches(e: &Experience, q: &SearchQuery) -> bool {
    let all_words: Vec<String> =
        e.search_text().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let from = q.start_from.map_or(today(), |d| d.max(today()));
    let in_window = e.blocks.iter().any(|b| b.start_date >= from && q.start_to.is_none_or(|to| b.start_date <= to));
    q.terms.iter().all(|t| all_words.iter().any(|w| w.starts_with(t.as_str())))
        && q.specialty.is_none_or(|s| e.specialty == s)
        && q.state.is_none_or(|s| e.site.state == s)
        && q.kind.is_none_or(|k| e.kind == k)
        && (!q.hands_on || e.kind.is_hands_on())
        && (q.start_from.is_none() && q.start_to.is_none() || in_window)
        && q.max_price_cents.is_none_or(|m| e.price.total_cents() <= m)
        && (!q.letter || e.letters.letter_possible)
        && e.eligibility.check(e.kind, &q.applicant, today().year()).is_empty()
}

async fn all_ids(store: &dyn Store, q: &SearchQuery) -> (Vec<i64>, i64) {
    let mut ids = Vec::new();
    let mut page = 1;
    loop {
        let got = store.search_experiences(&SearchQuery { page, per_page: 100, ..q.clone() }, today()).await.unwrap();
        let n = got.items.len();
        ids.extend(got.items.iter().map(|i| i.id));
        if n < 100 {
            return (ids, got.total);
        }
        page += 1;
    }
}

fn queries(c: &Catalog) -> Vec<SearchQuery> {
    let surname = c.experiences[5].preceptors[0].name.split(' ').next_back().unwrap().to_lowercase();
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
        SearchQuery { terms: vec![surname[..4].to_string()], sort: Sort::Relevance, ..base() },
        SearchQuery { terms: vec!["family".into(), "chic".into()], ..base() },
        SearchQuery { terms: vec!["zzzznothing".into()], ..base() },
    ];
    let who = [
        ApplicantFacts { applicant_type: Some(ApplicantType::Img), visa: Some(Visa::B1B2), ..Default::default() },
        ApplicantFacts { applicant_type: Some(ApplicantType::Ims), visa: Some(Visa::B1B2), step1_passed: Some(false), ..Default::default() },
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

async fn story(store: &dyn Store) {
    let name = store.backend().name();
    store.migrate().await.unwrap();
    store.migrate().await.unwrap(); // idempotent
    store.ping().await.unwrap();
    assert_eq!(store.count_experiences().await.unwrap(), 0);

    let c = catalog(&DemoConfig::new(today()));
    store.insert_catalog(&c).await.unwrap();
    assert_eq!(store.count_experiences().await.unwrap(), c.experiences.len() as i64);

    // Every experience reads back exactly as written.
    for e in c.experiences.iter().step_by(37) {
        assert_eq!(store.experience(e.id).await.unwrap().as_ref(), Some(e), "{name}: experience {}", e.id);
    }
    assert_eq!(store.experience(999_999).await.unwrap(), None);

    // Search agrees with the reference filter, on every query.
    for q in queries(&c) {
        let mut expected: Vec<i64> = c.experiences.iter().filter(|e| matches(e, &q)).map(|e| e.id).collect();
        let (mut got, total) = all_ids(store, &q).await;
        assert_eq!(total, expected.len() as i64, "{name}: total for {q:?}");
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{name}: results for {q:?}");
    }

    // Sorting: by price, and by soonest start with undated last.
    let page = store.search_experiences(&SearchQuery { sort: Sort::Price, per_page: 100, ..Default::default() }, today()).await.unwrap();
    assert!(page.items.windows(2).all(|w| w[0].total_cents <= w[1].total_cents), "{name}: price order");
    let page = store.search_experiences(&SearchQuery { sort: Sort::Soonest, per_page: 100, page: 7, ..Default::default() }, today()).await.unwrap();
    let starts: Vec<_> = page.items.iter().map(|i| i.next_start.unwrap_or(NaiveDate::MAX)).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{name}: soonest order");
    let first = &page.items[0];
    let full = c.experiences.iter().find(|e| e.id == first.id).unwrap();
    assert_eq!(first.total_cents, full.price.total_cents());
    assert_eq!(first.next_start, full.next_block(today()).map(|b| b.start_date));
    assert_eq!(first.preceptor_name, full.preceptors[0].name);

    // Best match without text: hands-on first, and verified before unverified among them.
    let page = store.search_experiences(&SearchQuery { per_page: 100, ..Default::default() }, today()).await.unwrap();
    let keys: Vec<(bool, bool)> = page.items.iter().map(|i| (!i.hands_on, i.last_verified_on.is_none())).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{name}: best-match order");

    // Relevance: an experience whose title has both words outranks others.
    let q = SearchQuery { terms: vec!["internal".into(), "medicine".into()], sort: Sort::Relevance, ..Default::default() };
    let page = store.search_experiences(&q, today()).await.unwrap();
    assert!(page.items[0].title.to_lowercase().contains("internal medicine"), "{name}: {:?}", page.items[0].title);

    // Past the last page: nothing listed, total still told.
    let q = SearchQuery { specialty: Some(Specialty::InternalMedicine), page: 500, ..Default::default() };
    let page = store.search_experiences(&q, today()).await.unwrap();
    assert!(page.items.is_empty());
    assert!(page.total > 0);

    // A refused catalog stores nothing; a conflicting one is rolled back whole.
    let mut bad = catalog(&DemoConfig { experiences: 700, seed: 9, ..DemoConfig::new(today()) });
    bad.experiences[3].price.tuition_cents = -1;
    assert!(matches!(store.insert_catalog(&bad).await, Err(StoreError::Invalid(_))));
    let clash = catalog(&DemoConfig { experiences: 700, seed: 9, ..DemoConfig::new(today()) });
    assert!(matches!(store.insert_catalog(&clash).await, Err(StoreError::Database(_))), "{name}: ids clash");
    assert_eq!(store.count_experiences().await.unwrap(), c.experiences.len() as i64);
    assert_eq!(store.experience(c.experiences[0].id).await.unwrap().as_ref(), Some(&c.experiences[0]));
}

#[tokio::test]
async fn storage_story_on_every_backend() {
    for db in TestDb::all().await {
        let store = connect(&db.url).await.unwrap();
        story(store.as_ref()).await;
        eprintln!("storage story passed on {}", store.backend().name());
        drop(store);
        db.drop_db().await;
    }
}

#[tokio::test]
async fn unsupported_urls_are_refused_with_advice() {
    let err = connect("mysql://root@localhost/x").await.err().unwrap();
    assert!(err.to_string().contains("sqlite://"), "{err}");
}
