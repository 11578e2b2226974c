//! Invented contact details for a demo site: a street address, a ZIP code
//! that starts like the state's, a phone in the state's area code on the
//! 555-01xx numbers kept for fiction, and an address at example.org. They
//! are worked out from the site's id and name, not drawn from the dice, so
//! the rest of the catalog is the same as without them.

use matchready_core::State;

const STREETS: &[&str] = &["Harbor", "Medical Center", "University", "Park", "Lakeview", "Washington", "Franklin", "Riverside"];
const SUFFIXES: &[&str] = &["Avenue", "Boulevard", "Drive", "Street", "Parkway"];

/// The first three digits of a ZIP code and an area code in `state`.
fn prefixes(state: State) -> (&'static str, &'static str) {
    match state {
        State::NY => ("100", "212"),
        State::FL => ("331", "305"),
        State::IL => ("606", "312"),
        State::TX => ("770", "713"),
        State::CA => ("900", "213"),
        State::NJ => ("071", "973"),
        State::PA => ("191", "215"),
        State::MI => ("482", "313"),
        State::GA => ("303", "404"),
        State::OH => ("441", "216"),
        State::MD => ("212", "410"),
        State::MA => ("021", "617"),
        State::NC => ("282", "704"),
        State::AZ => ("850", "602"),
        State::VA => ("232", "804"),
        State::WA => ("981", "206"),
        State::TN => ("372", "615"),
        State::MO => ("631", "314"),
        State::CT => ("061", "203"),
        State::MN => ("554", "612"),
        State::WI => ("532", "414"),
        State::IN => ("462", "317"),
        State::KY => ("402", "502"),
        State::LA => ("701", "504"),
        State::NV => ("891", "702"),
        State::CO => ("802", "303"),
        State::SC => ("292", "803"),
        State::AL => ("352", "205"),
        State::OK => ("731", "405"),
        State::OR => ("972", "503"),
        State::DC => ("200", "202"),
        State::PR => ("009", "787"),
        State::AR => ("722", "501"),
        State::MS => ("392", "601"),
        State::KS => ("662", "316"),
        _ => ("200", "202"),
    }
}

/// Address, ZIP code, phone and email for site `id` called `name` in `state`.
pub fn contact(id: i64, name: &str, state: State) -> (String, String, String, String) {
    let n = id.unsigned_abs() as usize;
    let (zip, area) = prefixes(state);
    let address = format!("{} {} {}", 100 + (n * 389) % 9_800, STREETS[n % STREETS.len()], SUFFIXES[(n / 3) % SUFFIXES.len()]);
    let slug: String = name
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    (
        address,
        format!("{zip}{:02}", n % 100),
        format!("+1 {area} 555 01{:02}", n % 100),
        format!("clinical.education@{slug}.example.org"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_details_are_invented_the_same_way_each_time() {
        let (address, zip, phone, email) = contact(7, "Riverside Community Hospital", State::NY);
        assert_eq!(
            contact(7, "Riverside Community Hospital", State::NY),
            (address.clone(), zip.clone(), phone.clone(), email.clone())
        );
        assert_eq!(zip, "10007");
        assert_eq!(phone, "+1 212 555 0107");
        assert_eq!(email, "clinical.education@riverside-community-hospital.example.org");
        assert!(address.ends_with("Street") || address.contains(' '));
    }
}
