//! Webhooks: per-app signed callbacks for decisions, sent from an outbox.
//!
//! The event row is written in the decision's transaction (see
//! `store::outbox`), so a decision without its event, or an event without
//! its decision, cannot exist. [`deliver`] sends due events with the
//! Standard Webhooks headers, retries with exponential backoff over about a
//! day, then marks the event `dead` until an operator replays it. Delivery
//! is at least once: the `webhook-id` is the same on every attempt, so
//! receivers drop duplicates by it.
//!
//! | module | owns |
//! |---|---|
//! | [`crypto`] | sealing signing secrets with a key derived from `SECRET_KEY` (and opening with `SECRET_KEY_PREVIOUS`) |
//! | [`reseal`] | moving stored secrets to the current key (`modctl secrets rotate`) |
//! | [`sign`] | the `webhook-signature` value |
//! | [`client`] | one HTTP attempt through the SSRF guard |
//! | [`deliver`] | the delivery loop: claim, send, retry, dead-letter |

pub mod client;
pub mod crypto;
pub mod deliver;
pub mod reseal;
pub mod sign;

pub use client::{AttemptResult, Sender};
pub use crypto::{CryptoError, SecretBox, generate_secret};
