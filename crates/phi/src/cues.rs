//! The words around names: titles, the relations and roles before a name,
//! name particles, and the relations and words after one. Looked up as sets.

use std::sync::LazyLock;

use crate::lexicon::{HashSet, word_set};

/// Titles before a name.
pub(crate) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sr",
    "sra",
    "srta",
    "mme",
    "mlle",
    "herr",
    "frau",
    "rev",
    "pastor",
    "sister",
    "nurse",
];

/// Relations: before a name ("daughter Hope") or after one ("Will Young (brother)").
const RELATIONS: &[&str] = &[
    "daughter",
    "son",
    "wife",
    "husband",
    "mother",
    "mom",
    "mum",
    "father",
    "dad",
    "sister",
    "brother",
    "spouse",
    "partner",
    "grandmother",
    "grandfather",
    "grandma",
    "grandpa",
    "grandson",
    "granddaughter",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "cousin",
    "friend",
    "neighbor",
    "neighbour",
    "caregiver",
    "guardian",
    "fiance",
    "fiancé",
    "fiancee",
    "fiancée",
    "boyfriend",
    "girlfriend",
    "roommate",
    "stepmother",
    "stepfather",
    "stepson",
    "stepdaughter",
];

/// Roles and words that name someone: the next capitalised word is a name.
const ROLES: &[&str] = &[
    "named",
    "name",
    "names",
    "called",
    "attending",
    "preceptor",
    "physician",
    "pcp",
    "surgeon",
    "cardiologist",
    "therapist",
    "counselor",
    "counsellor",
    "interpreter",
    "chaplain",
    "colleague",
    "coworker",
    "co-worker",
    "employer",
    "teacher",
    "coach",
    "signed",
    "cc",
    "dictated",
    "np",
    "pa",
    "rn",
    "md",
    "do",
    "resident",
    "intern",
    "student",
    "nurse",
    "pharmacist",
    "dietitian",
    "midwife",
    "doula",
    "provider",
];

/// Who speaks for a patient: after a name, like a relation ("Grace Lee is the HCP").
const PROXIES: &[&str] = &["hcp", "poa", "proxy", "surrogate"];

/// Weaker cues: the next word must look like a name (listed, or no English word).
pub(crate) const WEAK_CUES: &[&str] =
    &["patient", "pt", "by", "with", "per", "to", "from", "and", "child", "baby", "infant", "contact", "mrs", "for"];

/// Particles inside a name: "de la Cruz", "bin Said".
pub(crate) const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "der", "van", "von", "bin", "ibn", "bint", "al", "el", "la", "le", "di", "du", "dos", "das",
    "ter", "ten", "mac", "st",
];

/// Words after a name that leave no doubt a person was named: "will turner who drives".
const SAYS_WHO: &[&str] = &["who", "says", "said", "reports", "states"];

pub(crate) static TITLE_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(TITLES));
/// Relations and roles: the next capitalised word is a name even if it is also an English word.
pub(crate) static STRONG_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| RELATIONS.iter().chain(ROLES).copied().collect());
pub(crate) static WEAK_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(WEAK_CUES));
pub(crate) static PARTICLE_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(PARTICLES));
/// Relations and proxies: after a name, they say whose name it is.
pub(crate) static RELATION_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| RELATIONS.iter().chain(PROXIES).copied().collect());
/// Words that may follow a name in lower case and end it ("hope brown at the bedside"): those
/// that say a person was named, and a few more.
pub(crate) static AFTER_A_NAME: LazyLock<HashSet<&str>> =
    LazyLock::new(|| SAYS_WHO.iter().chain(&["at", "is", "was", "has", "present", "here"]).copied().collect());
/// Words after a name that leave no doubt a person was named.
pub(crate) static SAYS_WHO_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(SAYS_WHO));
