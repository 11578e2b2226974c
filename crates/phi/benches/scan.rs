//! The PHI guard's speed: typical ~600-character SOAP notes (one with PHI,
//! one clean), a 50,000-character document, and a hostile megabyte of
//! digits, capitals and punctuation.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use matchready_phi::scan;

const WITH_PHI: &str = "S: Ms. Maria O'Brien is a 54-year-old woman seen on 03/05/2023 with 3 days of productive cough. \
Daughter Fatima Smith reachable at 527.372.8466. MRN 00482913. Lives at 14 Elm Street, Pasadena, CA 91101.\n\
O: T 38.4 C, HR 104, BP 132/84, SpO2 93% RA. Crackles R base. WBC 14.2, lactate 1.8.\n\
A: Community-acquired pneumonia, CURB-65 score 1. Wells score low; no DVT signs.\n\
P: Amoxicillin 1 g TID x 5 days, azithromycin 500 mg day 1 then 250 mg; return precautions reviewed. \
Follow up with Dr. Okafor at Riverside General Hospital in 1 week.";

const CLEAN: &str = "S: 62-year-old man with dyspnea on exertion for 2 months, NYHA class II, orthopnea, no chest pain.\n\
O: JVP 9 cm, S3 present, 2/6 systolic murmur at apex, bilateral ankle edema. BNP 820. ECG: sinus rhythm, \
Q waves in II, III, aVF; QTc 452. BP 118/72, HR 88.\n\
A: HFrEF, likely ischemic. EF 30% on echo. Glasgow 15. Hoehn and Yahr not applicable.\n\
P: Start sacubitril-valsartan 24/26 mg BID, metoprolol succinate 25 mg, dapagliflozin 10 mg; \
recheck BMP in 1 week. Daily weights; call if gain > 2 lb/day. Cardiology follow-up in 2 weeks.";

fn hostile() -> String {
    let unit = "1234567890 ABCDEFGHIJ .,;:/-()#@ 12/34/56 Mr. Dr. A.B.C. 999-99-9999 ++++ :::: ";
    unit.repeat(1_000_000 / unit.len() + 1)
}

fn bench(c: &mut Criterion) {
    let _ = scan("warm up the word lists");
    let mut notes = c.benchmark_group("notes");
    notes.throughput(Throughput::Elements(1));
    notes.bench_function("600-character note with PHI", |b| b.iter(|| scan(WITH_PHI).len()));
    notes.bench_function("600-character clean note", |b| b.iter(|| scan(CLEAN).len()));
    notes.finish();

    let document: String = [WITH_PHI, CLEAN].join("\n").repeat(50_000 / (WITH_PHI.len() + CLEAN.len()) + 1);
    let document = &document[..document.char_indices().nth(50_000).map_or(document.len(), |(i, _)| i)];
    let mut long = c.benchmark_group("long");
    long.sample_size(20);
    long.throughput(Throughput::Bytes(document.len() as u64));
    long.bench_function("50,000-character document", |b| b.iter(|| scan(document).len()));
    let hostile = hostile();
    long.throughput(Throughput::Bytes(hostile.len() as u64));
    long.sample_size(10);
    long.bench_function("hostile 1 MB", |b| b.iter(|| scan(&hostile).len()));
    long.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
