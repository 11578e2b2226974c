//! Identifiers the guard must find, each in a sentence of its own, written
//! for this crate (not taken from any evaluation set).

use matchready_phi::{Kind, redact, scan};

/// Asserts that `needle` in `text` is covered by a span.
fn finds(text: &str, needle: &str) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    let (s, e) = (text[..at].chars().count(), text[..at + needle.len()].chars().count());
    let spans = scan(text);
    assert!(spans.iter().any(|p| p.start < e && s < p.end), "{needle:?} not found in {text:?}: {spans:?}");
}

#[test]
fn names_with_titles_relations_and_shapes() {
    for (text, name) in [
        ("Seen with Mr. Patel today.", "Patel"),
        ("Dr. Wells reviewed the film.", "Wells"),
        ("Ms. Hope Brown is here for follow-up.", "Hope Brown"),
        ("Daughter Hope drove her in.", "Hope"),
        ("Her son Will is the health care proxy.", "Will"),
        ("Husband, Young, at bedside.", "Young"),
        ("Accompanied by her sister Grace Young.", "Grace Young"),
        ("Fatima Kowalczyk reports three days of cough.", "Fatima Kowalczyk"),
        ("Patient Oluwaseun Adeyemi presents with fever.", "Oluwaseun Adeyemi"),
        ("Referred by Keisha Dubois, NP.", "Keisha Dubois"),
        ("Abdullah, Siobhan, born in the spring, here with mother.", "Abdullah, Siobhan"),
        ("Nguyen, Thi Mai is a 40-year-old woman.", "Nguyen, Thi Mai"),
        ("Discussed with Priya Raghunathan, the covering resident.", "Priya Raghunathan"),
        ("Mary-Jane Smith-Jones brought her records.", "Mary-Jane Smith-Jones"),
        ("Interpreter: Ahmed al-Sayed.", "Ahmed al-Sayed"),
        ("Contact is Juan de la Cruz, her brother.", "Juan de la Cruz"),
        ("wife maria gonzalez at bedside", "gonzalez"),
        ("spoke with daughter svetlana", "svetlana"),
        ("MR. OKAFOR was seen in clinic.", "OKAFOR"),
        ("Signed: Dr. Chen Wei", "Chen Wei"),
        ("Mother Amara was at the bedside.", "Amara"),
        ("Hiroshi Tanaka is a retired engineer.", "Hiroshi Tanaka"),
        ("Seen by Dr. O'Connor.", "O'Connor"),
        ("Mrs. Fitzgerald declined the flu shot.", "Fitzgerald"),
        ("Pt seen with her son will turner who drives her.", "will turner"),
        ("Spoke with daughter hope brown at bedside.", "hope brown"),
        ("john smith is a 45 yo male with cough.", "john smith"),
        ("Discussed with Will Young (brother) by phone.", "Will Young"),
        ("Seen with Will Young (stepson) today.", "Will Young"),
        ("Pt lives with her mum hope brown at home.", "hope brown"),
        ("Grace Hope Lee is the HCP and agrees.", "Grace Hope Lee"),
        ("Kwame Mensah called about refills.", "Kwame Mensah"),
        ("Friend Dmitri Ivanov gave the history.", "Dmitri Ivanov"),
    ] {
        finds(text, name);
    }
}

#[test]
fn a_facility_named_with_first_names_is_a_place_not_a_person() {
    let text = "Lives at Hope House (daughter visits weekly). Attends Grace Church (husband is the pastor).";
    let spans = scan(text);
    assert!(spans.iter().all(|s| s.kind == Kind::Location), "{spans:?}");
    finds(text, "Hope");
    finds(text, "Grace Church");
}

#[test]
fn places() {
    for (text, place) in [
        ("Lives at 2207 W Lawrence Ave, Bakersfield 93301.", "2207 W Lawrence Ave"),
        ("Lives at 2207 W Lawrence Ave, Bakersfield 93301.", "Bakersfield"),
        ("Lives at 2207 W Lawrence Ave, Bakersfield 93301.", "93301"),
        ("Moved from Tulsa, OK last year.", "Tulsa"),
        ("She lives in San Antonio with her aunt.", "San Antonio"),
        ("Transferred from St. Agnes Medical Center.", "St. Agnes Medical Center"),
        ("Stress test at Lakeview Memorial next week.", "Lakeview Memorial"),
        ("Resident of Cook County for 20 years.", "Cook County"),
        ("Mail to PO Box 4471 please.", "PO Box 4471"),
        ("Recently travelled to Mumbai for a wedding.", "Mumbai"),
        ("Works at Mercy Community Clinic on weekends.", "Mercy Community Clinic"),
        ("Address 55 Orchard Lane, Apt 4B, Paterson, NJ 07501.", "07501"),
    ] {
        finds(text, place);
    }
}

#[test]
fn dates_in_a_dozen_formats() {
    for (text, date) in [
        ("Seen on 03/14/2024 for cough.", "03/14/2024"),
        ("Seen on 3/14/24 for cough.", "3/14/24"),
        ("DOB 1961-03-04.", "1961-03-04"),
        ("Admitted 14-Mar-2024.", "14-Mar-2024"),
        ("Surgery on March 14th.", "March 14th"),
        ("Follow up on the 5th of May.", "5th of May"),
        ("Born August 9, 1950.", "August 9"),
        ("Last visit 14 March 2024.", "14 March 2024"),
        ("Returned 2024/03/14.", "2024/03/14"),
        ("Seen on 3/14 with her mother.", "3/14"),
        ("Symptoms began Sept. 3.", "Sept. 3"),
        ("Colonoscopy in March 2019 was normal.", "March 2019"),
        ("Fell on Christmas Eve.", "Christmas Eve"),
        ("Next visit Mon, Jan 6.", "Jan 6"),
        ("Dated 14.03.2024 by the lab.", "14.03.2024"),
        ("Seen on 12-7-26.", "12-7-26"),
    ] {
        finds(text, date);
    }
}

#[test]
fn structured_identifiers() {
    for (text, id) in [
        ("MRN: 00482913.", "00482913"),
        ("Medical record number 4471-992.", "4471-992"),
        ("Member ID XJH8844211 on file.", "XJH8844211"),
        ("Medicaid # 77218834B verified.", "77218834B"),
        ("Billing account 1909001614.", "1909001614"),
        ("DEA/license S81127027 verified.", "S81127027"),
        ("NPI 1558443921.", "1558443921"),
        ("His car (plate 7ELB321) was hit.", "7ELB321"),
        ("VIN 1HGCM82633A004352 noted by police.", "1HGCM82633A004352"),
        ("Pacemaker SN MDT-2886299 interrogated.", "MDT-2886299"),
        ("Device serial number PJN 8842-11 checked.", "8842-11"),
        ("SSN 123-45-6789.", "123-45-6789"),
        ("Social security 123 45 6789 on the form.", "123 45 6789"),
        ("Call 527.372.8466 after 5.", "527.372.8466"),
        ("Fax results to +1 945 586 7052.", "+1 945 586 7052"),
        ("Cell (312) 555-0199 ext 22.", "(312) 555-0199"),
        ("Reach him on +44 20 7946 0958.", "+44 20 7946 0958"),
        ("Email rahul.haddad36@yahoo.com today.", "rahul.haddad36@yahoo.com"),
        ("Photos at http://moreaufamily.org/blog.", "http://moreaufamily.org/blog"),
        ("See www.example-family.net for updates.", "www.example-family.net"),
        ("Blog at moreaufamily.org/blog.", "moreaufamily.org/blog"),
        ("Connected from IP 68.53.228.107.", "68.53.228.107"),
        ("IPv6 2001:db8:85a3::8a2e:370:7334 logged.", "2001:db8:85a3::8a2e:370:7334"),
        ("Passport number K4482910 copied.", "K4482910"),
        ("A 92 y/o woman with a fall.", "92 y/o"),
        ("A ninety-one-year-old man.", "ninety-one-year-old"),
        ("She is 95 years old.", "95 years old"),
        ("Aged 101, lives alone.", "Aged 101"),
        ("93M with chest pain.", "93M"),
        ("In her late 90s and independent.", "90s"),
    ] {
        finds(text, id);
    }
}

#[test]
fn redact_replaces_each_span_with_its_type() {
    let text = "Ms. Maria O'Brien, MRN 00482913, seen on 03/05/2023.";
    assert_eq!(redact(text), "[NAME], MRN [MRN], seen on [DATE].");
}

#[test]
fn offsets_count_code_points_and_reasons_say_why() {
    let text = "Café visit — MRN: 7712093 — Zoë Dubois";
    let spans = scan(text);
    let mrn = spans.iter().find(|s| s.kind == Kind::Mrn).expect("MRN found");
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars[mrn.start..mrn.end].iter().collect::<String>(), "7712093");
    assert_eq!(&text[mrn.bytes.clone()], "7712093");
    assert_eq!(mrn.reason, "after 'MRN'");
}

#[test]
fn hostile_megabyte_completes() {
    let unit = "1234567890 ABCDEFGHIJ .,;:/-()#@ 12/34/56 Mr. Dr. A.B.C. 999-99-9999 ++++ :::: MRN MRN ";
    let text = unit.repeat(1_000_000 / unit.len() + 1);
    let spans = scan(&text);
    assert!(spans.iter().all(|s| s.start < s.end));
    let digits = "9".repeat(1_000_000);
    assert_eq!(scan(&digits).len(), 1);
    let caps = "A".repeat(1_000_000);
    assert!(scan(&caps).is_empty());
}
