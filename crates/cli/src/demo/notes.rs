//! The demo's SOAP notes: each trainee writes a note on Wednesday evenings
//! and submits it; on Monday the site's preceptor comments on a passage and
//! accepts it with ratings, or one time in three returns it for a
//! differential, which the trainee adds that evening and submits again. The
//! current week's notes are left awaiting feedback.

use matchready_app::rotation::notes::{self, Commenting, NoteInput, Reviewing};
use matchready_app::{App, AppError, Caller};
use matchready_core::Specialty;
use matchready_core::rotation::{NoteStatus, RawNote, RawRubric};

/// Five encounters, de-identified as a trainee would write them.
const NOTES: [[&str; 5]; 5] = [
    [
        "Chest pain on exertion",
        "Pressure-like chest pain on climbing two flights of stairs for three weeks, easing with rest within minutes. No pain at rest. Smoker, twenty pack-years.",
        "BP 138/86, HR 84, SpO2 98% on room air. Heart sounds normal, no murmur. ECG: sinus rhythm, no ST changes. Troponin negative twice, six hours apart.",
        "Stable angina most likely.",
        "Exercise stress test. Aspirin 81 mg daily and a statin. Counselled on stopping smoking; follow up in clinic after the test.",
    ],
    [
        "Shortness of breath, known heart failure",
        "Three days of worsening breathlessness, now on one pillow more at night. Missed diuretic doses while travelling. Ankle swelling.",
        "BP 152/90, HR 102, RR 22, SpO2 91% on room air. Bibasal crackles, JVP raised, pitting oedema to mid-shin. BNP raised.",
        "Acute decompensated heart failure after missed diuretics.",
        "IV furosemide, daily weights, fluid and salt restriction, strict input and output. Restart home medicines before discharge; teach-back on diuretic use.",
    ],
    [
        "Type 2 diabetes follow-up",
        "Routine visit. Takes metformin twice daily, misses the evening dose often. No hypoglycaemia. Tingling in both feet at night.",
        "BP 134/82, BMI 31. HbA1c 8.4%. Monofilament: reduced sensation at both great toes. Foot pulses present.",
        "Type 2 diabetes above target, with early peripheral neuropathy.",
        "Add a GLP-1 agonist after discussing the options. Podiatry referral, annual eye screening, review in three months with a new HbA1c.",
    ],
    [
        "Fever and cough",
        "Four days of fever, productive cough and right-sided pleuritic pain. No recent travel or hospital stay.",
        "T 38.6 C, HR 104, RR 24, SpO2 93% on room air. Bronchial breathing at the right base. Chest X-ray: right lower lobe consolidation. CURB-65 of 1.",
        "Community-acquired pneumonia, right lower lobe.",
        "Oral amoxicillin and a macrolide, oxygen to keep saturation above 92%, review the chest X-ray in six weeks. Safety-net advice given.",
    ],
    [
        "Abdominal pain after meals",
        "Right upper quadrant pain after fatty meals for two months, lasting an hour or two. One episode with vomiting. No jaundice or fever.",
        "Afebrile, HR 78. Tender in the right upper quadrant, Murphy's sign negative. LFTs normal. Ultrasound: several gallstones, no wall thickening.",
        "Symptomatic gallstones (biliary colic).",
        "Refer to general surgery for elective cholecystectomy. Low-fat diet meanwhile; return at once with fever, jaundice or constant pain.",
    ],
];

/// What a returned note adds to its assessment.
const DIFFERENTIAL: &str = " Differential considered: the features and the tests that make each less likely are listed, and the plan follows the leading diagnosis.";

fn raw(n: usize, revised: bool, specialty: &str) -> RawNote {
    let [title, s, o, a, p] = NOTES[n % NOTES.len()];
    let assessment = if revised { format!("{a}{DIFFERENTIAL}") } else { a.to_string() };
    let setting = if n % 3 == 2 { "outpatient" } else { "inpatient" };
    RawNote {
        title: title.into(),
        setting: setting.into(),
        specialty: specialty.into(),
        subjective: s.into(),
        objective: o.into(),
        assessment,
        plan: p.into(),
    }
}

/// The trainee writes and submits the week's note, in the experience's specialty.
pub async fn write(app: &App, trainee: &Caller, id: &str, n: usize, specialty: Specialty) -> Result<(), AppError> {
    let input = NoteInput { note: raw(n, false, specialty.code()), submit: true, ..NoteInput::default() };
    notes::save(app, trainee, id, None, &input).await.map(drop)
}

fn rubric(n: usize, accept: bool) -> RawRubric {
    let l = |k: usize| Some(if accept { 3 + ((n + k) % 3) as i64 } else { 2 + ((n + k) % 2) as i64 });
    RawRubric { history: l(0), reasoning: l(1), plan: l(2), concision: l(3), english: l(4) }
}

/// The preceptor's Monday for notes: every note awaiting feedback gets a comment on a passage and a
/// decision; a returned one is revised and submitted again by the trainee that evening. At the
/// review after the block (`last`), nothing is sent back: no Monday follows to accept it.
pub async fn review(app: &App, preceptor: &Caller, trainee: &Caller, id: &str, n: usize, last: bool) -> Result<(), AppError> {
    let list = notes::list(app, preceptor, id).await?;
    for (k, summary) in list.notes.iter().filter(|s| s.status == NoteStatus::Submitted).enumerate() {
        let note_id = summary.id.to_string();
        let note = notes::open(app, preceptor, id, &note_id).await?;
        let first = note.revisions.len() == 1;
        let comment = Commenting {
            section: Some("plan".into()),
            quote: note.text.plan.split(['.', ';']).next().unwrap_or_default().trim().to_string(),
            body: "Good: specific and safe. Say when you would review the response.".into(),
            version: Some(note.version),
        };
        let commented = notes::comment(app, preceptor, id, &note_id, &comment).await?;
        let send_back = first && !last && (n + k).is_multiple_of(3);
        let decision = Reviewing {
            decision: if send_back { "return" } else { "accept" }.into(),
            rubric: rubric(n + k, !send_back),
            comment: if send_back {
                "Add a differential: two or three alternatives and why you ranked them below this one.".into()
            } else {
                "Clear and well ordered. Accepted.".into()
            },
            version: Some(commented.version),
        };
        notes::review(app, preceptor, id, &note_id, &decision).await?;
        if send_back {
            app.clock().advance(60 * 60);
            let reread = notes::open(app, trainee, id, &note_id).await?;
            let which = NOTES.iter().position(|t| t[0] == reread.text.title).unwrap_or(0);
            let note = raw(which, true, reread.text.specialty.code());
            let input = NoteInput { note, submit: true, version: Some(reread.version), ..NoteInput::default() };
            notes::save(app, trainee, id, Some(&note_id), &input).await?;
        }
    }
    Ok(())
}
