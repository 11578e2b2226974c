//! US states and territories where experiences take place.

macro_rules! states {
    ($($code:ident => $name:literal),* $(,)?) => {
        /// A US state, the District of Columbia or Puerto Rico.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum State { $($code),* }

        impl State {
            /// Every state, alphabetical by code.
            pub const ALL: &'static [State] = &[$(State::$code),*];

            /// The USPS two-letter code.
            pub fn code(self) -> &'static str {
                match self { $(State::$code => stringify!($code)),* }
            }

            /// The full name.
            pub fn name(self) -> &'static str {
                match self { $(State::$code => $name),* }
            }
        }
    };
}

states! {
    AK => "Alaska", AL => "Alabama", AR => "Arkansas", AZ => "Arizona", CA => "California",
    CO => "Colorado", CT => "Connecticut", DC => "District of Columbia", DE => "Delaware",
    FL => "Florida", GA => "Georgia", HI => "Hawaii", IA => "Iowa", ID => "Idaho",
    IL => "Illinois", IN => "Indiana", KS => "Kansas", KY => "Kentucky", LA => "Louisiana",
    MA => "Massachusetts", MD => "Maryland", ME => "Maine", MI => "Michigan", MN => "Minnesota",
    MO => "Missouri", MS => "Mississippi", MT => "Montana", NC => "North Carolina",
    ND => "North Dakota", NE => "Nebraska", NH => "New Hampshire", NJ => "New Jersey",
    NM => "New Mexico", NV => "Nevada", NY => "New York", OH => "Ohio", OK => "Oklahoma",
    OR => "Oregon", PA => "Pennsylvania", PR => "Puerto Rico", RI => "Rhode Island",
    SC => "South Carolina", SD => "South Dakota", TN => "Tennessee", TX => "Texas",
    UT => "Utah", VA => "Virginia", VT => "Vermont", WA => "Washington", WI => "Wisconsin",
    WV => "West Virginia", WY => "Wyoming",
}

impl State {
    /// Parses a two-letter code, in any case.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code().eq_ignore_ascii_case(code))
    }
}

impl serde::Serialize for State {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_in_any_case() {
        assert_eq!(State::from_code("ny"), Some(State::NY));
        assert_eq!(State::from_code("TX"), Some(State::TX));
        assert_eq!(State::from_code("XX"), None);
        assert_eq!(State::ALL.len(), 52);
    }
}
