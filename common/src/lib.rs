//! Wire types shared by `modd` (the daemon) and `modctl` (the operator CLI).
//!
//! Everything here crosses the HTTP boundary or the database boundary in the
//! same shape on both sides: request and response bodies, the error body, the
//! enums stored as text, and the API key format.

pub mod admin;
pub mod api;
pub mod appeals;
pub mod apps;
pub mod classify;
pub mod compat;
pub mod coverage;
pub mod error;
pub mod facts;
pub mod key;
pub mod limits;
pub mod pii;
pub mod policy;
pub mod queue;
pub mod review;
pub mod secrets;
pub mod settings;
pub mod stats;
pub mod taxonomy;
pub mod webhooks;

pub use admin::{
    AttestRequest, AttestationView, AuditEntryView, CreateKeyRequest, ExtendGraceRequest,
    RotateKeyRequest, RotatedKey, SetMaxAgeRequest,
};
pub use api::*;
pub use appeals::*;
pub use apps::*;
pub use classify::*;
pub use error::{ErrorBody, ErrorDetail};
pub use facts::{
    DbFactsView, FactsView, ImageFactsView, QueueFactsView, RedisFactsView, ServingFactsView,
};
pub use key::{ApiKey, KeyEnvironment, KeyError};
pub use limits::{RateLimit, RatePeriod, parse_duration, parse_duration_or_zero};
pub use policy::*;
pub use queue::*;
pub use review::*;
pub use secrets::*;
pub use stats::*;
pub use taxonomy::{Category, Span};
pub use webhooks::*;
