//! Content items, their decisions and policy versions: the types the rest of
//! the daemon sees, the columns each query selects, and one decoder per row.

use super::Text;
use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, DecisionView, Gap, ItemStatus, Span, Verdict};
use sqlx::FromRow;
use sqlx::types::Json;
use std::collections::BTreeMap;

/// An item as submitted, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub source_app: String,
    pub external_id: String,
    pub content_type: String,
    pub text: Option<String>,
    pub image_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The result of inserting one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Inserted {
    pub item: StoredItem,
    /// `false` when (`source_app`, `external_id`) already existed.
    pub created: bool,
}

/// What one [`crate::Store::commit_round`] stored: a result per new item and
/// an event (or `None`) per outcome, each in input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundWritten {
    pub inserted: Vec<Inserted>,
    pub events: Vec<Option<crate::DecisionEvent>>,
}

/// A content item with its decision, if any.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct StoredItem {
    pub id: i64,
    pub source_app: String,
    pub external_id: String,
    pub content_type: String,
    pub text: Option<String>,
    pub image_url: Option<String>,
    #[sqlx(try_from = "Text")]
    pub status: ItemStatus,
    pub error: Option<String>,
    /// Read from the joined [`DECISION_COLUMNS`] (`item_with_decision` in
    /// `sql/items.rs`); `INSERT ... RETURNING` cannot join, and a new item
    /// has none anyway.
    #[sqlx(skip)]
    pub decision: Option<DecisionView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a worker decided for an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub item_id: i64,
    pub scores: Vec<CategoryScore>,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub policy_version: String,
    /// `rule` or `human`.
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    /// Detected language (ISO 639-3), if any.
    pub language: Option<String>,
    /// What could not be scored (stored so a policy dry run can re-decide).
    pub gaps: Vec<Gap>,
    /// Every classifier that ran → its model version, including those that
    /// produced no score row.
    pub model_versions: BTreeMap<String, String>,
    /// The W3C `traceparent` of the decision, stored with its outbox event
    /// so the webhook delivery joins the item's trace; `None` when untraced.
    pub trace: Option<String>,
}

/// A policy version to store; the store assigns the next version number.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPolicy {
    pub source_app: String,
    /// The `PolicyDocument` as JSON (validated by the caller).
    pub document: serde_json::Value,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A stored policy version.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PolicyRecord {
    pub source_app: String,
    /// 1, 2, … per app.
    pub version: i64,
    #[sqlx(json)]
    pub document: serde_json::Value,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}
/// The columns of a [`PolicyRecord`].
pub(crate) const POLICY_COLUMNS: &str = "source_app, version, document, created_by, created_at";

/// An automatic decision with what it was made from, for policy dry runs.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct DecidedItem {
    pub item_id: i64,
    pub external_id: String,
    pub content_type: String,
    #[sqlx(try_from = "Text")]
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub policy_version: String,
    #[sqlx(json)]
    pub gaps: Vec<Gap>,
    /// (category, score, classifier) as stored, attached after the row.
    #[sqlx(skip)]
    pub scores: Vec<(String, f64, String)>,
}

/// Columns every item query selects. Unqualified on purpose: no `decisions`
/// column shares a name with a `content_items` column.
pub(crate) const ITEM_COLUMNS: &str = "id, source_app, external_id, content_type, \
    text, image_url, status, error, created_at, updated_at";

/// Decision columns from `LEFT JOIN decisions`, all NULL without a decision.
pub(crate) const DECISION_COLUMNS: &str = "verdict, reason, policy_version, decided_by, decided_at, language, gaps, reviewed_by, review_note, review_reason";

/// Columns of a dry-run row, for [`DecidedItem`] (scores come separately).
pub(crate) const DECIDED_COLUMNS: &str = "d.item_id, i.external_id, i.content_type, d.verdict, \
    d.reason, d.policy_version, d.gaps";

/// Attaches `(item_id, category, score, classifier)` rows to their items.
pub(crate) fn attach_scores(items: &mut [DecidedItem], rows: Vec<(i64, String, f64, String)>) {
    let by_id: std::collections::HashMap<i64, usize> = items
        .iter()
        .enumerate()
        .map(|(i, d)| (d.item_id, i))
        .collect();
    for (id, category, score, classifier) in rows {
        if let Some(&i) = by_id.get(&id) {
            items[i].scores.push((category, score, classifier));
        }
    }
}

/// A score row `(category, score, classifier, model_version, spans)`.
pub(crate) type ScoreColumns = (String, f64, String, String, Option<Json<Vec<Span>>>);

/// A score from its row. Spans are char offsets of the item's stored text
/// (see `redact::redact_with_spans` for the `redacted` storage mode).
pub(crate) fn score_from_columns(
    (category, score, classifier, model_version, spans): ScoreColumns,
) -> CategoryScore {
    CategoryScore {
        category,
        score,
        classifier,
        model_version,
        languages: Vec::new(),
        spans: spans.map(|j| j.0).unwrap_or_default(),
    }
}

/// How a score's spans are stored: a JSON array, or NULL for none.
pub(crate) fn spans_json(spans: &[Span]) -> Option<String> {
    if spans.is_empty() {
        return None;
    }
    serde_json::to_string(spans).ok()
}

/// Accept→decision timings of a range of items, from stored timestamps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DecisionTimings {
    /// Items of the range still pending.
    pub pending: i64,
    /// Milliseconds from `created_at` to `decided_at`, ascending.
    pub latencies_ms: Vec<f64>,
    /// The first accept and the last decision of the decided items.
    pub first_accept: Option<DateTime<Utc>>,
    pub last_decision: Option<DateTime<Utc>>,
}

impl DecisionTimings {
    pub(crate) fn from_pairs(pending: i64, rows: &[(DateTime<Utc>, DateTime<Utc>)]) -> Self {
        let mut latencies_ms: Vec<f64> = rows
            .iter()
            .map(|(accepted, decided)| {
                (*decided - *accepted).num_microseconds().unwrap_or(0) as f64 / 1000.0
            })
            .collect();
        latencies_ms.sort_by(f64::total_cmp);
        Self {
            pending,
            latencies_ms,
            first_accept: rows.iter().map(|r| r.0).min(),
            last_decision: rows.iter().map(|r| r.1).max(),
        }
    }

    /// Items decided per second, first accept to last decision.
    pub fn decided_per_sec(&self) -> Option<f64> {
        let span = (self.last_decision? - self.first_accept?).num_microseconds()? as f64 / 1e6;
        (span > 0.0).then(|| self.latencies_ms.len() as f64 / span)
    }
}
