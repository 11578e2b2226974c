//! The word lists in `data/`, loaded once: first names, surnames, places
//! (each marked when it is also an English word, like Hope or Mobile) and
//! English words. Where each list comes from is written in
//! `data/build_lists.py`.

use std::collections::HashSet as StdSet;
use std::io::Read;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A set with a fast, fixed (so deterministic) hash.
pub type HashSet<T> = StdSet<T, foldhash::fast::FixedState>;

/// A fixed list of words as a set, for one lookup instead of a scan of the list.
pub fn word_set(words: &[&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

/// A map with a fast, fixed (so deterministic) hash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A list of names, each marked when it is also an English word: one lookup answers both.
pub struct List {
    words: HashMap<String, bool>,
}

/// How a word stands in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Entry {
    #[default]
    Absent,
    /// In the list and not an English word: `Okafor`.
    Plain,
    /// In the list and an English word too: `Hope`, `Brown`.
    Common,
}

impl List {
    fn parse(text: &str) -> List {
        let mut words = HashMap::default();
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            match line.strip_prefix('*') {
                // A word listed both ways counts as only a name.
                Some(w) => {
                    words.entry(w.to_lowercase()).or_insert(true);
                }
                None => {
                    words.insert(line.to_lowercase(), false);
                }
            }
        }
        List { words }
    }

    /// Looks up a lower-case word.
    pub fn get(&self, lower: &str) -> Entry {
        match self.words.get(lower) {
            Some(false) => Entry::Plain,
            Some(true) => Entry::Common,
            None => Entry::Absent,
        }
    }

    fn all(&self) -> impl Iterator<Item = (&String, bool)> {
        self.words.iter().map(|(w, common)| (w, *common))
    }
}

pub static FIRST: LazyLock<List> = LazyLock::new(|| List::parse(include_str!("../data/first_names.txt")));
pub static LAST: LazyLock<List> = LazyLock::new(|| List::parse(include_str!("../data/surnames.txt")));
pub static PLACES: LazyLock<List> = LazyLock::new(|| List::parse(include_str!("../data/places.txt")));

/// English words, lower case (SCOWL, from Debian's `wamerican`).
static ENGLISH: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    flate2::read::GzDecoder::new(&include_bytes!("../data/english.txt.gz")[..])
        .read_to_string(&mut text)
        .expect("the shipped English list is gzip of UTF-8");
    text.lines().map(str::to_owned).collect()
});

/// Is this lower-case word an English word? Plurals and `-s` forms count.
pub fn is_english(lower: &str) -> bool {
    ENGLISH.contains(lower)
        || lower.strip_suffix('s').is_some_and(|w| ENGLISH.contains(w))
        || lower.strip_suffix("'s").is_some_and(|w| ENGLISH.contains(w))
}

/// Every place of more than one word (`San Antonio`, `Salt Lake City`),
/// matched without regard to ASCII case, longest first; pattern `i` is `MULTI_WORD[i]`.
pub static MULTI_WORD: LazyLock<(AhoCorasick, Vec<bool>)> = LazyLock::new(|| {
    let (words, common): (Vec<&String>, Vec<bool>) = PLACES.all().filter(|(w, _)| w.contains(' ')).unzip();
    let ac = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(words)
        .expect("place automaton");
    (ac, common)
});

/// A word's standing in the first-name and surname lists, and whether it is
/// English: possessives dropped, hyphenated parts (`Smith-Jones`) and
/// apostrophes (`O'Brien`, `Obrien`) looked up too. An unlisted word in
/// lower case is taken as English without looking.
pub fn classify(lower: &str, capitalised: bool) -> (Entry, Entry, bool) {
    let k = lower.strip_suffix("'s").unwrap_or(lower);
    // One lookup answers the three lists for nearly every word; compounds look up their parts.
    let facts = WORDS.get(k).copied().unwrap_or_default();
    let compound = k.contains(['-', '\'']);
    let first = if facts.first == Entry::Absent && compound { lookup(&FIRST, k) } else { facts.first };
    let last = if facts.last == Entry::Absent && compound { lookup(&LAST, k) } else { facts.last };
    // A word in lower case matters to the name rules only when it is listed.
    if !capitalised && first == Entry::Absent && last == Entry::Absent {
        return (first, last, true);
    }
    let english = facts.english
        || k.strip_suffix('s').is_some_and(|w| ENGLISH.contains(w))
        || (k.contains('-') && k.split('-').all(is_english));
    (first, last, english)
}

/// What the three lists say of one word.
#[derive(Debug, Clone, Copy, Default)]
struct Facts {
    first: Entry,
    last: Entry,
    english: bool,
}

/// The first-name, surname and English lists folded into one map, for [`classify`].
static WORDS: LazyLock<HashMap<String, Facts>> = LazyLock::new(|| {
    let mut words: HashMap<String, Facts> = HashMap::default();
    for w in ENGLISH.iter() {
        words.entry(w.clone()).or_default().english = true;
    }
    for (w, _) in FIRST.all() {
        words.entry(w.clone()).or_default().first = FIRST.get(w);
    }
    for (w, _) in LAST.all() {
        words.entry(w.clone()).or_default().last = LAST.get(w);
    }
    words
});

fn lookup(list: &List, k: &str) -> Entry {
    match list.get(k) {
        Entry::Absent if k.contains('-') => {
            let parts: Vec<Entry> = k.split('-').map(|p| list.get(p)).collect();
            if parts.contains(&Entry::Plain) {
                Entry::Plain
            } else if parts.contains(&Entry::Common) {
                Entry::Common
            } else {
                Entry::Absent
            }
        }
        Entry::Absent if k.contains('\'') => list.get(&k.replace('\'', "")),
        e => e,
    }
}
