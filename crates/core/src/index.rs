//! The catalog search index: every experience's searchable facts in memory,
//! with an inverted word index for free text. Pure: built from
//! [`SearchDoc`]s that storage loads, queried with a checked [`SearchQuery`].
//!
//! Free text: every query term must be the prefix of a word of the listing.
//! Words in the title, type or specialty weigh 3, in the site's name or place
//! 2, elsewhere (preceptors, EMR, description) 1; a listing's score is the
//! sum over terms of its best weight.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::bits::Bits;
use crate::search::words;
use crate::{
    Eligibility, Experience, ExperienceSummary, ExperienceType, Listing, SearchPage, SearchQuery, Sort, Specialty, State,
};

/// One block as search needs it: its id, first day, length in weeks and open seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Slot {
    pub id: i64,
    pub start_date: NaiveDate,
    pub weeks: i32,
    pub seats_left: i32,
}

/// What search knows of one experience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// What a result shows.
    pub listing: Listing,
    /// Every searchable word (see [`Experience::search_text`]).
    pub search_text: String,
    /// Who may apply.
    pub eligibility: Eligibility,
    /// Blocks, by start date.
    pub slots: Vec<Slot>,
    /// Whether the site is a teaching hospital (see [`crate::Site::is_teaching`]).
    pub teaching: bool,
}

impl SearchDoc {
    /// The search facts of a full experience.
    pub fn from_experience(e: &Experience) -> Self {
        let mut slots: Vec<Slot> = e
            .blocks
            .iter()
            .map(|b| Slot { id: b.id, start_date: b.start_date, weeks: b.weeks, seats_left: b.seats_left })
            .collect();
        slots.sort_by_key(|s| s.start_date);
        Self {
            listing: Listing {
                id: e.id,
                title: e.title.clone(),
                kind: e.kind,
                hands_on: e.kind.is_hands_on(),
                specialty: e.specialty,
                site_name: e.site.name.clone(),
                city: e.site.city.clone(),
                state: e.site.state,
                preceptor_name: e.preceptors.first().map(|p| p.name.clone()).unwrap_or_default(),
                total_cents: e.price.total_cents(),
                letter_possible: e.letters.letter_possible,
                last_verified_on: e.verification.last_verified_on,
            },
            search_text: e.search_text(),
            eligibility: e.eligibility,
            slots,
            teaching: e.site.is_teaching(),
        }
    }
}

/// One result of [`CatalogIndex::find`]: where the document sits in the
/// index, and the block shown.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    /// Position in the index, from 0 to `len() - 1`.
    pub position: usize,
    /// The document.
    pub doc: &'a SearchDoc,
    /// The block shown: the first starting in the searched window.
    pub shown: Option<&'a Slot>,
}

impl Found<'_> {
    /// The result as the API shows it.
    pub fn summary(&self) -> ExperienceSummary {
        ExperienceSummary {
            listing: self.doc.listing.clone(),
            next_start: self.shown.map(|s| s.start_date),
            weeks: self.shown.map(|s| s.weeks),
            seats_left: self.shown.map(|s| s.seats_left),
            later_open_start: self.later_open().map(|s| s.start_date),
        }
    }

    /// When the block shown is full, the next later block with a seat.
    pub fn later_open(&self) -> Option<&Slot> {
        let shown = self.shown.filter(|s| s.seats_left == 0)?;
        self.doc.slots.iter().find(|s| s.start_date > shown.start_date && s.seats_left > 0)
    }
}

/// One page of [`Found`] results and how many match in all.
#[derive(Debug)]
pub struct FoundPage<'a> {
    /// This page's results, in order.
    pub found: Vec<Found<'a>>,
    /// How many match in all.
    pub total: i64,
}

/// A word's postings: (document index, best weight of the word in it), by document.
type Postings = Vec<(u32, u32)>;

/// The facts filters read, packed small so a scan stays in cache.
#[derive(Debug, Clone, Copy)]
struct Facts {
    /// This document's blocks: `starts[first_slot..first_slot + slot_count]`.
    first_slot: u32,
    slot_count: u32,
    specialty: Specialty,
    state: State,
    kind: ExperienceType,
    letter_possible: bool,
    verified: bool,
    total_cents: i64,
}

/// Documents by the value of each exact-match filter, as bit sets.
#[derive(Debug, Default)]
struct Filters {
    by_state: Vec<Bits>,
    by_specialty: Vec<Bits>,
    by_kind: Vec<Bits>,
    hands_on: Bits,
    letter: Bits,
}

impl Filters {
    fn new(facts: &[Facts]) -> Self {
        let n = facts.len();
        let mut f = Filters {
            by_state: vec![Bits::none(n); State::ALL.len()],
            by_specialty: vec![Bits::none(n); Specialty::ALL.len()],
            by_kind: vec![Bits::none(n); ExperienceType::ALL.len()],
            hands_on: Bits::none(n),
            letter: Bits::none(n),
        };
        for (i, x) in facts.iter().enumerate() {
            f.by_state[x.state as usize].set(i);
            f.by_specialty[x.specialty as usize].set(i);
            f.by_kind[x.kind as usize].set(i);
            if x.kind.is_hands_on() {
                f.hands_on.set(i);
            }
            if x.letter_possible {
                f.letter.set(i);
            }
        }
        f
    }

    /// The documents passing the exact-match filters of `q`, or `None` when it has none.
    fn matching(&self, q: &SearchQuery) -> Option<Bits> {
        let sets = [
            q.state.map(|s| &self.by_state[s as usize]),
            q.specialty.map(|s| &self.by_specialty[s as usize]),
            q.kind.map(|k| &self.by_kind[k as usize]),
            q.hands_on.then_some(&self.hands_on),
            q.letter.then_some(&self.letter),
        ];
        let mut sets = sets.into_iter().flatten();
        let mut acc = sets.next()?.clone();
        sets.for_each(|s| acc.and(s));
        Some(acc)
    }
}

/// The searchable catalog.
#[derive(Debug, Default)]
pub struct CatalogIndex {
    docs: Vec<SearchDoc>,
    facts: Vec<Facts>,
    /// Every document's block start days (days from the common era), in one
    /// array, each document's run sorted; read while searching, so contiguous.
    starts: Vec<i32>,
    filters: Filters,
    /// Every word, sorted, with its postings.
    words: Vec<(String, Postings)>,
}

/// One match while a search runs: its sort key, then where to find it.
struct Hit {
    key: [i64; 4],
    doc: u32,
    shown: Option<u32>,
}

impl CatalogIndex {
    /// Every document, by position.
    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// Indexes `docs`.
    pub fn new(docs: Vec<SearchDoc>) -> Self {
        let mut map: HashMap<String, Postings> = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            let i = i as u32;
            let l = &d.listing;
            #[rustfmt::skip]
            let fields: [(&str, u32); 7] = [(&l.title, 3), (l.kind.name(), 3), (l.specialty.name(), 3),
                (&l.site_name, 2), (&l.city, 2), (l.state.name(), 2), (&d.search_text, 1)];
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
        let mut starts: Vec<i32> = Vec::new();
        let facts: Vec<Facts> = docs
            .iter()
            .map(|d| Facts {
                first_slot: starts.len() as u32,
                slot_count: {
                    starts.extend(d.slots.iter().map(|s| s.start_date.num_days_from_ce()));
                    d.slots.len() as u32
                },
                specialty: d.listing.specialty,
                state: d.listing.state,
                kind: d.listing.kind,
                letter_possible: d.listing.letter_possible,
                verified: d.listing.last_verified_on.is_some(),
                total_cents: d.listing.total_cents,
            })
            .collect();
        let filters = Filters::new(&facts);
        Self { docs, facts, starts, filters, words }
    }

    /// How many experiences are indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Documents with a word starting with `term`, by document, with the best
    /// weight; borrowed when a single word matches.
    fn term_matches(&self, term: &str) -> Cow<'_, [(u32, u32)]> {
        let start = self.words.partition_point(|(w, _)| w.as_str() < term);
        let lists: Vec<&Postings> = self.words[start..].iter().take_while(|(w, _)| w.starts_with(term)).map(|(_, p)| p).collect();
        match lists.as_slice() {
            [] => Cow::Borrowed(&[]),
            [one] => Cow::Borrowed(one.as_slice()),
            many => {
                let mut merged: Postings = many.iter().flat_map(|p| p.iter().copied()).collect();
                merged.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
                merged.dedup_by_key(|p| p.0);
                Cow::Owned(merged)
            }
        }
    }

    /// Documents matching every term, by document, with their text score.
    fn text_matches(&self, terms: &[String]) -> Cow<'_, [(u32, u32)]> {
        let Some((first, rest)) = terms.split_first() else {
            return Cow::Borrowed(&[]);
        };
        let mut acc = self.term_matches(first);
        for term in rest {
            let matches = self.term_matches(term);
            // Intersect the two sorted lists, adding weights.
            let mut out = Vec::with_capacity(acc.len().min(matches.len()));
            let (mut i, mut j) = (0, 0);
            while i < acc.len() && j < matches.len() {
                match acc[i].0.cmp(&matches[j].0) {
                    Ordering::Less => i += 1,
                    Ordering::Greater => j += 1,
                    Ordering::Equal => {
                        out.push((acc[i].0, acc[i].1 + matches[j].1));
                        i += 1;
                        j += 1;
                    }
                }
            }
            acc = Cow::Owned(out);
        }
        acc
    }

    /// The filters other than text, dates and eligibility.
    fn passes(f: &Facts, q: &SearchQuery) -> bool {
        q.specialty.is_none_or(|s| f.specialty == s)
            && q.state.is_none_or(|s| f.state == s)
            && q.kind.is_none_or(|k| f.kind == k)
            && (!q.hands_on || f.kind.is_hands_on())
            && q.max_price_cents.is_none_or(|m| f.total_cents <= m)
            && (!q.letter || f.letter_possible)
    }

    /// One page of results for `q`, as the API shows them; `today` bounds upcoming blocks.
    pub fn search(&self, q: &SearchQuery, today: NaiveDate) -> SearchPage {
        let page = self.find(q, today);
        SearchPage {
            items: page.found.iter().map(Found::summary).collect(),
            total: page.total,
            page: q.page,
            per_page: q.per_page,
        }
    }

    /// One page of results for `q`, as positions in the index.
    pub fn find(&self, q: &SearchQuery, today: NaiveDate) -> FoundPage<'_> {
        let from = q.start_from.map_or(today, |d| d.max(today)).num_days_from_ce();
        let to = q.start_to.map_or(i32::MAX, |d| d.num_days_from_ce());
        let window = q.start_from.is_some() || q.start_to.is_some();
        let year = today.year();
        // Room for a typical result set up front; capped so that a broad
        // query does not ask the allocator for a fresh mapping every time.
        let mut hits: Vec<Hit> = Vec::with_capacity(1024.min(self.docs.len()));
        let mut consider = |doc: u32, score: u32| {
            let f = &self.facts[doc as usize];
            if !Self::passes(f, q) {
                return;
            }
            // Eligibility, as `Eligibility::check` says, read only when asked.
            if !q.applicant.is_empty() && !self.docs[doc as usize].eligibility.is_eligible(f.kind, &q.applicant, year) {
                return;
            }
            // The block shown is the first starting in the window (today onwards).
            let run = &self.starts[f.first_slot as usize..(f.first_slot + f.slot_count) as usize];
            // Linear: runs are short (a year of blocks) and the answer is usually first.
            let first = run.iter().position(|&d| d >= from).unwrap_or(run.len());
            let shown = run.get(first).copied().filter(|&d| d <= to);
            if window && shown.is_none() {
                return;
            }
            let start = shown.map_or(i64::MAX, i64::from);
            let id = self.docs[doc as usize].listing.id;
            // Best match: text score, then hands-on (what counts most for a
            // residency application), verified, soonest, cheapest. Ties end on the id.
            let key = match q.sort {
                Sort::Relevance => {
                    let rank = -i64::from(score) * 4 + i64::from(!f.kind.is_hands_on()) * 2 + i64::from(!f.verified);
                    [rank, start, f.total_cents, id]
                }
                Sort::Soonest => [start, f.total_cents, id, 0],
                Sort::Price => [f.total_cents, start, id, 0],
            };
            hits.push(Hit { key, doc, shown: shown.map(|_| first as u32) });
        };
        // Exact-match filters first, as bit sets; `consider` checks them again, cheaply.
        let allowed = self.filters.matching(q);
        match (q.terms.is_empty(), &allowed) {
            (true, None) => (0..self.docs.len() as u32).for_each(|d| consider(d, 0)),
            (true, Some(bits)) => bits.iter().for_each(|d| consider(d as u32, 0)),
            (false, _) => self
                .text_matches(&q.terms)
                .iter()
                .filter(|(d, _)| allowed.as_ref().is_none_or(|b| b.has(*d as usize)))
                .for_each(|&(d, s)| consider(d, s)),
        }
        let total = hits.len() as i64;
        let offset = usize::try_from(q.offset()).unwrap_or(usize::MAX);
        let wanted = offset.saturating_add(q.per_page as usize).min(hits.len());
        if wanted > 0 && wanted < hits.len() {
            hits.select_nth_unstable_by_key(wanted - 1, |h| h.key);
            hits.truncate(wanted);
        }
        hits.sort_unstable_by_key(|h| h.key);
        let found = hits
            .iter()
            .skip(offset)
            .map(|h| {
                let doc = &self.docs[h.doc as usize];
                Found { position: h.doc as usize, doc, shown: h.shown.map(|i| &doc.slots[i as usize]) }
            })
            .collect();
        FoundPage { found, total }
    }
}
