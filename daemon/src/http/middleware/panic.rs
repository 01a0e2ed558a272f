//! A panic in a handler answers a JSON 500 instead of dropping the connection.

use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

use crate::http::error::ApiError;

type Handler = fn(Box<dyn Any + Send + 'static>) -> Response;

pub fn layer() -> CatchPanicLayer<Handler> {
    CatchPanicLayer::custom(on_panic as Handler)
}

fn on_panic(_payload: Box<dyn Any + Send + 'static>) -> Response {
    // The payload may quote input; it is not logged.
    ApiError::Internal("handler panicked".into()).into_response()
}
