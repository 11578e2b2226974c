//! What people type is printed as typed: nothing in the data is read as
//! markup or code.

use crate::support::{pages, sample, squeezed, text};

const TRICKY: &[&str] = &[
    "#panic(\"boom\")",
    "*bold* _emph_",
    "]",
    "[",
    "$x^2$",
    "<script>alert(1)</script>",
    "#set page(width: 1pt)",
    "= Heading",
    "- item",
    "`raw`",
    "@label <label>",
    "// not a comment",
    "/* not a comment",
    "\\ backslash \\",
    "#{ 1 + 1 }",
    "\"quoted\" 'single'",
    "#import \"common.typ\": *",
    "~ nbsp ~",
];

#[test]
fn markup_in_any_field_comes_out_literally() {
    for s in TRICKY {
        let mut data = sample();
        data.applicant.name = s.to_string();
        data.site.name = format!("Site {s}");
        data.experience.title = format!("Title {s}");
        data.signatory.email = s.to_string();
        let all = text(&pages(&data));
        for expected in [squeezed(s), squeezed(&format!("Site {s}")), squeezed(&format!("Title {s}"))] {
            assert!(all.contains(&expected), "{s:?} was not printed literally; the page says: {all}");
        }
    }
}

#[test]
fn a_markup_name_does_not_change_the_page() {
    let mut data = sample();
    data.applicant.name = "#set page(width: 1pt, height: 1pt)".into();
    let doc = pages(&data);
    let size = doc.pages()[0].frame.size();
    assert_eq!((size.x.to_pt().round(), size.y.to_pt().round()), (612.0, 792.0));
}
