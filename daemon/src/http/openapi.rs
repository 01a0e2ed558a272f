//! The OpenAPI document, generated from the handlers' annotations, and
//! the route that serves it (`GET /openapi.json`).

use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::compat::{openai, perspective};
use super::routes::{
    admin_keys, appeals, apps, attest, audit, batch, classify, erase, facts, feed, key_lifecycle,
    meta, moderation, policies, queue, ready, reason_codes, review, secrets, stats, webhooks,
    whoami,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "modd", description = "Content moderation API"),
    paths(
        meta::info, meta::health, ready::ready, meta::metrics, openapi,
        moderation::analyse, moderation::get_item, moderation::find_item, appeals::submit,
        whoami::whoami,
        admin_keys::list, admin_keys::create, admin_keys::show, admin_keys::revoke,
        admin_keys::rotate, key_lifecycle::extend_grace, key_lifecycle::set_max_age,
        batch::batch, classify::classify,
        policies::show, policies::set, policies::history, policies::test,
        openai::moderations, perspective::analyze,
        erase::erase,
        review::list, review::show, review::approve, review::reject, review::batch, feed::events,
        appeals::list, appeals::show, appeals::approve, appeals::reject,
        reason_codes::get, reason_codes::put,
        audit::list, attest::attest, attest::list,
        apps::list, apps::get, apps::put, apps::rotate_secret, secrets::reseal,
        webhooks::test, webhooks::deliveries, webhooks::events, webhooks::replay,
    ),
    modifiers(&KeySchemes),
    tags(
        (name = "service", description = "Health, readiness, metrics, this document"),
        (name = "moderation", description = "Submit content and read decisions"),
        (name = "keys", description = "The calling API key"),
        (name = "engine", description = "Classify without storing"),
        (name = "admin", description = "Operator API: keys, queue, policies (changes: admin keys; reads: admin and viewer keys)"),
        (name = "compatible", description = "Drop-in OpenAI moderation and Perspective APIs (their own auth and error bodies)"),
        (name = "review", description = "Human review of flagged items, the live decision feed and the audit log (admin and reviewer keys)"),
        (name = "apps", description = "Per-app settings: webhooks, retention, storage mode (changes: admin; reads: admin and viewer)"),
    )
)]
struct Doc;

/// The three ways a modd key is presented: `X-API-KEY` (the modd API),
/// `Authorization: Bearer` (OpenAI SDKs on `/v1/moderations`) and `?key=`
/// (Perspective clients on `comments:analyze`).
struct KeySchemes;

impl Modify for KeySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-KEY"))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "query_key",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::new("key"))),
        );
    }
}

/// The queue and worker admin API.
#[derive(OpenApi)]
#[openapi(
    paths(
        queue::stats, queue::dlq_list, queue::dlq_show, queue::dlq_retry,
        queue::dlq_retry_all, queue::dlq_purge, queue::workers,
    ),
    tags((name = "queue", description = "Admin: queue stats, dead letters, live workers")),
)]
struct QueueDoc;

/// `GET /api/v1/admin/facts`, what `modctl verify` judges.
#[derive(OpenApi)]
#[openapi(paths(facts::facts))]
struct FactsDoc;

/// `GET /api/v1/admin/stats`, what `modctl top` draws.
#[derive(OpenApi)]
#[openapi(paths(stats::stats))]
struct StatsDoc;

/// The document served at `/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Doc::openapi();
    doc.merge(QueueDoc::openapi());
    doc.merge(FactsDoc::openapi());
    doc.merge(StatsDoc::openapi());
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "service", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(document())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Per-category gaps, per-score languages and the policy's gap actions
    /// are in the published schema, not only on the wire.
    #[test]
    fn the_schema_has_category_gaps_and_score_languages() {
        let json = serde_json::to_value(document()).unwrap_or_default();
        let schemas = &json["components"]["schemas"];
        let gap = schemas["Gap"].to_string();
        assert!(gap.contains("category_uncovered"), "{gap}");
        assert!(
            schemas["CategoryScore"]["properties"]
                .get("languages")
                .is_some(),
            "{}",
            schemas["CategoryScore"]
        );
        let policy = &schemas["PolicyDocument"]["properties"];
        assert!(policy.get("uncovered_categories").is_some(), "{policy}");
        assert!(policy.get("uncovered_category").is_some(), "{policy}");
    }
}
