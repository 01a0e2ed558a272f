//! Content items, their decisions and policy versions: the types the rest of
//! the daemon sees, the columns each query selects, and one decoder per row.

use super::{parse_status, parse_verdict};
use crate::StoreResult;
use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, DecisionView, Gap, ItemStatus, Verdict};
use sqlx::types::Json;
use sqlx::{ColumnIndex, Decode, Row, Type};
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

/// A content item with its decision, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub id: i64,
    pub source_app: String,
    pub external_id: String,
    pub content_type: String,
    pub text: Option<String>,
    pub image_url: Option<String>,
    pub status: ItemStatus,
    pub error: Option<String>,
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

/// An automatic decision with what it was made from, for policy dry runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DecidedItem {
    pub item_id: i64,
    pub external_id: String,
    pub content_type: String,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub policy_version: String,
    pub gaps: Vec<Gap>,
    /// (category, score, classifier) as stored.
    pub scores: Vec<(String, f64, String)>,
}

/// Columns every item query selects for [`item_from_row`]. Unqualified on
/// purpose: they also serve `INSERT ... RETURNING`, and no `decisions` column
/// shares a name with a `content_items` column, so joins stay unambiguous.
pub(crate) const ITEM_COLUMNS: &str = "id, source_app, external_id, content_type, \
    text, image_url, status, error, created_at, updated_at";

/// Decision columns from `LEFT JOIN decisions`, all NULL without a decision.
pub(crate) const DECISION_COLUMNS: &str = "verdict, reason, policy_version, decided_by, decided_at, language, gaps, reviewed_by, review_note";

/// An item row. `with_decision` says whether the decision columns were selected
/// (an `INSERT ... RETURNING` cannot join, and a new item has none anyway).
pub(crate) fn item_from_row<R>(row: &R, with_decision: bool) -> StoreResult<StoredItem>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Json<Vec<Gap>>: Decode<'r, R::Database> + Type<R::Database>,
{
    let decision = if with_decision {
        match row.try_get::<Option<String>, _>("verdict")? {
            Some(verdict) => Some(DecisionView {
                verdict: parse_verdict(&verdict)?,
                reason: row.try_get("reason")?,
                policy_version: row.try_get("policy_version")?,
                decided_by: row.try_get("decided_by")?,
                decided_at: row.try_get("decided_at")?,
                language: row.try_get("language")?,
                gaps: row.try_get::<Json<Vec<Gap>>, _>("gaps")?.0,
                reviewed_by: row.try_get("reviewed_by")?,
                review_note: row.try_get("review_note")?,
            }),
            None => None,
        }
    } else {
        None
    };
    Ok(StoredItem {
        id: row.try_get("id")?,
        source_app: row.try_get("source_app")?,
        external_id: row.try_get("external_id")?,
        content_type: row.try_get("content_type")?,
        text: row.try_get("text")?,
        image_url: row.try_get("image_url")?,
        status: parse_status(&row.try_get::<String, _>("status")?)?,
        error: row.try_get("error")?,
        decision,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// Columns of `policies`, for [`PolicyRecord`].
pub(crate) const POLICY_COLUMNS: &str = "source_app, version, document, created_by, created_at";

/// Columns of a dry-run row, for [`decided_from_row`] (scores come separately).
pub(crate) const DECIDED_COLUMNS: &str = "d.item_id, i.external_id, i.content_type, d.verdict, \
    d.reason, d.policy_version, d.gaps";

pub(crate) fn decided_from_row<R>(row: &R) -> StoreResult<DecidedItem>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Json<Vec<Gap>>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(DecidedItem {
        item_id: row.try_get("item_id")?,
        external_id: row.try_get("external_id")?,
        content_type: row.try_get("content_type")?,
        verdict: parse_verdict(&row.try_get::<String, _>("verdict")?)?,
        reason: row.try_get("reason")?,
        policy_version: row.try_get("policy_version")?,
        gaps: row.try_get::<Json<Vec<Gap>>, _>("gaps")?.0,
        scores: Vec::new(),
    })
}

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

/// A score row `(category, score, classifier, model_version)`. Spans are not
/// stored: they describe the text, which may be gone.
pub(crate) fn score_from_columns(
    (category, score, classifier, model_version): (String, f64, String, String),
) -> CategoryScore {
    CategoryScore {
        category,
        score,
        classifier,
        model_version,
        spans: Vec::new(),
    }
}
