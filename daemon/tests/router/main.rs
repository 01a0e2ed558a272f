//! Router-level tests: the daemon's full router (every layer, a real store)
//! driven with `oneshot`, no TCP. Tables of bad requests and the status and
//! error code each gets, and a check that none of them changed anything.
//! Every table runs on SQLite and on PostgreSQL (required in CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod appeals;
mod auth;
mod compat;
mod engine;
mod erase;
mod intake;
mod key_notice;
mod keys;
mod reason_codes;
mod roles;

/// Asserts that nothing was stored: every status count is zero.
pub async fn nothing_stored(store: &dyn modd::store::Store, what: &str) {
    let counts = store.count_by_status().await.unwrap();
    assert!(
        counts.values().all(|&n| n == 0),
        "{what}: nothing stored: {counts:?}"
    );
}
