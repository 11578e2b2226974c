//! The immunization record, with the fields of the AAMC Standardized
//! Immunization Form, and what a site will find missing or out of date
//! for a rotation ending on a given day.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A tuberculosis test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TbTest {
    /// `igra` (QuantiFERON, T-SPOT) or `tst` (skin test).
    pub method: TbMethod,
    /// When it was read.
    pub date: NaiveDate,
    /// Negative, or positive (then a chest X-ray is needed).
    pub negative: bool,
    /// For a positive test: the date of a clear chest X-ray.
    #[serde(default)]
    pub chest_xray_clear_on: Option<NaiveDate>,
}

/// How TB was tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TbMethod {
    /// Interferon-gamma release assay.
    Igra,
    /// Tuberculin skin test.
    Tst,
}

/// The immunization record.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct Immunizations {
    /// MMR doses.
    pub mmr_doses: Vec<NaiveDate>,
    /// Or a positive MMR titer (all three), on this date.
    pub mmr_titer_positive_on: Option<NaiveDate>,
    /// Varicella doses.
    pub varicella_doses: Vec<NaiveDate>,
    /// Or a positive varicella titer.
    pub varicella_titer_positive_on: Option<NaiveDate>,
    /// Hepatitis B doses.
    pub hepatitis_b_doses: Vec<NaiveDate>,
    /// A positive hepatitis B surface antibody.
    pub hepatitis_b_titer_positive_on: Option<NaiveDate>,
    /// Last Tdap.
    pub tdap_on: Option<NaiveDate>,
    /// Last TB test.
    pub tb: Option<TbTest>,
    /// Last influenza vaccine.
    pub influenza_on: Option<NaiveDate>,
}

fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months)).unwrap_or(day)
}

impl Immunizations {
    /// The entries dated after `today`, by name (entries are what was given, never what is planned).
    pub fn in_the_future(&self, today: NaiveDate) -> Vec<&'static str> {
        let later = |days: &[Option<NaiveDate>]| days.iter().flatten().any(|d| *d > today);
        let with = |doses: &[NaiveDate], titer: Option<NaiveDate>| {
            later(&doses.iter().copied().map(Some).chain([titer]).collect::<Vec<_>>())
        };
        [
            ("MMR", with(&self.mmr_doses, self.mmr_titer_positive_on)),
            ("varicella", with(&self.varicella_doses, self.varicella_titer_positive_on)),
            ("hepatitis B", with(&self.hepatitis_b_doses, self.hepatitis_b_titer_positive_on)),
            ("Tdap", later(&[self.tdap_on])),
            ("TB test", later(&[self.tb.map(|t| t.date), self.tb.and_then(|t| t.chest_xray_clear_on)])),
            ("influenza", later(&[self.influenza_on])),
        ]
        .into_iter()
        .filter_map(|(name, is_later)| is_later.then_some(name))
        .collect()
    }

    /// What a site will ask about, for a rotation from `start` to `end`; empty when complete.
    pub fn gaps(&self, start: NaiveDate, end: NaiveDate) -> Vec<String> {
        let mut gaps = Vec::new();
        if self.mmr_doses.len() < 2 && self.mmr_titer_positive_on.is_none() {
            gaps.push("MMR: two doses or a positive titer".to_string());
        }
        if self.varicella_doses.len() < 2 && self.varicella_titer_positive_on.is_none() {
            gaps.push("Varicella: two doses or a positive titer".to_string());
        }
        if self.hepatitis_b_doses.len() < 3 && self.hepatitis_b_titer_positive_on.is_none() {
            gaps.push("Hepatitis B: three doses (two of Heplisav-B) or a positive surface antibody".to_string());
        }
        match self.tdap_on {
            None => gaps.push("Tdap: the date of your last dose".to_string()),
            Some(d) if d < months_before(end, 120) => {
                gaps.push(format!("Tdap: given {d}, more than 10 years before the rotation ends"))
            }
            _ => {}
        }
        match &self.tb {
            None => gaps.push("TB test: an IGRA or skin test within 12 months of the rotation".to_string()),
            Some(t) if t.date < months_before(start, 12) => {
                gaps.push(format!("TB test: read {}, more than 12 months before the rotation starts", t.date));
            }
            Some(t) if !t.negative && t.chest_xray_clear_on.is_none() => {
                gaps.push("TB test: positive, so a clear chest X-ray is needed".to_string());
            }
            _ => {}
        }
        match self.influenza_on {
            None if flu_season(start, end) => {
                gaps.push("Influenza: this season's vaccine (the rotation falls in October to March)".to_string())
            }
            Some(d) if flu_season(start, end) && d < months_before(start, 8) => {
                gaps.push(format!("Influenza: given {d}; this season's vaccine is needed"));
            }
            _ => {}
        }
        gaps
    }
}

/// Whether a rotation touches flu season (October to March).
fn flu_season(start: NaiveDate, end: NaiveDate) -> bool {
    let mut day = start;
    while day <= end {
        if matches!(chrono::Datelike::month(&day), 10..=12 | 1..=3) {
            return true;
        }
        day = day.checked_add_days(chrono::Days::new(14)).unwrap_or(end + chrono::Days::new(1));
    }
    matches!(chrono::Datelike::month(&end), 10..=12 | 1..=3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_complete_record_has_no_gaps_and_each_missing_part_is_named() {
        let full = Immunizations {
            mmr_doses: vec![d("2001-01-01"), d("2005-01-01")],
            varicella_titer_positive_on: Some(d("2020-01-01")),
            hepatitis_b_doses: vec![d("2001-01-01"), d("2001-02-01"), d("2001-07-01")],
            tdap_on: Some(d("2022-05-01")),
            tb: Some(TbTest { method: TbMethod::Igra, date: d("2026-09-01"), negative: true, chest_xray_clear_on: None }),
            influenza_on: Some(d("2026-10-01")),
            ..Immunizations::default()
        };
        assert!(full.gaps(d("2027-01-04"), d("2027-01-31")).is_empty(), "{:?}", full.gaps(d("2027-01-04"), d("2027-01-31")));
        assert_eq!(Immunizations::default().gaps(d("2027-01-04"), d("2027-01-31")).len(), 6);
        // A TB test goes stale; summer rotations need no flu shot.
        let later = full.gaps(d("2027-10-04"), d("2027-10-31"));
        assert!(later.iter().any(|g| g.starts_with("TB test")) && later.iter().any(|g| g.starts_with("Influenza")), "{later:?}");
        assert!(Immunizations { influenza_on: None, ..full.clone() }.gaps(d("2027-06-01"), d("2027-06-28")).is_empty());
        let positive = Immunizations {
            tb: Some(TbTest { method: TbMethod::Tst, date: d("2026-12-01"), negative: false, chest_xray_clear_on: None }),
            ..full
        };
        assert!(positive.gaps(d("2027-01-04"), d("2027-01-31")).iter().any(|g| g.contains("chest X-ray")));
    }

    #[test]
    fn entries_in_the_future_are_named() {
        let today = d("2026-12-01");
        let r = Immunizations {
            mmr_doses: vec![d("2001-01-01"), d("2027-01-01")],
            tdap_on: Some(d("2026-12-01")),
            influenza_on: Some(d("2026-12-02")),
            ..Immunizations::default()
        };
        assert_eq!(r.in_the_future(today), ["MMR", "influenza"], "today itself is not the future");
        assert!(Immunizations::default().in_the_future(today).is_empty());
    }
}
