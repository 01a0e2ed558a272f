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
//!
//! Key notices (`key.rotating`, `key.expiring`) share the envelope: they
//! tell each app a key is bound to that the key is ending, and never carry
//! the secret, only its id, name and display prefix.

use chrono::{DateTime, Utc};
use modd_common::{AppealOutcome, CategoryScore, Gap, ItemStatus, Verdict, coverage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const TYPE_FLAGGED: &str = "moderation.flagged";
pub const TYPE_DECIDED: &str = "moderation.decided";
pub const TYPE_APPEAL_DECIDED: &str = "moderation.appeal_decided";
pub const TYPE_TEST: &str = "webhook.test";
pub const TYPE_KEY_ROTATING: &str = "key.rotating";
pub const TYPE_KEY_EXPIRING: &str = "key.expiring";

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
    /// Per category in `scores`: the classifier that gave that score, its
    /// model version and the languages it is valid for.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub score_sources: BTreeMap<String, ScoreSource>,
    /// What could not be scored when the rule decided: a language or
    /// category no model covers, a failed classifier, an unscored image. A
    /// reviewer's or an appeal's decision carries the rule's, unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    /// Only in `moderation.appeal_decided`: what the appeal changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal: Option<AppealData>,
}

/// Where a score in an event came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreSource {
    pub classifier: String,
    pub model_version: String,
    /// ISO 639-3 codes, or `["*"]` for any language.
    pub languages: Vec<String>,
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

/// The source of each category's highest score (the one [`score_map`] keeps).
pub fn score_sources(scores: &[CategoryScore]) -> BTreeMap<String, ScoreSource> {
    let mut best: BTreeMap<&str, &CategoryScore> = BTreeMap::new();
    for s in scores {
        let e = best.entry(s.category.as_str()).or_insert(s);
        if s.score > e.score {
            *e = s;
        }
    }
    best.into_iter()
        .map(|(category, s)| {
            let source = ScoreSource {
                classifier: s.classifier.clone(),
                model_version: s.model_version.clone(),
                languages: coverage::languages_of(&s.classifier).codes(),
            };
            (category.to_owned(), source)
        })
        .collect()
}

/// A fresh Standard Webhooks message id: `msg_` and a time-ordered UUID.
pub fn new_webhook_id() -> String {
    format!("msg_{}", uuid::Uuid::now_v7().simple())
}

/// Why a key is ending: a rotation's grace, or its expiry (set, or forced
/// by its maximum age).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyNoticeKind {
    Rotating,
    Expiring,
}

impl KeyNoticeKind {
    /// The event's `type`.
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Rotating => TYPE_KEY_ROTATING,
            Self::Expiring => TYPE_KEY_EXPIRING,
        }
    }

    /// The outbox kind (migration 20261206210001).
    pub fn outbox_kind(self) -> &'static str {
        match self {
            Self::Rotating => "key_rotating",
            Self::Expiring => "key_expiring",
        }
    }
}

/// A key notice as sent to one app, in the decision events' envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub timestamp: DateTime<Utc>,
    pub data: KeyEventData,
}

/// Which key ends when. Never the secret: id, name and display prefix let
/// the app find the key in its configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyEventData {
    pub key_id: i64,
    pub name: String,
    pub prefix: String,
    /// The app this copy is for (one event per app the key is bound to).
    pub source_app: String,
    /// Since when answers to the key carry `Deprecation`.
    pub deprecated_since: DateTime<Utc>,
    /// When the key stops working: the `Sunset` header's time.
    pub sunset: DateTime<Utc>,
    /// `MODD_KEY_DOCS_URL`, the page on replacing a key, when set.
    pub docs_url: Option<String>,
}

/// What to announce about one key: the caller knows the times (the rules
/// are in the daemon's `Notice`), the store knows the apps.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyNotice {
    pub kind: KeyNoticeKind,
    pub key_id: i64,
    pub name: String,
    pub prefix: String,
    pub source_apps: Vec<String>,
    pub deprecated_since: DateTime<Utc>,
    pub sunset: DateTime<Utc>,
    pub docs_url: Option<String>,
    /// When the notice is written (the events' `timestamp`).
    pub at: DateTime<Utc>,
}

impl KeyNotice {
    /// One event per bound app, each with its outbox `webhook-id`.
    pub fn events(&self) -> Vec<(String, KeyEvent)> {
        self.source_apps
            .iter()
            .map(|app| {
                let event = KeyEvent {
                    kind: self.kind.event_type().to_owned(),
                    timestamp: self.at,
                    data: KeyEventData {
                        key_id: self.key_id,
                        name: self.name.clone(),
                        prefix: self.prefix.clone(),
                        source_app: app.clone(),
                        deprecated_since: self.deprecated_since,
                        sunset: self.sunset,
                        docs_url: self.docs_url.clone(),
                    },
                };
                (self.webhook_id(app), event)
            })
            .collect()
    }

    /// The same id for the same announcement (kind, key, app, sunset)
    /// whoever writes it: the outbox's unique `webhook_id` lets only the
    /// first of several replicas sweeping at once write it, and a receiver
    /// that deduplicates on `webhook-id` (as Standard Webhooks asks) drops a
    /// repeat. A new sunset (grace extended) is a new announcement.
    fn webhook_id(&self, app: &str) -> String {
        use sha2::{Digest, Sha256};
        let seed = format!(
            "{}\n{}\n{}\n{}",
            self.kind.outbox_kind(),
            self.key_id,
            app,
            self.sunset.timestamp_micros()
        );
        let digest = Sha256::digest(seed.as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!("msg_{hex}")
    }
}

impl KeyEvent {
    /// The JSON body; serializing plain data cannot fail, but stay total.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_owned())
    }
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
            languages: Vec::new(),
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
            score_sources: score_sources(&[s("hate", 0.75)]),
            gaps: Vec::new(),
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
        assert_eq!(
            json["data"]["score_sources"]["hate"],
            serde_json::json!({"classifier": "x", "model_version": "1", "languages": ["*"]})
        );
        assert!(json["data"].get("gaps").is_none());
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
            score_sources: BTreeMap::new(),
            gaps: Vec::new(),
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

    #[test]
    fn key_notices_go_to_each_app_with_a_stable_id_and_no_secret() {
        let at = Utc::now();
        let notice = KeyNotice {
            kind: KeyNoticeKind::Expiring,
            key_id: 7,
            name: "forum".into(),
            prefix: "mod_test_ab12".into(),
            source_apps: vec!["forum".into(), "blog".into()],
            deprecated_since: at,
            sunset: at + chrono::TimeDelta::days(3),
            docs_url: Some("https://docs.example.com/keys".into()),
            at,
        };
        let events = notice.events();
        assert_eq!(events.len(), 2);
        assert_ne!(events[0].0, events[1].0, "one id per app");
        assert_eq!(
            notice.events()[0].0,
            events[0].0,
            "same announcement, same id"
        );
        assert!(events[0].0.starts_with("msg_") && events[0].0.len() == 36);
        let json: serde_json::Value = serde_json::from_str(&events[1].1.to_json()).unwrap();
        assert_eq!(json["type"], "key.expiring");
        assert_eq!(json["data"]["source_app"], "blog");
        assert_eq!(json["data"]["key_id"], 7);
        let later = KeyNotice {
            sunset: notice.sunset + chrono::TimeDelta::hours(1),
            ..notice.clone()
        };
        assert_ne!(later.events()[0].0, events[0].0, "a new sunset is news");
        let rotating = KeyNotice {
            kind: KeyNoticeKind::Rotating,
            ..notice
        };
        assert_ne!(rotating.events()[0].0, events[0].0);
        assert_eq!(rotating.events()[0].1.kind, "key.rotating");
    }
}
