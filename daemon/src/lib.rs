//! `modd`: the moderation daemon as a library, so tests and `modctl` can use
//! its pieces (router, store, settings) directly.

pub mod classify;
pub mod store;
