//! What both backends do after a decision, below the SQL: build the event
//! and decide what happens to the stored text.
//!
//! Text is dropped (or masked) when an item reaches a FINAL decision, in the
//! decision's own transaction: the workers need it to classify, and a
//! reviewer needs it to judge a flagged item, but nobody needs it after.

use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, Gap, ItemStatus, StorageMode, Verdict};

use crate::event::{DecisionData, DecisionEvent, score_map, score_sources};

/// The columns a decision's transaction reads back from the item.
#[derive(sqlx::FromRow)]
pub(crate) struct DecidedRow {
    pub source_app: String,
    pub external_id: String,
    pub text: Option<String>,
}

/// The event describing a decision just written. `gaps` are the rule's,
/// stored with the decision: a reviewer's or an appeal's decision carries
/// them too, since what no model could score is what the human judged.
#[allow(clippy::too_many_arguments)]
pub(crate) fn event(
    item_id: i64,
    row: &DecidedRow,
    verdict: Verdict,
    reason: Option<String>,
    decided_by: &str,
    reviewed_by: Option<String>,
    policy_version: &str,
    decided_at: DateTime<Utc>,
    scores: &[CategoryScore],
    gaps: Vec<Gap>,
) -> DecisionEvent {
    DecisionEvent::new(DecisionData {
        id: item_id,
        external_id: row.external_id.clone(),
        source_app: row.source_app.clone(),
        status: verdict.as_status(),
        is_final: verdict != Verdict::Flagged,
        verdict,
        reason,
        decided_by: decided_by.to_owned(),
        reviewed_by,
        policy_version: policy_version.to_owned(),
        decided_at,
        scores: score_map(scores),
        score_sources: score_sources(scores),
        gaps,
        appeal: None,
    })
}

/// What to store in place of the text once an item is final: `None` =
/// keep it as is, `Some(None)` = drop text and image URL, `Some(Some(t))`
/// = store the masked text `t`.
pub(crate) fn text_after_final(
    status: ItemStatus,
    mode: StorageMode,
    text: Option<&str>,
) -> Option<Option<String>> {
    if matches!(status, ItemStatus::Pending | ItemStatus::Flagged) {
        return None;
    }
    match mode {
        StorageMode::Text => None,
        StorageMode::Redacted => text.map(|t| Some(crate::redact::redact(t))),
        StorageMode::None => Some(None),
    }
}

/// The app's settings after `change`; a new app starts from the defaults.
pub(crate) fn merge_app(
    app: &str,
    current: Option<super::AppRecord>,
    change: &super::AppChange,
    at: DateTime<Utc>,
) -> super::AppRecord {
    let mut next = current.unwrap_or_else(|| super::AppRecord {
        source_app: app.to_owned(),
        webhook_url: None,
        webhook_secret: None,
        previous_secret: None,
        previous_until: None,
        retention_days: None,
        storage_mode: StorageMode::default(),
        created_at: at,
        updated_at: at,
    });
    if let Some(url) = &change.webhook_url {
        next.webhook_url = url.clone();
    }
    if let Some(secret) = &change.webhook_secret {
        if let Some(until) = change.previous_until {
            next.previous_secret = next.webhook_secret.take();
            next.previous_until = Some(until);
        } else {
            next.previous_secret = None;
            next.previous_until = None;
        }
        next.webhook_secret = secret.clone();
    }
    if let Some(days) = change.retention_days {
        next.retention_days = days;
    }
    if let Some(mode) = change.storage_mode {
        next.storage_mode = mode;
    }
    next.updated_at = at;
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_until_final() {
        let t = Some("mail a@b.example");
        assert_eq!(
            text_after_final(ItemStatus::Flagged, StorageMode::None, t),
            None
        );
        assert_eq!(
            text_after_final(ItemStatus::Blocked, StorageMode::None, t),
            Some(None)
        );
        assert_eq!(
            text_after_final(ItemStatus::Approved, StorageMode::Redacted, t),
            Some(Some("mail [email]".into()))
        );
        assert_eq!(
            text_after_final(ItemStatus::Approved, StorageMode::Text, t),
            None
        );
    }
}
