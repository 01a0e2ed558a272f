//! End-to-end tests: a real `modd` over real HTTP, every test on SQLite and
//! on PostgreSQL (when `TEST_DATABASE_URL` is set; required in CI).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod api;
mod bench;
mod client;
mod compat_openai;
mod compat_perspective;
mod decide;
mod durability;
mod engine;
mod eval;
mod feed;
mod hooks;
mod images;
mod keys_admin;
mod proxies;
mod queue;
mod ratelimit;
mod raw;
mod remote;
mod retention;
mod review;
mod revocation;
mod schema_skew;
mod secrets;
mod service;
mod tls_serve;
mod top;
mod top_tmux;
mod verify;
mod verify_deployment;
mod verify_tls;
mod verify_webhooks;
mod waiting;
mod webhooks;
