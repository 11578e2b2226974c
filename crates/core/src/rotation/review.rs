//! The trainee's evaluation of the rotation, at its end: the teaching, the
//! supervision, whether it was as described, and overall, each 1 to 5, with
//! a comment. Sites, preceptors and the catalog see only the aggregate, and
//! only from three trainees on, in whole batches of three, so no one
//! evaluation can be traced back.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::evaluation::MIN_REVIEWS;
use crate::search::FieldError;

/// What the trainee rates, in order: code, name, and the question.
pub const QUESTIONS: [(&str, &str, &str); 4] = [
    ("teaching", "Teaching", "How much did your preceptor teach you?"),
    ("supervision", "Supervision", "Were you supervised and given feedback as you needed?"),
    ("as_described", "As described", "Was the rotation what its listing promised (hands-on, hours, setting)?"),
    ("overall", "Overall", "Would you recommend it to a friend?"),
];

/// The longest a comment may be, in characters.
pub const MAX_COMMENT: usize = 1000;

/// A trainee's evaluation as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawReview {
    /// 1 to 5.
    pub teaching: Option<i64>,
    /// 1 to 5.
    pub supervision: Option<i64>,
    /// 1 to 5.
    pub as_described: Option<i64>,
    /// 1 to 5.
    pub overall: Option<i64>,
    /// For the site, shown without the trainee's name (at most 1,000 characters).
    pub comment: String,
}

/// A trainee's evaluation, checked: ratings in the order of [`QUESTIONS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReviewText {
    /// The ratings.
    pub ratings: [u8; 4],
    /// The comment.
    pub comment: String,
}

/// Parses a trainee's evaluation; every rating missing or off the scale is named.
pub fn parse(raw: &RawReview) -> Result<ReviewText, Vec<FieldError>> {
    let given = [raw.teaching, raw.supervision, raw.as_described, raw.overall];
    let mut ratings = [0u8; 4];
    let mut errors = Vec::new();
    for (i, ((code, _, _), v)) in QUESTIONS.iter().zip(given).enumerate() {
        match v.and_then(|v| u8::try_from(v).ok()).filter(|v| (1..=5).contains(v)) {
            Some(r) => ratings[i] = r,
            None => {
                let what = v.map(|v| format!("{v} is not a rating; ")).unwrap_or_default();
                errors.push(FieldError { field: code, message: format!("{what}rate it from 1 (poor) to 5 (excellent)") });
            }
        }
    }
    let comment = raw.comment.trim().replace("\r\n", "\n");
    if comment.chars().count() > MAX_COMMENT || comment.chars().any(|c| c.is_control() && c != '\n') {
        errors.push(FieldError { field: "comment", message: format!("keep it to {MAX_COMMENT} characters of plain text") });
    }
    if errors.is_empty() { Ok(ReviewText { ratings, comment }) } else { Err(errors) }
}

/// The reviews an aggregate may show, oldest first: whole batches of [`MIN_REVIEWS`] only, so that
/// when the count moves it moves by three, and the newest review cannot be told from the change.
pub fn published(oldest_first: &[[u8; 4]]) -> &[[u8; 4]] {
    &oldest_first[..oldest_first.len() - oldest_first.len() % MIN_REVIEWS]
}

/// What many trainees said, averaged: nothing until [`MIN_REVIEWS`] have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReviewAggregate {
    /// How many trainees evaluated.
    pub count: usize,
    /// The average of each rating of [`QUESTIONS`], in tenths (42 is 4.2).
    pub average_tenths: [u32; 4],
}

impl ReviewAggregate {
    /// The aggregate of the [`published`] part of `ratings` (oldest first), if there is any.
    pub fn of(ratings: &[[u8; 4]]) -> Option<Self> {
        let ratings = published(ratings);
        if ratings.len() < MIN_REVIEWS {
            return None;
        }
        let n = ratings.len() as u32;
        let mut average_tenths = [0u32; 4];
        for (i, a) in average_tenths.iter_mut().enumerate() {
            let sum: u32 = ratings.iter().map(|r| u32::from(r[i])).sum();
            *a = (sum * 10 + n / 2) / n;
        }
        Some(Self { count: ratings.len(), average_tenths })
    }

    /// "4.2 overall from 7 trainees".
    pub fn in_words(&self) -> String {
        let o = self.average_tenths[3];
        format!("{}.{} overall from {} trainees", o / 10, o % 10, self.count)
    }
}
