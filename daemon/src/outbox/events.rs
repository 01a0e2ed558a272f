//! Decision events on the daemon's side. The event itself is built once, by
//! the store, in the decision's transaction (`record_outcome` and
//! `record_review` return what they wrote to the outbox); here is only the
//! body of a test delivery.

use chrono::{DateTime, SecondsFormat, Utc};

pub use modd_store::event::{
    DecisionData, DecisionEvent, TYPE_DECIDED, TYPE_FLAGGED, TYPE_TEST, new_webhook_id, score_map,
};

/// The body of `modctl webhooks test`.
pub fn test_body(source_app: &str, at: DateTime<Utc>) -> String {
    serde_json::json!({
        "type": TYPE_TEST,
        "timestamp": at.to_rfc3339_opts(SecondsFormat::Micros, true),
        "data": {"source_app": source_app},
    })
    .to_string()
}
