//! The clinical stop list: words that look like names or places in a note
//! but are eponyms of diseases, signs and scores, drugs, anatomy, ECG leads,
//! units and the vocabulary of notes. None of them is a name on its own; a
//! title ("Mr. Bell") still makes one.

use std::sync::LazyLock;

use crate::lexicon::HashSet;

const EPONYMS: &str = "
wells glasgow apgar westley hoehn yahr parkinson parkinson's crohn crohn's bell bell's alzheimer alzheimer's
hodgkin hodgkin's graves graves' addison addison's cushing cushing's hashimoto hashimoto's wilson wilson's
barrett barrett's bowen kaposi paget raynaud raynaud's sjogren sjögren tourette turner down marfan ehlers danlos
guillain barre barré mallory weiss zenker meckel hirschsprung kawasaki henoch schonlein schönlein wegener behcet
behçet reiter lyme bartter gitelman conn sheehan kallmann klinefelter prader willi angelman tay sachs gaucher
fabry pompe duchenne becker charcot huntington huntington's lewy pick creutzfeldt jakob wernicke korsakoff
horner argyll robertson osler janeway roth virchow trousseau chvostek kussmaul cheyne stokes beck levine
austin flint graham steell duroziez quincke corrigan musset mobitz wenckebach brugada wolff lown ganong holter
bruce killip forrester timi duke jones centor mcisaac ottawa caprini padua blatchford rockall mallampati
cormack lehane aldrete bishop ballard tanner snellen ishihara amsler schirmer seidel hutchinson koplik
nikolsky auspitz darier gottron heberden bouchard baker colles barton monteggia galeazzi lisfranc chopart
maisonneuve salter harris jefferson chance bennett rolando volkmann dupuytren trendelenburg ober faber patrick
gaenslen spurling hawkins kennedy neer yergason jobe apley lhermitte hoffmann hoffman lasegue valsalva kegel
pap papanicolaou gram ziehl neelsen giemsa coombs widal mantoux tzanck kleihauer betke schilling fick starling
poiseuille laplace bernoulli doppler swan ganz foley hickman broviac penrose pratt hemovac sengstaken
blakemore macintosh yankauer ambu venturi heimlich sellick fowler sims leopold naegele braxton hicks chadwick
goodell hegar moro babinski ortolani barlow denver karnofsky ecog zubrod lansky braden norton morse katz
lawton barthel rankin hunt hess fisher spetzler rancho amigos richmond ramsay riker kaplan meier cox pearson
spearman kruskal wallis mann whitney wilcoxon bonferroni gail tyrer cuzick framingham reynolds fried
hollenhorst kayser fleischer schatzki zollinger ellison budd chiari dandy peutz jeghers lynch gardner turcot
fraumeni willebrand hippel lindau recklinghausen sturge osgood schlatter legg calve perthes sever kohler
freiberg kienbock scheuermann pott morton tinel phalen durkan froment wartenberg finkelstein quervain allen
adson roos homan homans mcburney rovsing blumberg carnett cullen kehr courvoisier krukenberg blumer troisier
pancoast lambert eaton eisenmenger fallot ebstein kartagener hamman osborn ashman sgarbossa wellens winter
bazett fridericia einthoven goldberger romberg kernig brudzinski murphy murphy's epley dix hallpike rinne weber
gleason breslow clark child pugh ranson meld glasgow-blatchford whipple nissen roux billroth hartmann
mcmurray lachman thompson thessaly hamilton likert hawthorne ranson's bristol mcdonald tinetti beers
stevens johnson lichtenstein shouldice pfannenstiel kocher mcburney's cooper poupart hesselbach calot morison
douglas glisson oddi vater wirsung santorini treitz meissner auerbach brunner peyer kupffer langerhans
sertoli leydig purkinje his bachmann eustachian fallopian wharton stensen bartholin skene cowper montgomery
broca wernicke's sylvius willis monro luschka magendie galen rolandic babinski's hoover waddell patrick's
stryker ilizarov denis-browne pavlik milwaukee boston minerva philadelphia aspen miami jewett halo
levin salem ryle dobhoff frazier hasson veress mayo metzenbaum kelly allis babcock kocher's bovie
karvonen borg mifflin st jeor harris-benedict cockcroft gault mdrd ckd-epi friedewald
duchenne's becker's alport goodpasture berger fanconi liddle cori mcardle hurler hunter sanfilippo morquio
niemann krabbe canavan alexander rett dravet lennox gastaut west sturge-weber moyamoya takayasu buerger
churg strauss kikuchi castleman rosai dorfman letterer siwe erdheim chester waldenstrom waldenström burkitt
ewing wilms kasabach merritt kaposi's sezary sézary hansen hansen's chagas whipple's tropheryma
";

const DRUGS: &str = "
tylenol advil motrin aleve excedrin lasix bumex coumadin eliquis xarelto pradaxa plavix brilinta lipitor
crestor zocor pravachol zetia norvasc lopressor toprol coreg zestril prinivil cozaar diovan entresto
aldactone hctz synthroid levoxyl glucophage januvia jardiance farxiga ozempic trulicity victoza mounjaro
lantus levemir tresiba humalog novolog basaglar keflex augmentin zithromax cipro levaquin bactrim flagyl
vancomycin zosyn rocephin doxy macrobid diflucan valtrex tamiflu paxlovid prednisone medrol solumedrol
decadron albuterol proair ventolin symbicort advair spiriva singulair flonase zyrtec claritin allegra
benadryl pepcid prilosec nexium protonix zofran reglan colace senna miralax dulcolax imodium lomotil
norco vicodin percocet oxycontin dilaudid ultram tramadol suboxone narcan naloxone neurontin lyrica
gabapentin zoloft prozac lexapro celexa paxil wellbutrin cymbalta effexor trazodone seroquel zyprexa
abilify risperdal haldol ativan xanax klonopin valium ambien adderall ritalin concerta vyvanse strattera
depakote lamictal keppra tegretol dilantin topamax sinemet aricept namenda flomax proscar viagra cialis
premarin provera estrace depo-provera plan mirena nexplanon humira enbrel remicade stelara keytruda opdivo
herceptin avastin rituxan gleevec tamoxifen arimidex lupron epogen neupogen heparin lovenox warfarin
apixaban rivaroxaban dabigatran clopidogrel ticagrelor aspirin metformin insulin lisinopril losartan
amlodipine metoprolol carvedilol atorvastatin rosuvastatin furosemide spironolactone levothyroxine
omeprazole pantoprazole ondansetron amoxicillin cephalexin azithromycin doxycycline ceftriaxone
acyclovir valacyclovir buprenorphine methadone morphine fentanyl hydromorphone oxycodone sertraline
fluoxetine escitalopram bupropion duloxetine venlafaxine quetiapine olanzapine haloperidol lorazepam
alprazolam clonazepam diazepam zolpidem levetiracetam lamotrigine valproate phenytoin carbamazepine
donepezil memantine tamsulosin finasteride sildenafil budesonide formoterol fluticasone salmeterol
tiotropium montelukast cetirizine loratadine diphenhydramine famotidine sacubitril valsartan
dapagliflozin empagliflozin semaglutide dulaglutide liraglutide tirzepatide glipizide glyburide
sitagliptin pioglitazone hydrochlorothiazide chlorthalidone digoxin amiodarone diltiazem verapamil
nitroglycerin isosorbide hydralazine clonidine labetalol nifedipine enoxaparin alteplase tenecteplase
epinephrine norepinephrine vasopressin dopamine dobutamine milrinone propofol ketamine etomidate
rocuronium succinylcholine midazolam dexmedetomidine naproxen ibuprofen acetaminophen ketorolac celecoxib
meloxicam colchicine allopurinol febuxostat methotrexate hydroxychloroquine sulfasalazine adalimumab
infliximab etanercept rituximab pembrolizumab nivolumab trastuzumab bevacizumab imatinib letrozole
anastrozole leuprolide epoetin filgrastim ferrous ceftazidime cefepime meropenem piperacillin tazobactam
nitrofurantoin metronidazole clindamycin linezolid daptomycin fluconazole oseltamivir nirmatrelvir
ritonavir remdesivir dexamethasone methylprednisolone hydrocortisone fludrocortisone
";

const ANATOMY_AND_NOTES: &str = "
s o a p cc hpi ros pmh psh fh sh meds allergies nkda vitals exam assessment plan subjective objective
impression diagnosis dx ddx tx rx hx sx fx pt pts heent cv resp gi gu msk neuro psych derm skin extremities
ext abd lungs heart chest neck head eyes ears nose throat mouth perrla eomi rrr ctab ntnd bs bowel sounds
aaox3 aox3 wnl nad nontender rebound guarding murmur gallop rub clubbing cyanosis edema pulses reflexes
cranial nerves strength sensation gait coordination cerebellar babinski's rales rhonchi wheezes crackles
lead leads avr avl avf ecg ekg echo cxr ct mri us xr pet ett tte tee cath pci cabg
aorta atrium ventricle septum carotid femoral radial brachial popliteal dorsalis pedis tibial jugular
subclavian axillary inguinal cervical thoracic lumbar sacral coccyx pelvis hip knee ankle foot hand wrist
elbow shoulder clavicle scapula humerus radius ulna femur tibia fibula patella calcaneus talus metatarsal
phalanx phalanges liver spleen kidney pancreas gallbladder appendix colon rectum stomach esophagus
duodenum jejunum ileum cecum sigmoid bladder prostate uterus ovary cervix vagina vulva penis testis scrotum
thyroid adrenal pituitary hypothalamus cerebrum cerebellum brainstem pons medulla cortex thalamus
mg mcg kg ml mmhg bpm cm mm units iu meq mmol mg/dl tid bid qid qd qhs prn po iv im sq sc subq
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday tonight
patient daughter son wife husband mother father family doctor nurse attending resident intern student
medicine surgery cardiology neurology pediatrics obstetrics gynecology psychiatry radiology dermatology
oncology hematology nephrology urology orthopedics emergency icu micu sicu ed er or pacu nicu picu
hospital clinic center medical memorial general community regional university county state health
american african asian hispanic latino caucasian white black english spanish french arabic hindi
mandarin cantonese vietnamese korean russian portuguese haitian creole tagalog urdu bengali punjabi
christian muslim jewish catholic hindu buddhist medicare medicaid tricare aetna cigna humana kaiser
covid sars cov influenza rsv hiv hcv hbv hpv cmv ebv hsv vzv mrsa vre esbl cdiff tb
mr mrs ms dr miss mx prof sir madam
";

static EPONYM: LazyLock<HashSet<&'static str>> = LazyLock::new(|| EPONYMS.split_whitespace().collect());
static HARD: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| DRUGS.split_whitespace().chain(ANATOMY_AND_NOTES.split_whitespace()).collect());

fn lookup(set: &HashSet<&'static str>, lower: &str) -> bool {
    set.contains(lower) || lower.strip_suffix("'s").is_some_and(|w| set.contains(w))
}

/// An eponym (Wells, Parkinson): not a name without a title or a relation before it.
pub fn is_eponym(lower: &str) -> bool {
    lookup(&EPONYM, lower)
}

/// A drug, a part of the body or a word of notes: never a name by itself.
pub fn is_hard(lower: &str) -> bool {
    lookup(&HARD, lower)
}

/// Either.
pub fn is_stop(lower: &str) -> bool {
    is_eponym(lower) || is_hard(lower)
}

/// Words that, right after a capitalised word, make it an eponym or a
/// named thing rather than a person: "Wells score", "Bell palsy".
const EPONYM_NOUNS: &[&str] = &[
    "score",
    "scores",
    "scale",
    "criteria",
    "criterion",
    "sign",
    "signs",
    "test",
    "tests",
    "disease",
    "syndrome",
    "palsy",
    "classification",
    "stage",
    "staging",
    "grade",
    "grading",
    "rule",
    "rules",
    "maneuver",
    "manoeuvre",
    "reflex",
    "fracture",
    "murmur",
    "node",
    "triad",
    "pentad",
    "phenomenon",
    "protocol",
    "coma",
    "index",
    "equation",
    "formula",
    "position",
    "procedure",
    "operation",
    "repair",
    "catheter",
    "tube",
    "splint",
    "brace",
    "collar",
    "cyst",
    "ulcer",
    "lesion",
    "esophagus",
    "diverticulum",
    "method",
    "technique",
    "approach",
    "incision",
    "point",
    "law",
    "effect",
    "ratio",
    "questionnaire",
    "inventory",
    "assessment",
    "tool",
    "system",
    "disorder",
    "anomaly",
    "malformation",
    "tumor",
    "tumour",
    "lymphoma",
    "sarcoma",
    "virus",
    "stain",
    "staining",
    "agar",
    "line",
    "lines",
    "sheath",
    "forceps",
    "retractor",
    "blade",
    "laryngoscope",
    "mask",
    "valve",
    "shunt",
    "pouch",
    "space",
    "duct",
    "gland",
    "canal",
    "ligament",
    "tendon",
    "area",
    "band",
    "bodies",
    "body",
    "cells",
    "cell",
    "layer",
    "nerve",
    "artery",
    "vein",
    "waves",
    "wave",
    "block",
    "type",
    "hernia",
    "contractions",
    "contracture",
    "deformity",
    "bundle",
    "fibers",
    "fibres",
    "classification",
    "lamp",
    "examination",
    "exam",
    "view",
    "views",
    "series",
    "needle",
    "drain",
    "dressing",
    "bag",
];

pub fn is_eponym_noun(lower: &str) -> bool {
    static SET: LazyLock<HashSet<&str>> = LazyLock::new(|| crate::lexicon::word_set(EPONYM_NOUNS));
    SET.contains(lower)
}
