//! The pieces of the round pages that turn forms into rank lists and rank
//! lists into tables: a ranking form sends one (id, rank) pair per row, a
//! rank being blank (not ranked) or a whole number; ties and gaps are told
//! back in words.

use chrono::{DateTime, Utc};
use matchready_core::round::RoundBlock;
use matchready_core::round::placement::Order;

use matchready_app::rounds::SiteRound;

/// A block's dates as the pages show them.
pub fn block_dates(b: &RoundBlock) -> String {
    matchready_core::dates::span(b.start_date, b.end_date)
}

/// A time as the pages show it (UTC).
pub fn when(at: DateTime<Utc>) -> String {
    matchready_core::dates::moment(at.timestamp())
}

/// A ranking form, read.
#[derive(Debug, PartialEq, Eq)]
pub enum Ranked {
    /// Ids, best first.
    Ok(Vec<i64>),
    /// What to fix.
    Problem(String),
}

/// Orders `ids` by their `ranks` (parallel lists from the form; blank: not ranked).
pub fn ranked(ids: &[i64], ranks: &[String], what: &str) -> Ranked {
    if ids.len() != ranks.len() {
        return Ranked::Problem("The form was not sent whole; reload the page and rank again.".into());
    }
    let mut chosen: Vec<(u32, i64)> = Vec::new();
    for (id, rank) in ids.iter().zip(ranks) {
        let rank = rank.trim();
        if rank.is_empty() {
            continue;
        }
        let Some(n) = rank.parse::<u32>().ok().filter(|n| *n >= 1) else {
            return Ranked::Problem(format!("Rank {what}s with 1, 2, 3…; \"{rank}\" is not a rank."));
        };
        if chosen.iter().any(|(m, _)| *m == n) {
            return Ranked::Problem(format!("Two {what}s have rank {n}: give each its own place."));
        }
        chosen.push((n, *id));
    }
    chosen.sort_unstable();
    Ranked::Ok(chosen.into_iter().map(|(_, id)| id).collect())
}

/// One applicant in the site's ranking table.
pub struct SiteRow {
    /// Who.
    pub applicant_id: i64,
    /// Name and email.
    pub name: String,
    /// Profile facts in words.
    pub facts: String,
    /// Which of this experience's blocks they ranked, at which place of their list.
    pub chose: String,
    /// The site's rank so far (0: none).
    pub rank: usize,
}

/// The site's ranking table for one experience.
pub struct SiteTable {
    /// The experience.
    pub experience_id: i64,
    /// Its title.
    pub title: String,
    /// Whether the site ranked (else the lottery orders).
    pub by_site: bool,
    /// Those who chose its blocks.
    pub rows: Vec<SiteRow>,
    /// 1..=rows.len(), for the rank menus.
    pub places: Vec<usize>,
}

fn facts(p: &matchready_core::RawProfile) -> String {
    let mut out = Vec::new();
    if let Some(t) = p.applicant_type.as_deref().and_then(matchready_core::ApplicantType::from_code) {
        out.push(t.name().to_string());
    }
    if let Some(y) = p.graduation_year {
        out.push(format!("graduation {y}"));
    }
    if let Some(c) = p.school_country.as_deref().filter(|c| !c.is_empty()) {
        out.push(c.to_string());
    }
    if p.step1_passed == Some(true) {
        out.push("Step 1 passed".into());
    }
    if let Some(s) = p.step2_ck_score {
        out.push(format!("Step 2 CK {s}"));
    }
    if let Some(v) = p.visa.as_deref().and_then(matchready_core::Visa::from_code) {
        out.push(v.name().to_string());
    }
    out.join(" · ")
}

/// The site's tables: per experience, everyone who ranked one of its blocks.
pub fn site_rows(v: &SiteRound) -> Vec<SiteTable> {
    v.lists
        .iter()
        .map(|l| {
            let blocks: Vec<i64> =
                v.round.blocks.iter().filter(|b| b.experience_id == l.experience_id).map(|b| b.block_id).collect();
            let rows: Vec<SiteRow> = v
                .entrants
                .iter()
                .filter(|e| e.ranks.iter().any(|b| blocks.contains(b)))
                .map(|e| {
                    let chose = e
                        .ranks
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| blocks.contains(b))
                        .filter_map(|(i, b)| {
                            let block = v.round.blocks.iter().find(|x| x.block_id == *b)?;
                            Some(format!("{} (their choice {})", block.start_date.format("%-d %b"), i + 1))
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    SiteRow {
                        applicant_id: e.applicant_id,
                        name: format!("{} ({})", e.name, e.email),
                        facts: facts(&e.profile),
                        chose,
                        rank: l.applicant_ids.iter().position(|a| *a == e.applicant_id).map_or(0, |i| i + 1),
                    }
                })
                .collect();
            SiteTable {
                experience_id: l.experience_id,
                title: l.title.clone(),
                by_site: l.order == Order::Site,
                places: (1..=rows.len()).collect(),
                rows,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_string()).collect()
    }

    #[test]
    fn ranks_order_the_ids_and_blanks_are_left_out() {
        assert_eq!(ranked(&[10, 20, 30], &s(&["2", "", "1"]), "block"), Ranked::Ok(vec![30, 10]));
        assert_eq!(ranked(&[10, 20], &s(&["", ""]), "block"), Ranked::Ok(vec![]));
        // Gaps are fine: only the order counts.
        assert_eq!(ranked(&[10, 20], &s(&["5", "2"]), "block"), Ranked::Ok(vec![20, 10]));
    }

    #[test]
    fn ties_words_and_torn_forms_are_told_back() {
        let Ranked::Problem(p) = ranked(&[10, 20], &s(&["1", "1"]), "block") else { panic!("a tie") };
        assert!(p.contains("Two blocks have rank 1"), "{p}");
        let Ranked::Problem(p) = ranked(&[10], &s(&["first"]), "applicant") else { panic!("a word") };
        assert!(p.contains("\"first\" is not a rank"), "{p}");
        assert!(matches!(ranked(&[10], &s(&["0"]), "block"), Ranked::Problem(_)));
        assert!(matches!(ranked(&[10, 20], &s(&["1"]), "block"), Ranked::Problem(_)));
    }
}
