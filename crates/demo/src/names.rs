//! Word lists for the demo catalog. Site and people names are invented;
//! cities and states are real so that geography filters mean something.

use matchready_core::{ExperienceType, Specialty, State};

/// States weighted like the IMG clinical-experience market.
pub const STATES: &[(State, u32)] = &[
    (State::NY, 140),
    (State::FL, 110),
    (State::IL, 90),
    (State::TX, 90),
    (State::CA, 90),
    (State::NJ, 50),
    (State::PA, 40),
    (State::MI, 30),
    (State::GA, 30),
    (State::OH, 30),
    (State::MD, 30),
    (State::MA, 20),
    (State::NC, 20),
    (State::AZ, 20),
    (State::VA, 20),
    (State::WA, 15),
    (State::TN, 15),
    (State::MO, 15),
    (State::CT, 15),
    (State::MN, 10),
    (State::WI, 10),
    (State::IN, 10),
    (State::KY, 10),
    (State::LA, 10),
    (State::NV, 10),
    (State::CO, 10),
    (State::SC, 10),
    (State::AL, 10),
    (State::OK, 8),
    (State::OR, 8),
    (State::DC, 8),
    (State::PR, 8),
    (State::AR, 5),
    (State::MS, 5),
    (State::KS, 5),
];

/// A few real cities per state.
pub fn cities(state: State) -> &'static [&'static str] {
    match state {
        State::NY => &["New York", "Brooklyn", "Queens", "Bronx", "Buffalo", "Rochester", "Albany", "Syracuse"],
        State::FL => &["Miami", "Orlando", "Tampa", "Jacksonville", "Fort Lauderdale", "Hialeah"],
        State::IL => &["Chicago", "Evanston", "Oak Park", "Peoria", "Springfield"],
        State::TX => &["Houston", "Dallas", "San Antonio", "Austin", "El Paso", "McAllen"],
        State::CA => &["Los Angeles", "San Diego", "Fresno", "Sacramento", "Oakland", "Riverside"],
        State::NJ => &["Newark", "Jersey City", "Paterson", "Hackensack"],
        State::PA => &["Philadelphia", "Pittsburgh", "Allentown"],
        State::MI => &["Detroit", "Dearborn", "Grand Rapids"],
        State::GA => &["Atlanta", "Savannah", "Augusta"],
        State::OH => &["Cleveland", "Columbus", "Cincinnati", "Toledo"],
        State::MD => &["Baltimore", "Silver Spring", "Bethesda"],
        State::MA => &["Boston", "Worcester", "Springfield"],
        State::NC => &["Charlotte", "Raleigh", "Durham"],
        State::AZ => &["Phoenix", "Tucson", "Mesa"],
        State::VA => &["Richmond", "Norfolk", "Fairfax"],
        State::WA => &["Seattle", "Spokane", "Tacoma"],
        State::TN => &["Nashville", "Memphis", "Knoxville"],
        State::MO => &["St. Louis", "Kansas City"],
        State::CT => &["Hartford", "New Haven", "Bridgeport"],
        State::MN => &["Minneapolis", "Saint Paul", "Rochester"],
        State::WI => &["Milwaukee", "Madison"],
        State::IN => &["Indianapolis", "Fort Wayne"],
        State::KY => &["Louisville", "Lexington"],
        State::LA => &["New Orleans", "Baton Rouge", "Shreveport"],
        State::NV => &["Las Vegas", "Reno"],
        State::CO => &["Denver", "Aurora", "Colorado Springs"],
        State::SC => &["Columbia", "Charleston"],
        State::AL => &["Birmingham", "Mobile", "Montgomery"],
        State::OK => &["Oklahoma City", "Tulsa"],
        State::OR => &["Portland", "Salem"],
        State::DC => &["Washington"],
        State::PR => &["San Juan", "Ponce", "Bayamón"],
        State::AR => &["Little Rock"],
        State::MS => &["Jackson"],
        State::KS => &["Wichita", "Kansas City"],
        _ => &["Springfield"],
    }
}

/// Specialties weighted like IMG demand: internal and family medicine commonest.
pub const SPECIALTIES: &[(Specialty, u32)] = &[
    (Specialty::InternalMedicine, 240),
    (Specialty::FamilyMedicine, 160),
    (Specialty::Pediatrics, 80),
    (Specialty::Psychiatry, 70),
    (Specialty::GeneralSurgery, 50),
    (Specialty::ObstetricsGynecology, 50),
    (Specialty::Neurology, 40),
    (Specialty::EmergencyMedicine, 40),
    (Specialty::Anesthesiology, 30),
    (Specialty::DiagnosticRadiology, 30),
    (Specialty::Pathology, 30),
    (Specialty::PhysicalMedicine, 20),
    (Specialty::Dermatology, 20),
    (Specialty::OrthopaedicSurgery, 20),
    (Specialty::InternalMedicinePediatrics, 12),
    (Specialty::Urology, 10),
    (Specialty::Ophthalmology, 10),
    (Specialty::Otolaryngology, 10),
    (Specialty::ChildNeurology, 8),
    (Specialty::PreventiveMedicine, 8),
    (Specialty::RadiationOncology, 6),
    (Specialty::NeurologicalSurgery, 6),
    (Specialty::PlasticSurgery, 5),
    (Specialty::VascularSurgery, 5),
    (Specialty::ThoracicSurgery, 4),
    (Specialty::InterventionalRadiology, 4),
    (Specialty::NuclearMedicine, 3),
    (Specialty::MedicalGenetics, 3),
];

/// Experience types weighted like the market.
pub const TYPES: &[(ExperienceType, u32)] = &[
    (ExperienceType::ClinicalRotation, 30),
    (ExperienceType::Externship, 18),
    (ExperienceType::Clerkship, 10),
    (ExperienceType::Elective, 10),
    (ExperienceType::Observership, 22),
    (ExperienceType::Research, 6),
    (ExperienceType::Telerotation, 4),
];

/// Invented place words for site names.
pub const PLACE_WORDS: &[&str] = &[
    "Larkspur",
    "Brightwater",
    "Cedarholm",
    "Thistlewood",
    "Ambergate",
    "Silverfen",
    "Harrowgate",
    "Meadowmere",
    "Copperfield",
    "Wrenford",
    "Ravensmoor",
    "Elmbrook",
    "Foxhollow",
    "Kestrel Bay",
    "Juniper Ridge",
    "Marlowe Park",
    "Oakhaven",
    "Pinecrest",
    "Quillon",
    "Rosemont Vale",
    "Starling",
    "Tidewater",
    "Umberfield",
    "Violet Hill",
    "Willowmere",
    "Yarrowdale",
    "Zephyr Point",
    "Bellhaven",
    "Clearbrook",
    "Dovecote",
    "Emberly",
    "Fallowmere",
    "Glenwhistle",
    "Hollyhock",
    "Ironbridge",
    "Lanternfield",
    "Mistral",
    "Northwind",
    "Orchardvale",
    "Primrose",
];

/// Kinds of site with the name endings that go with them.
pub const SITE_KINDS: &[(&str, &[&str], u32)] = &[
    ("Community hospital", &["Community Hospital", "General Hospital", "Medical Center"], 35),
    ("Academic medical center", &["University Medical Center", "Academic Health Center"], 15),
    ("Private practice", &["Medical Associates", "Physicians Group", "Family Practice"], 25),
    ("Outpatient clinic group", &["Health Clinics", "Ambulatory Care Center"], 15),
    ("Federally qualified health center", &["Community Health Center"], 10),
];

/// First names, from many countries.
pub const FIRST_NAMES: &[&str] = &[
    "Amara", "Rohan", "Mei", "Carlos", "Fatima", "Daniel", "Priya", "Samuel", "Lena", "Omar", "Grace", "Hiro", "Nadia", "Tomas",
    "Aisha", "Victor", "Elena", "Kwame", "Sofia", "Ibrahim", "Ana", "Rahul", "Chloe", "Yusuf", "Maya", "Andre", "Leila",
    "Marcus", "Ines", "Arjun", "Zara", "Felix", "Noor", "Julian", "Anika", "Mateo",
];

/// Syllables for invented surnames.
pub const SURNAME_HEADS: &[&str] = &[
    "Ash", "Bram", "Cor", "Dal", "Elm", "Fen", "Gar", "Hol", "Ivel", "Jas", "Kel", "Lin", "Mor", "Nor", "Orr", "Pem", "Quin",
    "Ros", "Sel", "Tam", "Ulver", "Ver", "Wyn", "Yar", "Zel",
];
/// Endings for invented surnames.
pub const SURNAME_TAILS: &[&str] =
    &["by", "combe", "dale", "ford", "grave", "holt", "leigh", "mere", "more", "ridge", "stead", "ton", "well", "wick", "worth"];

/// Languages besides English.
pub const LANGUAGES: &[&str] =
    &["Spanish", "Hindi", "Arabic", "Mandarin", "Urdu", "Tagalog", "French", "Russian", "Portuguese", "Bengali", "Korean"];

/// EMR systems, weighted by US market share.
pub const EMRS: &[(&str, u32)] = &[
    ("Epic", 45),
    ("Oracle Health (Cerner)", 20),
    ("eClinicalWorks", 12),
    ("athenahealth", 10),
    ("Allscripts", 5),
    ("NextGen", 5),
    ("MEDITECH", 3),
];

/// The certifying board for a specialty.
pub fn board(s: Specialty) -> String {
    let board = match s {
        Specialty::InternalMedicine | Specialty::InternalMedicinePediatrics => "ABIM",
        Specialty::FamilyMedicine => "ABFM",
        Specialty::Pediatrics => "ABP",
        Specialty::Psychiatry | Specialty::Neurology | Specialty::ChildNeurology => "ABPN",
        Specialty::GeneralSurgery | Specialty::VascularSurgery => "ABS",
        Specialty::ObstetricsGynecology => "ABOG",
        Specialty::EmergencyMedicine => "ABEM",
        Specialty::Anesthesiology => "ABA",
        Specialty::DiagnosticRadiology | Specialty::InterventionalRadiology | Specialty::RadiationOncology => "ABR",
        Specialty::Pathology => "ABPath",
        Specialty::PhysicalMedicine => "ABPMR",
        Specialty::Dermatology => "ABD",
        Specialty::OrthopaedicSurgery => "ABOS",
        Specialty::Urology => "ABU",
        Specialty::Ophthalmology => "ABO",
        Specialty::Otolaryngology => "ABOto",
        Specialty::PreventiveMedicine => "ABPM",
        Specialty::NeurologicalSurgery => "ABNS",
        Specialty::PlasticSurgery => "ABPS",
        Specialty::ThoracicSurgery => "ABTS",
        Specialty::NuclearMedicine => "ABNM",
        Specialty::MedicalGenetics => "ABMGG",
    };
    format!("{board} — {}", s.name())
}
