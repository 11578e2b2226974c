//! The catalog search index: every experience's searchable facts in memory,
//! with an inverted word index for free text. Pure: built from
//! [`SearchDoc`]s that storage loads, queried with a checked [`SearchQuery`].
//!
//! Free text: every query term must be the prefix of a word of the listing.
//! Words in the title, type or specialty weigh 3, in the site's name or place
//! 2, elsewhere (preceptors, EMR, description) 1; a listing's score is the
//! sum over terms of its best weight.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::search::words;
use crate::{Eligibility, Experience, ExperienceSummary, ExperienceType, SearchPage, SearchQuery, Sort, Specialty, State};

/// One block as search needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// First day.
    pub start_date: NaiveDate,
    /// Length in weeks.
    pub weeks: i32,
    /// Open seats.
    pub seats_left: i32,
}

/// What search knows of one experience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// Identifier.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Type.
    pub kind: ExperienceType,
    /// Specialty.
    pub specialty: Specialty,
    /// Site name.
    pub site_name: String,
    /// City.
    pub city: String,
    /// State.
    pub state: State,
    /// Lead preceptor.
    pub preceptor_name: String,
    /// Every searchable word (see [`Experience::search_text`]).
    pub search_text: String,
    /// All-in price in cents.
    pub total_cents: i64,
    /// Letters possible.
    pub letter_possible: bool,
    /// Last verified.
    pub last_verified_on: Option<NaiveDate>,
    /// Who may apply.
    pub eligibility: Eligibility,
    /// Blocks, by start date.
    pub slots: Vec<Slot>,
}

impl SearchDoc {
    /// The search facts of a full experience.
    pub fn from_experience(e: &Experience) -> Self {
        let mut slots: Vec<Slot> =
            e.blocks.iter().map(|b| Slot { start_date: b.start_date, weeks: b.weeks, seats_left: b.seats_left }).collect();
        slots.sort_by_key(|s| s.start_date);
        Self {
            id: e.id,
            title: e.title.clone(),
            kind: e.kind,
            specialty: e.specialty,
            site_name: e.site.name.clone(),
            city: e.site.city.clone(),
            state: e.site.state,
            preceptor_name: e.preceptors.first().map(|p| p.name.clone()).unwrap_or_default(),
            search_text: e.search_text(),
            total_cents: e.price.total_cents(),
            letter_possible: e.letters.letter_possible,
            last_verified_on: e.verification.last_verified_on,
            eligibility: e.eligibility.clone(),
            slots,
        }
    }

    fn summary(&self, shown: Option<&Slot>) -> ExperienceSummary {
        ExperienceSummary {
            id: self.id,
            title: self.title.clone(),
            kind: self.kind,
            hands_on: self.kind.is_hands_on(),
            specialty: self.specialty,
            site_name: self.site_name.clone(),
            city: self.city.clone(),
            state: self.state,
            preceptor_name: self.preceptor_name.clone(),
            total_cents: self.total_cents,
            next_start: shown.map(|s| s.start_date),
            weeks: shown.map(|s| s.weeks),
            seats_left: shown.map(|s| s.seats_left),
            letter_possible: self.letter_possible,
            last_verified_on: self.last_verified_on,
        }
    }
}

/// A word's postings: (document index, best weight of the word in it).
type Postings = Vec<(u32, u8)>;

/// The searchable catalog.
#[derive(Debug, Default)]
pub struct CatalogIndex {
    docs: Vec<SearchDoc>,
    /// Every word, sorted, with its postings in document order.
    words: Vec<(String, Postings)>,
}

/// One matching document while a search runs.
struct Hit<'a> {
    doc: &'a SearchDoc,
    score: u32,
    shown: Option<&'a Slot>,
}

impl CatalogIndex {
    /// Indexes `docs`.
    pub fn new(docs: Vec<SearchDoc>) -> Self {
        let mut map: HashMap<String, Postings> = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            let i = i as u32;
            let fields: [(&str, u8); 7] = [
                (&d.title, 3),
                (d.kind.name(), 3),
                (d.specialty.name(), 3),
                (&d.site_name, 2),
                (&d.city, 2),
                (d.state.name(), 2),
                (&d.search_text, 1),
            ];
            for (text, weight) in fields {
                for w in words(text) {
                    let postings = map.entry(w).or_default();
                    match postings.last_mut() {
                        Some((doc, best)) if *doc == i => *best = (*best).max(weight),
                        _ => postings.push((i, weight)),
                    }
                }
            }
        }
        let mut words: Vec<(String, Postings)> = map.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Self { docs, words }
    }

    /// How many experiences are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Text scores per document: `None` for no text, else 0 where a term is missing.
    fn text_scores(&self, terms: &[String]) -> Option<Vec<u32>> {
        if terms.is_empty() {
            return None;
        }
        let mut total = vec![0u32; self.docs.len()];
        let mut best = vec![0u8; self.docs.len()];
        for (n, term) in terms.iter().enumerate() {
            best.iter_mut().for_each(|b| *b = 0);
            let start = self.words.partition_point(|(w, _)| w.as_str() < term.as_str());
            for (_, postings) in self.words[start..].iter().take_while(|(w, _)| w.starts_with(term.as_str())) {
                for &(doc, weight) in postings {
                    let b = &mut best[doc as usize];
                    *b = (*b).max(weight);
                }
            }
            for (t, b) in total.iter_mut().zip(&best) {
                // A document missing any earlier term stays at 0.
                *t = if *b == 0 || (n > 0 && *t == 0) { 0 } else { *t + u32::from(*b) };
            }
        }
        Some(total)
    }

    /// The filters other than text and dates, as in `Eligibility::check`.
    fn passes(d: &SearchDoc, q: &SearchQuery, year: i32) -> bool {
        q.specialty.is_none_or(|s| d.specialty == s)
            && q.state.is_none_or(|s| d.state == s)
            && q.kind.is_none_or(|k| d.kind == k)
            && (!q.hands_on || d.kind.is_hands_on())
            && q.max_price_cents.is_none_or(|m| d.total_cents <= m)
            && (!q.letter || d.letter_possible)
            && (q.applicant.is_empty() || d.eligibility.check(d.kind, &q.applicant, year).is_empty())
    }

    /// One page of results for `q`; `today` bounds upcoming blocks.
    pub fn search(&self, q: &SearchQuery, today: NaiveDate) -> SearchPage {
        let scores = self.text_scores(&q.terms);
        let from = q.start_from.map_or(today, |d| d.max(today));
        let window = q.start_from.is_some() || q.start_to.is_some();
        let year = today.year();
        let mut hits: Vec<Hit<'_>> = Vec::new();
        for (i, d) in self.docs.iter().enumerate() {
            let score = scores.as_ref().map_or(0, |s| s[i]);
            if scores.is_some() && score == 0 || !Self::passes(d, q, year) {
                continue;
            }
            // The block shown is the first starting in the window (today onwards).
            let start = d.slots.partition_point(|s| s.start_date < from);
            let shown = d.slots[start..].first().filter(|s| q.start_to.is_none_or(|to| s.start_date <= to));
            if window && shown.is_none() {
                continue;
            }
            hits.push(Hit { doc: d, score, shown });
        }
        let total = hits.len() as i64;
        let offset = usize::try_from(q.offset()).unwrap_or(usize::MAX);
        let wanted = offset.saturating_add(q.per_page as usize).min(hits.len());
        let order = |a: &Hit<'_>, b: &Hit<'_>| compare(q.sort, a, b);
        if wanted > 0 && wanted < hits.len() {
            hits.select_nth_unstable_by(wanted - 1, order);
            hits.truncate(wanted);
        }
        hits.sort_unstable_by(order);
        let items = hits.iter().skip(offset).map(|h| h.doc.summary(h.shown)).collect();
        SearchPage { items, total, page: q.page, per_page: q.per_page }
    }
}

/// Undated experiences sort after dated ones.
fn start_key(h: &Hit<'_>) -> (bool, Option<NaiveDate>) {
    (h.shown.is_none(), h.shown.map(|s| s.start_date))
}

/// Result order. Best match: text score, then what counts most for a
/// residency application (hands-on), then trust (verified), then the
/// soonest start. Ties always end on the id, so order is total.
fn compare(sort: Sort, a: &Hit<'_>, b: &Hit<'_>) -> Ordering {
    let (x, y) = (a.doc, b.doc);
    match sort {
        Sort::Price => x.total_cents.cmp(&y.total_cents).then_with(|| start_key(a).cmp(&start_key(b))),
        Sort::Soonest => start_key(a).cmp(&start_key(b)).then_with(|| x.total_cents.cmp(&y.total_cents)),
        Sort::Relevance => b
            .score
            .cmp(&a.score)
            .then_with(|| y.kind.is_hands_on().cmp(&x.kind.is_hands_on()))
            .then_with(|| x.last_verified_on.is_none().cmp(&y.last_verified_on.is_none()))
            .then_with(|| start_key(a).cmp(&start_key(b)))
            .then_with(|| x.total_cents.cmp(&y.total_cents)),
    }
    .then_with(|| x.id.cmp(&y.id))
}
