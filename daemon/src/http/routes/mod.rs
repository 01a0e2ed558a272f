//! Handlers, grouped by what they serve.

pub mod admin_keys;
pub mod batch;
pub mod classify;
pub mod facts;
pub mod meta;
pub mod moderation;
pub mod policies;
pub mod queue;
pub mod whoami;
