//! `modd`: the moderation daemon as a library, so tests and `modctl` can use
//! its pieces (router, store, settings) directly. `main.rs` is a thin shell.

pub mod auth;
pub mod classify;
pub mod http;
pub mod images;
pub mod intake;
pub mod observe;
pub mod outbox;
pub mod policy;
pub mod queue;
pub mod ratelimit;
pub mod redact;
pub mod redis;
pub mod server;
pub mod settings;
pub mod ssrf;
pub mod state;
pub mod store;
#[doc(hidden)]
pub mod testing;
pub mod validate;
pub mod worker;

pub use server::{Daemon, shutdown_signal};
pub use settings::Mode;
