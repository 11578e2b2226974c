//! The immunization record's entries as a page's form sends them: every
//! field a string, parsed into [`Immunizations`] or into one error per bad
//! field (named by its form field, with the label the page shows).

use chrono::NaiveDate;
use serde::Deserialize;

use crate::FieldError;
use crate::immunization::{Immunizations, TbMethod, TbTest};

/// The form's fields, as sent (empty when left blank); each date field's label is in [`DATE_FIELDS`].
#[allow(missing_docs)]
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ImmunizationForm {
    pub mmr_1: String,
    pub mmr_2: String,
    pub mmr_titer: String,
    pub varicella_1: String,
    pub varicella_2: String,
    pub varicella_titer: String,
    pub hepatitis_b_1: String,
    pub hepatitis_b_2: String,
    pub hepatitis_b_3: String,
    pub hepatitis_b_titer: String,
    pub tdap: String,
    /// `igra`, `tst` or empty.
    pub tb_method: String,
    pub tb_date: String,
    /// `negative`, `positive` or empty.
    pub tb_result: String,
    pub tb_xray: String,
    pub influenza: String,
}

/// Each date field with the label the page shows, in the form's order.
pub const DATE_FIELDS: [(&str, &str); 14] = [
    ("mmr_1", "MMR, first dose"),
    ("mmr_2", "MMR, second dose"),
    ("mmr_titer", "MMR, positive titer"),
    ("varicella_1", "Varicella, first dose"),
    ("varicella_2", "Varicella, second dose"),
    ("varicella_titer", "Varicella, positive titer"),
    ("hepatitis_b_1", "Hepatitis B, first dose"),
    ("hepatitis_b_2", "Hepatitis B, second dose"),
    ("hepatitis_b_3", "Hepatitis B, third dose"),
    ("hepatitis_b_titer", "Hepatitis B, positive surface antibody"),
    ("tdap", "Tdap, last dose"),
    ("tb_date", "TB test, read on"),
    ("tb_xray", "Chest X-ray, clear on"),
    ("influenza", "Influenza, this season's dose"),
];

/// The label of a form field, or the field's name if it has none.
pub fn label(field: &str) -> &str {
    match field {
        "tb_method" => "TB test, method",
        "tb_result" => "TB test, result",
        _ => DATE_FIELDS.iter().find(|(f, _)| *f == field).map_or(field, |(_, l)| l),
    }
}

fn show(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl ImmunizationForm {
    /// The form filled with a record's entries, to edit them.
    pub fn of(r: &Immunizations) -> Self {
        let dose = |v: &[NaiveDate], i: usize| show(v.get(i).copied());
        Self {
            mmr_1: dose(&r.mmr_doses, 0),
            mmr_2: dose(&r.mmr_doses, 1),
            mmr_titer: show(r.mmr_titer_positive_on),
            varicella_1: dose(&r.varicella_doses, 0),
            varicella_2: dose(&r.varicella_doses, 1),
            varicella_titer: show(r.varicella_titer_positive_on),
            hepatitis_b_1: dose(&r.hepatitis_b_doses, 0),
            hepatitis_b_2: dose(&r.hepatitis_b_doses, 1),
            hepatitis_b_3: dose(&r.hepatitis_b_doses, 2),
            hepatitis_b_titer: show(r.hepatitis_b_titer_positive_on),
            tdap: show(r.tdap_on),
            tb_method: match r.tb.map(|t| t.method) {
                Some(TbMethod::Igra) => "igra".into(),
                Some(TbMethod::Tst) => "tst".into(),
                None => String::new(),
            },
            tb_date: show(r.tb.map(|t| t.date)),
            tb_result: match r.tb.map(|t| t.negative) {
                Some(true) => "negative".into(),
                Some(false) => "positive".into(),
                None => String::new(),
            },
            tb_xray: show(r.tb.and_then(|t| t.chest_xray_clear_on)),
            influenza: show(r.influenza_on),
        }
    }

    /// A field's value by its name (empty for a name the form does not have).
    pub fn value(&self, field: &str) -> &str {
        match field {
            "mmr_1" => &self.mmr_1,
            "mmr_2" => &self.mmr_2,
            "mmr_titer" => &self.mmr_titer,
            "varicella_1" => &self.varicella_1,
            "varicella_2" => &self.varicella_2,
            "varicella_titer" => &self.varicella_titer,
            "hepatitis_b_1" => &self.hepatitis_b_1,
            "hepatitis_b_2" => &self.hepatitis_b_2,
            "hepatitis_b_3" => &self.hepatitis_b_3,
            "hepatitis_b_titer" => &self.hepatitis_b_titer,
            "tdap" => &self.tdap,
            "tb_date" => &self.tb_date,
            "tb_xray" => &self.tb_xray,
            "influenza" => &self.influenza,
            _ => "",
        }
    }

    /// Whether nothing was filled in.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The record, or every field that cannot be read (no date in the future: entries are what was given).
    pub fn parse(&self, today: NaiveDate) -> Result<Immunizations, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut dates = std::collections::HashMap::new();
        for (field, label) in DATE_FIELDS {
            let raw = self.value(field).trim();
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<NaiveDate>() {
                Ok(d) if d > today => errors.push(FieldError {
                    field,
                    message: format!("{label}: {d} is in the future; give the date it was given or read"),
                }),
                Ok(d) => {
                    dates.insert(field, d);
                }
                Err(_) => errors.push(FieldError { field, message: format!("{label}: '{raw}' is not a date; write YYYY-MM-DD") }),
            }
        }
        let get = |f: &str| dates.get(f).copied();
        let doses = |fields: &[&str]| fields.iter().filter_map(|f| get(f)).collect::<Vec<_>>();
        let method = match self.tb_method.trim() {
            "" => None,
            "igra" => Some(TbMethod::Igra),
            "tst" => Some(TbMethod::Tst),
            _ => {
                errors.push(FieldError { field: "tb_method", message: "TB test, method: choose IGRA or skin test".into() });
                None
            }
        };
        let negative = match self.tb_result.trim() {
            "" => None,
            "negative" => Some(true),
            "positive" => Some(false),
            _ => {
                errors.push(FieldError { field: "tb_result", message: "TB test, result: choose negative or positive".into() });
                None
            }
        };
        let tb = match (method, get("tb_date"), negative) {
            (Some(method), Some(date), Some(negative)) => {
                Some(TbTest { method, date, negative, chest_xray_clear_on: get("tb_xray") })
            }
            (None, None, None) if get("tb_xray").is_none() => None,
            _ => {
                let missing = [
                    (method.is_none(), "tb_method", "the method"),
                    (get("tb_date").is_none() && !errors.iter().any(|e| e.field == "tb_date"), "tb_date", "the date read"),
                    (negative.is_none(), "tb_result", "the result"),
                ];
                for (absent, field, what) in missing {
                    if absent && !errors.iter().any(|e| e.field == field) {
                        let message = format!("{}: give {what} of your TB test too", label(field));
                        errors.push(FieldError { field, message });
                    }
                }
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Immunizations {
            mmr_doses: doses(&["mmr_1", "mmr_2"]),
            mmr_titer_positive_on: get("mmr_titer"),
            varicella_doses: doses(&["varicella_1", "varicella_2"]),
            varicella_titer_positive_on: get("varicella_titer"),
            hepatitis_b_doses: doses(&["hepatitis_b_1", "hepatitis_b_2", "hepatitis_b_3"]),
            hepatitis_b_titer_positive_on: get("hepatitis_b_titer"),
            tdap_on: get("tdap"),
            tb,
            influenza_on: get("influenza"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_filled_form_reads_back_as_the_same_form() {
        let form = ImmunizationForm {
            mmr_1: "2001-01-01".into(),
            mmr_2: "2005-01-01".into(),
            varicella_titer: "2020-01-01".into(),
            hepatitis_b_1: "2001-01-01".into(),
            hepatitis_b_2: "2001-02-01".into(),
            hepatitis_b_3: "2001-07-01".into(),
            tdap: "2022-05-01".into(),
            tb_method: "igra".into(),
            tb_date: "2026-09-01".into(),
            tb_result: "negative".into(),
            influenza: "2026-10-01".into(),
            ..ImmunizationForm::default()
        };
        let record = form.parse(d("2026-12-01")).unwrap();
        assert!(record.gaps(d("2027-01-04"), d("2027-01-31")).is_empty());
        assert_eq!(ImmunizationForm::of(&record), form);
        assert_eq!(ImmunizationForm::default().parse(d("2026-12-01")).unwrap(), Immunizations::default());
    }

    #[test]
    fn each_bad_field_is_named_with_its_label() {
        let form = ImmunizationForm {
            mmr_1: "01/02/2001".into(),
            tdap: "2027-05-01".into(),
            tb_date: "2026-09-01".into(),
            tb_method: "x-ray".into(),
            ..ImmunizationForm::default()
        };
        let errors = form.parse(d("2026-12-01")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["mmr_1", "tdap", "tb_method", "tb_result"], "{errors:?}");
        assert!(errors[0].message.starts_with("MMR, first dose: '01/02/2001' is not a date"), "{}", errors[0].message);
        assert!(errors[1].message.contains("in the future"), "{}", errors[1].message);
        assert!(errors[3].message.starts_with("TB test, result: give the result"), "{}", errors[3].message);
        assert_eq!(label("tb_xray"), "Chest X-ray, clear on");
    }
}
