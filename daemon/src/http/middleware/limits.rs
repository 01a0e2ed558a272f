//! The request timeout (answered as a JSON 408) and the body limit made
//! visible to extractors so their 413 can name it.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use crate::http::error::ApiError;
use crate::http::extract::BodyLimit;
use crate::settings::Settings;

pub async fn apply(
    State(settings): State<Arc<Settings>>,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut()
        .insert(BodyLimit(settings.max_body_bytes));
    match tokio::time::timeout(settings.request_timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}
