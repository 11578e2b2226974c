//! Applying to a block that has started is refused, with nothing stored:
//! the whole application in process, its clock set past the block's start.

use axum::body::Body;
use axum::http::Request;
use chrono::{Days, NaiveDate};
use matchready_core::account::Role;
use matchready_demo::{DemoConfig, catalog};
use matchready_store::testing::TestDb;
use matchready_store::{NewUser, SessionKind};
use matchready_web::{AppState, AuthConfig, app};
use tower::ServiceExt;

async fn a_block_that_has_started_is_refused(db: TestDb) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    {
        let store = matchready_store::connect(&db.url).await.unwrap();
        store.migrate().await.unwrap();
        let c = catalog(&DemoConfig { experiences: 20, ..DemoConfig::new(today) });
        store.insert_catalog(&c).await.unwrap();
        let block = c.experiences[0].blocks[0].clone();
        let who = NewUser {
            email: "late@example.org".into(),
            name: "Late Comer".into(),
            role: Role::Applicant,
            site_id: None,
            password_hash: None,
            email_verified: true,
            host_verified: false,
            now: 1_800_000_000,
        };
        let user = store.create_user(&who).await.unwrap().unwrap();
        let files = matchready_files::open_folder(std::env::temp_dir().join("matchready_past_block").to_str().unwrap()).unwrap();
        let clock = matchready_web::Clock::manual(0);
        let config = AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false };
        let state = AppState::with_clock(store.clone(), config, files, clock.clone()).await.unwrap();
        clock.set_day(block.start_date.checked_add_days(Days::new(1)).unwrap());
        let token = state.accounts.start_session(user.id, SessionKind::Bearer).await.unwrap();
        let request = Request::post("/api/v1/applications")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Body::from(format!("{{\"block_id\": {}}}", block.id)))
            .unwrap();
        let response = app(state).oneshot(request).await.unwrap();
        assert_eq!(response.status().as_u16(), 400, "{}", db.url);
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        let err: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(err["error"]["code"], "block_started", "{}: {err}", db.url);
        assert!(store.applications_of(user.id).await.unwrap().is_empty(), "{}: something was stored", db.url);
        drop(store);
        db.drop_db().await;
    }
}

matchready_store::on_both_backends!(a_block_that_has_started_is_refused);
