//! SQL text both dialects share (sqlx accepts `$n` placeholders on SQLite
//! too); only the binds differ per backend.

use super::codec::{DECISION_COLUMNS, ITEM_COLUMNS};
use std::sync::LazyLock;

/// Flagged items matching a [`ReviewFilter`](super::ReviewFilter), oldest
/// first. Binds: `$1` after_id, `$2` up_to_id, `$3` source_app, `$4`
/// category, `$5` min_score, `$6` max_score, `$7` limit. An item matches a
/// score filter when one of its scores (of the category, when given) lies
/// in the range.
pub(crate) static LIST_FLAGGED: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ITEM_COLUMNS}, {DECISION_COLUMNS} FROM content_items \
         LEFT JOIN decisions ON decisions.item_id = content_items.id \
         WHERE content_items.status = 'flagged' AND content_items.id > $1 \
           AND ($2 IS NULL OR content_items.id <= $2) \
           AND ($3 IS NULL OR content_items.source_app = $3) \
           AND (($4 IS NULL AND $5 IS NULL AND $6 IS NULL) OR EXISTS ( \
               SELECT 1 FROM moderation_results r WHERE r.item_id = content_items.id \
                 AND ($4 IS NULL OR r.category = $4) \
                 AND ($5 IS NULL OR r.score >= $5) \
                 AND ($6 IS NULL OR r.score <= $6))) \
         ORDER BY content_items.id LIMIT $7"
    )
});

pub(crate) const APP_COLUMNS: &str = "source_app, webhook_url, webhook_secret, previous_secret, \
    previous_until, retention_days, storage_mode, created_at, updated_at";

pub(crate) const EVENT_COLUMNS: &str = "id, webhook_id, item_id, source_app, kind, status, \
    attempts, next_attempt_at, last_status, last_error, created_at, delivered_at";

pub(crate) const DELIVERY_COLUMNS: &str = "id, event_id, webhook_id, source_app, attempt, \
    attempted_at, status_code, latency_ms, error";

/// Reads the decided item's columns the outbox and storage mode need.
pub(crate) const SCORES_OF_ITEM: &str = "SELECT category, score, classifier, model_version \
    FROM moderation_results WHERE item_id = $1 ORDER BY category, classifier, id";
