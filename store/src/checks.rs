//! Input checks both dialects run before writing: what PostgreSQL cannot
//! store (U+0000) and what no backend should (scores outside 0..1), refused
//! with a message naming the field rather than a driver error mid-batch.

use modd_common::Span;

use crate::{
    AppChange, NewAttestation, NewAuditEntry, NewItem, NewKey, NewPolicy, Outcome, StoreError,
    StoreResult,
};

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

/// A span is stored as JSON and read back on every view of its item: one
/// that could not be read back (a NaN score becomes `null`) or that points
/// backwards is refused here, not discovered later.
fn check_span(category: &str, span: &Span) -> StoreResult<()> {
    no_nul("span kind", &span.kind)?;
    if span.begin > span.end || !(0.0..=1.0).contains(&span.score) {
        return Err(StoreError::Invalid(format!(
            "span {}..{} ({}, score {}) of {category} is not a forward range with a score within 0..1",
            span.begin, span.end, span.kind, span.score
        )));
    }
    Ok(())
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
        for span in &s.spans {
            check_span(&s.category, span)?;
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
    no_nul_opt("created_by", key.created_by.as_deref())?;
    no_nul_opt("person", key.person.as_deref())?;
    check_max_age(key.max_age_secs)
}

/// A key's own maximum age is a positive number of seconds, or none.
pub(crate) fn check_max_age(secs: Option<i64>) -> StoreResult<()> {
    match secs {
        Some(s) if s <= 0 => Err(StoreError::Invalid(
            "max_age_secs must be greater than zero".into(),
        )),
        _ => Ok(()),
    }
}

pub(crate) fn check_attestation(a: &NewAttestation) -> StoreResult<()> {
    no_nul("check_id", &a.check_id)?;
    no_nul("attested_by", &a.attested_by)?;
    no_nul("note", &a.note)?;
    no_nul("actor", &a.actor)
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

/// A reviewer's note and reason code.
pub(crate) fn check_review(d: &crate::ReviewDecision) -> StoreResult<()> {
    no_nul_opt("note", d.note.as_deref())?;
    no_nul_opt("reason_code", d.reason_code.as_deref())
}

/// Refuses an appeal no backend can store (PostgreSQL text holds no NUL).
pub(crate) fn check_appeal(a: &crate::NewAppeal) -> StoreResult<()> {
    no_nul("statement", &a.statement)
}

pub(crate) fn check_appeal_decision(d: &crate::AppealDecision) -> StoreResult<()> {
    no_nul_opt("note", d.note.as_deref())?;
    no_nul_opt("reason_code", d.reason_code.as_deref())
}

/// Reason codes no backend can store (their rules are the daemon's).
pub(crate) fn check_reason_codes(change: &crate::ReasonCodesChange) -> StoreResult<()> {
    no_nul("source_app", &change.source_app)?;
    for c in change.codes.iter().flatten() {
        no_nul("code", &c.code)?;
        no_nul("label", &c.label)?;
    }
    Ok(())
}

/// Refuses app settings no backend can store.
pub(crate) fn check_app(app: &str, change: &AppChange) -> StoreResult<()> {
    let invalid = |m: &str| Err(StoreError::Invalid(m.to_owned()));
    if app.is_empty() || app.contains('\0') {
        return invalid("source_app must be non-empty text without NUL characters");
    }
    if let Some(url) = &change.webhook_url {
        no_nul_opt("webhook_url", url.as_deref())?;
    }
    if let Some(Some(days)) = change.retention_days
        && !(1..=36_500).contains(&days)
    {
        return invalid("retention_days must be between 1 and 36500");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
