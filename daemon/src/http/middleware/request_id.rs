//! `x-request-id`: taken from the client when present, otherwise a UUID;
//! echoed on every response and recorded in the request's log span.

use axum::http::HeaderName;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

pub fn set_layer() -> SetRequestIdLayer<MakeRequestUuid> {
    SetRequestIdLayer::new(HEADER, MakeRequestUuid)
}

pub fn propagate_layer() -> PropagateRequestIdLayer {
    PropagateRequestIdLayer::new(HEADER)
}
