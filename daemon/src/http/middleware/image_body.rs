//! The larger body limit of the routes that take inline images (base64
//! JSON or multipart uploads): `MODD_IMAGE_MAX_BODY_BYTES` instead of
//! `MODD_MAX_BODY_BYTES`. Route-level, so it runs inside the global
//! limits and overrides both the enforced limit and the one errors name.

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::MethodRouter;
use std::sync::Arc;

use crate::http::extract::BodyLimit;
use crate::settings::Settings;
use crate::state::AppState;

async fn name_limit(
    State(settings): State<Arc<Settings>>,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut()
        .insert(BodyLimit(settings.images.max_body_bytes));
    next.run(req).await
}

/// `route` with the image body limit.
pub fn layer(route: MethodRouter<AppState>, settings: &Arc<Settings>) -> MethodRouter<AppState> {
    route
        .layer::<_, std::convert::Infallible>(axum::middleware::from_fn_with_state(
            settings.clone(),
            name_limit,
        ))
        .layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(settings.images.max_body_bytes))
}
