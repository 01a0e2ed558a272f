//! The decision event: one JSON shape for the webhook body, the live feed
//! (`GET /api/v1/admin/events`) and the Redis fan-out between replicas.
//!
//! Two kinds fire: `moderation.flagged` when a rule holds an item for review
//! (not final: a reviewer decides later) and `moderation.decided` for every
//! final decision, automatic (`approved`/`blocked` by a rule) or a
//! reviewer's. Each item gets at most one of each (the outbox has a unique
//! key on item and kind), so a job that runs twice yields one event.
//! Events never carry the content, only ids, scores and the decision.

use chrono::{DateTime, SecondsFormat, Utc};
use modd_common::{CategoryScore, ItemStatus, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const TYPE_FLAGGED: &str = "moderation.flagged";
pub const TYPE_DECIDED: &str = "moderation.decided";
pub const TYPE_TEST: &str = "webhook.test";

/// An event as sent: Standard Webhooks' `{type, timestamp, data}` envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub timestamp: DateTime<Utc>,
    pub data: DecisionData,
}

/// What was decided about which item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionData {
    pub id: i64,
    pub external_id: String,
    pub source_app: String,
    pub status: ItemStatus,
    /// `false` only for `flagged`: a reviewer still decides.
    #[serde(rename = "final")]
    pub is_final: bool,
    pub verdict: Verdict,
    pub reason: Option<String>,
    /// `rule` or `human`.
    pub decided_by: String,
    pub reviewed_by: Option<String>,
    pub policy_version: String,
    pub decided_at: DateTime<Utc>,
    /// Highest score per category.
    pub scores: BTreeMap<String, f64>,
}

impl DecisionEvent {
    /// The event for a decision just recorded.
    pub fn new(data: DecisionData) -> Self {
        let kind = if data.is_final {
            TYPE_DECIDED
        } else {
            TYPE_FLAGGED
        };
        Self {
            kind: kind.to_owned(),
            timestamp: data.decided_at,
            data,
        }
    }

    /// The outbox kind: `final` or `flagged`.
    pub fn outbox_kind(&self) -> &'static str {
        if self.data.is_final {
            "final"
        } else {
            "flagged"
        }
    }

    /// The JSON body; serializing plain data cannot fail, but stay total.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

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

/// Highest score per category over all classifiers.
pub fn score_map(scores: &[CategoryScore]) -> BTreeMap<String, f64> {
    let mut map = BTreeMap::new();
    for s in scores {
        let e = map.entry(s.category.clone()).or_insert(s.score);
        if s.score > *e {
            *e = s.score;
        }
    }
    map
}

/// A fresh Standard Webhooks message id: `msg_` and a time-ordered UUID.
pub fn new_webhook_id() -> String {
    format!("msg_{}", uuid::Uuid::now_v7().simple())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flagged_is_not_final_and_keeps_the_highest_score() {
        let s = |c: &str, v| CategoryScore {
            category: c.into(),
            score: v,
            classifier: "x".into(),
            model_version: "1".into(),
            spans: Vec::new(),
        };
        let data = DecisionData {
            id: 1,
            external_id: "e".into(),
            source_app: "a".into(),
            status: ItemStatus::Flagged,
            is_final: false,
            verdict: Verdict::Flagged,
            reason: Some("hate".into()),
            decided_by: "rule".into(),
            reviewed_by: None,
            policy_version: "p".into(),
            decided_at: Utc::now(),
            scores: score_map(&[s("hate", 0.2), s("hate", 0.75), s("spam", 0.1)]),
        };
        let e = DecisionEvent::new(data);
        assert_eq!(e.kind, TYPE_FLAGGED);
        assert_eq!(e.outbox_kind(), "flagged");
        assert_eq!(e.data.scores["hate"], 0.75);
        let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(json["data"]["final"], false);
        assert_eq!(json["type"], "moderation.flagged");
        assert!(new_webhook_id().starts_with("msg_"));
    }
}
