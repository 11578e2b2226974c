//! Notes with no PHI but plenty of look-alikes: doses, vitals, scores and
//! scales named after people, drugs, anatomy, ECG leads, lab values, times,
//! ages up to 89 and years alone. None may produce a span.

use matchready_phi::scan;

const CLEAN: &[&str] = &[
    "S: 62-year-old man with dyspnea on exertion for 2 months, NYHA class II.\nO: JVP 9 cm, S3 present, 2/6 systolic murmur at apex, bilateral ankle edema. BNP 820.\nA: HFrEF, likely ischemic. EF 30% on echo.\nP: Start sacubitril-valsartan 24/26 mg BID, metoprolol succinate 25 mg, dapagliflozin 10 mg; recheck BMP in 1 week.",
    "S: Tremor. O: Hoehn and Yahr stage 2, MoCA 27/30. A: Parkinson disease. P: Carbidopa-levodopa 25/100 TID.",
    "Wells score 1.5; PERC negative. D-dimer 0.3. No DVT. Glasgow Coma Scale 15. Apgar 8 and 9.",
    "Westley croup score 2. Dexamethasone 0.6 mg/kg once. Observe 3 hours.",
    "A: Bell's palsy, left. Crohn's disease in remission. Graves disease on methimazole 10 mg.",
    "ECG: sinus rhythm 72, PR 160 ms, QRS 92 ms, QTc 441. ST depression in V4-V6, I and aVL. No Q waves in II, III, aVF.",
    "BP 132/84, HR 104, RR 18, T 38.4 C, SpO2 93% on RA. Weight 82 kg. BMI 27.4.",
    "Labs: Na 138, K 4.1, Cl 101, HCO3 24, BUN 18, Cr 1.1, glucose 142. HbA1c 7.2%. TSH 2.3. WBC 11.2, Hgb 13.1, Plt 250000.",
    "CURB-65 score 1. CHA2DS2-VASc 3, HAS-BLED 2. PHQ-9 of 12, GAD-7 of 9. Centor 3.",
    "Aspirin 81 mg daily, atorvastatin 40 mg qhs, lisinopril 10 mg, metformin 1000 mg BID, insulin glargine 20 units at bedtime.",
    "Take 1 tab at 8:30 AM and 1 tab at 20:00. Return in 2 weeks or sooner if worse.",
    "Murphy sign positive; McBurney point tender. Rovsing negative. Ultrasound shows gallstones.",
    "Romberg negative. Babinski downgoing bilaterally. Kernig and Brudzinski negative. Spurling test negative.",
    "Lachman and McMurray negative. Phalen and Tinel positive at the wrist. Finkelstein negative.",
    "A 54-year-old woman, G2P2, with a history of hypertension since 2015 and an appendectomy in 1998.",
    "Meds: Eliquis 5 mg BID, Lasix 40 mg daily, Toprol XL 50 mg, Synthroid 88 mcg, Januvia 100 mg.",
    "MRI L4-L5 disc bulge; C5-C6 foraminal narrowing. T12 compression fracture, old.",
    "Gleason 3+4=7 adenocarcinoma of the prostate. PSA 6.2. Stage T2a.",
    "Child-Pugh class B, MELD 14. Hepatitis C, genotype 1a. Ranson criteria 2.",
    "Kussmaul breathing, pH 7.21, anion gap 24. DKA protocol started. Potassium 5.6.",
    "O: Alert, oriented x3. Heart regular, no murmurs. Lungs clear. Abdomen soft, nontender.",
    "Plan: CBC, CMP, lipid panel, UA. Follow up with Cardiology in 2 weeks. Return precautions given.",
    "Influenza vaccine given, lot noted in the record. Tdap up to date. Prevnar 20 today.",
    "Pain 6/10, worse at night. Ibuprofen 600 mg q6h prn. Ice 20 min TID.",
    "She is 89 years old and walks with a cane. Lives with her daughter. Independent in ADLs.",
    "Smoked 1 ppd for 30 years (30 pack-years), quit in 2010. Drinks 2 beers a week.",
    "Epley maneuver performed for BPPV; Dix-Hallpike positive on the right.",
    "Addison disease on hydrocortisone 15 mg AM and 5 mg PM. Cushing syndrome ruled out.",
    "Rinne and Weber tests: conductive loss on the left. Tympanic membrane bulging.",
    "Karnofsky 80, ECOG 1. Cycle 3 of FOLFOX. Neutrophils 1.8.",
    "Braden score 14; Morse fall scale 45. Turn q2h. Foley removed.",
    "ICD-10 E11.9, I10. CPT 99213. Time spent 25 minutes.",
    "Tanner stage 3. Growth at the 50th percentile. Snellen 20/20 both eyes.",
    "Hashimoto thyroiditis on levothyroxine 100 mcg. Free T4 1.2, TSH 3.4.",
    "Pt is a 45 yo M with LBP x 3 wks, no red flags. SLR negative. Reflexes 2+ and symmetric.",
    "The patient will follow up in clinic. Hope to taper prednisone next visit. Young adults often present this way.",
    "Brown sputum for 3 days. White count 12. Green stool after antibiotics. Black tarry stools denied.",
    "May consider CT if no better. Will repeat troponin in 3 hours. Mark the margins of the erythema.",
    "Heart rate 110, improved to 88 after 1 L NS. Lactate 2.1 then 1.4.",
    "Echo: LVEF 55-60%, grade I diastolic dysfunction, mild MR, trace TR. RVSP 32 mmHg.",
    "Ottawa ankle rules negative; no imaging needed. Canadian C-spine rule negative.",
    "Mallampati II. ASA 2. Propofol 150 mg, rocuronium 50 mg. Extubated in the OR.",
    "A: Type 2 diabetes, uncontrolled (A1c 9.1). P: Ozempic 0.25 mg weekly; diabetes education.",
    "Swan-Ganz catheter placed; PCWP 18. Cardiac index 2.1. Started dobutamine 2.5 mcg/kg/min.",
    "Temperature 101.2 F overnight; T max 102 F. Blood cultures x2 drawn.",
    "Reviewed the 2019 and 2021 colonoscopy reports; repeat in 2029.",
    "Spoke with the patient and family about goals of care; full code for now.",
    "Osgood-Schlatter disease of the right knee. Ice and NSAIDs. Return to sports as tolerated.",
    "Alzheimer dementia, moderate; MMSE 18/30. Donepezil 10 mg nightly.",
    "Hodgkin lymphoma in remission since 2018. Last PET negative.",
    "Sjogren syndrome with dry eyes; Schirmer test 4 mm. Artificial tears.",
    "Pap smear normal. HPV negative. Mammogram BI-RADS 2.",
    "GFR 58, stage G3a. Urine albumin/creatinine ratio 45. Continue losartan 50 mg.",
    "Lead II shows flutter waves. Rate 150. Adenosine 6 mg given with transient block.",
    "Fluids at 125 mL/hr. Strict I/O. NPO after midnight for the procedure.",
    "Counseled on the Mediterranean diet. Walk 30 minutes 5 days a week.",
    "Trendelenburg position for line placement; ultrasound-guided right IJ.",
    "SARS-CoV-2 PCR negative. Influenza A and B negative. RSV negative.",
    "Glasgow-Blatchford score 6; Rockall 3. EGD in the morning. Pantoprazole 40 mg IV BID.",
    "Her son will call back tomorrow. The daughter will stay at the bedside tonight.",
    "Son will drive her home at noon. Wife has been well. Brother is a smoker (father had CAD).",
    "Bell palsy is a common cause of facial weakness; Graves disease is an autoimmune disease.",
    "Husband young and healthy. Mother hope is that she walks again (daughter agrees).",
    "Will start prednisone. Hope is for full recovery. Young adult with acne; brown sputum noted.",
    "Son will call. Daughter will call 911 if symptoms worsen. Her son will call at 5 pm.",
    "Wife will wait at the bedside. Husband will pay. Mom may call. Caregiver will check.",
    "major risk is a fall at home. will power is a strength here.",
];

#[test]
fn clean_notes_produce_no_span() {
    let mut failures = Vec::new();
    for note in CLEAN {
        let spans = scan(note);
        for s in spans {
            let text: String = note.chars().skip(s.start).take(s.end - s.start).collect();
            failures.push(format!("{text:?} ({}, {}) in {note:?}", s.kind, s.reason));
        }
    }
    assert!(failures.is_empty(), "flagged in clean notes:\n{}", failures.join("\n"));
}
