//! The document vault through the API, on every backend: real files in,
//! the same bytes out with a safe name, and every kind of bad upload
//! refused with nothing stored.

use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::support::{DEMO_PASSWORD, Server};

/// A real one-page PDF.
pub fn pdf() -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let page = doc.add_object(lopdf::dictionary! { "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()] });
    doc.objects.insert(
        pages_id,
        lopdf::Object::Dictionary(lopdf::dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("a PDF");
    out
}

/// Uploads a file; returns status and body.
pub async fn upload(s: &Server, token: &str, fields: &[(&str, &str)], name: &str, bytes: Vec<u8>) -> (u16, Value) {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    match s.http.post(format!("{}/api/v1/me/documents", s.base)).bearer_auth(token).multipart(form).send().await {
        Ok(res) => {
            let status = res.status().as_u16();
            (status, res.json().await.unwrap_or(Value::Null))
        }
        Err(e) => panic!("{}: upload failed to send: {e}", s.backend),
    }
}

/// Form fields, file name, bytes, expected status, words the message must hold.
type BadUpload<'a> = (Vec<(&'a str, &'a str)>, &'a str, Vec<u8>, u16, &'a str);

async fn vault(s: &Server) {
    let b = s.backend;
    let me = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let file = pdf();
    let (status, doc) = upload(
        s,
        &me,
        &[("kind", "passport"), ("issued_on", "2022-03-01"), ("expires_on", "2032-02-28")],
        "../My Passport.pdf",
        file.clone(),
    )
    .await;
    assert_eq!(status, 201, "{b}: {doc}");
    assert_eq!(
        (doc["kind"].as_str(), doc["file_type"].as_str(), doc["filename"].as_str()),
        (Some("passport"), Some("pdf"), Some("My Passport.pdf")),
        "{b}"
    );
    assert_eq!(doc["sha256"].as_str().unwrap().len(), 64, "{b}");
    assert!(doc.get("storage_key").is_none(), "{b}: the storage name leaked");
    let id = doc["id"].as_i64().unwrap();

    // The same bytes come back, as a download with a safe name.
    let res = s.http.get(format!("{}/api/v1/me/documents/{id}", s.base)).bearer_auth(&me).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{b}");
    assert_eq!(res.headers()["content-type"], "application/pdf", "{b}");
    assert_eq!(res.headers()["content-disposition"], "attachment; filename=\"My Passport.pdf\"", "{b}");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{b}");
    assert_eq!(res.bytes().await.unwrap().to_vec(), file, "{b}");
    let (_, audit) = s.call("GET", "/api/v1/admin/audit?limit=50", Some(&admin), None).await;
    assert!(
        audit.as_array().unwrap().iter().any(|l| l["action"] == "document_read" && l["subject"] == format!("document:{id}")),
        "{b}: read not audited"
    );

    // An immunization record carries its entries.
    let record = r#"{"mmr_doses": ["2001-01-01", "2005-01-01"], "tdap_on": "2022-05-01"}"#;
    let (status, imm) = upload(
        s,
        &me,
        &[("kind", "immunization"), ("expires_on", "2027-12-31"), ("immunizations", record)],
        "imm.pdf",
        file.clone(),
    )
    .await;
    assert_eq!(status, 201, "{b}: {imm}");
    assert_eq!(imm["immunizations"]["mmr_doses"][1], "2005-01-01", "{b}");

    // Bad uploads: each a clear 4xx, nothing stored.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00 this is a program".to_vec();
    let cases: Vec<BadUpload> = vec![
        (vec![("kind", "cv")], "cv.pdf", exe, 400, "only PDF, PNG and JPEG"),
        (vec![("kind", "cv")], "cv.pdf", b"%PDF-1.7 but nothing else".to_vec(), 400, "not a readable one"),
        (vec![("kind", "passport")], "p.pdf", file.clone(), 400, "runs out: give the date"),
        (vec![("kind", "selfie")], "p.pdf", file.clone(), 400, "say what the document is"),
        (vec![("kind", "cv"), ("issued_on", "yesterday")], "p.pdf", file.clone(), 400, "YYYY-MM-DD"),
        (vec![("kind", "cv"), ("immunizations", "{}")], "p.pdf", file.clone(), 400, "only an immunization record"),
    ];
    for (fields, name, bytes, want, says) in cases {
        let (status, err) = upload(s, &me, &fields, name, bytes).await;
        assert_eq!(status, want, "{b}: {fields:?}: {err}");
        assert!(err["error"]["message"].as_str().unwrap_or_default().contains(says), "{b}: {fields:?}: {err}");
    }
    // 200 MB: refused as soon as it passes the limit.
    let big = vec![0u8; 200 * 1024 * 1024];
    let form = Form::new().text("kind", "cv").part("file", Part::bytes(big).file_name("huge.pdf"));
    let res = s.http.post(format!("{}/api/v1/me/documents", s.base)).bearer_auth(&me).multipart(form).send().await;
    match res {
        Ok(r) => assert_eq!(r.status().as_u16(), 413, "{b}"),
        // The server may close the connection after answering 413, before the client has sent it all.
        Err(e) => assert!(e.is_request() || e.is_body(), "{b}: {e}"),
    }
    let (_, list) = s.call("GET", "/api/v1/me/documents", Some(&me), None).await;
    assert_eq!(list.as_array().unwrap().len(), 2, "{b}: a refused upload was stored: {list}");

    // Nobody else's: another applicant gets 404, a coordinator 404, nobody 401.
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    assert_eq!(s.call("GET", &format!("/api/v1/me/documents/{id}"), Some(&coordinator), None).await.0, 404, "{b}");
    assert_eq!(s.call("GET", &format!("/api/v1/me/documents/{id}"), None, None).await.0, 401, "{b}");
    assert_eq!(upload(s, &coordinator, &[("kind", "cv")], "cv.pdf", file).await.0, 403, "{b}");
}

async fn the_vault_keeps_real_files_only(s: Server) {
    {
        vault(&s).await;
        s.stop().await;
    }
}

on_both_servers!(the_vault_keeps_real_files_only);

/// Replacing, removing and editing entries through the API: the vault shows what is current, the
/// history keeps every version, and nobody but the owner changes anything.
async fn history(s: &Server) {
    let b = s.backend;
    let me = s.login("applicant@example.org", DEMO_PASSWORD).await;
    let passport = [("kind", "passport"), ("expires_on", "2032-02-28")];
    let (_, first) = upload(s, &me, &passport, "old.pdf", pdf()).await;
    let first_id = first["id"].as_i64().unwrap();
    let old = first_id.to_string();
    // A passport replaced by a CV is refused, naming the field.
    let (status, err) = upload(s, &me, &[("kind", "cv"), ("replaces", &old)], "cv.pdf", pdf()).await;
    assert_eq!(status, 400, "{b}: {err}");
    assert!(err["error"]["message"].as_str().unwrap().starts_with("kind: your passport can be replaced only"), "{b}: {err}");
    let mut fields = passport.to_vec();
    fields.push(("replaces", &old));
    let (status, second) = upload(s, &me, &fields, "new.pdf", pdf()).await;
    assert_eq!(status, 201, "{b}: {second}");
    assert_eq!(second["replaces_id"], first_id, "{b}");
    let (status, again) = upload(s, &me, &fields, "again.pdf", pdf()).await;
    assert_eq!(status, 404, "{b}: the old version is not current: {again}");

    let names = |v: &Value| v.as_array().unwrap().iter().map(|d| d["filename"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let (_, now) = s.call("GET", "/api/v1/me/documents", Some(&me), None).await;
    assert!(names(&now).contains(&"new.pdf".to_string()) && !names(&now).contains(&"old.pdf".to_string()), "{b}: {now}");
    let (_, all) = s.call("GET", "/api/v1/me/documents?include=history", Some(&me), None).await;
    assert!(names(&all).contains(&"old.pdf".to_string()), "{b}: {all}");
    assert_eq!(s.call("GET", "/api/v1/me/documents?include=everything", Some(&me), None).await.0, 400, "{b}");
    // The owner still downloads the old version.
    assert_eq!(s.call("GET", &format!("/api/v1/me/documents/{first_id}"), Some(&me), None).await.0, 200, "{b}");

    // Immunization entries: a new version with the same file.
    let (_, imm) = upload(s, &me, &[("kind", "immunization"), ("expires_on", "2030-01-01")], "imm.pdf", pdf()).await;
    let imm_id = imm["id"].as_i64().unwrap();
    let entries = serde_json::json!({"mmr_doses": ["2001-01-01", "2005-01-01"], "tdap_on": "2022-05-01"});
    let path = format!("/api/v1/me/documents/{imm_id}/immunizations");
    let (status, edited) = s.call("PUT", &path, Some(&me), Some(entries.clone())).await;
    assert_eq!(status, 200, "{b}: {edited}");
    assert_eq!((edited["replaces_id"].as_i64(), edited["filename"].as_str()), (Some(imm_id), Some("imm.pdf")), "{b}");
    assert_eq!(edited["immunizations"]["tdap_on"], "2022-05-01", "{b}");
    // Entries dated in the future are refused by name, through the API as through the page.
    let later = serde_json::json!({"mmr_doses": ["2001-01-01"], "influenza_on": "2099-10-01"});
    let edited_path = format!("/api/v1/me/documents/{}/immunizations", edited["id"]);
    let (status, refused) = s.call("PUT", &edited_path, Some(&me), Some(later)).await;
    assert_eq!((status, refused["error"]["fields"][0]["field"].as_str()), (400, Some("immunizations")), "{b}: {refused}");
    assert!(refused["error"]["message"].as_str().unwrap_or_default().contains("influenza"), "{b}: {refused}");
    let second_id = second["id"].as_i64().unwrap();
    // A new file for the record without entries keeps the entries it had.
    let edited_id = edited["id"].as_i64().unwrap().to_string();
    let fields = [("kind", "immunization"), ("expires_on", "2030-01-01"), ("replaces", edited_id.as_str())];
    let (status, refiled) = upload(s, &me, &fields, "imm2.pdf", pdf()).await;
    assert_eq!(status, 201, "{b}: {refiled}");
    assert_eq!(refiled["immunizations"]["mmr_doses"][1], "2005-01-01", "{b}: {refiled}");
    let not_imm = format!("/api/v1/me/documents/{second_id}/immunizations");
    assert_eq!(s.call("PUT", &not_imm, Some(&me), Some(entries)).await.0, 409, "{b}: a passport has no entries");

    // Removing: others cannot; the owner can, once.
    let admin = s.login("admin@example.org", DEMO_PASSWORD).await;
    let (_, other) = crate::rounds::verified_applicant(s, &admin, "other-vault@example.org").await;
    let doc = format!("/api/v1/me/documents/{second_id}");
    assert_eq!(s.call("DELETE", &doc, Some(&other), None).await.0, 404, "{b}");
    let coordinator = s.login("coordinator@example.org", DEMO_PASSWORD).await;
    assert_eq!(s.call("DELETE", &doc, Some(&coordinator), None).await.0, 404, "{b}");
    assert_eq!(s.call("DELETE", &doc, Some(&me), None).await.0, 200, "{b}");
    assert_eq!(s.call("DELETE", &doc, Some(&me), None).await.0, 404, "{b}: removed already");
    let (_, now) = s.call("GET", "/api/v1/me/documents", Some(&me), None).await;
    assert!(!names(&now).contains(&"new.pdf".to_string()), "{b}: {now}");
}

async fn the_vault_keeps_every_version(s: Server) {
    history(&s).await;
    s.stop().await;
}

on_both_servers!(the_vault_keeps_every_version);
