//! Tower/axum middleware, one concern per file.

pub mod client_ip;
pub mod cors;
pub mod image_body;
pub mod limits;
pub mod metrics;
pub mod panic;
pub mod ratelimit;
pub mod request_id;
pub mod security_headers;
pub mod stats;
pub mod trace;
