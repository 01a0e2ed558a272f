//! Decision events on the daemon's side: the event type itself is the
//! store's (it writes it to the outbox in the decision's transaction); here
//! are the ways the daemon builds one and the test-delivery body.

use chrono::{DateTime, SecondsFormat, Utc};
use modd_common::{CategoryScore, Verdict};

pub use modd_store::event::{
    DecisionData, DecisionEvent, TYPE_DECIDED, TYPE_FLAGGED, TYPE_TEST, new_webhook_id, score_map,
};

/// The event for an item whose decision is stored, or `None` if it has none.
pub fn from_item(
    item: &crate::store::StoredItem,
    scores: &[CategoryScore],
) -> Option<DecisionEvent> {
    let d = item.decision.as_ref()?;
    Some(DecisionEvent::new(DecisionData {
        id: item.id,
        external_id: item.external_id.clone(),
        source_app: item.source_app.clone(),
        status: d.verdict.as_status(),
        is_final: d.verdict != Verdict::Flagged,
        verdict: d.verdict,
        reason: d.reason.clone(),
        decided_by: d.decided_by.clone(),
        reviewed_by: d.reviewed_by.clone(),
        policy_version: d.policy_version.clone(),
        decided_at: d.decided_at,
        scores: score_map(scores),
    }))
}

/// The event for an outcome a worker just recorded.
pub fn from_outcome(
    source_app: &str,
    external_id: &str,
    o: &crate::store::Outcome,
) -> DecisionEvent {
    DecisionEvent::new(DecisionData {
        id: o.item_id,
        external_id: external_id.to_owned(),
        source_app: source_app.to_owned(),
        status: o.verdict.as_status(),
        is_final: o.verdict != Verdict::Flagged,
        verdict: o.verdict,
        reason: o.reason.clone(),
        decided_by: o.decided_by.clone(),
        reviewed_by: None,
        policy_version: o.policy_version.clone(),
        decided_at: o.decided_at,
        scores: score_map(&o.scores),
    })
}

/// The body of `modctl webhooks test`.
pub fn test_body(source_app: &str, at: DateTime<Utc>) -> String {
    serde_json::json!({
        "type": TYPE_TEST,
        "timestamp": at.to_rfc3339_opts(SecondsFormat::Micros, true),
        "data": {"source_app": source_app},
    })
    .to_string()
}
