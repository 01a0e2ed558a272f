//! Handlers, grouped by what they serve.

pub mod admin_keys;
pub mod appeals;
pub mod apps;
pub mod attest;
pub mod audit;
pub mod batch;
pub mod batch_upload;
pub mod classify;
pub mod erase;
pub mod facts;
pub mod feed;
pub mod key_lifecycle;
pub mod meta;
pub mod moderation;
pub mod policies;
pub mod queue;
pub mod ready;
pub mod reason_codes;
pub mod review;
pub mod secrets;
pub mod stats;
pub mod webhooks;
pub mod whoami;
