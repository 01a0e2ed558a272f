//! The wire shapes of the drop-in compatible endpoints: OpenAI's
//! `POST /v1/moderations` and Perspective's `comments:analyze`, with each
//! original's own error body. The daemon answers with them and the typed
//! client sends and reads them, so both sides share one definition.

pub mod openai;
pub mod perspective;
