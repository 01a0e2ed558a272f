//! Handlers, grouped by what they serve.

pub mod meta;
pub mod moderation;
