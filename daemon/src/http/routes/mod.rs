//! Handlers, grouped by what they serve.

pub mod apps;
pub mod erase;
pub mod feed;
pub mod meta;
pub mod moderation;
pub mod queue;
pub mod review;
pub mod webhooks;
