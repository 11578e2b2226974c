//! A plan's words: which blocks may be chosen and why the others may not, each pick's reasons,
//! the strong experiences left out, and what more money or time would change.

use std::collections::{HashMap, HashSet};

use crate::dates::span;
use crate::index::SearchDoc;
use crate::money::usd;
use crate::plan::{Candidate, Change, LeftOut, Pick, PlanAsk, Weighed};

/// Why a block cannot be chosen, put in words only for the few a plan explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bar {
    /// The applicant may not join the experience.
    Ineligible,
    /// An observership, and the plan is hands-on only.
    NotHandsOn,
    /// No letters, and the plan is letters only.
    NoLetters,
    /// No seat left.
    Full,
    /// Overlaps a rotation held (its index in the ask's `busy`).
    Busy(usize),
}

impl Bar {
    fn words(self, c: &Candidate<'_>, ask: &PlanAsk) -> String {
        match self {
            Self::Ineligible => {
                let words: Vec<String> =
                    c.eligibility.check(c.kind, &ask.facts, ask.year()).iter().map(ToString::to_string).collect();
                format!("not eligible: {}", words.join("; "))
            }
            Self::NotHandsOn => "an observership, and the plan is for hands-on experiences only".into(),
            Self::NoLetters => "the preceptor does not say they write letters, and the plan is for letters only".into(),
            Self::Full => format!("no seat left in the block of {}", span(c.start, c.end)),
            Self::Busy(i) => {
                let b = &ask.busy[i];
                format!("overlaps your rotation {} ({})", b.what, span(b.from, b.to))
            }
        }
    }
}

/// Every block in `open_to`'s dates: those the plan may choose, with their points; and for each
/// experience with a block in `ask`'s dates, its best such block and why it cannot be chosen.
pub(crate) fn weigh<'a>(ask: &PlanAsk, open_to: &PlanAsk, docs: &'a [SearchDoc]) -> Weighed<'a> {
    let mut open = Vec::new();
    let mut best: HashMap<i64, (Candidate<'a>, i64, Option<Bar>)> = HashMap::new();
    let year = ask.year();
    for doc in docs {
        let mut barred: Option<Option<Bar>> = None;
        for slot in &doc.slots {
            let c = Candidate::of(doc, slot);
            if !open_to.fits(c.start, c.end) {
                continue;
            }
            let why = (*barred.get_or_insert_with(|| experience_bar(doc, ask, year))).or_else(|| block_bar(&c, ask));
            let points = ask.weights.per_week(&c, &ask.wants, ask.today) * i64::from(c.weeks);
            if ask.fits(c.start, c.end) {
                let better = best.get(&c.experience_id).is_none_or(|(_, p, w)| (why.is_none(), points) > (w.is_none(), *p));
                if better {
                    best.insert(c.experience_id, (c.clone(), points, why));
                }
            }
            if why.is_none() {
                open.push((c, points));
            }
        }
    }
    Weighed { open, best }
}

/// Why none of an experience's blocks can be chosen, if so.
fn experience_bar(doc: &SearchDoc, ask: &PlanAsk, year: i32) -> Option<Bar> {
    let l = &doc.listing;
    if !doc.eligibility.is_eligible(l.kind, &ask.facts, year) {
        Some(Bar::Ineligible)
    } else if ask.hands_on_only && !l.hands_on {
        Some(Bar::NotHandsOn)
    } else if ask.letters_only && !l.letter_possible {
        Some(Bar::NoLetters)
    } else {
        None
    }
}

/// Why this block cannot be chosen, if so.
fn block_bar(c: &Candidate<'_>, ask: &PlanAsk) -> Option<Bar> {
    if c.seats_left <= 0 {
        return Some(Bar::Full);
    }
    ask.busy.iter().position(|b| b.from <= c.end && c.start <= b.to).map(Bar::Busy)
}

/// The picks in order of start, each with its points and reasons.
pub(crate) fn picks(chosen: &[&(Candidate<'_>, i64)], ask: &PlanAsk) -> Vec<Pick> {
    let mut sorted: Vec<&Candidate<'_>> = chosen.iter().map(|(c, _)| c).collect();
    sorted.sort_by_key(|c| c.start);
    let mut out: Vec<Pick> = Vec::with_capacity(sorted.len());
    let mut before: Option<&Candidate<'_>> = None;
    for c in sorted {
        let (per_week, reasons) = ask.weights.reasons(c, &ask.wants, ask.today);
        let remote = |x: &Candidate<'_>| x.kind == crate::ExperienceType::Telerotation;
        let (lost, travel) = match before {
            Some(_) if remote(c) => (0, None),
            Some(b) if remote(b) => {
                let lost = ask.weights.travel;
                (lost, Some(format!("travel to {}, {} after a telerotation (−{lost})", c.city, c.state.code())))
            }
            Some(b) if b.state == c.state && b.city == c.city => (0, None),
            Some(b) if b.state == c.state => {
                let lost = ask.weights.travel / 2;
                (lost, Some(format!("a move from {} within {} (−{lost})", b.city, c.state.name())))
            }
            Some(b) => {
                let lost = ask.weights.travel;
                (lost, Some(format!("a move from {}, {} (−{lost})", b.city, b.state.code())))
            }
            None => (0, None),
        };
        out.push(Pick {
            block_id: c.block_id,
            experience_id: c.experience_id,
            title: c.title.to_string(),
            site_name: c.site_name.to_string(),
            city: c.city.to_string(),
            state: c.state.code().to_string(),
            specialty: c.specialty.name().to_string(),
            hands_on: c.hands_on,
            start_date: c.start,
            end_date: c.end,
            weeks: c.weeks,
            total_cents: c.cost_cents,
            points: per_week * i64::from(c.weeks) - lost,
            reasons,
            travel: travel.filter(|_| lost > 0),
        });
        before = Some(c);
    }
    out
}

/// The strongest experiences in the dates that the plan does not take, and why.
pub(crate) fn left_out(
    best: &HashMap<i64, (Candidate<'_>, i64, Option<Bar>)>,
    chosen: &[&(Candidate<'_>, i64)],
    ask: &PlanAsk,
) -> Vec<LeftOut> {
    let taken: HashSet<i64> = chosen.iter().map(|(c, _)| c.experience_id).collect();
    let total: i64 = chosen.iter().map(|(c, _)| c.cost_cents).sum();
    let mut strong: Vec<&(Candidate<'_>, i64, Option<Bar>)> =
        best.values().filter(|(c, _, _)| !taken.contains(&c.experience_id)).collect();
    strong.sort_by_key(|(c, points, _)| (std::cmp::Reverse(*points), c.experience_id));
    strong
        .into_iter()
        .take(super::LEFT_OUT)
        .map(|(c, points, why)| LeftOut {
            experience_id: c.experience_id,
            title: c.title.to_string(),
            site_name: c.site_name.to_string(),
            state: c.state.code().to_string(),
            points: *points,
            why: why.map_or_else(|| why_not(c, chosen, total, ask), |bar| bar.words(c, ask)),
        })
        .collect()
}

/// Why an open block is not in the best plan.
fn why_not(c: &Candidate<'_>, chosen: &[&(Candidate<'_>, i64)], total: i64, ask: &PlanAsk) -> String {
    if c.cost_cents > ask.budget_cents {
        return format!("its all-in price, {}, is over the budget of {}", usd(c.cost_cents), usd(ask.budget_cents));
    }
    if let Some((p, _)) = chosen.iter().find(|(p, _)| p.start <= c.end && c.start <= p.end) {
        return format!(
            "its block of {} overlaps {} ({}), which does more for the plan as a whole",
            span(c.start, c.end),
            p.title,
            span(p.start, p.end)
        );
    }
    if total + c.cost_cents > ask.budget_cents {
        return format!(
            "at {} it would take the plan {} over the budget; the picks do more for the money",
            usd(c.cost_cents),
            usd(total + c.cost_cents - ask.budget_cents)
        );
    }
    "it adds no more to the plan than it costs in travel".into()
}

/// What another plan changes from the chosen one, in numbers and a sentence starting `lead`.
pub(crate) fn change(chosen: &[&(Candidate<'_>, i64)], other: &[&(Candidate<'_>, i64)], ask: &PlanAsk, lead: &str) -> Change {
    let value = |set: &[&(Candidate<'_>, i64)]| picks(set, ask).iter().map(|p| p.points).sum::<i64>();
    let cost = |set: &[&(Candidate<'_>, i64)]| set.iter().map(|(c, _)| c.cost_cents).sum::<i64>();
    let ids = |set: &[&(Candidate<'_>, i64)]| set.iter().map(|(c, _)| c.block_id).collect::<HashSet<i64>>();
    let (mine, theirs) = (ids(chosen), ids(other));
    let named = |set: &[&(Candidate<'_>, i64)], skip: &HashSet<i64>| {
        let mut v: Vec<&Candidate<'_>> = set.iter().map(|(c, _)| c).filter(|c| !skip.contains(&c.block_id)).collect();
        v.sort_by_key(|c| c.start);
        v.into_iter().map(|c| format!("{} at {} ({})", c.title, c.site_name, span(c.start, c.end))).collect::<Vec<_>>()
    };
    let (base, better) = (value(chosen), value(other));
    let gain = better - base;
    let extra_cents = cost(other) - cost(chosen);
    let added = named(other, &mine);
    let dropped = named(chosen, &theirs);
    let sentence = if gain <= 0 {
        format!("{lead}, the plan would stay as it is: nothing better fits.")
    } else {
        let mut s = format!("{lead}, the plan would be worth {gain} points more");
        if !added.is_empty() {
            s.push_str(&format!(": it adds {}", added.join("; ")));
        }
        if !dropped.is_empty() {
            s.push_str(&format!(" and drops {}", dropped.join("; ")));
        }
        match extra_cents {
            0 => s.push_str(", for the same money."),
            n if n > 0 => s.push_str(&format!(", for {} more.", usd(n))),
            n => s.push_str(&format!(", for {} less.", usd(-n))),
        }
        s
    };
    Change {
        value: better.max(base),
        gain: gain.max(0),
        extra_cents: if gain > 0 { extra_cents } else { 0 },
        added: if gain > 0 { added } else { Vec::new() },
        dropped: if gain > 0 { dropped } else { Vec::new() },
        sentence,
    }
}
