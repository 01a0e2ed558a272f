//! Handlers, grouped by what they serve.

pub mod meta;
pub mod moderation;
pub mod queue;
