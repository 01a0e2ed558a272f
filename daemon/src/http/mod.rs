//! The HTTP API: every route in one place, and the tower layers with their
//! order explained.

pub mod access_log;
pub mod auth;
pub mod client_addr;
pub mod compat;
pub mod error;
pub mod extract;
pub(crate) mod middleware;
pub mod openapi;
pub mod permissions;
pub mod prefer;
pub(crate) mod routes;

/// The longest `/ready` takes to answer, whatever hangs.
pub use crate::observe::readiness::DEADLINE as READY_DEADLINE;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tower::ServiceBuilder;

use crate::state::AppState;
use error::ApiError;

/// Builds the router with all layers; tests call it directly (`oneshot`).
pub fn router(state: AppState) -> Router {
    let settings = state.settings.clone();
    let images = |route| middleware::image_body::layer(route, &settings);
    let stats = state.stats.clone();
    // Every route that takes an API key: rate limited per key, or per client
    // address when the key is missing or invalid. `route_layer` so unknown
    // paths still answer 404 rather than counting against anyone.
    let limited = Router::new()
        // Routes that take inline images get the larger image body limit.
        .route(
            "/api/v1/moderation/analyse",
            images(post(routes::moderation::analyse)),
        )
        .route("/api/v1/moderation/{id}", get(routes::moderation::get_item))
        .route(
            "/api/v1/moderation/{id}/appeal",
            post(routes::appeals::submit),
        )
        .route(
            "/api/v1/moderation",
            get(routes::moderation::find_item).delete(routes::erase::erase),
        )
        // Human review, the live feed and the audit log (admin, reviewer).
        .route("/api/v1/admin/review", get(routes::review::list))
        .route("/api/v1/admin/review/batch", post(routes::review::batch))
        .route("/api/v1/admin/review/{id}", get(routes::review::show))
        .route(
            "/api/v1/admin/review/{id}/approve",
            post(routes::review::approve),
        )
        .route(
            "/api/v1/admin/review/{id}/reject",
            post(routes::review::reject),
        )
        .route("/api/v1/admin/appeals", get(routes::appeals::list))
        .route("/api/v1/admin/appeals/{id}", get(routes::appeals::show))
        .route(
            "/api/v1/admin/appeals/{id}/approve",
            post(routes::appeals::approve),
        )
        .route(
            "/api/v1/admin/appeals/{id}/reject",
            post(routes::appeals::reject),
        )
        .route("/api/v1/admin/events", get(routes::feed::events))
        .route("/api/v1/admin/audit", get(routes::audit::list))
        // Per-app settings and webhooks (admin).
        .route("/api/v1/admin/apps", get(routes::apps::list))
        .route(
            "/api/v1/admin/apps/{app}/reason-codes",
            get(routes::reason_codes::get).put(routes::reason_codes::put),
        )
        .route(
            "/api/v1/admin/apps/{app}",
            get(routes::apps::get).put(routes::apps::put),
        )
        .route(
            "/api/v1/admin/apps/{app}/rotate-secret",
            post(routes::apps::rotate_secret),
        )
        .route(
            "/api/v1/admin/secrets/reseal",
            post(routes::secrets::reseal),
        )
        .route(
            "/api/v1/admin/apps/{app}/test",
            post(routes::webhooks::test),
        )
        .route(
            "/api/v1/admin/apps/{app}/deliveries",
            get(routes::webhooks::deliveries),
        )
        .route(
            "/api/v1/admin/apps/{app}/events",
            get(routes::webhooks::events),
        )
        .route(
            "/api/v1/admin/apps/{app}/replay",
            post(routes::webhooks::replay),
        )
        .route("/api/v1/admin/queue", get(routes::queue::stats))
        .route(
            "/api/v1/admin/queue/dlq",
            get(routes::queue::dlq_list).delete(routes::queue::dlq_purge),
        )
        .route(
            "/api/v1/admin/queue/dlq/retry-all",
            post(routes::queue::dlq_retry_all),
        )
        .route("/api/v1/admin/queue/dlq/{id}", get(routes::queue::dlq_show))
        .route(
            "/api/v1/admin/queue/dlq/{id}/retry",
            post(routes::queue::dlq_retry),
        )
        .route("/api/v1/admin/workers", get(routes::queue::workers))
        .route("/api/v1/admin/facts", get(routes::facts::facts))
        .route(
            "/api/v1/admin/attestations",
            get(routes::attest::list).post(routes::attest::attest),
        )
        .route("/api/v1/whoami", get(routes::whoami::whoami))
        .route(
            "/api/v1/admin/keys",
            get(routes::admin_keys::list).post(routes::admin_keys::create),
        )
        .route("/api/v1/admin/keys/{id}", get(routes::admin_keys::show))
        .route(
            "/api/v1/admin/keys/{id}/revoke",
            post(routes::admin_keys::revoke),
        )
        .route(
            "/api/v1/admin/keys/{id}/rotate",
            post(routes::admin_keys::rotate),
        )
        .route(
            "/api/v1/admin/keys/{id}/extend-grace",
            post(routes::key_lifecycle::extend_grace),
        )
        .route(
            "/api/v1/admin/keys/{id}/max-age",
            axum::routing::put(routes::key_lifecycle::set_max_age),
        )
        .route(
            "/api/v1/moderation/batch",
            images(post(routes::batch::batch)),
        )
        .route("/api/v1/classify", images(post(routes::classify::classify)))
        .route(
            "/api/v1/admin/policies/{app}",
            get(routes::policies::show).put(routes::policies::set),
        )
        .route(
            "/api/v1/admin/policies/{app}/history",
            get(routes::policies::history),
        )
        .route(
            "/api/v1/admin/policies/{app}/test",
            post(routes::policies::test),
        )
        // Inner to the rate limit, which verifies the key: an ending key's
        // answers carry Deprecation and Sunset (`key_notice.rs`).
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::key_notice::apply,
        ))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::ratelimit::apply,
        ));
    let api = Router::new()
        .route("/", get(routes::meta::info))
        .route("/health", get(routes::meta::health))
        .route("/ready", get(routes::ready::ready))
        .route("/metrics", get(routes::meta::metrics))
        .route("/openapi.json", get(openapi::openapi))
        // Admin and viewer keys; they are not counted (`modctl top` polls
        // every second and such keys have a small per-minute limit), anyone
        // else is, as on the routes above.
        .route(
            "/api/v1/admin/stats",
            get(routes::stats::stats).route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                middleware::ratelimit::apply_except_observers,
            )),
        )
        .merge(limited)
        // The review console: HTML for browsers, its own session cookie,
        // CSRF and CSP (`console/mod.rs` says why).
        .merge(crate::console::router(state.clone()))
        // Drop-in compatible APIs (their own key placement and error bodies),
        // limited like the rest under the same per-key buckets.
        .route(
            "/v1/moderations",
            images(
                post(compat::openai::moderations)
                    .route_layer(axum::middleware::from_fn_with_state(
                        state.clone(),
                        middleware::key_notice::apply,
                    ))
                    .route_layer(axum::middleware::from_fn_with_state(
                        state.clone(),
                        middleware::ratelimit::apply_openai,
                    )),
            ),
        )
        .route(
            "/v1alpha1/comments:analyze",
            post(compat::perspective::analyze)
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    middleware::key_notice::apply,
                ))
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    middleware::ratelimit::apply_perspective,
                )),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    layered(api, &settings, stats)
}

/// `modd worker`'s router: health, readiness and metrics only.
pub fn worker_router(state: AppState) -> Router {
    let settings = state.settings.clone();
    let stats = state.stats.clone();
    let api = Router::new()
        .route("/health", get(routes::meta::health))
        .route("/ready", get(routes::ready::ready))
        .route("/metrics", get(routes::meta::metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    layered(api, &settings, stats)
}

fn layered(
    api: Router,
    settings: &std::sync::Arc<crate::settings::Settings>,
    stats: std::sync::Arc<crate::observe::Recorder>,
) -> Router {
    // Outermost first. The client address is worked out before anything logs
    // (trusted proxies resolved once, for the access log, the trace span and
    // the per-address limit). The access log sees every answer, a caught
    // panic's 500 included. Panics are caught outside everything else so even
    // a bug in a layer answers JSON; the request id is set before the trace
    // span so every log line carries it; the recorder (Prometheus and the
    // dashboard) sees the final status including CORS and timeout answers;
    // the body limit applies to extractors.
    // Every layer that only works before and after the request is a plain
    // tower service (`middleware/around.rs`), not `from_fn`, which would
    // clone the whole stack inside it on every request.
    api.layer(
        ServiceBuilder::new()
            .layer(middleware::client_ip::layer(settings.clone()))
            .layer(access_log::layer(settings.access_log_probes))
            .layer(middleware::panic::layer())
            .layer(middleware::request_id::set_layer())
            .layer(middleware::trace::layer())
            .layer(middleware::request_id::propagate_layer())
            .layer(middleware::security_headers::layer(settings))
            .layer(middleware::record::layer(stats))
            .layer(middleware::cors::layer(settings))
            .layer(middleware::limits::layer(settings))
            .layer(DefaultBodyLimit::max(settings.max_body_bytes)),
    )
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
