//! What the use-case tests share: a member of any role, and an application moved along.

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
pub async fn step(store: &dyn Store, id: i64, to: Status, now: i64) {
    let a = store.application(id).await.unwrap().unwrap();
    store.move_application(&move_to(id, a.status, a.version, to, now), &Effects::default()).await.unwrap().unwrap();
}
