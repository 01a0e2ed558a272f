//! API key authentication: verification through an in-memory cache
//! (`verifier.rs`) and, with Redis, push invalidation of that cache on every
//! replica when a key is revoked or rotated (`invalidate.rs`).

mod invalidate;
pub mod lifetime;
mod verifier;

pub use invalidate::{CHANNEL, publish_invalidation, spawn_invalidation_listener};
pub use verifier::{AuthFailure, KeyVerifier};
