//! Drop-in compatible endpoints for other moderation APIs, over modd's
//! engine: OpenAI's `POST /v1/moderations` and Perspective's
//! `POST /v1alpha1/comments:analyze`. Each speaks its original's request,
//! response, key placement and error body (not our `{"error":{"code",
//! "message"}}`), so existing clients only change their base URL and key.
//! Both store nothing and log no text.

pub mod auth;
pub mod openai;
pub mod openai_wire;
pub mod perspective;
pub mod perspective_map;
mod perspective_spans;
pub mod perspective_wire;
mod sentences;
