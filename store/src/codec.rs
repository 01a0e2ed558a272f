//! What both backends share below the SQL: enum columns as text, input
//! checks, and decoding rows into the types of `types.rs`.
//!
//! Row decoding is generic over the sqlx row type so the two dialects cannot
//! drift apart; only the SQL and the binds differ per backend. Every decode
//! failure becomes a `StoreError`, never a panic: a hand-edited row must not
//! take a worker down.

use super::{
    AuditEntry, DecidedItem, KeyRecord, NewAuditEntry, NewItem, NewKey, NewPolicy, Outcome,
    PolicyRecord, StoredItem,
};
use super::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use modd_common::{DecisionView, Gap, ItemStatus, Role, Verdict};
use sqlx::types::Json;
use sqlx::{ColumnIndex, Decode, Row, Type};

pub(crate) fn verdict_str(verdict: Verdict) -> &'static str {
    verdict.as_status().as_str()
}

pub(crate) fn parse_verdict(s: &str) -> StoreResult<Verdict> {
    match s {
        "approved" => Ok(Verdict::Approved),
        "flagged" => Ok(Verdict::Flagged),
        "blocked" => Ok(Verdict::Blocked),
        other => Err(bad_value("decisions.verdict", other)),
    }
}

fn bad_value(column: &str, value: &str) -> StoreError {
    StoreError::Other(format!("unexpected value {value:?} in {column}"))
}

pub(crate) fn parse_status(s: &str) -> StoreResult<ItemStatus> {
    s.parse().map_err(|_| bad_value("content_items.status", s))
}

// --- input checks ------------------------------------------------------------

/// PostgreSQL cannot store U+0000 in TEXT or JSONB. SQLite could, but the two
/// backends must accept the same data, so both refuse it up front with a
/// message naming the field (rather than a driver error mid-batch).
fn no_nul(field: &str, value: &str) -> StoreResult<()> {
    if value.contains('\0') {
        Err(StoreError::Invalid(format!(
            "{field} contains a NUL character (U+0000), which cannot be stored"
        )))
    } else {
        Ok(())
    }
}

fn no_nul_opt(field: &str, value: Option<&str>) -> StoreResult<()> {
    value.map_or(Ok(()), |v| no_nul(field, v))
}

fn no_nul_json(field: &str, value: &serde_json::Value) -> StoreResult<()> {
    match value {
        serde_json::Value::String(s) => no_nul(field, s),
        serde_json::Value::Array(items) => items.iter().try_for_each(|v| no_nul_json(field, v)),
        serde_json::Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            no_nul(field, k)?;
            no_nul_json(field, v)
        }),
        _ => Ok(()),
    }
}

pub(crate) fn check_item(item: &NewItem) -> StoreResult<()> {
    no_nul("source_app", &item.source_app)?;
    no_nul("external_id", &item.external_id)?;
    no_nul("content_type", &item.content_type)?;
    no_nul_opt("text", item.text.as_deref())?;
    no_nul_opt("image_url", item.image_url.as_deref())
}

pub(crate) fn check_outcome(outcome: &Outcome) -> StoreResult<()> {
    for s in &outcome.scores {
        no_nul("category", &s.category)?;
        no_nul("classifier", &s.classifier)?;
        no_nul("model_version", &s.model_version)?;
        // NaN would become NULL in SQLite and NaN in PostgreSQL: refuse it in both.
        if !(0.0..=1.0).contains(&s.score) {
            return Err(StoreError::Invalid(format!(
                "score {} for {} is not within 0..1",
                s.score, s.category
            )));
        }
    }
    if !matches!(outcome.decided_by.as_str(), "rule" | "human") {
        return Err(StoreError::Invalid(format!(
            "decided_by must be rule or human, not {:?}",
            outcome.decided_by
        )));
    }
    no_nul_opt("reason", outcome.reason.as_deref())?;
    no_nul_opt("language", outcome.language.as_deref())?;
    for (k, v) in &outcome.model_versions {
        no_nul("model_versions", k)?;
        no_nul("model_versions", v)?;
    }
    for g in &outcome.gaps {
        no_nul("gaps", &g.reason())?;
    }
    no_nul("policy_version", &outcome.policy_version)
}

pub(crate) fn check_policy(policy: &NewPolicy) -> StoreResult<()> {
    no_nul("source_app", &policy.source_app)?;
    no_nul_opt("created_by", policy.created_by.as_deref())?;
    if !policy.document.is_object() {
        return Err(StoreError::Invalid(
            "policy document must be a JSON object".into(),
        ));
    }
    no_nul_json("document", &policy.document)
}

pub(crate) fn check_key(key: &NewKey) -> StoreResult<()> {
    no_nul("name", &key.name)?;
    no_nul("prefix", &key.prefix)?;
    key.source_apps
        .iter()
        .try_for_each(|a| no_nul("source_apps", a))?;
    no_nul_opt("rate_limit", key.rate_limit.as_deref())?;
    no_nul_opt("created_by", key.created_by.as_deref())
}

pub(crate) fn check_audit(entry: &NewAuditEntry) -> StoreResult<()> {
    no_nul("actor", &entry.actor)?;
    no_nul("action", &entry.action)?;
    no_nul("target", &entry.target)?;
    no_nul_json("detail", &entry.detail)
}

/// An error reason comes from our own code (often a driver message) and must
/// never make `mark_error` fail, so NULs are replaced instead of refused.
pub(crate) fn clean_reason(reason: &str) -> String {
    reason.replace('\0', "\u{FFFD}")
}

// --- row decoding ------------------------------------------------------------

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

/// Columns of `policies`, for [`policy_from_row`].
pub(crate) const POLICY_COLUMNS: &str = "source_app, version, document, created_by, created_at";

pub(crate) fn policy_from_row<R>(row: &R) -> StoreResult<PolicyRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Json<serde_json::Value>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(PolicyRecord {
        source_app: row.try_get("source_app")?,
        version: row.try_get("version")?,
        document: row.try_get::<Json<serde_json::Value>, _>("document")?.0,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

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

/// Columns of `api_keys` in the order [`key_from_row`] expects by name.
pub(crate) const KEY_COLUMNS: &str = "id, name, role, key_hash, prefix, source_apps, rate_limit, \
    created_by, created_at, expires_at, last_used_at, revoked_at, rotated_from";

pub(crate) fn key_from_row<R>(row: &R) -> StoreResult<KeyRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Json<Vec<String>>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    let role: String = row.try_get("role")?;
    let Json(source_apps) = row.try_get::<Json<Vec<String>>, _>("source_apps")?;
    Ok(KeyRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: role
            .parse::<Role>()
            .map_err(|_| bad_value("api_keys.role", &role))?,
        key_hash: row.try_get("key_hash")?,
        prefix: row.try_get("prefix")?,
        source_apps,
        rate_limit: row.try_get("rate_limit")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
        rotated_from: row.try_get("rotated_from")?,
    })
}

pub(crate) fn audit_from_row<R>(row: &R) -> StoreResult<AuditEntry>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Json<serde_json::Value>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    let Json(detail) = row.try_get::<Json<serde_json::Value>, _>("detail")?;
    Ok(AuditEntry {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_text_round_trips() {
        for v in [Verdict::Approved, Verdict::Flagged, Verdict::Blocked] {
            assert_eq!(parse_verdict(verdict_str(v)).unwrap(), v);
        }
        assert!(parse_verdict("Approved").is_err());
    }

    #[test]
    fn nul_is_refused_in_nested_json() {
        let ok = serde_json::json!({"a": ["b", {"c": "\\u0000 is fine as text"}]});
        assert!(no_nul_json("detail", &ok).is_ok());
        let bad = serde_json::json!({"a": [{"c": "x\u{0}y"}]});
        assert!(matches!(
            no_nul_json("detail", &bad),
            Err(StoreError::Invalid(_))
        ));
        let bad_key = serde_json::json!({"\u{0}": 1});
        assert!(no_nul_json("detail", &bad_key).is_err());
    }
}
