//! Tower/axum middleware, one concern per file.

pub mod around;
pub mod client_ip;
pub mod cors;
pub mod image_body;
pub mod key_notice;
pub mod limits;
pub mod panic;
pub mod ratelimit;
pub mod record;
pub mod request_id;
pub mod security_headers;
pub mod trace;
