//! The in-memory search index at 10,000 experiences: the queries of
//! `bench/search.lua` (a text query and three filters each), no HTTP.

use chrono::{Datelike, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use matchready_core::{CatalogIndex, RawSearch, SearchDoc, SearchQuery};
use matchready_demo::{DemoConfig, catalog};

const QUERIES: &[&str] = &[
    "q=medicine&state=NY&hands_on=true&max_price=6000",
    "q=chicago&specialty=internal-medicine&letter=true&max_price=8000",
    "q=pediatrics&state=FL&type=clinical_rotation&sort=price",
    "q=brooklyn&hands_on=true&visa=j1&applicant_type=img",
    "q=epic&specialty=family-medicine&state=TX&max_price=7000",
    "q=observership&state=CA&visa=b1_b2&applicant_type=img",
    "q=houston&hands_on=true&letter=true&sort=soonest",
    "q=psychiatry&start_from=2027-03-01&start_to=2027-06-30&max_price=9000",
    "q=miami&specialty=internal-medicine&step1=false&applicant_type=img",
    "q=surgery&state=IL&hands_on=true&grad_year=2020",
];

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let cat = catalog(&DemoConfig { experiences: 10_000, ..DemoConfig::new(today) });
    let docs: Vec<SearchDoc> = cat.experiences.iter().map(SearchDoc::from_experience).collect();
    c.bench_function("build index, 10k experiences", |b| b.iter(|| CatalogIndex::new(docs.clone())));
    let index = CatalogIndex::new(docs);
    let queries: Vec<SearchQuery> = QUERIES
        .iter()
        .map(|q| {
            let raw: RawSearch = serde_urlencoded::from_str(q).unwrap();
            SearchQuery::parse(&raw, today.year()).unwrap()
        })
        .collect();
    c.bench_function("search, 10 queries of text + 3 filters, 10k experiences", |b| {
        b.iter(|| queries.iter().map(|q| index.search(q, today).total).sum::<i64>())
    });
    let mut each = c.benchmark_group("search, each query");
    for (raw, q) in QUERIES.iter().zip(&queries) {
        each.bench_function(*raw, |b| b.iter(|| index.search(q, today).total));
    }
    each.finish();
    let all = SearchQuery::default();
    c.bench_function("search, no filter (all 10k, best match)", |b| b.iter(|| index.search(&all, today).total));
}

criterion_group!(benches, bench);
criterion_main!(benches);
