//! Builds the catalog search statement from a checked [`SearchQuery`].
//!
//! One SQL text serves both backends (`$n` placeholders); only free-text
//! matching differs, chosen by [`Dialect`]. Every value is bound, never
//! spliced: the terms are alphanumeric by construction, and bound anyway.

use chrono::{Datelike, NaiveDate};
use matchready_core::flags::Flag;
use matchready_core::{ApplicantType, SearchQuery, Sort, Visa};

/// The SQL flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite with FTS5.
    Sqlite,
    /// PostgreSQL with a `tsvector` column.
    Postgres,
}

/// A value to bind.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// Text.
    Text(String),
    /// A 64-bit integer.
    Int(i64),
    /// A 32-bit integer.
    Int32(i32),
    /// A date.
    Date(NaiveDate),
}

/// A statement and its parameters, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// SQL text with `$1`, `$2`... placeholders.
    pub sql: String,
    /// Values for the placeholders.
    pub params: Vec<Param>,
}

struct Builder {
    sql: String,
    params: Vec<Param>,
}

impl Builder {
    fn bind(&mut self, p: Param) -> String {
        self.params.push(p);
        format!("${}", self.params.len())
    }
}

/// The search statement: one row per result on the page, each carrying the
/// total number of matches in `total_count`.
pub fn search(q: &SearchQuery, today: NaiveDate, dialect: Dialect) -> Statement {
    let mut b = Builder { sql: String::with_capacity(2048), params: Vec::new() };
    let text = !q.terms.is_empty();

    // The block shown is the first one starting in the window (today onwards).
    let from = q.start_from.map_or(today, |d| d.max(today));
    let from = b.bind(Param::Date(from));
    let to_cond = match q.start_to {
        Some(to) => format!(" AND b.start_date <= {}", b.bind(Param::Date(to))),
        None => String::new(),
    };

    let (text_join, text_cond, rank) = match (text, dialect) {
        (false, _) => (String::new(), String::new(), ""),
        (true, Dialect::Sqlite) => {
            let m = q.terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" AND ");
            let p = b.bind(Param::Text(m));
            (
                format!(" JOIN (SELECT rowid, rank FROM experiences_fts WHERE experiences_fts MATCH {p}) f ON f.rowid = e.id"),
                String::new(),
                "f.rank, ",
            )
        }
        (true, Dialect::Postgres) => {
            let m = q.terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ");
            let p = b.bind(Param::Text(m));
            (String::new(), format!(" AND e.search_vector @@ to_tsquery('simple', {p})"), "-ts_rank(e.search_vector, to_tsquery('simple', $PLACEHOLDER)), ")
        }
    };
    // ts_rank needs the query again: reuse the same placeholder.
    let rank = rank.replace("$PLACEHOLDER", &format!("${}", b.params.len()));

    b.sql.push_str(
        "SELECT e.id, e.title, e.kind, e.hands_on, e.specialty, s.name AS site_name, s.city, s.state, \
         (SELECT p.name FROM experience_preceptors ep JOIN preceptors p ON p.id = ep.preceptor_id \
          WHERE ep.experience_id = e.id ORDER BY ep.position LIMIT 1) AS preceptor_name, \
         e.total_cents, nb.start_date AS next_start, nb.weeks, nb.seats_left, e.letter_possible, e.last_verified_on, \
         COUNT(*) OVER () AS total_count \
         FROM experiences e JOIN sites s ON s.id = e.site_id",
    );
    b.sql.push_str(&text_join);
    b.sql.push_str(&format!(
        " LEFT JOIN blocks nb ON nb.id = (SELECT b.id FROM blocks b WHERE b.experience_id = e.id \
          AND b.start_date >= {from}{to_cond} ORDER BY b.start_date, b.id LIMIT 1) WHERE TRUE"
    ));
    b.sql.push_str(&text_cond);

    if let Some(s) = q.specialty {
        let p = b.bind(Param::Text(s.code().into()));
        b.sql.push_str(&format!(" AND e.specialty = {p}"));
    }
    if let Some(s) = q.state {
        let p = b.bind(Param::Text(s.code().into()));
        b.sql.push_str(&format!(" AND s.state = {p}"));
    }
    if let Some(k) = q.kind {
        let p = b.bind(Param::Text(k.code().into()));
        b.sql.push_str(&format!(" AND e.kind = {p}"));
    }
    if q.hands_on {
        b.sql.push_str(" AND e.hands_on = TRUE");
    }
    if q.start_from.is_some() || q.start_to.is_some() {
        b.sql.push_str(" AND nb.id IS NOT NULL");
    }
    if let Some(max) = q.max_price_cents {
        let p = b.bind(Param::Int(max));
        b.sql.push_str(&format!(" AND e.total_cents <= {p}"));
    }
    if q.letter {
        b.sql.push_str(" AND e.letter_possible = TRUE");
    }
    push_eligibility(&mut b, q, today.year());

    // Best match: text rank, then what counts most for a residency
    // application (hands-on), then trust (verified), then the soonest start.
    let order = match q.sort {
        Sort::Price => "e.total_cents, nb.start_date NULLS LAST, e.id".to_string(),
        Sort::Relevance => format!(
            "{rank}e.hands_on DESC, (e.last_verified_on IS NULL), nb.start_date NULLS LAST, e.total_cents, e.id"
        ),
        Sort::Soonest => "nb.start_date NULLS LAST, e.total_cents, e.id".to_string(),
    };
    let limit = b.bind(Param::Int(i64::from(q.per_page)));
    let offset = b.bind(Param::Int(q.offset()));
    b.sql.push_str(&format!(" ORDER BY {order} LIMIT {limit} OFFSET {offset}"));
    Statement { sql: b.sql, params: b.params }
}

/// The same conditions as `Eligibility::check` in the core, as SQL.
fn push_eligibility(b: &mut Builder, q: &SearchQuery, year: i32) {
    let who = &q.applicant;
    if let Some(v) = who.visa {
        let p = b.bind(Param::Int(v.bit()));
        b.sql.push_str(&format!(" AND (e.visas & {p}) <> 0"));
        if v == Visa::B1B2 && who.applicant_type == Some(ApplicantType::Img) {
            b.sql.push_str(" AND e.hands_on = FALSE");
        }
    }
    if let Some(t) = who.applicant_type {
        let p = b.bind(Param::Int(t.bit()));
        b.sql.push_str(&format!(" AND (e.applicant_types & {p}) <> 0"));
    }
    let graduate = who.applicant_type.is_none_or(|t| !t.is_student());
    if let (Some(grad), true) = (who.graduation_year, graduate) {
        let p = b.bind(Param::Int32(year - grad));
        b.sql.push_str(&format!(" AND (e.max_years_since_graduation IS NULL OR e.max_years_since_graduation >= {p})"));
    }
    if who.step1_passed == Some(false) {
        b.sql.push_str(" AND e.step1_pass_required = FALSE");
    }
    if who.ecfmg_certified == Some(false) {
        b.sql.push_str(" AND e.ecfmg_required = FALSE");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binds_every_value_in_order() {
        let q = SearchQuery { terms: vec!["cardio".into(), "ny".into()], max_price_cents: Some(5), sort: Sort::Relevance, ..Default::default() };
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let st = search(&q, today, Dialect::Postgres);
        assert_eq!(st.params[0], Param::Date(today));
        assert_eq!(st.params[1], Param::Text("cardio:* & ny:*".into()));
        assert!(st.sql.contains("ts_rank(e.search_vector, to_tsquery('simple', $2))"));
        assert_eq!(st.params.len(), 5);
        let st = search(&q, today, Dialect::Sqlite);
        assert_eq!(st.params[1], Param::Text("\"cardio\"* AND \"ny\"*".into()));
        assert!(!st.sql.contains("cardio"));
    }
}
