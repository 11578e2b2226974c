//! A letter as one row of a list: whom it is from or for, where it stands,
//! when it is due, where it went and whether it was opened.

use chrono::NaiveDate;
use matchready_app::letters::LetterView;
use matchready_core::dates;

/// One letter in a list.
pub(crate) struct Row {
    pub id: i64,
    pub author: String,
    pub applicant: String,
    pub rotation: String,
    pub specialty: &'static str,
    pub status: &'static str,
    pub status_code: &'static str,
    pub due: String,
    pub late: bool,
    pub waived: bool,
    pub sent: String,
}

/// The rows of `letters` on `today`.
pub(crate) fn rows(letters: &[LetterView], today: NaiveDate) -> Vec<Row> {
    letters
        .iter()
        .map(|v| {
            let l = &v.letter;
            let programs: Vec<&str> = v.destinations.iter().map(|d| d.program.as_str()).collect();
            let opened = v.destinations.iter().filter(|d| !d.openings.is_empty()).count();
            let sent = match (programs.len(), opened) {
                (0, _) => String::new(),
                (_, 0) => format!("Sent to {}", programs.join(", ")),
                (n, o) => format!("Sent to {} · opened by {o} of {n}", programs.join(", ")),
            };
            Row {
                id: l.id,
                author: l.author_name.clone(),
                applicant: l.applicant_name.clone(),
                rotation: format!("{}, {}", l.experience_title, l.site_name),
                specialty: v.specialty_name,
                status: v.status_name,
                status_code: l.status.code(),
                due: dates::day(l.due_on),
                late: l.late(today),
                waived: l.waived,
                sent,
            }
        })
        .collect()
}
