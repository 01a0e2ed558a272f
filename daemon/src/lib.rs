//! `modd`: the moderation daemon as a library, so tests can use
//! its pieces (router, store, settings) directly. `main.rs` is a thin shell.

pub mod appeals;
pub mod auth;
pub mod classify;
pub mod console;
pub mod http;
pub mod images;
pub mod intake;
pub mod observe;
pub mod outbox;
pub mod policy;
pub mod proxy;
pub mod queue;
pub mod ratelimit;
pub mod redis;
pub mod review;
pub mod serve;
pub mod server;
pub mod settings;
pub mod ssrf;
pub mod state;
pub mod validate;
pub mod worker;
pub mod writer;

/// Storage lives in its own crate (`modd-store`) so `modctl` can link it
/// without the daemon; re-exported so `modd::store::*` paths keep working.
pub use modd_store as store;

pub use server::{Daemon, shutdown_signal};
pub use settings::Mode;
