//! Names in other scripts print with real glyphs from the bundled fonts:
//! no missing-glyph boxes (glyph 0, "tofu").

use crate::support::{pages, runs, sample, squeezed, text};

fn tofu_in(name: &str) -> Vec<String> {
    let mut data = sample();
    data.applicant.name = name.to_string();
    data.signatory.name = name.to_string();
    let doc = pages(&data);
    assert!(text(&doc).contains(&squeezed(name)), "{name} is printed");
    runs(&doc).iter().flat_map(|t| t.glyphs.iter().filter(|g| g.id == 0).map(move |g| t.text[g.range()].to_string())).collect()
}

#[test]
fn cyrillic_greek_vietnamese_and_accented_latin_names_have_glyphs() {
    for name in [
        "Анастасия Кузнецова-Шевчук",
        "Γεώργιος Παπαδόπουλος",
        "Nguyễn Thị Minh Khai",
        "Trần Đức Thắng",
        "Şükrü Çağlar Öztürk",
        "Zoë Ångström-Øster",
        "Łukasz Żółkiewski",
        "José Ñúñez de la Peña",
    ] {
        assert_eq!(tofu_in(name), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn the_check_can_fail_a_script_no_bundled_font_covers() {
    assert!(!tofu_in("山田 太郎").is_empty(), "CJK is not in the bundled fonts, and the check says so");
}
