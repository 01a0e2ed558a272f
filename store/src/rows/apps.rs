//! Per-app settings, the review queue, the webhook outbox and its delivery
//! log: types, columns and decoders.

use crate::event::DecisionEvent;
use chrono::{DateTime, Utc};
use modd_common::{ReviewVerdict, StorageMode};

/// An app's stored settings. The secrets are sealed (see `webhooks::crypto`).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AppRecord {
    pub source_app: String,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub previous_secret: Option<String>,
    pub previous_until: Option<DateTime<Utc>>,
    pub retention_days: Option<i64>,
    #[sqlx(try_from = "super::Text")]
    pub storage_mode: StorageMode,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
/// The columns of an [`AppRecord`].
pub(crate) const APP_COLUMNS: &str = "source_app, webhook_url, webhook_secret, previous_secret, \
    previous_until, retention_days, storage_mode, created_at, updated_at";

/// A change to an app's settings: `None` keeps a field, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppChange {
    pub webhook_url: Option<Option<String>>,
    /// Sealed secret. With `rotate`, the current one becomes the previous one.
    pub webhook_secret: Option<Option<String>>,
    /// Keep the current secret valid for signing until this time.
    pub previous_until: Option<DateTime<Utc>>,
    pub retention_days: Option<Option<i64>>,
    pub storage_mode: Option<StorageMode>,
}

/// One app's sealed secrets under the current `SECRET_KEY`, written only if
/// the row still holds what was read (`seen_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct Reseal {
    pub source_app: String,
    pub seen_current: Option<String>,
    pub seen_previous: Option<String>,
    pub current: Option<String>,
    pub previous: Option<String>,
}

/// Who resealed, when, and under which key (the audit entry of a page).
#[derive(Debug, Clone, PartialEq)]
pub struct ResealAudit {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// The id of the `SECRET_KEY` that sealed (not the key).
    pub key_id: String,
}

/// Which flagged items a review listing or batch covers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewFilter {
    pub source_app: Option<String>,
    /// Scores of this category only; without it, any category's score.
    pub category: Option<String>,
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
    /// Only ids above this (paging).
    pub after_id: i64,
    /// Only ids up to this (a batch decides what its dry run saw).
    pub up_to_id: Option<i64>,
    /// Only items whose detected language (ISO 639-3) is this one.
    pub language: Option<String>,
    /// Only items submitted at or before this time (waiting at least so long).
    pub created_before: Option<DateTime<Utc>>,
    pub limit: i64,
}

impl Default for ReviewFilter {
    fn default() -> Self {
        Self {
            source_app: None,
            category: None,
            min_score: None,
            max_score: None,
            after_id: 0,
            language: None,
            created_before: None,
            up_to_id: None,
            limit: 50,
        }
    }
}

/// A reviewer's decision on one flagged item.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDecision {
    pub item_id: i64,
    pub verdict: ReviewVerdict,
    /// `key:<id>` of the acting admin key.
    pub reviewer: String,
    pub note: Option<String>,
    /// The reason code chosen from the app's list (e.g. `spam`).
    pub reason_code: Option<String>,
    pub decided_at: DateTime<Utc>,
}

/// What recording a review did.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewOutcome {
    /// Recorded; the event written to the outbox, for the live feed.
    Decided(Box<DecisionEvent>),
    /// The item exists but is not flagged (already reviewed, or never flagged).
    NotFlagged,
    NotFound,
    /// Another reviewer holds a live claim on the item: nothing changed.
    Claimed(crate::Claim),
}

/// An outbox event claimed for delivery.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ClaimedEvent {
    pub id: i64,
    pub webhook_id: String,
    pub source_app: String,
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i64,
    /// The trace of the decision that wrote the event (W3C `traceparent`).
    pub traceparent: Option<String>,
}

/// Where an event goes after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventNext {
    Delivered,
    RetryAt(DateTime<Utc>),
    Dead,
}

/// One delivery attempt to log (test deliveries have no `event_id`).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DeliveryAttempt {
    pub event_id: Option<i64>,
    pub webhook_id: String,
    pub source_app: String,
    pub attempt: i64,
    pub attempted_at: DateTime<Utc>,
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// A logged attempt.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DeliveryRecord {
    pub id: i64,
    #[sqlx(flatten)]
    pub attempt: DeliveryAttempt,
}
/// The columns of a [`DeliveryRecord`].
pub(crate) const DELIVERY_COLUMNS: &str = "id, event_id, webhook_id, source_app, attempt, \
    attempted_at, status_code, latency_ms, error";

/// An outbox row as listed: the API's view of it, decoded straight from the
/// row (one definition of the fields, in `modd-common`).
pub type EventRecord = modd_common::WebhookEventView;
/// The columns of an [`EventRecord`]: all but the body.
pub(crate) const EVENT_COLUMNS: &str = "id, webhook_id, item_id, source_app, kind, status, \
    attempts, next_attempt_at, last_status, last_error, created_at, delivered_at";

/// A change of an app's reason codes, audited as `app.reason_codes`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReasonCodesChange {
    pub source_app: String,
    /// The new list in order, or `None` for the built-in one.
    pub codes: Option<Vec<modd_common::ReasonCode>>,
    pub actor: String,
    pub at: DateTime<Utc>,
}
