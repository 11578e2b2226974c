//! What the use-case tests share: a member of any role, an application moved along, an evaluation.

use matchready_app::Caller;
use matchready_core::account::Role;
use matchready_core::application::Status;
use matchready_store::testing::move_to;
use matchready_store::{Effects, NewUser, Store};

/// A confirmed member with `role` (hosts verified), as a caller.
pub async fn member(store: &dyn Store, email: &str, role: Role, site_id: Option<i64>) -> Caller {
    let new = NewUser {
        email: email.into(),
        name: format!("{role:?} Person"),
        role,
        site_id,
        password_hash: None,
        email_verified: true,
        host_verified: role.is_host(),
        now: 0,
    };
    Caller::member(store.create_user(&new).await.unwrap().unwrap(), "127.0.0.1")
}

/// Moves application `id` from where it stands to `to`, at `now`, with no effects.
#[allow(dead_code)]
pub async fn step(store: &dyn Store, id: i64, to: Status, now: i64) {
    let a = store.application(id).await.unwrap().unwrap();
    store.move_application(&move_to(id, a.status, a.version, to, now), &Effects::default()).await.unwrap().unwrap();
}

/// A complete evaluation, every competency at level 4, to submit.
#[allow(dead_code)]
pub fn submitted_evaluation() -> matchready_app::rotation::evaluations::EvaluationInput {
    use matchready_core::rotation::evaluation::{RawEvaluation, RawLevel};
    let l = || Some(RawLevel::Number(4));
    matchready_app::rotation::evaluations::EvaluationInput {
        evaluation: RawEvaluation {
            patient_care: l(),
            medical_knowledge: l(),
            practice_based_learning: l(),
            communication: l(),
            professionalism: l(),
            systems_based_practice: l(),
            narrative: "Ready.".into(),
            ..RawEvaluation::default()
        },
        submit: true,
    }
}

/// The app over `store`, migrated and holding a demo catalog of ten experiences as of `today`, on
/// a manual clock set to that day, its files in a temporary folder named after `dir`.
#[allow(dead_code)]
pub async fn demo_app(
    store: std::sync::Arc<dyn Store>,
    today: chrono::NaiveDate,
    dir: &str,
) -> (matchready_app::App, matchready_app::Clock, matchready_core::Catalog) {
    use matchready_app::{App, AuthConfig, Clock};
    use matchready_demo::{DemoConfig, catalog};
    store.migrate().await.unwrap();
    let c = catalog(&DemoConfig { experiences: 10, ..DemoConfig::new(today) });
    store.insert_catalog(&c).await.unwrap();
    let clock = Clock::manual(0);
    clock.set_day(today);
    let files = matchready_files::open_folder(std::env::temp_dir().join(dir).to_str().unwrap()).unwrap();
    let config = AuthConfig { public_url: "http://x".into(), trust_forwarded_for: false };
    (App::with_clock(store, config, files, clock.clone()).await.unwrap(), clock, c)
}
