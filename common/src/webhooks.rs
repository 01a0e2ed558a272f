//! Bodies of the webhook API (`/api/v1/admin/webhooks/…`): outbox events,
//! delivery attempts, test sends and replays.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One delivery attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    pub webhook_id: String,
    pub attempt: i64,
    pub attempted_at: DateTime<Utc>,
    /// HTTP status, `None` when no answer came (refused, timeout, blocked address).
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// An outbox event, as listed: also the store's row (`modd-store` decodes it
/// with `FromRow`, the `sqlx` feature), so the fields are defined once and
/// the API serves the row as it is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct WebhookEventView {
    pub id: i64,
    pub webhook_id: String,
    pub item_id: Option<i64>,
    pub source_app: String,
    /// `flagged` or `final` (a decision's), `appeal`, `key_rotating` or
    /// `key_expiring` (no item).
    pub kind: String,
    /// `pending`, `delivered` or `dead`.
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/admin/apps/{app}/test`: the outcome of one signed test delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookTestResult {
    pub webhook_id: String,
    pub ok: bool,
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// `POST /api/v1/admin/apps/{app}/replay`: dead events to send again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayRequest {
    /// One event (its numeric id); without it, every dead event of the app.
    #[serde(default)]
    pub event_id: Option<i64>,
}

/// How many events were put back in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReplayResult {
    pub replayed: u64,
}
