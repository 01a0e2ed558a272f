//! Wire types shared by `modd` (the daemon) and `modctl` (the operator CLI).
//!
//! Everything here crosses the HTTP boundary or the database boundary in the
//! same shape on both sides: request and response bodies, the error body, the
//! enums stored as text, and the API key format.

pub mod api;
pub mod error;
pub mod key;
pub mod pipeline;
pub mod queue;

pub use api::*;
pub use error::{ErrorBody, ErrorDetail};
pub use key::{ApiKey, KeyEnvironment, KeyError};
pub use pipeline::*;
pub use queue::*;
