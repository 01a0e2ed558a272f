//! Row decoding for the review, app, outbox and delivery tables, generic
//! over the sqlx row type like `codec.rs`.

use super::outbox::parse_mode;
use super::{AppRecord, DeliveryAttempt, DeliveryRecord, EventRecord, StoreResult};
use chrono::{DateTime, Utc};
use modd_common::CategoryScore;
use sqlx::{ColumnIndex, Decode, Row, Type};

pub(crate) fn app_from_row<R>(row: &R) -> StoreResult<AppRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(AppRecord {
        source_app: row.try_get("source_app")?,
        webhook_url: row.try_get("webhook_url")?,
        webhook_secret: row.try_get("webhook_secret")?,
        previous_secret: row.try_get("previous_secret")?,
        previous_until: row.try_get("previous_until")?,
        retention_days: row.try_get("retention_days")?,
        storage_mode: parse_mode(&row.try_get::<String, _>("storage_mode")?),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub(crate) fn event_from_row<R>(row: &R) -> StoreResult<EventRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(EventRecord {
        id: row.try_get("id")?,
        webhook_id: row.try_get("webhook_id")?,
        item_id: row.try_get("item_id")?,
        source_app: row.try_get("source_app")?,
        kind: row.try_get("kind")?,
        status: row.try_get("status")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        last_status: row.try_get("last_status")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
        delivered_at: row.try_get("delivered_at")?,
    })
}

pub(crate) fn delivery_from_row<R>(row: &R) -> StoreResult<DeliveryRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(DeliveryRecord {
        id: row.try_get("id")?,
        attempt: DeliveryAttempt {
            event_id: row.try_get("event_id")?,
            webhook_id: row.try_get("webhook_id")?,
            source_app: row.try_get("source_app")?,
            attempt: row.try_get("attempt")?,
            attempted_at: row.try_get("attempted_at")?,
            status_code: row.try_get("status_code")?,
            latency_ms: row.try_get("latency_ms")?,
            error: row.try_get("error")?,
        },
    })
}

pub(crate) fn score_from_row<R>(row: &R) -> StoreResult<CategoryScore>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> f64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(CategoryScore {
        category: row.try_get("category")?,
        score: row.try_get("score")?,
        classifier: row.try_get("classifier")?,
        model_version: row.try_get("model_version")?,
        // Spans are not stored: they describe the text, which may be gone.
        spans: Vec::new(),
    })
}
