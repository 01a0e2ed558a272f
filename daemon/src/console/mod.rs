//! The review console: a web UI for human moderators at `/console`,
//! served by `modd` itself from the binary.
//!
//! Boundary: handlers here turn HTTP into calls of the same services the
//! JSON API calls (`crate::review` for the queue, claims and decisions,
//! `crate::appeals` for appeals,
//! `auth::KeyVerifier` for keys, the outbox feed for live updates) and
//! render the answers with the `view/` templates; templates only format
//! what they are given and never reach the store.
//!
//! Its own security rules, because a browser is the client: a session
//! cookie instead of `X-API-KEY` (`session.rs`; the JSON API never accepts
//! it), a CSRF token on every state-changing form (`csrf.rs`), and its own
//! Content-Security-Policy (below): scripts, styles and connections from
//! `modd` only, no inline script or style, no framing.

mod appeals;
mod assets;
mod audit;
mod batch;
mod csrf;
mod events;
mod image;
mod item;
mod login;
mod queue;
mod session;
mod view;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};

use crate::state::AppState;

/// The console's policy: everything from `modd` itself, nothing inline.
/// `img-src data:` is for the browser's own form controls; `form-action`
/// keeps forms posting here only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

/// The console's routes. The sign-in post is rate limited per client
/// address like a request without a key (guessing keys stays throttled);
/// the rest need a session.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/console", get(queue::page))
        .route(
            "/console/login",
            get(login::form).post(login::sign_in).route_layer(
                axum::middleware::from_fn_with_state(
                    state,
                    crate::http::middleware::ratelimit::apply,
                ),
            ),
        )
        .route("/console/logout", post(login::sign_out))
        .route("/console/next", get(item::next))
        .route("/console/items/{id}", get(item::page))
        .route("/console/items/{id}/claim", post(item::claim))
        .route("/console/items/{id}/decide", post(item::decide))
        .route("/console/items/{id}/image", get(image::image))
        .route("/console/items/{id}/appeal", post(appeals::decide))
        .route("/console/appeals", get(appeals::page))
        .route("/console/items/{id}/undo", post(item::undo))
        .route("/console/audit", get(audit::page))
        .route("/console/batch", get(batch::preview).post(batch::apply))
        .route("/console/events", get(events::events))
        .route("/console/assets/{version}/{name}", get(assets::serve))
        .layer(axum::middleware::from_fn(csp))
}

/// Sets the console's CSP; the global security headers layer keeps a CSP
/// already set and adds the rest (nosniff, DENY, no-referrer, no-store).
async fn csp(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}
