//! Every accounts method, on SQLite and (when a server answers) PostgreSQL,
//! with explicit times: sessions expire, idle out and are revoked; links
//! work once; throttling counts inside its window; the audit log cannot be
//! changed; the outbox notes deliveries; publishing moves the catalog.

use chrono::NaiveDate;
use matchready_core::account::mail::Message;
use matchready_core::account::{AuditAction, LinkPurpose, Role};
use matchready_core::{Availability, RawProfile};
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::TestDb;
use matchready_store::{AuditRecord, NewSession, NewUser, SessionKind, Store, StoredProfile, connect};

const T: i64 = 1_800_000_000;

fn person(email: &str, role: Role, site: Option<i64>) -> NewUser {
    NewUser {
        email: email.into(),
        name: "Ana Lima".into(),
        role,
        site_id: site,
        password_hash: Some("$argon2id$stub".into()),
        email_verified: false,
        host_verified: false,
        now: T,
    }
}

async fn story(store: &dyn Store) {
    let b = store.backend().name();
    store.migrate().await.unwrap();
    store
        .insert_catalog(&catalog(&DemoConfig {
            experiences: 40,
            ..DemoConfig::new(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
        }))
        .await
        .unwrap();

    // Accounts read back; a second account for one email is refused and changes nothing.
    let ana = store.create_user(&person("ana@example.org", Role::Applicant, None)).await.unwrap().unwrap();
    assert_eq!(
        (ana.email.as_str(), ana.role, ana.email_verified, ana.has_password, ana.created_at),
        ("ana@example.org", Role::Applicant, false, true, T),
        "{b}"
    );
    assert!(
        store
            .create_user(&NewUser { name: "Other".into(), ..person("ana@example.org", Role::Admin, None) })
            .await
            .unwrap()
            .is_none(),
        "{b}"
    );
    assert_eq!(store.user(ana.id).await.unwrap().unwrap(), ana, "{b}");
    let (found, hash) = store.user_by_email("ana@example.org").await.unwrap().unwrap();
    assert_eq!((found.id, hash.as_deref()), (ana.id, Some("$argon2id$stub")), "{b}");
    let host = store
        .create_user(&NewUser { password_hash: None, ..person("host@example.org", Role::Coordinator, Some(1)) })
        .await
        .unwrap()
        .unwrap();
    assert!(!host.has_password && !host.host_verified, "{b}");
    assert_eq!(store.users(Some(1)).await.unwrap(), vec![host.clone()], "{b}");
    assert_eq!(store.users(None).await.unwrap().len(), 2, "{b}");
    assert!(store.verify_host(host.id, T).await.unwrap() && store.user(host.id).await.unwrap().unwrap().host_verified, "{b}");
    assert!(!store.verify_host(999_999, T).await.unwrap(), "{b}");

    // Sessions: live, idle out, expire, revoked one by one or all at once.
    let s = |hash: &str, kind| NewSession { token_hash: hash.into(), user_id: ana.id, kind, now: T, expires_at: T + 100 };
    store.create_session(&s("a", SessionKind::Bearer)).await.unwrap();
    store.create_session(&s("b", SessionKind::Bearer)).await.unwrap();
    store.create_session(&s("c", SessionKind::Cookie)).await.unwrap();
    assert_eq!(store.session_user("a", SessionKind::Bearer, T + 10, 60, 5).await.unwrap().map(|u| u.id), Some(ana.id), "{b}");
    assert!(
        store.session_user("a", SessionKind::Cookie, T + 10, 60, 5).await.unwrap().is_none(),
        "{b}: a bearer token is no cookie"
    );
    // Used at T+10 (noted, older than 5 s), so still live at T+65 although 65 s passed since login.
    assert!(store.session_user("a", SessionKind::Bearer, T + 65, 60, 5).await.unwrap().is_some(), "{b}");
    assert!(store.session_user("b", SessionKind::Bearer, T + 65, 60, 5).await.unwrap().is_none(), "{b}: idle session lived");
    assert!(store.session_user("a", SessionKind::Bearer, T + 100, 60, 5).await.unwrap().is_none(), "{b}: expired session lived");
    assert!(store.end_session("c", T + 1).await.unwrap() && !store.end_session("c", T + 2).await.unwrap(), "{b}");
    assert!(store.session_user("c", SessionKind::Cookie, T + 3, 60, 5).await.unwrap().is_none(), "{b}");

    // A password change keeps the session that made it and ends the others.
    for h in ["d", "e"] {
        store
            .create_session(&NewSession {
                token_hash: h.into(),
                user_id: ana.id,
                kind: SessionKind::Bearer,
                now: T,
                expires_at: T + 1000,
            })
            .await
            .unwrap();
    }
    store.set_password(ana.id, "$argon2id$new", Some("d"), T + 1).await.unwrap();
    assert!(store.session_user("d", SessionKind::Bearer, T + 2, 600, 5).await.unwrap().is_some(), "{b}");
    assert!(store.session_user("e", SessionKind::Bearer, T + 2, 600, 5).await.unwrap().is_none(), "{b}");
    assert_eq!(store.password_hash(ana.id).await.unwrap().as_deref(), Some("$argon2id$new"), "{b}");
    // Disabling ends every session and hides the account from session lookups until enabled.
    assert!(store.set_disabled(ana.id, true, T + 3).await.unwrap(), "{b}");
    assert!(store.session_user("d", SessionKind::Bearer, T + 4, 600, 5).await.unwrap().is_none(), "{b}");
    assert!(store.user(ana.id).await.unwrap().unwrap().disabled, "{b}");
    assert!(
        store.set_disabled(ana.id, false, T + 5).await.unwrap() && !store.user(ana.id).await.unwrap().unwrap().disabled,
        "{b}"
    );
    assert!(store.set_role(ana.id, Role::Advisor, None, T + 6).await.unwrap(), "{b}");
    assert_eq!(store.user(ana.id).await.unwrap().unwrap().role, Role::Advisor, "{b}");

    // Links work once, for their purpose, before they expire.
    store.create_link("L1", ana.id, LinkPurpose::SetPassword, T, T + 60).await.unwrap();
    store.create_link("L2", ana.id, LinkPurpose::VerifyEmail, T, T + 60).await.unwrap();
    assert!(store.use_link("L1", LinkPurpose::VerifyEmail, T + 1).await.unwrap().is_none(), "{b}: wrong purpose");
    assert_eq!(store.use_link("L1", LinkPurpose::SetPassword, T + 1).await.unwrap(), Some(ana.id), "{b}");
    assert!(store.use_link("L1", LinkPurpose::SetPassword, T + 2).await.unwrap().is_none(), "{b}: used twice");
    assert!(store.use_link("L2", LinkPurpose::VerifyEmail, T + 60).await.unwrap().is_none(), "{b}: expired link worked");
    assert!(store.verify_email(ana.id, T).await.unwrap() && store.user(ana.id).await.unwrap().unwrap().email_verified, "{b}");

    // Throttling counts failures inside the window only.
    store.record_login_failure(&["email:x", "ip:1"], T, T - 900).await.unwrap();
    store.record_login_failure(&["email:x"], T + 10, T - 890).await.unwrap();
    let f = store.login_failures("email:x", T - 1).await.unwrap();
    assert_eq!((f.count, f.oldest), (2, Some(T)), "{b}");
    assert_eq!(store.login_failures("email:x", T).await.unwrap().count, 1, "{b}");
    assert_eq!(store.login_failures("ip:1", T - 1).await.unwrap().count, 1, "{b}");
    store.clear_login_failures("email:x").await.unwrap();
    assert_eq!(store.login_failures("email:x", 0).await.unwrap().count, 0, "{b}");

    // The audit log reads back newest first, pages, and refuses changes.
    for i in 0..3 {
        let r = AuditRecord {
            at: T + i,
            actor_id: Some(ana.id),
            action: AuditAction::LoginSucceeded,
            subject: format!("user:{i}"),
            ip: Some("10.0.0.1".into()),
            detail: "bearer".into(),
        };
        store.audit(&r).await.unwrap();
    }
    let log = store.audit_log(2, None).await.unwrap();
    assert_eq!(log.iter().map(|l| l.subject.as_str()).collect::<Vec<_>>(), ["user:2", "user:1"], "{b}");
    assert_eq!(log[0].action, "login_succeeded", "{b}");
    assert_eq!(store.audit_log(10, Some(log[1].id)).await.unwrap().len(), 1, "{b}");

    // The outbox: queued, then sent or failed.
    let m = Message { to: "ana@example.org".into(), subject: "Hi".into(), body: "Body".into() };
    let id = store.enqueue_email(&m, T).await.unwrap();
    let id2 = store.enqueue_email(&m, T).await.unwrap();
    assert_eq!(store.unsent_emails(10, 5).await.unwrap().iter().map(|e| e.id).collect::<Vec<_>>(), [id, id2], "{b}");
    assert_eq!(store.emails_to_since("ana@example.org", T - 1).await.unwrap(), 2, "{b}");
    assert_eq!(store.emails_to_since("ana@example.org", T).await.unwrap(), 0, "{b}");
    assert_eq!(store.emails_to_since("bob@example.org", 0).await.unwrap(), 0, "{b}");
    store.mark_email(id, Ok(T + 5)).await.unwrap();
    store.mark_email(id2, Err("connection refused".into())).await.unwrap();
    let out = store.outbox(10).await.unwrap();
    assert_eq!((out[1].sent_at, out[1].attempts), (Some(T + 5), 1), "{b}");
    assert_eq!((out[0].sent_at, out[0].last_error.as_deref()), (None, Some("connection refused")), "{b}");
    assert_eq!(store.unsent_emails(10, 1).await.unwrap().len(), 0, "{b}: a message past its tries is retried");

    // Publishing: the catalog version moves and search stops seeing the withdrawn experience.
    let v = store.catalog_version().await.unwrap();
    let (site, published) = store.experience_site(1).await.unwrap().unwrap();
    assert!(published, "{b}");
    assert!(store.set_published(1, false).await.unwrap(), "{b}");
    assert!(store.catalog_version().await.unwrap() > v, "{b}");
    assert!(!store.search_docs().await.unwrap().iter().any(|d| d.listing.id == 1), "{b}");
    assert!(store.site_experiences(site).await.unwrap().iter().any(|e| e.id == 1 && !e.published), "{b}");
    let stored = store.site(site).await.unwrap().unwrap();
    assert_eq!(stored.id, site, "{b}");
    let listed = store.experience(1).await.unwrap().map(|e| e.site);
    assert_eq!(listed.as_ref(), Some(&stored), "{b}: the site reads back the same both ways, contact details included");
    assert!(!stored.address.is_empty() && !stored.postal_code.is_empty() && !stored.phone.is_empty(), "{b}: {stored:?}");
    assert!(stored.email.ends_with(".example.org"), "{b}: {stored:?}");
    assert!(store.site(999_999).await.unwrap().is_none(), "{b}");

    // Profiles: none until saved, then read back exactly; saving again replaces.
    assert!(store.profile(ana.id).await.unwrap().is_none(), "{b}");
    let mut raw = RawProfile { applicant_type: Some("img".into()), graduation_year: Some(2022), ..RawProfile::default() };
    raw.target_specialties = vec!["internal-medicine".into()];
    raw.available = vec![Availability { from: "2027-01-04".parse().unwrap(), to: "2027-02-01".parse().unwrap() }];
    raw.date_of_birth = Some("1996-08-14".parse().unwrap());
    raw.citizenship = Some("Nigeria".into());
    raw.passport_number = Some("A01234567".into());
    store.save_profile(ana.id, &raw, T).await.unwrap();
    assert_eq!(store.profile(ana.id).await.unwrap(), Some(StoredProfile { profile: raw.clone(), updated_at: T }), "{b}");
    let changed = RawProfile { visa: Some("j1".into()), ..raw };
    store.save_profile(ana.id, &changed, T + 1).await.unwrap();
    assert_eq!(store.profile(ana.id).await.unwrap(), Some(StoredProfile { profile: changed, updated_at: T + 1 }), "{b}");
}

async fn audit_is_append_only(url: &str) {
    // Below the store: even raw SQL cannot rewrite or delete history.
    let store = connect(url).await.unwrap();
    let b = store.backend().name();
    drop(store);
    let outcome = if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let upd = sqlx::query("UPDATE audit_log SET detail = 'x'").execute(&pool).await;
        let del = sqlx::query("DELETE FROM audit_log").execute(&pool).await;
        (upd.is_err(), del.is_err())
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        let upd = sqlx::query("UPDATE audit_log SET detail = 'x'").execute(&pool).await;
        let del = sqlx::query("DELETE FROM audit_log").execute(&pool).await;
        let trunc = sqlx::query("TRUNCATE audit_log").execute(&pool).await;
        (upd.is_err(), del.is_err() && trunc.is_err())
    };
    assert_eq!(outcome, (true, true), "{b}: the audit log could be changed");
}

async fn accounts_story_on_every_backend(db: TestDb) {
    {
        let store = connect(&db.url).await.unwrap();
        story(store.as_ref()).await;
        drop(store);
        audit_is_append_only(&db.url).await;
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(accounts_story_on_every_backend);
