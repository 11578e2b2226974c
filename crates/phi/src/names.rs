//! Names of people. A word list alone is not enough (Hope, Will, Brown and
//! Wells are words, eponyms or names), so each rule asks for evidence:
//!
//! - a title: "Mr. Patel", "Dr. Wells" (a title overrides the stop list);
//! - a relation or role before it: "daughter Hope", "seen by Keisha Dubois";
//! - a first name and a capitalised surname: "Fatima Smith", "Nguyen Van An";
//! - a surname, a comma and a first name: "Abdullah, Siobhan";
//! - a first name that is no English word, alone: "Oluwaseun called";
//! - in lower case, a first name and a surname that are no English words.
//!
//! Eponyms followed by what they name ("Wells score", "Bell's palsy"),
//! drugs, anatomy and note words never start a name without a title; an
//! eponym alone (Turner, Brown) may be a name after a relation.

use crate::cues::{AFTER_A_NAME, PARTICLE_SET, RELATION_SET, SAYS_WHO_SET, STRONG_SET, TITLE_SET, WEAK_SET};
use crate::lexicon::Entry;
use crate::tokens::{Case, Tok};
use crate::{Found, Kind, stop};

/// The word as the lists spell it: lower case, without a possessive.
fn key<'a>(t: &'a Tok) -> &'a str {
    t.lower.strip_suffix("'s").unwrap_or(&t.lower)
}

fn first(t: &Tok) -> Entry {
    t.first
}

fn last(t: &Tok) -> Entry {
    t.last
}

fn english(t: &Tok) -> bool {
    t.english
}

/// Could this capitalised word be a name: listed, or no English word; never a drug or a note word.
fn name_like(t: &Tok) -> bool {
    matches!(t.case, Case::Capital | Case::Upper)
        && t.text.chars().count() >= 2
        && !stop::is_hard(key(t))
        && (first(t) != Entry::Absent || last(t) != Entry::Absent || !english(t))
        && !(t.case == Case::Upper && first(t) == Entry::Absent && last(t) == Entry::Absent)
}

/// Does an eponym's noun follow ("Wells score", "Bell's palsy", "Parkinson's")?
fn eponym_use(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    let next = toks.get(i + 1);
    next.is_some_and(|n| stop::is_eponym_noun(&n.lower) && n.gap_before.is_empty())
        || (t.lower.ends_with("'s") && stop::is_eponym(key(t)))
        || next.is_some_and(|n| n.lower == "and" && toks.get(i + 2).is_some_and(|m| stop::is_eponym(key(m))))
}

/// A number just before word `i` ("5 Lasix Tabs"): a dose, not a name.
fn after_number(toks: &[Tok], i: usize) -> bool {
    toks[i].gap_before.ends_with(|c: char| c.is_ascii_digit())
}

/// Only spaces (or nothing) between two words.
fn joined(toks: &[Tok], i: usize) -> bool {
    toks.get(i).is_some_and(|t| t.gap_before.is_empty())
}

/// "Van der Berg", "de la Cruz", "bin Said": particles from word `i`, then a
/// capitalised name; the index of that name.
fn particles_then_name(toks: &[Tok], i: usize) -> Option<usize> {
    let mut j = i;
    while j < toks.len() && j < i + 3 && PARTICLE_SET.contains(toks[j].low()) && joined(toks, j) {
        j += 1;
    }
    let m = toks.get(j)?;
    (j > i && joined(toks, j) && m.is_cap() && name_like(m) && !PARTICLE_SET.contains(m.low())).then_some(j)
}

/// Extends a name from word `i` over following name words, particles and initials.
fn extend(toks: &[Tok], mut i: usize) -> usize {
    let mut added = 0;
    while added < 3 && i + 1 < toks.len() && joined(toks, i + 1) {
        let n = &toks[i + 1];
        if toks[i].lower.ends_with("'s") {
            break;
        }
        let initial = n.text.chars().count() == 1 && n.case == Case::Upper;
        let particle = particles_then_name(toks, i + 1).is_some();
        if (n.is_cap() && name_like(n) && !eponym_use(toks, i + 1) && !n.starts_sentence && !english(n))
            || (n.is_cap() && last(n) != Entry::Absent && !stop::is_stop(key(n)) && !n.starts_sentence)
            || (initial && !n.starts_sentence)
            || particle
        {
            i += 1;
            added += 1;
        } else {
            break;
        }
    }
    // A trailing initial alone is more often an ECG lead or a grade than a name.
    while i > 0 && toks[i].text.chars().count() == 1 && added > 0 {
        i -= 1;
        added -= 1;
    }
    i
}

pub fn find(text: &str, toks: &[Tok], out: &mut Vec<Found>) {
    let mut covered = 0usize;
    let mut i = 0;
    while i < toks.len() {
        if toks[i].start < covered {
            i += 1;
            continue;
        }
        let found = rule(text, toks, i)
            .filter(|(start, last, _)| !crate::places::is_state_or_region(&text[*start..toks[*last].end].to_lowercase()));
        if let Some((start, last, reason)) = found {
            out.push(Found::new(start..toks[last].end, Kind::Name, reason));
            covered = toks[last].end;
            i = last + 1;
        } else {
            i += 1;
        }
    }
}

/// The first rule that finds a name at word `i`: (start byte, last word, reason).
fn rule(text: &str, toks: &[Tok], i: usize) -> Option<(usize, usize, String)> {
    let t = &toks[i];
    let next = toks.get(i + 1);
    // A title, then a word that can be a name.
    let titled = TITLE_SET.contains(t.low()) && t.case != Case::Lower || matches!(t.low(), "mr" | "mrs" | "ms" | "dr");
    if titled && let Some(n) = next {
        {
            let dot = &text[t.end..n.start];
            let plain_gap = dot.trim_start_matches('.').trim().is_empty() && !dot.contains('\n');
            let word_ok =
                (n.is_cap() || n.case == Case::Upper && n.text.len() > 1) || last(n) == Entry::Plain || first(n) == Entry::Plain;
            let non_title_sister = !matches!(t.low(), "sister" | "nurse") || n.is_cap();
            if plain_gap && word_ok && non_title_sister && !stop::is_hard(key(n)) || plain_gap && dot.contains('.') && n.is_cap()
            {
                let last = extend(toks, i + 1);
                return Some((t.start, last, format!("after '{}'", &text[t.start..n.start].trim())));
            }
        }
    }
    // A relation or a role, then a name.
    let strong = STRONG_SET.contains(t.low());
    let weak = WEAK_SET.contains(t.low());
    if (strong || weak)
        && let Some(n) = next
    {
        let gap = n.gap_before;
        let gap_ok = gap.is_empty() || matches!(gap, ":" | "," | "-" | "(" | "—" | "–" | "is" | "=");
        let listed = first(n) != Entry::Absent || last(n) != Entry::Absent;
        let plain = first(n) == Entry::Plain || last(n) == Entry::Plain;
        let cap_ok = n.is_cap() && name_like(n) && !eponym_use(toks, i + 1) && !stop::is_stop(key(n));
        let lower_surname =
            toks.get(i + 2).filter(|m| joined(toks, i + 2) && m.case == Case::Lower && last(m) == Entry::Plain && !english(m));
        if strong && n.case == Case::Lower && listed && !stop::is_stop(key(n)) && lower_surname.is_some() && gap_ok {
            return Some((n.start, i + 2, format!("a name in lower case after '{}'", t.text)));
        }
        let ok = if strong {
            (cap_ok && (listed || !english(n))) || (n.case == Case::Lower && plain && !english(n))
        } else {
            let two = toks.get(i + 2).is_some_and(|m| joined(toks, i + 2) && m.is_cap() && name_like(m) && !english(m));
            cap_ok && (plain || !english(n) && listed || ((listed || !english(n)) && two)) && !n.starts_sentence
        };
        if gap_ok && ok && !(weak && n.lower.ends_with("'s") && !plain) {
            let last = extend(toks, i + 1);
            return Some((n.start, last, format!("a name after '{}'", t.text)));
        }
    }
    // Names that are also words, told by what follows: "will turner who drives", "Will Young
    // (brother)", "Grace Hope Lee is the HCP", "john smith is a 45 yo".
    if let Some(found) = told_by_what_follows(toks, i, strong) {
        return Some(found);
    }
    // A first name and a surname.
    if let Some(n) = next.filter(|_| joined(toks, i + 1) && !t.lower.ends_with("'s")) {
        let f = first(t);
        let l = last(n);
        let cap = |x: &Tok| x.is_cap() || (x.case == Case::Upper && x.text.len() > 2);
        let both_caps = cap(t) && cap(n) && (t.case == n.case);
        let sure_first = f == Entry::Plain && !stop::is_stop(key(t));
        let sure_last = l == Entry::Plain && !stop::is_stop(key(n));
        let unknown = |x: &Tok| !english(x) && !stop::is_stop(key(x)) && x.is_cap();
        let fits = (sure_first && (l != Entry::Absent || unknown(n)))
            || (f == Entry::Common && !stop::is_stop(key(t)) && (sure_last || unknown(n) && l != Entry::Absent))
            || (unknown(t) && sure_last && last(t) != Entry::Absent)
            || (unknown(t) && f != Entry::Absent && sure_last)
            || (unknown(t) && unknown(n) && t.text.len() >= 3 && n.text.len() >= 3 && !after_number(toks, i));
        let eponyms = stop::is_eponym(key(t)) && stop::is_eponym(key(n));
        if both_caps && fits && !eponyms && !eponym_use(toks, i + 1) && !stop::is_hard(key(n)) && !n.starts_sentence {
            let last = extend(toks, i + 1);
            return Some((t.start, last, "a first name followed by a capitalised surname".into()));
        }
        let first_ok = t.is_cap() && !stop::is_stop(key(t)) && (f != Entry::Absent || !english(t));
        if let (true, Some(j)) = (first_ok && t.is_cap(), particles_then_name(toks, i + 1)) {
            let last = extend(toks, j);
            return Some((t.start, last, "a first name followed by a surname with a particle".into()));
        }
        let lower_pair = t.case == Case::Lower
            && n.case == Case::Lower
            && f == Entry::Plain
            && l == Entry::Plain
            && !english(t)
            && !english(n)
            && !stop::is_stop(key(t))
            && !stop::is_stop(key(n));
        if lower_pair {
            return Some((t.start, i + 1, "a first name and a surname in lower case".into()));
        }
    }
    // "Last, First".
    if let (Some(n), true) = (next, t.is_cap()) {
        let comma = n.gap_before == "," && !text[t.end..n.start].contains('\n');
        let listed = |x: &Tok| first(x) != Entry::Absent || last(x) != Entry::Absent;
        let common_only = |x: &Tok| listed(x) && first(x) != Entry::Plain && last(x) != Entry::Plain;
        let fits = |x: &Tok| x.is_cap() && !stop::is_stop(key(x)) && (listed(x) || !english(x));
        let sure = (listed(t) || listed(n)) && !(common_only(t) && common_only(n));
        let listy = toks.get(i + 2).is_some_and(|m| m.gap_before == "," && m.is_cap());
        if comma && fits(t) && fits(n) && sure && !eponym_use(toks, i + 1) && !listy {
            let last = extend(toks, i + 1);
            return Some((t.start, last, "a surname, a comma and a first name".into()));
        }
    }
    // A first name alone that is no English word.
    let alone = t.is_cap()
        && t.text.chars().count() >= 3
        && first(t) == Entry::Plain
        && !english(t)
        && !stop::is_stop(key(t))
        && !eponym_use(toks, i);
    if alone {
        return Some((t.start, i, "a first name".into()));
    }
    None
}

/// A first name and a surname from the lists (words too, like Will, Hope, Young, Brown), made sure by
/// what surrounds them: in lower case after a relation and before a clause ("son will turner who
/// drives"), or at a sentence's start before "is a"; capitalised before a relation in brackets or
/// "is the HCP". Returns the same as [`rule`].
fn told_by_what_follows(toks: &[Tok], i: usize, after_relation: bool) -> Option<(usize, usize, String)> {
    // Eponyms are names too (Turner, Brown): only what follows them ("Turner syndrome") rules them out.
    let listed_pair = |a: &Tok, b: &Tok| {
        first(a) != Entry::Absent && last(b) != Entry::Absent && !stop::is_hard(key(a)) && !stop::is_hard(key(b))
    };
    let lower = |x: &Tok| x.case == Case::Lower;
    // In lower case, after a relation: the two words that follow it.
    if after_relation && RELATION_SET.contains(toks[i].low()) {
        let (n, m) = (toks.get(i + 1)?, toks.get(i + 2));
        let pair = |m: &Tok| lower(n) && lower(m) && joined(toks, i + 1) && joined(toks, i + 2) && listed_pair(n, m);
        if let Some(m) = m.filter(|m| pair(m) && !eponym_use(toks, i + 2)) {
            let after = toks.get(i + 3);
            let ends = after.is_none_or(|a| !a.gap_before.is_empty() || AFTER_A_NAME.contains(a.low()));
            // "son will call", "mom may call": a modal then a verb, unless the surname is no word
            // or what follows says a person was named ("will turner who drives").
            let modal = matches!(n.low(), "will" | "may" | "can" | "must" | "shall");
            let told = after.is_some_and(|a| a.gap_before.is_empty() && SAYS_WHO_SET.contains(a.low()));
            if ends && (!modal || !english(m) || told) {
                return Some((n.start, i + 2, format!("a name in lower case after '{}'", toks[i].text)));
            }
        }
    }
    let (t, n) = (&toks[i], toks.get(i + 1)?);
    if !joined(toks, i + 1) {
        return None;
    }
    // The shape and the words around first; the lists and the stop list only then.
    let sure = |last: usize| listed_pair(t, n) && !eponym_use(toks, i + 1) && (last == i + 1 || !eponym_use(toks, last));
    // In lower case at a sentence's start: "john smith is a 45 yo man".
    let says_who = |j: usize| {
        toks.get(j).is_some_and(|x| matches!(x.low(), "is" | "was"))
            && toks.get(j + 1).is_some_and(|x| matches!(x.low(), "a" | "an"))
    };
    // ...with an age soon after, so that "major risk is a fall" stays a sentence.
    let age_follows = (i + 4..i + 7)
        .any(|j| toks.get(j).is_some_and(|x| matches!(x.low(), "yo" | "year" | "y" | "yr" | "years")))
        || toks.get(i + 4).is_some_and(|x| x.gap_before.ends_with(|c: char| c.is_ascii_digit()));
    if lower(t) && lower(n) && t.starts_sentence && says_who(i + 2) && age_follows && sure(i + 1) {
        return Some((t.start, i + 1, "a first name and a surname starting a sentence, before 'is a'".into()));
    }
    // Capitalised, before a relation: "Will Young (brother)", "Grace Hope Lee is the HCP".
    if t.is_cap() && n.is_cap() && !n.starts_sentence && first(t) != Entry::Absent && last(n) != Entry::Absent {
        let last = extend(toks, i + 1);
        let whose = |j: usize| toks.get(j).is_some_and(|x| RELATION_SET.contains(x.low()));
        // The bracket holds the relation alone: "Will Young (brother)", not "Hope House (daughter visits)".
        let closes = |j: usize| toks.get(j + 1).is_none_or(|x| x.gap_before.starts_with(')'));
        let bracketed = toks.get(last + 1).is_some_and(|x| x.gap_before == "(") && whose(last + 1) && closes(last + 1);
        let stated = toks.get(last + 1).is_some_and(|x| matches!(x.low(), "is" | "was"))
            && toks.get(last + 2).is_some_and(|x| matches!(x.low(), "the" | "her" | "his" | "their"))
            && whose(last + 3);
        if (bracketed || stated) && sure(last) {
            return Some((t.start, last, "a first name and a surname, before the relation they stand in".into()));
        }
    }
    None
}
