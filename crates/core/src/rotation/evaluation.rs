//! Evaluations: the preceptor's midpoint (formative) and final (summative)
//! evaluation of the trainee on the six ACGME core competencies, each on
//! levels 1 to 5 with an anchor per level, or "not observed"; and the
//! trainee's evaluation of the rotation, shown to the site and the catalog
//! only in aggregate and only once three trainees have given one. Pure.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::search::FieldError;

/// The longest a narrative field may be, in characters.
pub const MAX_TEXT: usize = 2000;
/// Days after the block's end by which the final evaluation is due.
pub const FINAL_DUE_DAYS: u64 = 7;
/// How many trainees must have evaluated before anyone sees their aggregate.
pub const MIN_REVIEWS: usize = 3;

/// Which evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvalKind {
    /// Halfway: formative, to say what to work on.
    Midpoint,
    /// At the end: summative.
    Final,
}

impl EvalKind {
    /// Both, in order.
    pub const ALL: [Self; 2] = [Self::Midpoint, Self::Final];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Midpoint => "midpoint",
            Self::Final => "final",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Midpoint => "Midpoint evaluation",
            Self::Final => "Final evaluation",
        }
    }

    /// When it is due for a block from `first` to `last`: the middle day, or a week after the end.
    pub fn due(self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        match self {
            Self::Midpoint => first + Days::new(((last - first).num_days().max(0) / 2) as u64),
            Self::Final => last + Days::new(FINAL_DUE_DAYS),
        }
    }
}

/// One competency and what each of its five levels looks like.
pub struct Competency {
    /// The stable code (the field's name).
    pub code: &'static str,
    /// The words a person reads.
    pub name: &'static str,
    /// Levels 1 to 5.
    pub anchors: [&'static str; 5],
}

/// The six ACGME core competencies.
pub const COMPETENCIES: [Competency; 6] = [
    Competency {
        code: "patient_care",
        name: "Patient care",
        anchors: [
            "Gathers an incomplete history and examination",
            "Gathers a complete history and examination with prompting",
            "Gathers a focused history and examination; proposes a plan",
            "Prioritises problems and carries out plans safely",
            "Manages patients independently at the level of a starting intern",
        ],
    },
    Competency {
        code: "medical_knowledge",
        name: "Medical knowledge",
        anchors: [
            "Recalls basic facts with gaps",
            "Explains common conditions",
            "Applies knowledge to the patient in front of them",
            "Builds a prioritised differential and justifies it",
            "Teaches others and reads around cases unprompted",
        ],
    },
    Competency {
        code: "practice_based_learning",
        name: "Practice-based learning and improvement",
        anchors: [
            "Does not seek feedback",
            "Accepts feedback when given",
            "Asks for feedback and acts on it",
            "Finds and appraises evidence for questions that arise",
            "Changes their practice from evidence and reflection",
        ],
    },
    Competency {
        code: "communication",
        name: "Interpersonal and communication skills",
        anchors: [
            "Communication often unclear to patients or team",
            "Clear in routine exchanges",
            "Presents cases in order; explains plans in plain words",
            "Handles difficult conversations with support",
            "Communicates as a trusted member of the team",
        ],
    },
    Competency {
        code: "professionalism",
        name: "Professionalism",
        anchors: [
            "Late or unprepared; lapses in confidentiality",
            "Reliable with reminders",
            "Reliable, prepared and respectful",
            "Takes ownership of patients and tasks",
            "A model of responsibility for others",
        ],
    },
    Competency {
        code: "systems_based_practice",
        name: "Systems-based practice",
        anchors: [
            "Unaware of the team and the system around the patient",
            "Knows the roles in the team",
            "Coordinates with nurses, pharmacy and consultants",
            "Plans discharge and follow-up with the system in mind",
            "Improves the way the team works",
        ],
    },
];

/// A level as sent: a number 1 to 5, or `"not_observed"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum RawLevel {
    /// 1 to 5.
    Number(i64),
    /// `"not_observed"` (or a number as text, from a form).
    Text(String),
    /// Anything else (a fraction, `true`): refused by [`parse`], naming the competency.
    Other(serde_json::Value),
}

/// An evaluation as sent: a level per competency, and the narrative.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawEvaluation {
    /// Patient care.
    pub patient_care: Option<RawLevel>,
    /// Medical knowledge.
    pub medical_knowledge: Option<RawLevel>,
    /// Practice-based learning and improvement.
    pub practice_based_learning: Option<RawLevel>,
    /// Interpersonal and communication skills.
    pub communication: Option<RawLevel>,
    /// Professionalism.
    pub professionalism: Option<RawLevel>,
    /// Systems-based practice.
    pub systems_based_practice: Option<RawLevel>,
    /// Strengths.
    pub strengths: String,
    /// Areas to improve.
    pub improve: String,
    /// The overall narrative.
    pub narrative: String,
}

/// An evaluation's content, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct EvaluationText {
    /// A level per competency, in the order of [`COMPETENCIES`]: 1 to 5, 0 for not observed, `null`
    /// not yet rated (in a draft only).
    pub levels: [Option<u8>; 6],
    /// Strengths.
    pub strengths: String,
    /// Areas to improve.
    pub improve: String,
    /// The overall narrative.
    pub narrative: String,
}

impl RawEvaluation {
    fn given(&self) -> [&Option<RawLevel>; 6] {
        [
            &self.patient_care,
            &self.medical_knowledge,
            &self.practice_based_learning,
            &self.communication,
            &self.professionalism,
            &self.systems_based_practice,
        ]
    }
}

fn narrative(field: &'static str, raw: &str, errors: &mut Vec<FieldError>) -> String {
    // A tab pasted from a document is a space.
    let text = raw.trim().replace("\r\n", "\n").replace('\t', " ");
    let n = text.chars().count();
    if n > MAX_TEXT {
        errors.push(FieldError { field, message: format!("{n} characters; keep it to {MAX_TEXT}") });
    } else if text.chars().any(|c| c.is_control() && c != '\n') {
        errors.push(FieldError { field, message: "remove the control characters; write plain text".into() });
    }
    text
}

/// Parses an evaluation. A draft may leave competencies unrated; `submit` needs each rated or
/// marked not observed, at least one observed, and the narrative written.
pub fn parse(raw: &RawEvaluation, submit: bool) -> Result<EvaluationText, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut levels = [None; 6];
    let mut observed = 0;
    for (i, (c, given)) in COMPETENCIES.iter().zip(raw.given()).enumerate() {
        let not_a_level = |shown: String| FieldError {
            field: c.code,
            message: format!("{shown} is not a level; give 1 ({}) to 5, or not_observed", c.anchors[0].to_lowercase()),
        };
        let level = match given {
            None => None,
            Some(RawLevel::Text(t)) if t.trim().is_empty() => None,
            Some(RawLevel::Text(t)) if t.trim() == "not_observed" => Some(None),
            Some(RawLevel::Text(t)) => match t.trim().parse::<i64>() {
                Ok(n) => Some(Some(n)),
                Err(_) => {
                    errors.push(not_a_level(format!("\"{}\"", t.trim().chars().take(20).collect::<String>())));
                    continue;
                }
            },
            Some(RawLevel::Other(v)) => {
                errors.push(not_a_level(v.to_string().chars().take(20).collect()));
                continue;
            }
            Some(RawLevel::Number(n)) => Some(Some(*n)),
        };
        match level {
            None if submit => {
                errors.push(FieldError { field: c.code, message: "rate it from 1 to 5, or mark it not observed".into() })
            }
            None => {}
            Some(None) => levels[i] = Some(0),
            Some(Some(n)) => match u8::try_from(n).ok().filter(|l| (1..=5).contains(l)) {
                Some(l) => {
                    levels[i] = Some(l);
                    observed += 1;
                }
                None => errors.push(not_a_level(n.to_string())),
            },
        }
    }
    let strengths = narrative("strengths", &raw.strengths, &mut errors);
    let improve = narrative("improve", &raw.improve, &mut errors);
    let text = narrative("narrative", &raw.narrative, &mut errors);
    if submit && errors.is_empty() {
        if observed == 0 {
            errors.push(FieldError { field: "patient_care", message: "rate at least one competency you observed".into() });
        }
        if text.is_empty() {
            errors.push(FieldError { field: "narrative", message: "write the overall narrative before submitting".into() });
        }
    }
    if errors.is_empty() { Ok(EvaluationText { levels, strengths, improve, narrative: text }) } else { Err(errors) }
}

/// Levels as stored: a digit per competency (0 for not observed), `-` for not yet rated.
pub fn levels_code(levels: &[Option<u8>; 6]) -> String {
    levels.iter().map(|l| l.map_or('-', |l| char::from(b'0' + l.min(5)))).collect()
}

/// Levels from storage, if the code is six of `-` or digits 0 to 5.
pub fn levels_of(code: &str) -> Option<[Option<u8>; 6]> {
    let mut out = [None; 6];
    if code.len() != 6 {
        return None;
    }
    for (o, b) in out.iter_mut().zip(code.bytes()) {
        *o = match b {
            b'-' => None,
            b'0'..=b'5' => Some(b - b'0'),
            _ => return None,
        };
    }
    Some(out)
}

/// Days before the due date when the preceptors are reminded, and after it when the coordinators are.
pub const REMIND_DAYS: u64 = 3;

/// A reminder of an evaluation not submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// Due soon: the site's preceptors are reminded.
    DueSoon,
    /// Overdue: the site's coordinators are told.
    Overdue,
}

impl Reminder {
    /// The stable code stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
        }
    }
}

/// The reminder an evaluation not yet submitted calls for on `today`, if any: from three days
/// before it is due, and from three days after.
pub fn reminder(due: NaiveDate, today: NaiveDate) -> Option<Reminder> {
    if today > due + Days::new(REMIND_DAYS) {
        Some(Reminder::Overdue)
    } else if today + Days::new(REMIND_DAYS) >= due {
        Some(Reminder::DueSoon)
    } else {
        None
    }
}

/// An evaluation as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Evaluation {
    /// The rotation (application).
    pub application_id: i64,
    /// Midpoint or final.
    pub kind: EvalKind,
    /// Submitted (locked, and shown to the trainee), or a draft the preceptor may come back to.
    pub submitted: bool,
    /// What it says.
    pub text: EvaluationText,
    /// The preceptor who wrote it.
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// When it last changed, seconds since 1970.
    pub updated_at: i64,
    /// When it was submitted, seconds since 1970.
    pub submitted_at: Option<i64>,
}

#[cfg(test)]
#[path = "evaluation_tests.rs"]
mod tests;
