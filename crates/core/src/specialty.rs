//! The US residency specialties (ACGME categorical specialties as listed in
//! ERAS and the NRMP Main Match), used to label experiences and filter them.

use serde::{Serialize, Serializer};

macro_rules! specialties {
    ($($variant:ident => $code:literal, $name:literal;)*) => {
        /// A US residency specialty.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Specialty { $($variant),* }

        impl Specialty {
            /// Every specialty, alphabetical by name.
            pub const ALL: &'static [Specialty] = &[$(Specialty::$variant),*];

            /// The stable code used in URLs, the API and storage.
            pub fn code(self) -> &'static str {
                match self { $(Specialty::$variant => $code),* }
            }

            /// The name a person reads.
            pub fn name(self) -> &'static str {
                match self { $(Specialty::$variant => $name),* }
            }
        }
    };
}

specialties! {
    Anesthesiology => "anesthesiology", "Anesthesiology";
    ChildNeurology => "child-neurology", "Child Neurology";
    Dermatology => "dermatology", "Dermatology";
    DiagnosticRadiology => "diagnostic-radiology", "Diagnostic Radiology";
    EmergencyMedicine => "emergency-medicine", "Emergency Medicine";
    FamilyMedicine => "family-medicine", "Family Medicine";
    GeneralSurgery => "general-surgery", "General Surgery";
    InternalMedicine => "internal-medicine", "Internal Medicine";
    InternalMedicinePediatrics => "internal-medicine-pediatrics", "Internal Medicine–Pediatrics";
    InterventionalRadiology => "interventional-radiology", "Interventional Radiology";
    MedicalGenetics => "medical-genetics", "Medical Genetics and Genomics";
    NeurologicalSurgery => "neurological-surgery", "Neurological Surgery";
    Neurology => "neurology", "Neurology";
    NuclearMedicine => "nuclear-medicine", "Nuclear Medicine";
    ObstetricsGynecology => "obstetrics-gynecology", "Obstetrics and Gynecology";
    Ophthalmology => "ophthalmology", "Ophthalmology";
    OrthopaedicSurgery => "orthopaedic-surgery", "Orthopaedic Surgery";
    Otolaryngology => "otolaryngology", "Otolaryngology – Head and Neck Surgery";
    Pathology => "pathology", "Pathology";
    Pediatrics => "pediatrics", "Pediatrics";
    PhysicalMedicine => "physical-medicine-rehabilitation", "Physical Medicine and Rehabilitation";
    PlasticSurgery => "plastic-surgery", "Plastic Surgery";
    PreventiveMedicine => "preventive-medicine", "Preventive Medicine";
    Psychiatry => "psychiatry", "Psychiatry";
    RadiationOncology => "radiation-oncology", "Radiation Oncology";
    ThoracicSurgery => "thoracic-surgery", "Thoracic Surgery";
    Urology => "urology", "Urology";
    VascularSurgery => "vascular-surgery", "Vascular Surgery";
}

impl Specialty {
    /// Finds a specialty by its code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }
}

impl Serialize for Specialty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::CodeName::new(self.code(), self.name()).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        for s in Specialty::ALL {
            assert_eq!(Specialty::from_code(s.code()), Some(*s));
        }
        let mut codes: Vec<_> = Specialty::ALL.iter().map(|s| s.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Specialty::ALL.len());
        assert!(Specialty::ALL.len() >= 20);
    }

    #[test]
    fn unknown_code_is_none() {
        assert_eq!(Specialty::from_code("Internal Medicine"), None);
        assert_eq!(Specialty::from_code(""), None);
    }
}
