//! The vault's history on SQLite and PostgreSQL: a replaced or removed
//! document leaves the vault but keeps its row, a site keeps seeing the
//! versions it read, and a replacement of a document that changed meanwhile
//! writes nothing.

use matchready_core::document::{DocumentKind, FileType};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::{self, TestDb};
use matchready_store::{NewDocument, connect};

const T: i64 = 1_800_000_000;

fn passport(owner_id: i64, key: &str, replaces: Option<i64>) -> NewDocument {
    NewDocument {
        owner_id,
        kind: DocumentKind::Passport,
        file_type: FileType::Pdf,
        filename: format!("{key}.pdf"),
        size_bytes: 10,
        sha256: "00".into(),
        storage_key: key.into(),
        issued_on: None,
        expires_on: "2031-01-01".parse().ok(),
        immunizations: None,
        replaces,
        now: T,
    }
}

async fn a_replaced_document_keeps_its_history(db: TestDb) {
    {
        story(&db).await;
    }
    db.drop_db().await;
}

async fn story(db: &TestDb) {
    let store = connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 2, seed: 1, today: "2026-12-01".parse().unwrap() });
    store.insert_catalog(&c).await.unwrap();
    let me = testing::applicant(store.as_ref(), "a@example.org", "A", T).await.unwrap();
    let other = testing::applicant(store.as_ref(), "b@example.org", "B", T).await.unwrap();
    let blocks: Vec<i64> = c.experiences.iter().flat_map(|e| e.blocks.iter().map(|b| b.id)).take(2).collect();
    let read_through = store.create_application(me, blocks[0], T).await.unwrap().unwrap().id;
    let another = store.create_application(me, blocks[1], T).await.unwrap().unwrap().id;
    let first = store.create_document(&passport(me, "k1", None)).await.unwrap().unwrap();
    store.note_document_read(first.id, read_through, T + 1).await.unwrap();
    store.note_document_read(first.id, read_through, T + 2).await.unwrap();

    // Someone else cannot replace it; nothing is written.
    assert!(store.create_document(&passport(other, "k2", Some(first.id))).await.unwrap().is_none());
    assert!(store.document_history(other).await.unwrap().is_empty());
    assert!(store.document(first.id).await.unwrap().unwrap().is_current());
    let second = store.create_document(&passport(me, "k3", Some(first.id))).await.unwrap().unwrap();
    assert_eq!(second.replaces_id, Some(first.id));
    // Replacing the old version again is refused: it is no longer current.
    assert!(store.create_document(&passport(me, "k4", Some(first.id))).await.unwrap().is_none());

    let now: Vec<i64> = store.documents_of(me).await.unwrap().iter().map(|d| d.id).collect();
    assert_eq!(now, [second.id], "{}", db.backend());
    let all: Vec<i64> = store.document_history(me).await.unwrap().iter().map(|d| d.id).collect();
    assert_eq!(all, [second.id, first.id], "{}", db.backend());
    assert!(store.document(first.id).await.unwrap().unwrap().replaced_at.is_some());
    // Through the application it was read through, the site still has what it read, once; through
    // another application nothing is.
    let read: Vec<i64> = store.documents_read_through(read_through, me).await.unwrap().iter().map(|d| d.id).collect();
    assert_eq!(read, [first.id], "{}", db.backend());
    assert!(store.documents_read_through(another, me).await.unwrap().is_empty());
    assert!(store.documents_read_through(read_through, other).await.unwrap().is_empty());

    // Removing: only the owner's current document, once.
    assert!(!store.remove_document(second.id, other, T + 3).await.unwrap());
    assert!(store.remove_document(second.id, me, T + 3).await.unwrap());
    assert!(!store.remove_document(second.id, me, T + 4).await.unwrap());
    assert!(store.documents_of(me).await.unwrap().is_empty());
    assert_eq!(store.document_history(me).await.unwrap().len(), 2);
    // A removed document is not a reminder's business any more.
    assert!(store.documents_to_remind("2032-01-01".parse().unwrap()).await.unwrap().is_empty());
}

matchready_store::on_both_backends!(a_replaced_document_keeps_its_history);
