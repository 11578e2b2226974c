//! Small, valid one-page PDFs for the demo's vault documents: a title and
//! a few lines of text in Helvetica, with a correct cross-reference table,
//! so they open in any reader and pass the vault's content checks.

/// A letter-size PDF with `title` and `lines` (characters outside ASCII are written as `?`).
pub fn document(title: &str, lines: &[String]) -> Vec<u8> {
    let mut text = format!("BT /F1 18 Tf 72 720 Td ({}) Tj /F1 11 Tf", escape(title));
    for line in lines {
        text.push_str(&format!(" 0 -20 Td ({}) Tj", escape(line)));
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c if c.is_ascii() && !c.is_ascii_control() => c.to_string(),
            _ => "?".to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let pdf = super::document("Passport (demo)", &["Name: Ngozi Okafor".into(), "Not a real document \\ é".into()]);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert!(text.contains("(Passport \\(demo\\)) Tj") && text.contains("Not a real document \\\\ ?"), "{text}");
        let xref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[xref..].starts_with("xref\n0 6\n"));
        for (n, line) in text[xref..].lines().skip(3).take(5).enumerate() {
            let at: usize = line[..10].parse().unwrap();
            assert!(text[at..].starts_with(&format!("{} 0 obj", n + 1)), "object {}", n + 1);
        }
        assert_eq!(matchready_files::inspect(&pdf).ok(), Some(matchready_core::document::FileType::Pdf));
    }
}
