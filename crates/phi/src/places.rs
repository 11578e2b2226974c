//! Places smaller than a state: street addresses and post-office boxes,
//! cities and counties (from the list, with context: "lives in", ", CA", an
//! address before), ZIP codes after a place or a state, and facilities
//! ("St. Agnes Medical Center", "Lakeview Memorial"). A state, a country or
//! a region alone is allowed.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::lexicon::{self, Entry, HashSet, PLACES};
use crate::tokens::Tok;
use crate::{Found, Kind, stop};

const STATES: &str = "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR";
const SUFFIX: &str = "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Loop|Square|Sq|Row|Pike|Alley|Plaza|Crescent|Close|Broadway|Expressway|Turnpike";
const FACILITY: &str = r"Hospital|Medical\s+Cent(?:er|re)|Health\s+Cent(?:er|re)|Health\s+System|Healthcare|Health\s+Care|Clinic|Infirmary|Memorial|Nursing\s+Home|Nursing\s+Cent(?:er|re)|Rehabilitation\s+(?:Center|Hospital)|Rehab\s+Center|Care\s+Center|Surgical\s+Center|Surgery\s+Center|Cancer\s+Center|Hospice|Urgent\s+Care|Medical\s+Group|Family\s+Practice|Pharmacy|Manor|Assisted\s+Living|Senior\s+Living|Retirement\s+(?:Home|Community)|Dialysis\s+Center|Imaging\s+Center|Elementary(?:\s+School)?|High\s+School|Middle\s+School|School|University|College|Church|Mosque|Temple|Synagogue|Correctional\s+Facility|Prison|Jail|Shelter";

/// Words that name what a facility does, not which one it is.
const GENERIC: &str = "the a an our your their this that his her its at in of and & community general regional
university county state city memorial medical children's childrens women's womens veterans va family primary care
urgent heart cardiology cancer pediatric pediatrics internal medicine emergency free student health mental
behavioral dermatology diabetes anticoagulation coumadin wound sleep pain surgery surgical oncology neurology
outpatient inpatient specialty walk-in walk women men eye dental vascular endocrine endocrinology infusion dialysis
rehab physical therapy lab failure lipid hypertension asthma allergy gi transplant fertility travel tb std hiv
spine sports hand foot ortho orthopedic breast lung kidney liver memory movement epilepsy stroke headache obesity
weight nutrition smoking cessation prenatal obstetric ob gyn obgyn geriatric geriatrics palliative hospice
psychiatric psychiatry addiction recovery methadone suboxone teaching clinic hospital rheumatology pulmonary
gastroenterology nephrology urology hepatology ent ophthalmology audiology podiatry chiropractic vaccine
immunization flu covid testing screening resident residents faculty continuity acute chronic critical public
private local main new old east west north south central downtown nearby outside other same another previous
prior current follow-up followup refill imaging radiology x-ray ct mri ultrasound specialist home group";

static GENERIC_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| GENERIC.split_whitespace().collect());
static REGIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../data/regions.txt").lines().filter(|l| !l.starts_with('#')).map(str::to_lowercase).collect()
});

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)\d{{1,6}}[A-Za-z]?\s+(?:(?:[NSEW]\.?|North|South|East|West|NE|NW|SE|SW)\s+)?(?:(?:[A-Z][\p{{L}}'’\-]*|\d+(?:st|nd|rd|th))\s+){{1,4}}(?:{SUFFIX})(?-u:\b)\.?(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|#)\.?\s*#?\s*[A-Za-z0-9\-]+)?|(?i)(?-u:\b)\d{{1,6}}\s+(?:[a-z]+\s+){{1,3}}(?:street|avenue|road|lane|boulevard|drive)(?-u:\b)|(?i)(?-u:\b)p\.?\s?o\.?\s+box\s+\d+"
    ))
    .expect("address pattern")
});
static FACILITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?:St|Saint|Mount|Mt)\.?\s+)?(?:[A-Z][\p{{L}}'’\-]*\.?\s+(?:(?:of|the|and|&)\s+)?){{1,4}}(?:{FACILITY})(?-u:\b)(?:\s+(?:of|at|in)\s+[A-Z][\p{{L}}]+(?:\s+[A-Z][\p{{L}}]+)?)?"
    ))
    .expect("facility pattern")
});
static COUNTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[A-Z][\p{L}'’\-]+\s+){1,2}(?:County|Parish|Borough|Township)(?-u:\b)").expect("county pattern")
});
static STATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^,?\s*(?:(?-u:\b)(?:{STATES})(?-u:\b)\.?|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")).expect("state pattern")
});
static ZIP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^,?\s*(?:(?:(?-u:\b)(?:{STATES})(?-u:\b)|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\.?,?\s*)?(\d{{5}}(?:-\d{{4}})?)(?-u:\b)"
    ))
    .expect("zip pattern")
});
static ZIP_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:zip(?:\s*code)?|postal\s+code|(?-u:\b)(?:{STATES})(?-u:\b))[\s:#,]*(\d{{5}}(?:-\d{{4}})?)(?-u:\b)"
    ))
    .expect("zip label pattern")
});

/// Words before a place that say it is one; the strong ones also admit
/// places that are English words ("moved from Mobile").
const STRONG_CUE: &[&str] = &[
    "lives",
    "living",
    "resides",
    "residing",
    "resident",
    "moved",
    "relocated",
    "from",
    "born",
    "raised",
    "native",
    "hometown",
    "visiting",
    "travelled",
    "traveled",
    "trip",
    "near",
    "outside",
    "downtown",
    "town",
    "city",
];
const WEAK_CUE: &[&str] = &["in", "to", "at", "of", "around", "via"];

static REGION_NAMES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let names = include_str!("../data/regions.txt").lines().filter(|l| !l.starts_with('#') && l.contains(' '));
    AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(names).expect("region automaton")
});

/// Where states, countries and regions of several words are named ("Puerto Rico", "New York"):
/// allowed alone, so no name or place inside them is kept.
pub fn regions(text: &str) -> Vec<std::ops::Range<usize>> {
    REGION_NAMES.find_iter(text).map(|m| m.range()).collect()
}

/// A state, a country or a region (allowed alone), in lower case.
pub fn is_state_or_region(lower: &str) -> bool {
    REGIONS.contains(lower)
}

fn cue_before(toks: &[Tok], i: usize) -> Option<(&'static str, bool)> {
    let prev = i.checked_sub(1).map(|j| toks[j].low())?;
    if let Some(c) = STRONG_CUE.iter().find(|c| **c == prev) {
        return Some((c, true));
    }
    let prev2 = i.checked_sub(2).map(|j| toks[j].low()).unwrap_or("");
    WEAK_CUE.iter().find(|c| **c == prev).map(|c| (*c, STRONG_CUE.contains(&prev2)))
}

pub fn find(text: &str, toks: &[Tok], out: &mut Vec<Found>) {
    let first = out.len();
    for m in ADDRESS.find_iter(text) {
        out.push(Found::new(m.range(), Kind::Location, "a street address"));
    }
    let facility = FACILITY_HINT.is_match(text);
    for m in FACILITY_RE.find_iter(text).take_while(|_| facility) {
        let words: Vec<String> = m.as_str().split_whitespace().map(|w| w.trim_end_matches('.').to_lowercase()).collect();
        let named =
            words.iter().any(|w| !GENERIC_SET.contains(w.as_str()) && !stop::is_hard(w) && !w.chars().all(|c| c.is_uppercase()));
        let facility_start = m.as_str().split_whitespace().position(|w| FACILITY_WORD.is_match(w)).unwrap_or(0);
        let named_before = words[..facility_start].iter().any(|w| !GENERIC_SET.contains(w.as_str()) && !stop::is_hard(w));
        if named && named_before {
            out.push(Found::new(m.range(), Kind::Location, "a named facility"));
        }
    }
    let county = ["County", "Parish", "Borough", "Township"].iter().any(|w| text.contains(w));
    for m in COUNTY.find_iter(text).take_while(|_| county) {
        out.push(Found::new(m.range(), Kind::Location, "a county"));
    }
    cities(text, toks, out);
    for c in ZIP_LABEL.captures_iter(text) {
        if let Some(z) = c.get(1) {
            out.push(Found::new(z.range(), Kind::Location, "a ZIP code"));
        }
    }
    // A ZIP code or a city right after a place already found.
    let mut i = first;
    while i < out.len() {
        let end = out[i].end;
        if let Some(z) = ZIP_AFTER.captures(&text[end..]).and_then(|c| c.get(1)) {
            out.push(Found::new(end + z.start()..end + z.end(), Kind::Location, "a ZIP code after a place"));
        }
        i += 1;
    }
}

/// The words a facility's name ends with; the facility pattern runs only on a text that has one.
static FACILITY_HINT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "Hospital",
        "Cent",
        "Clinic",
        "Memorial",
        "Infirmary",
        "Health",
        "Home",
        "Care",
        "Hospice",
        "Pharmacy",
        "Manor",
        "Living",
        "School",
        "University",
        "College",
        "Church",
        "Mosque",
        "Temple",
        "Synagogue",
        "Prison",
        "Jail",
        "Shelter",
        "Facility",
        "Retirement",
        "Group",
        "Practice",
        "Elementary",
        "Community",
    ])
    .expect("facility hint automaton")
});

static FACILITY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Hospital|Medical|Health|Healthcare|Clinic|Infirmary|Memorial|Nursing|Rehabilitation|Rehab|Care|Surgical|Surgery|Cancer|Hospice|Urgent|Family|Pharmacy|Manor|Assisted|Senior|Retirement|Dialysis|Imaging|Elementary|High|Middle|School|University|College|Church|Mosque|Temple|Synagogue|Correctional|Prison|Jail|Shelter)$").expect("facility word")
});

/// Cities and towns from the list, one word or several.
fn cities(text: &str, toks: &[Tok], out: &mut Vec<Found>) {
    let addr_ends: Vec<usize> = out.iter().filter(|f| f.kind == Kind::Location).map(|f| f.end).collect();
    let after_place = |start: usize| addr_ends.iter().any(|&e| e <= start && text[e..start].trim() == ",");
    let (ac, common) = &*lexicon::MULTI_WORD;
    let mut taken = Vec::new();
    for m in ac.find_iter(text) {
        let (s, e) = (m.start(), m.end());
        let bounded = !text[..s].ends_with(char::is_alphanumeric) && !text[e..].starts_with(char::is_alphanumeric);
        let capitalised = text[s..e].split(' ').all(|w| w.starts_with(char::is_uppercase) || w.len() <= 3);
        if !bounded || !capitalised {
            continue;
        }
        let state_after = STATE_AFTER.is_match(&text[e..]) && text[e..].starts_with(',');
        if !common[m.pattern().as_usize()] || state_after || after_place(s) {
            taken.push((s, e));
            out.push(Found::new(s..e, Kind::Location, "a city"));
        }
    }
    for (i, t) in toks.iter().enumerate() {
        if !t.is_cap() || t.text.len() < 3 || taken.iter().any(|&(s, e)| t.start >= s && t.end <= e) {
            continue;
        }
        let entry = PLACES.get(&t.lower);
        let state_after = text[t.end..].starts_with(',') && STATE_AFTER.is_match(&text[t.end..]) && {
            let next = toks.get(i + 1).map(|n| n.low()).unwrap_or("");
            is_state_or_region(next) || next.len() == 2
        };
        let eponym_next = toks.get(i + 1).is_some_and(|n| stop::is_eponym_noun(&n.lower));
        if is_state_or_region(&t.lower) || stop::is_hard(&t.lower) || eponym_next {
            continue;
        }
        let cue = cue_before(toks, i);
        let listed = entry != Entry::Absent;
        let reason = match cue {
            _ if state_after && listed => "a city before its state".to_string(),
            _ if after_place(t.start) && !lexicon::is_english(&t.lower) => "a city after an address".to_string(),
            Some((c, strong)) if listed && (entry == Entry::Plain && !stop::is_eponym(&t.lower) || strong) => {
                format!("a city after '{c}'")
            }
            Some((c, true)) if !listed && !lexicon::is_english(&t.lower) && !t.starts_sentence => {
                format!("a place after '{c}'")
            }
            _ => continue,
        };
        out.push(Found::new(t.start..t.end, Kind::Location, reason));
    }
}
