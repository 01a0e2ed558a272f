//! `modd`: the moderation daemon as a library, so tests and `modctl` can use
//! its pieces (router, store, settings) directly. `main.rs` is a thin shell.

pub mod auth;
pub mod classify;
pub mod events;
pub mod feed;
pub mod healthcheck;
pub mod http;
pub mod images;
pub mod intake;
pub mod metrics;
pub mod pipeline;
pub mod policy;
pub mod queue;
pub mod ratelimit;
pub mod redact;
pub mod redis;
pub mod retention;
pub mod server;
pub mod settings;
pub mod ssrf;
pub mod state;
pub mod stats;
pub mod store;
pub mod telemetry;
#[doc(hidden)]
pub mod testing;
pub mod validate;
pub mod wait;
pub mod webhooks;
pub mod worker;

pub use server::{Daemon, Mode, shutdown_signal};
