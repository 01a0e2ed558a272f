//! The decision event: one JSON shape for the webhook body, the live feed
//! (`GET /api/v1/admin/events`) and the Redis fan-out between replicas.
//!
//! Three kinds fire: `moderation.flagged` when a rule holds an item for
//! review (not final: a reviewer decides later), `moderation.decided` for
//! every final decision, automatic (`approved`/`blocked` by a rule) or a
//! reviewer's, and `moderation.appeal_decided` when a reviewer upholds or
//! overturns that decision on appeal (`data.appeal` says which; the rest of
//! `data` is the decision that now stands). Each item gets at most one of
//! each (the outbox has a unique key on item and kind), so a job that runs
//! twice yields one event. Events never carry the content or an appeal's
//! statement, only ids, scores and the decision.

use chrono::{DateTime, Utc};
use modd_common::{AppealOutcome, CategoryScore, ItemStatus, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const TYPE_FLAGGED: &str = "moderation.flagged";
pub const TYPE_DECIDED: &str = "moderation.decided";
pub const TYPE_APPEAL_DECIDED: &str = "moderation.appeal_decided";
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
    /// Only in `moderation.appeal_decided`: what the appeal changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<AppealData>,
}

/// An appeal's outcome, as its event carries it (never the statement or
/// the note: both may quote the content).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealData {
    pub outcome: AppealOutcome,
    /// The status the appeal was against; `data.status` is the one now.
    pub previous_status: ItemStatus,
    /// The reviewer who decided the appeal.
    pub decided_by: String,
    pub reason_code: Option<String>,
    /// When the app submitted the appeal.
    pub appealed_at: DateTime<Utc>,
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

    /// The event of an appeal's decision: `data` is the decision that
    /// stands now, `appeal` what the appeal changed.
    pub fn appeal_decided(mut data: DecisionData, appeal: AppealData, at: DateTime<Utc>) -> Self {
        data.appeal = Some(appeal);
        Self {
            kind: TYPE_APPEAL_DECIDED.to_owned(),
            timestamp: at,
            data,
        }
    }

    /// The outbox kind: `appeal`, `final` or `flagged`.
    pub fn outbox_kind(&self) -> &'static str {
        if self.data.appeal.is_some() {
            "appeal"
        } else if self.data.is_final {
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
            appeal: None,
        };
        let e = DecisionEvent::new(data.clone());
        assert_eq!(e.kind, TYPE_FLAGGED);
        assert_eq!(e.outbox_kind(), "flagged");
        assert_eq!(e.data.scores["hate"], 0.75);
        let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(json["data"]["final"], false);
        assert_eq!(json["type"], "moderation.flagged");
        assert!(new_webhook_id().starts_with("msg_"));
        assert!(json["data"].get("appeal").is_none());
    }

    #[test]
    fn an_appeal_event_has_its_own_type_and_outbox_kind() {
        let data = DecisionData {
            id: 1,
            external_id: "e".into(),
            source_app: "a".into(),
            status: ItemStatus::Approved,
            is_final: true,
            verdict: Verdict::Approved,
            reason: None,
            decided_by: "human".into(),
            reviewed_by: Some("key:2".into()),
            policy_version: "p".into(),
            decided_at: Utc::now(),
            scores: BTreeMap::new(),
            appeal: None,
        };
        let appeal = AppealData {
            outcome: AppealOutcome::Overturned,
            previous_status: ItemStatus::Blocked,
            decided_by: "key:2".into(),
            reason_code: Some("acceptable".into()),
            appealed_at: Utc::now(),
        };
        let e = DecisionEvent::appeal_decided(data, appeal, Utc::now());
        assert_eq!(e.kind, TYPE_APPEAL_DECIDED);
        assert_eq!(e.outbox_kind(), "appeal");
        let json: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(json["data"]["appeal"]["outcome"], "overturned");
        assert_eq!(json["data"]["appeal"]["previous_status"], "blocked");
    }
}
