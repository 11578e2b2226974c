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

/// Relations and roles: the next capitalised word is a name even if it is also an English word.
pub(crate) const STRONG_CUES: &[&str] = &[
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

/// Weaker cues: the next word must look like a name (listed, or no English word).
pub(crate) const WEAK_CUES: &[&str] =
    &["patient", "pt", "by", "with", "per", "to", "from", "and", "child", "baby", "infant", "contact", "mrs", "for"];

/// Particles inside a name: "de la Cruz", "bin Said".
pub(crate) const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "der", "van", "von", "bin", "ibn", "bint", "al", "el", "la", "le", "di", "du", "dos", "das",
    "ter", "ten", "mac", "st",
];

/// Relations and roles that, after a name, say whose name it is.
pub(crate) const RELATIONS_AFTER: &[&str] = &[
    "daughter",
    "son",
    "wife",
    "husband",
    "mother",
    "father",
    "sister",
    "brother",
    "spouse",
    "partner",
    "friend",
    "neighbor",
    "neighbour",
    "caregiver",
    "guardian",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "aunt",
    "uncle",
    "niece",
    "nephew",
    "cousin",
    "hcp",
    "poa",
    "proxy",
    "surrogate",
    "fiance",
    "fiancee",
    "girlfriend",
    "boyfriend",
    "roommate",
    "mom",
    "dad",
];

/// Words that may follow a name in lower case and end it: "hope brown at the bedside".
pub(crate) const AFTER_A_NAME: &[&str] =
    &["who", "at", "is", "was", "has", "says", "said", "reports", "present", "here", "states"];

/// Words after a name that leave no doubt a person was named: "will turner who drives".
pub(crate) const SAYS_WHO: &[&str] = &["who", "says", "said", "reports", "states"];

pub(crate) static TITLE_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(TITLES));
pub(crate) static STRONG_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(STRONG_CUES));
pub(crate) static WEAK_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(WEAK_CUES));
pub(crate) static PARTICLE_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(PARTICLES));
pub(crate) static RELATION_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| word_set(RELATIONS_AFTER));
