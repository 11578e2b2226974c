//! SOAP notes: the trainee writes a de-identified Subjective / Objective /
//! Assessment / Plan note as a draft and submits it; the preceptor comments,
//! rates it on a short rubric, and returns it for revision or accepts it.
//! Every submission is kept as a revision and can be compared with the one
//! before. Pure: the PHI guard runs in the use case, on the fields parsed here.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use utoipa::ToSchema;

use super::WorkSetting;
use crate::Specialty;
use crate::search::FieldError;

/// The longest a section may be, in characters.
pub const MAX_SECTION: usize = 4000;
/// The longest a title may be, in characters.
pub const MAX_TITLE: usize = 120;
/// The longest a comment may be, in characters.
pub const MAX_COMMENT: usize = 1000;

/// Where a note stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    /// Being written; only the trainee sees it.
    Draft,
    /// With the preceptor.
    Submitted,
    /// Sent back for revision.
    Returned,
    /// Accepted by the preceptor: frozen.
    Accepted,
}

impl NoteStatus {
    const ALL: [Self; 4] = [Self::Draft, Self::Submitted, Self::Returned, Self::Accepted];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Accepted => "accepted",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Awaiting feedback",
            Self::Returned => "Returned for revision",
            Self::Accepted => "Accepted",
        }
    }
}

/// What happens to a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteEvent {
    /// The trainee saves changes.
    Edit,
    /// The trainee submits it to the preceptor.
    Submit,
    /// The preceptor comments on it.
    Comment,
    /// The preceptor returns it for revision.
    Return,
    /// The preceptor accepts it.
    Accept,
}

/// The one transition function; `None` when the event cannot happen from `from`.
pub fn transition(from: NoteStatus, event: NoteEvent) -> Option<NoteStatus> {
    use NoteEvent as E;
    use NoteStatus as S;
    match (from, event) {
        (S::Draft | S::Returned, E::Edit) => Some(from),
        (S::Draft | S::Returned, E::Submit) => Some(S::Submitted),
        (S::Submitted, E::Comment) => Some(S::Submitted),
        (S::Submitted, E::Return) => Some(S::Returned),
        (S::Submitted, E::Accept) => Some(S::Accepted),
        _ => None,
    }
}

/// One of the four sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// What the patient tells.
    Subjective,
    /// What is found.
    Objective,
    /// What it means.
    Assessment,
    /// What is done next.
    Plan,
}

impl Section {
    /// The four, in the order of a note.
    pub const ALL: [Self; 4] = [Self::Subjective, Self::Objective, Self::Assessment, Self::Plan];

    /// The stable code (the field's name).
    pub fn code(self) -> &'static str {
        match self {
            Self::Subjective => "subjective",
            Self::Objective => "objective",
            Self::Assessment => "assessment",
            Self::Plan => "plan",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The words a person reads.
    pub fn name(self) -> &'static str {
        match self {
            Self::Subjective => "Subjective",
            Self::Objective => "Objective",
            Self::Assessment => "Assessment",
            Self::Plan => "Plan",
        }
    }
}

/// A note as typed (every field a string), for the API and the pages alike.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawNote {
    /// A short title, e.g. "Chest pain, day 2".
    pub title: String,
    /// Where the encounter was: `inpatient`, `outpatient`, `operating_room`, `telehealth`, `didactics`.
    pub setting: String,
    /// The specialty's code, e.g. `internal-medicine`.
    pub specialty: String,
    /// What the patient tells: complaint, history.
    pub subjective: String,
    /// What is found: vitals, examination, results.
    pub objective: String,
    /// What it means: the reasoning, a differential.
    pub assessment: String,
    /// What is done next.
    pub plan: String,
}

/// A note's words, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NoteText {
    /// Its title.
    pub title: String,
    /// Where the encounter was.
    pub setting: WorkSetting,
    /// The specialty.
    #[schema(value_type = crate::CodeName)]
    pub specialty: Specialty,
    /// Subjective.
    pub subjective: String,
    /// Objective.
    pub objective: String,
    /// Assessment.
    pub assessment: String,
    /// Plan.
    pub plan: String,
}

impl NoteText {
    /// A section's text.
    pub fn section(&self, s: Section) -> &str {
        match s {
            Section::Subjective => &self.subjective,
            Section::Objective => &self.objective,
            Section::Assessment => &self.assessment,
            Section::Plan => &self.plan,
        }
    }

    /// Every text the guard must read: the title and the four sections, by field name.
    pub fn texts(&self) -> [(&'static str, &str); 5] {
        [
            ("title", &self.title),
            ("subjective", &self.subjective),
            ("objective", &self.objective),
            ("assessment", &self.assessment),
            ("plan", &self.plan),
        ]
    }
}

/// Text as kept: trimmed, line ends as `\n`, and without the invisible characters (zero-width
/// spaces and joiners, direction marks, soft hyphens) that could split a name or a number so the
/// PHI guard misses it.
pub fn tidy(text: &str) -> String {
    let invisible = |c: char| matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}');
    text.replace("\r\n", "\n").chars().filter(|c| !invisible(*c)).collect::<String>().trim().to_string()
}

fn plain(field: &'static str, text: &str, max: usize, errors: &mut Vec<FieldError>) {
    let n = text.chars().count();
    if n > max {
        errors.push(FieldError { field, message: format!("{n} characters; keep it to {max}") });
    } else if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        errors.push(FieldError { field, message: "remove the control characters; write plain text".into() });
    }
}

/// Parses a note; every field that cannot be used is named. A draft may leave sections empty.
pub fn parse(raw: &RawNote) -> Result<NoteText, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = tidy(&raw.title);
    if title.is_empty() {
        errors.push(FieldError { field: "title", message: "give the note a short title, e.g. 'Chest pain, day 2'".into() });
    }
    plain("title", &title, MAX_TITLE, &mut errors);
    let setting = WorkSetting::from_code(raw.setting.trim());
    if setting.is_none() {
        let codes: Vec<&str> = WorkSetting::ALL.iter().map(|s| s.code()).collect();
        errors.push(FieldError { field: "setting", message: format!("choose one of {}", codes.join(", ")) });
    }
    let specialty = Specialty::from_code(raw.specialty.trim());
    if specialty.is_none() {
        errors.push(FieldError {
            field: "specialty",
            message: format!("'{}' is not a specialty code; e.g. internal-medicine", raw.specialty.trim()),
        });
    }
    let text = |field: &'static str, value: &str, errors: &mut Vec<FieldError>| {
        let value = tidy(value);
        plain(field, &value, MAX_SECTION, errors);
        value
    };
    let subjective = text("subjective", &raw.subjective, &mut errors);
    let objective = text("objective", &raw.objective, &mut errors);
    let assessment = text("assessment", &raw.assessment, &mut errors);
    let plan = text("plan", &raw.plan, &mut errors);
    match (setting, specialty) {
        (Some(setting), Some(specialty)) if errors.is_empty() => {
            Ok(NoteText { title, setting, specialty, subjective, objective, assessment, plan })
        }
        _ => Err(errors),
    }
}

/// Whether a note can go to the preceptor: every section written.
pub fn submittable(note: &NoteText) -> Result<(), Vec<FieldError>> {
    let errors: Vec<FieldError> = Section::ALL
        .into_iter()
        .filter(|s| note.section(*s).is_empty())
        .map(|s| FieldError { field: s.code(), message: format!("write the {} before submitting", s.name().to_lowercase()) })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// One line of the rubric: its code, its name, and what levels 1 and 5 look like.
pub struct Criterion {
    /// The stable code (the field's name).
    pub code: &'static str,
    /// The words a person reads.
    pub name: &'static str,
    /// Level 1.
    pub low: &'static str,
    /// Level 5.
    pub high: &'static str,
}

/// The rubric a preceptor rates a note on, each criterion on levels 1 to 5.
pub const RUBRIC: [Criterion; 5] = [
    Criterion { code: "history", name: "History", low: "key elements missing", high: "complete and focused" },
    Criterion {
        code: "reasoning",
        name: "Reasoning in the assessment",
        low: "restates findings",
        high: "prioritised differential, justified",
    },
    Criterion { code: "plan", name: "Plan", low: "vague or unsafe", high: "specific, safe, tied to each problem" },
    Criterion { code: "concision", name: "Concision", low: "padded or disordered", high: "everything needed, nothing more" },
    Criterion { code: "english", name: "Medical English", low: "hard to follow", high: "clear, idiomatic, correct terms" },
];

/// The preceptor's ratings, as sent: a level 1 to 5 per criterion of [`RUBRIC`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RawRubric {
    /// History.
    pub history: Option<i64>,
    /// Reasoning in the assessment.
    pub reasoning: Option<i64>,
    /// Plan.
    pub plan: Option<i64>,
    /// Concision.
    pub concision: Option<i64>,
    /// Medical English.
    pub english: Option<i64>,
}

/// Ratings, checked: levels in the order of [`RUBRIC`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Rubric(pub [u8; 5]);

impl Rubric {
    /// Parses ratings; every criterion missing or off the scale is named.
    pub fn parse(raw: &RawRubric) -> Result<Self, Vec<FieldError>> {
        let given = [raw.history, raw.reasoning, raw.plan, raw.concision, raw.english];
        let mut levels = [0u8; 5];
        let mut errors = Vec::new();
        for (i, (c, v)) in RUBRIC.iter().zip(given).enumerate() {
            match v.and_then(|v| u8::try_from(v).ok()).filter(|v| (1..=5).contains(v)) {
                Some(l) => levels[i] = l,
                None => {
                    let what = v.map(|v| format!("{v} is not a level; ")).unwrap_or_default();
                    let message = format!("{what}rate it from 1 ({}) to 5 ({})", c.low, c.high);
                    errors.push(FieldError { field: c.code, message });
                }
            }
        }
        if errors.is_empty() { Ok(Self(levels)) } else { Err(errors) }
    }

    /// From stored levels, if each is on the scale.
    pub fn from_levels(levels: &[i64]) -> Option<Self> {
        let mut out = [0u8; 5];
        if levels.len() != 5 {
            return None;
        }
        for (o, l) in out.iter_mut().zip(levels) {
            *o = u8::try_from(*l).ok().filter(|l| (1..=5).contains(l))?;
        }
        Some(Self(out))
    }
}

/// A part of a compared section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DiffPart {
    /// `same`, `added` or `removed`.
    pub change: &'static str,
    /// The words.
    pub text: String,
}

/// A section as it changed from one revision to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SectionDiff {
    /// The field: `title` or a section's code.
    pub field: &'static str,
    /// Whether anything changed.
    pub changed: bool,
    /// The words, in order, each kept, added or removed.
    pub parts: Vec<DiffPart>,
}

/// Compares two revisions word by word, field by field.
pub fn compare(old: &NoteText, new: &NoteText) -> Vec<SectionDiff> {
    old.texts()
        .into_iter()
        .zip(new.texts())
        .map(|((field, a), (_, b))| {
            let diff = TextDiff::from_words(a, b);
            let mut parts: Vec<DiffPart> = Vec::new();
            for c in diff.iter_all_changes() {
                let change = match c.tag() {
                    ChangeTag::Equal => "same",
                    ChangeTag::Insert => "added",
                    ChangeTag::Delete => "removed",
                };
                match parts.last_mut().filter(|p| p.change == change) {
                    Some(p) => p.text.push_str(c.value()),
                    None => parts.push(DiffPart { change, text: c.value().to_string() }),
                }
            }
            SectionDiff { field, changed: a != b, parts }
        })
        .collect()
}

#[cfg(test)]
#[path = "note_tests.rs"]
mod tests;
